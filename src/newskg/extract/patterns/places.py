"""Names of states (so a new name can be typed State/Country) and words that mark places."""

from __future__ import annotations

from typing import NamedTuple

from newskg.extract.patterns import words

COUNTRIES = frozenset(s.strip() for s in """
Afghanistan, Albania, Algeria, Andorra, Angola, Argentina, Armenia, Australia, Austria, Azerbaijan,
Bahrain, Bangladesh, Belarus, Belgium, Benin, Bhutan, Bolivia, Bosnia and Herzegovina, Botswana,
Brazil, Bulgaria, Burkina Faso, Burundi, Cambodia, Cameroon, Canada, Chad, Chile, China, Colombia,
Congo, Democratic Republic of the Congo, Costa Rica, Croatia, Cuba, Cyprus, Czech Republic, Denmark,
Djibouti, Ecuador, Egypt, El Salvador, Eritrea, Estonia, Ethiopia, Finland, France, Gabon, Gambia,
Georgia, Germany, Ghana, Greece, Guatemala, Guinea, Haiti, Honduras, Hungary, Iceland, India,
Indonesia, Iran, Iraq, Ireland, Israel, Italy, Ivory Coast, Japan, Jordan, Kazakhstan, Kenya, Kosovo,
Kuwait, Kyrgyzstan, Laos, Latvia, Lebanon, Liberia, Libya, Lithuania, Luxembourg, Madagascar, Malawi,
Malaysia, Mali, Mauritania, Mexico, Moldova, Mongolia, Montenegro, Morocco, Mozambique, Myanmar,
Namibia, Nepal, Netherlands, New Zealand, Nicaragua, Niger, Nigeria, North Korea, North Macedonia,
Norway, Oman, Pakistan, Palestine, Panama, Paraguay, Peru, Philippines, Poland, Portugal, Qatar,
Romania, Russia, Rwanda, Saudi Arabia, Senegal, Serbia, Sierra Leone, Singapore, Slovakia, Slovenia,
Somalia, South Africa, South Korea, South Sudan, Spain, Sri Lanka, Sudan, Sweden, Switzerland, Syria,
Taiwan, Tajikistan, Tanzania, Thailand, Togo, Tunisia, Turkey, Türkiye, Turkmenistan, Uganda,
Ukraine, United Arab Emirates, United Kingdom, Britain, United States, Uruguay, Uzbekistan,
Venezuela, Vietnam, Yemen, Zambia, Zimbabwe
""".replace("\n", " ").split(","))

# Other names news copy gives countries -> the name in COUNTRIES.
COUNTRY_ALIASES = {
    "DR Congo": "Democratic Republic of the Congo", "DRC": "Democratic Republic of the Congo",
    "Democratic Republic of Congo": "Democratic Republic of the Congo", "Burma": "Myanmar",
    "US": "United States", "USA": "United States", "UK": "United Kingdom", "UAE":
    "United Arab Emirates", "Côte d'Ivoire": "Ivory Coast", "Czechia": "Czech Republic",
    "Republic of Congo": "Congo", "East Timor": "Timor-Leste", "Timor-Leste": "Timor-Leste",
}

# Regions of the world that news names without a place word ("to go to Israel, to the Middle East").
MACRO_REGIONS = frozenset((
    "Middle East", "Near East", "Horn of Africa", "Sahel", "Maghreb", "Balkans", "Caucasus",
    "South Caucasus", "North Caucasus", "Persian Gulf", "Arabian Peninsula", "Levant",
    "Central Asia", "South Asia", "Southeast Asia", "East Africa", "West Africa", "North Africa",
    "Central Africa", "Southern Africa", "Great Lakes region", "Lake Chad Basin", "Latin America",
    "Central America", "Eastern Europe", "Western Europe", "Indo-Pacific", "Black Sea",
    "Red Sea", "Mediterranean", "Gulf of Aden"))

# Nouns that make a capitalised name a place of the given type ("the Gaza Strip", "Kherson region").
REGION_WORDS = words("region strip bank province oblast district territory enclave valley "
                         "border area zone peninsula corridor")
CITY_WORDS = words("city town village capital port camp crossing")


class PlaceCue(NamedTuple):
    """Words around a capitalised name that make it a place: ``before`` it ("the town of Kobo"),
    ``after`` it (the name takes the word: "the Kherson region"), or a ``prefix`` the name takes
    ("northern Gaza"). ``expect`` is the place the extractor must find in ``example``."""

    type: str  # City or Region
    position: str  # before, after, prefix, head (a word of the name itself: "Red Sea") or list
    words: tuple[str, ...]
    example: str
    expect: str


PLACE_CUES: tuple[PlaceCue, ...] = (
    PlaceCue("City", "before", ("city of", "town of", "village of", "port of", "port city of",
                                "capital", "capital,", "border town of", "hamlet of", "suburb of",
                                "community of", "settlement of", "neighborhood of",
                                "neighbourhood of", "district town of"),
             "Shells fell on the border town of Velmora overnight, residents said.", "Velmora"),
    PlaceCue("Region", "after", ("region", "province", "oblast", "governorate", "district",
                                 "prefecture", "county", "valley", "highlands", "state",
                                 "township", "municipality"),
             "Aid reached the Ostrava region after the road reopened.", "Ostrava region"),
    PlaceCue("City", "after", ("refugee camp", "camp", "border crossing", "crossing", "village",
                               "town"),
             "Trucks waited for days at the Belvin crossing before turning back.", "Belvin crossing"),
    PlaceCue("Region", "before", ("municipality of", "province of", "region of", "district of",
                                  "state of", "governorate of", "township of"),
             "Police sealed off the municipality of Dravik after the shooting.", "Dravik"),
    # Each name of a list after a plural cue (rule 15): "the villages of Kerawa, Rago and Unguwar
    # Barau" are three villages.
    PlaceCue("City", "list", ("villages of", "towns of", "cities of", "hamlets of"),
             "Gunmen raided the villages of Tarvo, Melin and Oskar Dal on Sunday.", "Oskar Dal"),
    PlaceCue("Region", "list", ("provinces of", "districts of", "regions of", "states of",
                                "governorates of"),
             "Floods hit the provinces of Harven and Lusk last week.", "Lusk"),
    PlaceCue("Region", "head", ("Sea", "Gulf", "Canal", "Strait", "Straits", "River", "Ocean",
                                "Desert", "Peninsula", "Bay", "Lake", "Cape", "Mount", "Mountains"),
             "Tankers now sail around the Cape of Storms instead of crossing the Varn Strait.",
             "Cape of Storms"),
    PlaceCue("Region", "prefix", ("northern", "southern", "eastern", "western", "central",
                                  "north-eastern", "north-western", "south-eastern", "south-western",
                                  "northeastern", "northwestern", "southeastern", "southwestern"),
             "Families fled from northern Calvaria as the fighting spread.", "northern Calvaria"),
)
# Prepositions after which a country or a city the world gazetteer knows names a place, not an actor
# ("the border with Chad", "flown to Moscow", "countries such as Chad and Egypt").
COUNTRY_PLACE_BEFORE = words("in into at near from to across inside outside towards toward "
                             "throughout with of via within around")

# Nationality adjectives (and the nouns for a nation's people) -> the state in COUNTRIES.
# "a Russian missile" names Russia acting; "Somali security forces" a national force; "Yemenis" the
# people of Yemen as a collective.
DEMONYMS = {
    "Afghan": "Afghanistan", "Algerian": "Algeria", "American": "United States",
    "Armenian": "Armenia", "Azerbaijani": "Azerbaijan", "Azeri": "Azerbaijan",
    "Bahraini": "Bahrain", "Bangladeshi": "Bangladesh", "Belarusian": "Belarus",
    "British": "United Kingdom", "Burundian": "Burundi", "Cameroonian": "Cameroon",
    "Chadian": "Chad", "Chinese": "China", "Colombian": "Colombia", "Congolese": "Congo",
    "Cuban": "Cuba", "Djiboutian": "Djibouti", "Egyptian": "Egypt", "Emirati":
    "United Arab Emirates", "Eritrean": "Eritrea", "Ethiopian": "Ethiopia", "French": "France",
    "Georgian": "Georgia", "German": "Germany", "Greek": "Greece", "Haitian": "Haiti",
    "Indian": "India", "Iranian": "Iran", "Iraqi": "Iraq", "Israeli": "Israel",
    "Italian": "Italy", "Japanese": "Japan", "Jordanian": "Jordan", "Kazakh": "Kazakhstan",
    "Kenyan": "Kenya", "Kuwaiti": "Kuwait", "Lebanese": "Lebanon", "Libyan": "Libya",
    "Malian": "Mali", "Moldovan": "Moldova", "Moroccan": "Morocco", "Mozambican": "Mozambique",
    "Nigerian": "Nigeria", "Nigerien": "Niger", "Omani": "Oman", "Pakistani": "Pakistan",
    "Palestinian": "Palestine", "Polish": "Poland", "Qatari": "Qatar", "Russian": "Russia",
    "Rwandan": "Rwanda", "Saudi": "Saudi Arabia", "Serbian": "Serbia", "Somali": "Somalia",
    "South Sudanese": "South Sudan", "Sudanese": "Sudan", "Syrian": "Syria",
    "Tajik": "Tajikistan", "Tanzanian": "Tanzania", "Tunisian": "Tunisia", "Turkish": "Turkey",
    "Ugandan": "Uganda", "Ukrainian": "Ukraine", "Venezuelan": "Venezuela",
    "Yemeni": "Yemen", "U.S.": "United States", "US": "United States", "UK": "United Kingdom",
    # (more states of the news: Europe, the Americas, Asia, Africa and the Pacific)
    "Albanian": "Albania", "Angolan": "Angola", "Argentine": "Argentina",
    "Argentinian": "Argentina", "Australian": "Australia", "Austrian": "Austria",
    "Belgian": "Belgium", "Beninese": "Benin", "Bolivian": "Bolivia", "Bosnian":
    "Bosnia and Herzegovina", "Brazilian": "Brazil", "Bulgarian": "Bulgaria", "Burkinabe":
    "Burkina Faso", "Burmese": "Myanmar", "Cambodian": "Cambodia", "Canadian": "Canada",
    "Central African": "Central African Republic", "Chilean": "Chile", "Croatian": "Croatia",
    "Cypriot": "Cyprus", "Czech": "Czech Republic", "Danish": "Denmark", "Dutch": "Netherlands",
    "Ecuadorian": "Ecuador", "Estonian": "Estonia", "Finnish": "Finland", "Gabonese": "Gabon",
    "Gambian": "Gambia", "Ghanaian": "Ghana", "Guatemalan": "Guatemala", "Guinean": "Guinea",
    "Honduran": "Honduras", "Hungarian": "Hungary", "Indonesian": "Indonesia",
    "Irish": "Ireland", "Ivorian": "Ivory Coast", "Kosovar": "Kosovo", "Kyrgyz": "Kyrgyzstan",
    "Latvian": "Latvia", "Liberian": "Liberia", "Lithuanian": "Lithuania", "Macedonian":
    "North Macedonia", "Malawian": "Malawi", "Malaysian": "Malaysia", "Mauritanian":
    "Mauritania", "Mexican": "Mexico", "Mongolian": "Mongolia", "Montenegrin": "Montenegro",
    "Namibian": "Namibia", "Nepalese": "Nepal", "Nepali": "Nepal", "Nicaraguan": "Nicaragua",
    "North Korean": "North Korea", "Norwegian": "Norway", "Peruvian": "Peru",
    "Philippine": "Philippines", "Filipino": "Philippines", "Portuguese": "Portugal",
    "Romanian": "Romania", "Salvadoran": "El Salvador", "Senegalese": "Senegal",
    "Sierra Leonean": "Sierra Leone", "Slovak": "Slovakia", "Slovenian": "Slovenia",
    "South African": "South Africa", "South Korean": "South Korea", "Spanish": "Spain",
    "Sri Lankan": "Sri Lanka", "Swedish": "Sweden", "Swiss": "Switzerland",
    "Taiwanese": "Taiwan", "Thai": "Thailand", "Togolese": "Togo", "Turkmen": "Turkmenistan",
    "Uzbek": "Uzbekistan", "Vietnamese": "Vietnam", "Zambian": "Zambia",
    "Zimbabwean": "Zimbabwe",
}
