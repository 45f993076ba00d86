"""Event triggers: words that name a happening, with the event type they give."""

from __future__ import annotations

from typing import NamedTuple

from newskg.extract.patterns import words


class Trigger(NamedTuple):
    type: str           # gold type: MilitaryOperation, War, Talks, Protest, Evacuation, Attack, Other
    words: tuple[str, ...]
    example: str


# One trigger per sentence becomes an event; earlier entries win when several match.
# Entries of one type are merged (one event per type per sentence); each entry has its own example.
TRIGGERS: tuple[Trigger, ...] = (
    Trigger("Talks", ("talks", "negotiations", "peace talks", "summit", "held talks",
                      "helped negotiate"),
            "Talks between the two sides will be held on Friday in Geneva."),
    Trigger("Talks", ("will meet", "to meet", "met in", "peace conference",
                      # leaders come together to decide: "gathered in Berlin to discuss more aid"
                      "gathered in … to discuss"),
            "Army and rebel commanders will meet next week to discuss a withdrawal."),
    # "…" stands for up to three words: a readout's call ("spoke today with", "calls this weekend
    # with"); "calls for ..." and "calls on ..." are demands, not calls.
    Trigger("Talks", ("spoke … with", "spoke by phone", "call … with", "calls … with"),
            "The foreign minister spoke by phone with his Turkish counterpart on Monday."),
    Trigger("War", ("war", "full-scale invasion", "civil war"),
            "In a six-week war in 2020, the army recaptured swathes of territory."),
    Trigger("MilitaryOperation", ("offensive", "military operation", "operation", "operations",
                                  "counteroffensive", "military action",
                                  # an army's assault is an operation (rule 30); "an assault on
                                  # the village" by gunmen stays an Attack
                                  "military assault", "ground assault", "full-scale assault",
                                  "large-scale assault",
                                  "bombing campaign", "ground invasion", "invasion", "incursion",
                                  "sent troops", "siege", "military intervention",
                                  "intervention", "intervened", "military campaign",
                                  "air campaign", "besieged", "deployment of", "deployment in",
                                  "campaign to seize", "campaign to capture", "campaign to retake",
                                  "campaign to take"),
            "The army launched an offensive in the north on Tuesday."),
    Trigger("MilitaryOperation", ("captured", "recaptured", "overran", "took control of",
                                  "taken control of", "seized", "seized control of", "liberated",
                                  "regained control of", "capture of", "takeover of"),
            "Rebel fighters overran the garrison town of Dunmere on Sunday."),
    Trigger("Attack", ("attack", "attacks", "attacked", "stormed", "shooting", "shootings",
                       "began attacking", "started attacking", "continued attacking",
                       "ambush", "ambushed", "came under fire",
                       "opened fire", "drone strike", "missile strike", "suicide bombing",
                       "bombed", "shelled"),
            "Gunmen stormed a village near the border on Sunday."),
    Trigger("Attack", ("airstrikes", "air strikes", "bombardment", "raid", "assault",
                       "launched an assault", "shot and killed", "shot to death", "gunned down",
                       "shot and wounded", "shot and injured", "raids", "drone strikes",
                       "missile strikes"),
            "Warplanes carried out airstrikes on the market on Monday."),
    Trigger("Attack", ("air strike", "airstrike", "strike", "strikes", "strike on", "struck", "shells hit", "bomb hit",
                       "missile hit", "rocket hit", "drone hit", "shelling", "shell hit",
                       "bombs hit", "missiles hit", "rockets hit", "drones hit",
                       "pounded", "pounding", "bombarded", "bombarding"),
            "A drone struck a fuel depot outside the port on Thursday."),
    Trigger("Attack", ("bombing", "bombings", "missile attack", "rocket attack", "fired missiles",
                       "fired rockets", "firing missiles", "firing rockets", "fired shells",
                       "firing shells", "launched missiles", "launched drones", "shot dead",
                       "hijacked", "sank", "boarded", "targeted", "shot down",
                       # a weapon dropped from the air: "continued dropping crude barrel bombs"
                       "dropped … bombs", "dropping … bombs",
                       # a counted or quoted load between the verb and the weapon: "fired dozens
                       # of rockets", "fired "dozens of Katyusha rockets""
                       "fired … rockets", "fired … missiles", "fired … shells", "fired … drones",
                       "launched … rockets", "launched … missiles", "launched … drones"),
            "Militants fired rockets at the airbase late on Wednesday, the army said."),
    # A bomb going off is an attack (a roadside bomb, a car bomb); a barrage of fire too.
    Trigger("Attack", ("bomb exploded", "bombs exploded", "bomb went off", "bombs went off",
                       "bomb blast", "barraged", "barrage of",
                       # a suicide bomber's act: "detonated a vest packed with ball bearings"
                       "detonated", "blew himself up", "blew herself up", "blew themselves up"),
            "A roadside bomb exploded near a police convoy in the north on Sunday."),
    # A killing done on purpose is an attack on its victims: "the December 27 assassination of ...",
    # "accused FARC of massacring dozens of civilians".
    Trigger("Attack", ("assassination", "assassinated", "massacre", "massacres", "massacred",
                       "massacring",
                       # bodies found killed: "the bodies of 10 men were found shot"
                       "found shot", "found beheaded", "found executed"),
            "Gunmen massacred 30 villagers near the border on Sunday."),
    # An abduction by armed men is an attack on the people taken.
    Trigger("Attack", ("kidnapped by", "abducted by", "were kidnapped", "were abducted",
                       "kidnapping of", "abduction of", "mass kidnapping", "mass abduction",
                       "kidnapped", "abducted"),
            "Dozens of pupils were abducted by gunmen on Friday."),
    # A withdrawal of forces is an operation too (devset rule 53).
    Trigger("MilitaryOperation", ("withdrew from", "withdrawal from", "withdrawal of", "pulled out of",
                                  "pullout", "pull-out", "retreated", "retreat of"),
            "Government troops withdrew from the border town on Friday."),
    Trigger("MilitaryOperation", ("deployed troops", "advance", "advanced", "pushed into", "retook",
                                  "deployed … forces", "deployed … personnel",
                                  "deployed … soldiers", "deployed … police",
                                  # a hunt for attackers (devset rule 371)
                                  "manhunt", "hunting for", "hunt for the",
                                  # a push, a breach, a patrol: operations of forces
                                  "push into", "pushed into", "pushes deeper into",
                                  "pushed deeper into", "push deeper into", "breached",
                                  # (not "ambushed an army patrol": the patrol is the target)
                                  "returning from patrol", "returning from a patrol",
                                  "finishing a patrol", "on patrol", "on a patrol"),
            "Government troops advanced on the town from the south on Sunday."),
    # An armed side's spread into new ground (rule 11: seizure of an area): "the TPLF's further
    # expansion of the war", "the recent RDF and M23 expansion in eastern DRC". A bare "expansion
    # in/into" needs its named agent right before it (EXPANSION_NEEDS_AGENT), so "an expansion in
    # trade" is no event.
    Trigger("MilitaryOperation", ("expansion of the war", "expansion of the fighting",
                                  "expansion of the conflict", "expansion in", "expansion into"),
            "The council condemned the Northern Front's expansion into the coastal districts."),
    # Fighting between armed sides is War (data/devset/README.md rule 11); single strikes are Attack.
    Trigger("War", ("clashes", "heavy fighting", "fighting resumed", "fighting erupted",
                    "fighting broke out", "exchanged fire", "exchanged … fire", "traded fire",
                    "traded … fire", "trading fire", "clashed", "skirmishes", "firefight",
                    "firefights", "gun battle", "gun battles", "gunfight", "gunfights",
                    "fighting continued", "fierce fighting", "hostilities",
                    "conflict", "conflicts", "battle", "daylong battle",
                    "fighting", "insurgency", "armed uprising", "armed rebellion", "rebellion"),
            "Government troops clashed with insurgents outside the town on Sunday."),
    Trigger("MilitaryOperation", ("strikes on", "weeks of strikes", "send a force", "sent a force",
                                  "deploy troops", "deployed a force", "send troops",
                                  # forces sent in (rule 11's deployment): "3,700 European
                                  # peacekeepers are deploying", "sending police reinforcements"
                                  "deploying", "reinforcements"),
            "The air force carried out strikes on rebel positions for a month."),
    Trigger("Talks", ("meeting", "met with", "phone call", "mediation", "mediating"),
            "The foreign ministers held a meeting in Ankara on Monday to discuss the corridor."),
    Trigger("Protest", ("protested", "marched", "rallied", "took to the streets", "sit-in",
                        "been demonstrating", "were demonstrating"),
            "Thousands of students marched through the city centre on Tuesday."),
    Trigger("Protest", ("protest", "protests", "protesters", "demonstration", "demonstrations",
                        "demonstrators", "rally", "riot"),
            "Thousands of protesters gathered in the capital on Saturday."),
    Trigger("Evacuation", ("evacuation", "evacuated", "were transported", "airlifted", "exodus",
                           "were rescued", "rescue operation"),
            "Hundreds of families were evacuated from the town after the dam burst."),
    # The flight of residents is an Evacuation too (data/devset/README.md rule 11).
    Trigger("Evacuation", ("fled to", "fled into", "fled across", "fleeing to", "fleeing into",
                           "fled fighting", "fled the fighting", "fled their homes",
                           "fled the violence", "fleeing fighting", "fleeing the fighting",
                           "fled from", "began fleeing", "started fleeing", "escape fighting",
                           "escape the fighting", "escaping fighting", "escaping the fighting",
                           "sought refuge", "seeking refuge", "took refuge", "taken refuge",
                           "escaped to", "sheltering in", "fled", "fleeing"),
            "Thousands of villagers fled across the river as the front moved closer."),
    # An explosion in a story of armed violence is an Attack (`newskg.extract.events.BLASTS`).
    Trigger("Other", ("explosion", "explosions", "blast", "blasts", "fire broke out", "earthquake", "collapse",
                      "fell apart", "coup"),
            "An explosion at a fuel depot killed dozens on Monday."),
    # (a declaration of independence is no event: devset rule 75; nor is an election, a referendum
    # or a vote, no fighting or negotiation: devset rules 61, 384)
    Trigger("Other", ("sanctions on", "imposed sanctions", "genocide", "seizure of power",
                      "seized power", "took power"),
            "The council imposed sanctions on three militia leaders on Thursday."),
    Trigger("Other", ("exchanged", "prisoner exchange", "prisoner swap", "adopted resolution",
                      "adopted a resolution"),
            "The two armies exchanged 90 prisoners on the bridge on Tuesday."),
)

# Triggers that only name again an event of their type already told ("the strikes happened late
# Wednesday" after "a series of air strikes"); `newskg.extract.events` drops them otherwise.
ANAPHOR_ONLY = ("strikes",)

# Triggers that name an event only after a capitalised agent ("M23 expansion in", "the Front's
# expansion into"); `newskg.extract.events` drops them otherwise.
EXPANSION_NEEDS_AGENT = ("expansion in", "expansion into")

# Words after a trigger that show it is planned or hypothetical rather than reported as happening;
# such events are still recorded (talks "would be held on Thursday").
PLACE_PREPOSITIONS = ("in", "at", "into", "near", "outside", "across", "over")

# Event labels (`newskg.extract.events.event_label`): the words that begin a new clause or the
# predicate after the event's phrase (the label stops before them) ...
LABEL_STOP = words("which who whom whose that while as after before but when despite killing "
                   "wounding injuring leaving forcing prompting because since amid where although "
                   "though until including was were is are has have had will would could can may "
                   "might said says say killed wounded injured left destroyed damaged hit took came "
                   "began erupted raged continued ended broke comes come")
# ... the words a label does not end on ("an attack on the", "fighting in", "strike earlier Wednesday")
LABEL_DANGLING = words("in of the a an and or to on at with for by from its their his her over into "
                       "across near this that these those some today yesterday tonight earlier later "
                       "late early morning afternoon evening night monday tuesday wednesday thursday "
                       "friday saturday sunday")
# ... and the words before a noun trigger that are not its modifiers ("the", "after").
NOT_MODIFIER = words("the a an this that these those its their his her our another any some no of in "
                     "on at by for from to and or with after before since during")
