"""Agreements: ceasefires, truces, deals, with parties, mediators ("brokered by"), terms and date.

Mentions of agreements in one article are taken to be the same agreement (news copy keeps coming back
to "the deal"), typed by the most specific cue; a hypothetical one ("securing a lasting peace deal")
is left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newskg.extract.dates import find_dates
from newskg.extract.model import AgreementDraft, Ref
from newskg.extract.patterns.agreements import AGREEMENT_CUES, MEDIATOR_PHRASES, TERM_PHRASES
from newskg.extract.quotes import quotations
from newskg.extract.sentences import DATELINE, Sentence
from newskg.extract.speakers import ACRONYM

_CUES = [(c.type, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in c.words) + r")\b",
                             re.IGNORECASE)) for c in AGREEMENT_CUES]
_ANY_CUE = re.compile(r"\b(?=\w)(?:" + "|".join(p.pattern for _, p in _CUES) + ")", re.IGNORECASE)
_RANK = {"Ceasefire": 0, "PeaceDeal": 1, "Other": 2}
_HYPOTHETICAL = re.compile(r"\b(?:securing|secure|seeking|seek|aimed at|push for|calls? for|"
                           r"hopes? (?:of|for)|prospects? (?:of|for)|any|no|possible|potential|"
                           r"future|lasting|previous|last|agree on|failed to reach|without)"
                           r"\s+(?:\w+\s+){0,2}$|"
                           # a deal still to be made: "agreed to negotiate a stable and reliable
                           # ceasefire", "to work towards a short-term ceasefire"
                           r"\bto\s+(?:negotiate|discuss|work towards?|achieve|establish)"
                           r"\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# An indefinite mention after the first ("a deal reached at talks in May", "a declaration signed on
# 11 May 2023") is another agreement when the sentence dates it or tells it happened.
_ANOTHER = re.compile(r"\b(?:a|an|another|one)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_PAST_DEAL = re.compile(r"\b(?:signed|reached|agreed|struck|concluded|brokered)\b|\b(?:January|"
                        r"February|March|April|May|June|July|August|September|October|November|"
                        r"December)\b")
_MEDIATOR = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in MEDIATOR_PHRASES) + r")\s+"
                       r"((?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w’'-]*)*|"
                       r"[a-z]+\s+[A-Z][\w’'-]*(?:\s+[a-z]+)?)", re.IGNORECASE)
_TERM = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in TERM_PHRASES) + r")\b\s*(.{5,200}?)"
                   r"(?=[.;]|,\s(?:the|it|and)\s|$)", re.IGNORECASE)
_UNDERTAKEN_WITH = re.compile(r"\b(?:undertaken|negotiated|reached|agreed) with\s+(.{3,120}?)"
                              r"(?:\s+and would|[.;]|$)")


# After an actor: it speaks of the agreement or takes a stance on it ("the UN said", "The United States
# welcomes the agreement", "the United Nations warned"), which makes it no party.
_REPORTS = re.compile(r"\s+(?:has\s+|have\s+|also\s+|strongly\s+)*(?:said|says|announced|reported|"
                      r"confirmed|told|warned|warns|welcomed|welcomes|welcome|urged|urges|called|"
                      r"calls|praised|praises|hailed|hails|applauded|commended|commends|"
                      r"congratulated|thanked|thanks|noted|stressed|added|recognizes|recognises)\b"
                      r"|['’]s\s+(?:[\w-]+\s+){0,2}(?:efforts?|role|contribution|support)\b")
# After an actor: its part in mediating ("Egypt's crucial role in mediating the ceasefire", "Oman also
# played a central role in securing this extension").
_ROLE_IN_MEDIATING = re.compile(
    r"(?:['’]s\s+(?:[\w-]+\s+){0,2}role|\s+(?:also\s+|has\s+|had\s+)*played\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}role)\s+in\s+(?:mediating|brokering|securing|negotiating|facilitating)\b")
# Before an actor: the second of a joint subject ("Baku and the ethnic Armenian authorities in Karabakh
# announced a ceasefire deal"): the sides announcing their deal are its parties.
_JOINT = re.compile(r"\band\s+(?:the\s+)?$")
# Before an actor: the agent of an announcement ("today's announcement by the UN"): no party.
_ANNOUNCED_BY = re.compile(r"\b(?:announcement|announced|statement|proposal|proposed)\s+by\s+"
                           r"(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?P<a>[^,;.]{2,60}?)\s+and\s+(?P<b>[^,;.]{2,60}?)"
                      r"(?=[,;.]|\s+(?:brokered|mediated|took|was|is|has|had|will|would|in|on|"
                      r"that|which|to|after|since)\b|$)")
_SIGNED = re.compile(r"^(?:[A-Z][^,]{0,40}?,\s*)?(?P<subject>[^,;]{2,140}?)\s+(?:(?:have|has|had|"
                     r"also|finally)\s+)*(?:agreed|signed|reached|struck|sealed|accepted|concluded|"
                     r"inked|exchanged|swapped)\b")
_AND = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _joined_places(text: str, places: Sequence[Ref]) -> list[Ref]:
    """Two places the sentence joins with "and" ("in Israel and Gaza"), in reading order."""
    at = sorted({ref.entity.key: (i, ref) for ref in places
                 if (i := text.find(ref.name)) >= 0}.values(), key=lambda p: p[0])
    for (i, a), (j, b) in itertools.pairwise(at):
        if re.fullmatch(r"\s+and\s+(?:the\s+)?", text[i + len(a.name):j]):
            return [a, b]
    return []


def mentions_agreement(text: str) -> bool:
    """True when ``text`` has an agreement cue word ("ceasefire", "truce", "peace deal" ...)."""
    return _ANY_CUE.search(text) is not None


def party_phrases(text: str, cue_at: int) -> list[str]:
    """The parties an agreement sentence names: "X and Y agreed/signed ...", "between X and Y"."""
    lead = DATELINE.match(text)
    if lead:  # "NAIROBI, Nov 3 (Reuters) - X and Y agreed ..."
        return party_phrases(text[lead.end():], cue_at - lead.end())
    m = _BETWEEN.search(text)
    if m:
        return [ACRONYM.sub("", m.group("a")), ACRONYM.sub("", m.group("b"))]
    m = _SIGNED.match(text)
    if m is None or m.end() > cue_at + 1:
        return []
    parts = [ACRONYM.sub("", p).strip() for p in _AND.split(m.group("subject"))]
    if len(parts) < 2 or any(not p or len(p.split()) > 8 for p in parts):
        return []
    return parts


@dataclass
class AgreementCollector:
    """Collects the mentions of an article's agreement sentence by sentence."""

    published: dt.date | None
    type: str | None = None
    first: Sentence | None = None
    parties: dict[str, Ref] = field(default_factory=dict)
    mediators: dict[str, Ref] = field(default_factory=dict)
    terms: list[tuple[str, Sentence]] = field(default_factory=list)
    date: tuple[str | None, str] | None = None
    others: list[AgreementDraft] = field(default_factory=list)
    resolve: Callable[[str], Ref] | None = None  # a party's words -> the actor (the gazetteer)
    places: list[Ref] = field(default_factory=list)  # "in Israel and Gaza" of the first mention

    def add(self, sentence: Sentence, actors: list[tuple[int, Ref]],
            places: Sequence[Ref] = ()) -> bool:
        """Take in one sentence; ``actors`` are the actors it mentions, with their offsets,
        ``places`` the places it names (the sides of "the hostilities in Israel and Gaza" when it
        names no actor as a side)."""
        text = sentence.text
        found = None
        found_at = 0
        quoted: list[tuple[int, int]] = []
        if not _ANY_CUE.search(text):
            return False
        if '"' in text or "“" in text:
            quoted = [(q.start, q.end) for q in quotations(text)]
        for type_, pattern in _CUES:
            for m in pattern.finditer(text):
                if not _HYPOTHETICAL.search(text[max(0, m.start() - 40):m.start()]) and \
                        not any(a < m.start() < b for a, b in quoted):
                    found, found_at = type_, m.start()
                    break
            if found:
                break
        for start, ref in actors:  # "played a central role in securing the truce": not hypothetical
            if _ROLE_IN_MEDIATING.match(text, start + len(ref.name)):
                self.mediators.setdefault(ref.entity.key, ref)
        if found is None:
            return False
        if self.first is not None and sentence is not self.first and \
                _ANOTHER.search(text[max(0, found_at - 50):found_at]) and _PAST_DEAL.search(text):
            self.others.append(self._another(found, sentence, actors))
            return True
        if self.type is None or _RANK[found] < _RANK[self.type]:
            self.type = found
        if self.first is None:
            self.first = sentence
            self.places = _joined_places(text, places)
            dates = [d for d in find_dates(text, self.published) if d.value and len(d.value) == 10]
            if dates:
                self.date = (dates[0].value, dates[0].text)
        mediator_spans = [(m.start(1), m.end(1)) for m in _MEDIATOR.finditer(text)]
        for start, ref in actors:
            in_mediator = any(a <= start < b for a, b in mediator_spans)
            if in_mediator:
                self.mediators.setdefault(ref.entity.key, ref)
        named = [self.resolve(p) for p in party_phrases(text, found_at)] if self.resolve else []
        if len(named) >= 2:  # "X and Y agreed to ...", "a truce between X and Y"
            actors = [(0, ref) for ref in named]
        else:  # the sentence does not say who agreed: a person named there is no side of it
            actors = [(start, ref) for start, ref in actors if not ref.entity.is_person]
        for start, ref in actors:
            joint = _JOINT.search(text, max(0, start - 6), start) is not None
            if "mediator" in ref.name.lower() or _ANNOUNCED_BY.search(
                    text, max(0, start - 30), start) or (
                    _REPORTS.match(text, start + len(ref.name)) and not joint):
                continue  # "the two mediators said", "The United States welcomes": no party
            if ref.entity.key not in self.mediators and ref.entity.is_actor and (
                    sentence is self.first or len(self.parties) < 2):
                self.parties.setdefault(ref.entity.key, ref)
        for m in _TERM.finditer(text):
            self.terms.append((m.group(0).strip(" ,"), sentence))
        return True

    def _another(self, type_: str, sentence: Sentence, actors: list[tuple[int, Ref]]
                 ) -> AgreementDraft:
        """An earlier or separate agreement ("a five-month truce agreed in March collapsed"):
        its parties are the actors the sentence names, else those of the article's agreement."""
        named = {ref.entity.key: ref for _, ref in actors if ref.entity.is_actor
                 and ref.entity.key not in self.mediators}
        parties = tuple(named.values()) if len(named) >= 2 else tuple(self.parties.values())
        dates = [d for d in find_dates(sentence.text, self.published) if d.value]
        label = {"Ceasefire": "Ceasefire", "PeaceDeal": "Peace deal", "Other": "Agreement"}[type_]
        return AgreementDraft(type=type_, label=f"{label} (earlier or separate)", evidence=sentence,
                              confidence=0.4, parties=parties, mediators=(),
                              date=dates[0].value if dates else None,
                              date_text=dates[0].text if dates else None)

    def results(self) -> list[AgreementDraft]:
        """The article's agreement, then the separate ones it mentions."""
        main = self.result()
        return ([main] if main is not None else []) + self.others

    def result(self) -> AgreementDraft | None:
        if self.type is None or self.first is None:
            return None
        parties = tuple(self.parties.values()) or tuple(self.places)  # devset rule 13
        label = {"Ceasefire": "Ceasefire", "PeaceDeal": "Peace deal", "Other": "Agreement"}[self.type]
        if len(parties) >= 2:
            label += " between " + " and ".join(p.name for p in parties[:2])
        return AgreementDraft(
            type=self.type, label=label, evidence=self.first,
            confidence=0.7 if len(parties) >= 2 else 0.4, parties=parties,
            mediators=tuple(self.mediators.values()), terms=tuple(self.terms[:6]),
            date=self.date[0] if self.date else None, date_text=self.date[1] if self.date else None)
