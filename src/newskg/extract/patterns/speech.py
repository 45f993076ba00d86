"""Reporting cues: the verbs that introduce what someone said, with the stance they mark.

``forms`` are the inflected words matched (after optional has/have/had/would); ``stance`` is the facts
format's statement stance (docs/facts-format.md: asserted, claimed, denied, ...). ``example`` is a
sentence the cue must be found in, ``expect`` the speaker the extractor must give it. Evaluations
("praised", "slammed") take their polarity from ``POLARITY``; a cue that does not tell it ("called",
"described") leaves the polarity to the reviewer.
"""

from __future__ import annotations

from typing import NamedTuple


class Cue(NamedTuple):
    forms: tuple[str, ...]
    stance: str
    example: str
    expect: str


CUES: tuple[Cue, ...] = (
    Cue(("said", "says", "say", "saying"), "asserted",
        "The minister said on Monday that the border would stay closed.", "The minister"),
    Cue(("read", "reads"), "asserted",
        "\"The border crossings will stay closed until further notice,\" the notice read.",
        "the notice"),
    Cue(("told", "tells", "tell"), "asserted",
        "A police officer told Reuters that two people were arrested.", "A police officer"),
    Cue(("added", "adding", "adds"), "asserted",
        "The spokesman denied the report, adding that talks would continue.", "The spokesman"),
    Cue(("stated", "states"), "asserted",
        "The ministry stated that the convoy had reached the city.", "The ministry"),
    Cue(("confirmed", "confirms"), "asserted",
        "Egypt confirmed on Friday that the crossing had reopened.", "Egypt"),
    Cue(("reported", "reports"), "asserted",
        "State media reported that the dam had been damaged.", "State media"),
    Cue(("noted", "stressed", "emphasised", "emphasized", "explained", "argued", "wrote",
         "tweeted", "notes", "stresses", "stress", "asserted", "asserts",
         # after a main clause: "..., arguing anti-government forces should speak with one voice"
         "arguing", "noting", "stressing"), "asserted",
        "The envoy stressed that no deal had been signed.", "The envoy"),
    Cue(("wrote on", "posted on"), "asserted",
        "The governor wrote on Telegram that the fire had been put out.", "The governor"),
    Cue(("acknowledged", "admitted", "conceded"), "asserted",
        "The army admitted that a school had been hit.", "The army"),
    Cue(("reiterated", "reiterates", "underscored", "underscores", "reaffirmed", "reaffirms"),
        "asserted",
        "The envoy reiterated the need for an immediate ceasefire in the north.", "The envoy"),
    Cue(("demanded", "demands", "demanding", "urged", "urges", "urging"), "demanded",
        "Kyiv demanded that the troops withdraw before any talks.", "Kyiv"),
    # "asked X to Y" is a demand like "urged X to Y" (devset rule 116); only with an object and
    # "to" after it (`newskg.extract.reporting.is_cue`): "asked not to be named" is no statement.
    # "identified X as Y" (devset rules 152, 219): text "X as Y"; only with "as" after its object
    # (`newskg.extract.reporting.is_cue`): "six bodies had been identified" is no statement.
    Cue(("identified", "identifies"), "asserted",
        "The army identified the dead commander as a senior rebel leader.", "The army"),
    Cue(("asked", "asks", "instructed", "instructing"), "demanded",
        "European leaders have asked both sides to stop fighting.", "European leaders"),
    Cue(("called for",), "called-for",
        "The opposition called for the results of the vote to be annulled.", "The opposition"),
    Cue(("calling for",), "called-for",
        "\"The shelling must stop,\" the envoy said, calling for an independent inquiry into it.",
        "the envoy"),
    Cue(("warned", "warns", "warning", "threatened"), "warned",
        "The United Nations warned that famine was imminent.", "The United Nations"),
    Cue(("spoke of", "spoke about"), "asserted",
        "The statement also spoke of foreign fighters leaving the area.", "The statement"),
    Cue(("claimed", "claims", "alleged", "alleges"), "claimed",
        "The rebels claimed that they had shot down a helicopter.", "The rebels"),
    Cue(("insisted", "insists", "maintained", "insisting"), "insisted",
        "The government has insisted that it was not involved.", "The government"),
    Cue(("promised", "promises", "pledged", "pledges", "vowed", "vows"), "promised",
        "The president vowed to rebuild the destroyed towns.", "The president"),
    Cue(("denied", "denies", "denying"), "denied",
        "The general denied that civilians had been targeted.", "The general"),
    Cue(("announced", "announces", "declared", "declares"), "announced",
        "The two governments announced a truce had been agreed.", "The two governments"),
    Cue(("hoped", "hopes", "expressed hope"), "hoped",
        "Local residents expressed hope the fighting was over.", "Local residents"),
    Cue(("expected", "expects", "expect"), "expected",
        "The mediator expects the talks to resume next week.", "The mediator"),
    Cue(("predicted", "predicts", "predict", "forecast", "forecasts"), "expected",
        "The rebel spokesman predicts the army will not hold the town.", "The rebel spokesman"),
    Cue(("praised", "welcomed", "hailed", "slammed", "criticised", "criticized", "condemned",
         "accused", "accusing", "accuses", "blamed", "blames", "blaming", "called", "calling"),
        "evaluated",
        "The opposition condemned the arrests as unlawful.", "The opposition"),
    Cue(("estimated", "estimates", "estimate", "calculated"), "asserted",
        "Independent monitors have estimated that the true toll is far higher.",
        "Independent monitors"),
    Cue(("believe", "believes"), "asserted",
        "Analysts believe the front line will hold through the winter.", "Analysts"),
    # a toll given (only with "the toll at" after it, `newskg.extract.reporting.is_cue`): "Some
    # officials put the death toll at 11", text "the death toll at 11"
    Cue(("put", "puts"), "asserted",
        "Some officials put the death toll at 11, while others estimate it at more than 50.",
        "Some officials"),
    # a stated view (devset rule 92): "experts think the number is higher", "Police suspect the
    # killings could be drug related", "He worries that conditions are unsanitary"
    Cue(("think", "thinks", "suspect", "suspects", "worries", "fear", "fears"), "asserted",
        "Experts think the true number is higher than what has been reported.", "Experts"),
    Cue(("calling it", "calling them", "describing", "described"), "evaluated",
        "The mayor visited the ruined bridge, describing the damage as beyond repair.", "The mayor"),
    Cue(("describes", "describe", "dismissed", "dismisses", "branded", "brands", "labelled",
         "labeled"), "evaluated",
        "The council passed the budget, which the opposition dismissed as a gift to the rich.",
        "the opposition"),
)

# Verbs of attitude after "said he/she/they ...": their object is the statement's words.
ATTITUDES: dict[str, str] = {"hoped for": "hoped", "hoped": "hoped", "expected": "expected",
                             "feared": "asserted", "believed": "asserted"}

# The polarity an evaluation cue gives (facts format: positive, negative, mixed).
POLARITY: dict[str, str] = {
    **dict.fromkeys(("praised", "welcomed", "hailed"), "positive"),
    **dict.fromkeys(("slammed", "criticised", "criticized", "condemned", "accused", "accusing",
                     "accuses", "blamed", "blames", "blaming", "dismissed", "dismisses", "branded", "brands"),
                    "negative"),
}

# Phrases between a cue and the reported words that are not part of the words.
CUE_TAILS = (
    (r"in a (?:televised |written |joint |short )?(?:statement|address|speech|interview|post|message)"
     r"(?: on [A-Z][\w.]*| released [^,]{0,40}| (?:read|broadcast|aired|posted|published) "
     r"(?:out )?on (?:public |state |national )?(?:television|TV|radio|[A-Z][\w.]*))?"),
    r"on (?:social media|television|state television|Telegram|X|Twitter|Facebook)",
    r"to (?:reporters|journalists|the press|me|us|him|her|them)",
    r"in (?:an|a) (?:interview|briefing) with [A-Z][\w’'.]*(?: [A-Z][\w’'.]*)*",
)
