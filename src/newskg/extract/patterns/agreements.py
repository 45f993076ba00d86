"""Agreement triggers and the phrases that name their mediators and parties."""

from __future__ import annotations

from typing import NamedTuple


class AgreementCue(NamedTuple):
    type: str          # Ceasefire, PeaceDeal or Other
    words: tuple[str, ...]
    example: str


# Earlier entries win in a sentence that matches several.
AGREEMENT_CUES: tuple[AgreementCue, ...] = (
    AgreementCue("Ceasefire", ("ceasefire", "cease-fire", "truce", "humanitarian pause", "armistice",
                               "cessation of hostilities"),
                 "The rebels and the army agreed to a ceasefire brokered by Turkey."),
    AgreementCue("PeaceDeal", ("peace deal", "peace agreement", "peace treaty", "peace accord"),
                 "Ethiopia and the TPLF signed a peace agreement mediated by the African Union."),
    AgreementCue("Other", ("agreement", "deal", "accord", "memorandum", "prisoner exchange",
                           "prisoner swap"),
                 "Russia and Ukraine reached a deal on grain exports, mediated by Turkey."),
    AgreementCue("Other", ("peace plan", "plan agreed", "declaration on", "joint declaration",
                           "roadmap", "road map"),
                 "The rebels and the government signed a declaration on the protection of "
                 "civilians in Geneva."),
)

# "brokered by X", "mediated by X", "proposed by X": X mediates.
MEDIATOR_PHRASES = ("brokered by", "mediated by", "proposed by", "facilitated by", "negotiated by",
                    "hosted by", "sponsored by", "guaranteed by",
                    "with the mediation of", "under the auspices of", "with the help of")
# "mediating talks between X and Y", "X has been mediating": X mediates the talks.
MEDIATOR_VERBS = ("mediating", "mediated", "brokered", "brokering", "mediate")
# Phrases introducing the terms of an agreement: the rest of the clause is a term.
TERM_PHRASES = ("means", "in exchange for", "includes", "would include", "provides for",
                "calls for", "under which", "effective from", "to begin", "under the deal",
                "under the truce deal", "under the agreement")
