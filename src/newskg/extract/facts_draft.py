"""An extraction as a draft facts file (format 0.2, docs/facts-format.md), resolved against the
project: mentions of entities, statements (joint ones with several speakers, a stance from the cue),
reports on existing or proposed world instances, figures on counted things.

Every report carries its evidence (the sentence), a confidence, and a ``resolution:`` saying which
existing entity or instance it was linked to, with the score and the reason, or that a new one is
proposed (under ``proposed_entities:`` / ``proposed_instances:``, drafts until a person moves them
into data/). The draft passes `newskg build` next to its article.txt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from newskg.extract.candidates import Candidates, no_candidates
from newskg.extract.draft_doc import (
    Block,
    DraftDoc,
    Ids,
    Plain,
    Proposal,
    Value,
    evidence_sentences,
    field_lines,
    render,
    scalar,
    stance_of,
)
from newskg.extract.gazetteer import Known, slug
from newskg.extract.model import (
    AgreementDraft,
    EventDraft,
    Extraction,
    FigureDraft,
    Ref,
    StatementDraft,
)
from newskg.extract.resolve import (
    AGREEMENT_CLASSES,
    EVENT_CLASSES,
    EVENT_TYPE_KEYS,
    Decision,
    Told,
    candidates_of,
    choose,
    known_entity,
    new_entity,
    score_agreement,
    score_counted,
    score_event,
    score_term,
    sentence_year,
    to_date,
)
from newskg.extract.sentences import Sentence
from newskg.project.model import FIGURE_KINDS, QUALIFIERS, Agreement, Counted, Event, Term
from newskg.project.proposals import TOOL_AGENT as AGENT
from newskg.rdf.evidence import SpanCopies

LICENCE_NOTE = ("licence: 'public domain' only when the publisher released it so; publisher: an "
                "entity key (optional)")
AGREEMENT_TYPE_KEYS = {"Ceasefire": "ceasefire", "PeaceDeal": "peace-deal", "Other": "other"}
HEADER = (
    "# Review each report against article.txt: fix it, delete it, or set reviewed: true; reports",
    "# with a confidence below 0.7 are drafts. `resolution:` says which existing entity or instance",
    "# a report was linked to (score, reason) or that a new one is proposed; to decide yourself,",
    "# change the key and set `by:` to your own key. Drafting again keeps what you decided.",
    "# Format: docs/facts-format.md.",
)


def resolution(d: Decision) -> dict[str, object]:
    out: dict[str, object] = {"by": Plain(AGENT)}
    if not d.new:
        out["score"] = d.score
    out["reason"] = d.reason
    return out


def to_facts_yaml(x: Extraction, candidates: Candidates | None = None, *,
                  today: dt.date | None = None) -> str:
    """The draft facts file of an extraction (YAML text)."""
    return render(to_facts_doc(x, candidates, today=today))


def to_facts_doc(x: Extraction, candidates: Candidates | None = None, *,
                 today: dt.date | None = None) -> DraftDoc:
    return Drafter(x, candidates or no_candidates()).doc(today or dt.date.today())


class Drafter:
    """Builds the draft of one extraction: entities first (every key goes through ``entity``),
    statement ids, reports on instances (with the statements of their sentence), figures, then the
    statements (with the instances their sentence reports)."""

    def __init__(self, x: Extraction, c: Candidates) -> None:
        self.x, self.c = x, c
        self.ids = Ids()
        # which copy of a repeated span each evidence is (a repeated span needs occurrence: N)
        self.copies = SpanCopies(x.article.text, [*(m.ref.name for m in x.mentions),
                                                  *(s.text for s in evidence_sentences(x))])
        self.decided: dict[str, Decision] = {}  # extractor entity key -> decision
        self.proposed_entities: dict[str, Known] = {}
        self.proposals: dict[str, list[Proposal]] = {"events": [], "agreements": [],
                                                     "counted": []}
        self.new_keys: set[str] = set()
        self.by_sentence: dict[int, list[str]] = {}  # sentence start -> instance keys reported
        self.statements_at: dict[int, list[str]] = {}  # sentence start -> statement ids
        self.notes: list[str] = []

    # -- entities -----------------------------------------------------------------------------
    def entity(self, r: Ref) -> str:
        key = r.entity.key
        if key not in self.decided:
            if r.entity.known:
                self.decided[key] = known_entity(r.name, r.entity, self.c.entities)
            else:
                proposed = self.x.proposed.get(key, r.entity)
                self.decided[key] = new_entity(proposed, self.c.entities)
                if self.decided[key].new:
                    self.proposed_entities[key] = proposed
        return self.decided[key].key

    def decision(self, r: Ref) -> Decision:
        """How this mention's words resolve: a known entity by its name, an alias or a
        description (each mention its own reason), a new name as decided for its entity."""
        self.entity(r)
        if r.entity.known:
            return known_entity(r.name, r.entity, self.c.entities)
        return self.decided[r.entity.key]

    def keys(self, refs: Iterable[Ref]) -> list[str]:
        return list(dict.fromkeys(self.entity(r) for r in refs))

    def named_in(self, s: Sentence, *, places: bool) -> list[str]:
        return self.keys(m.ref for m in self.x.mentions
                         if m.evidence.start == s.start and m.as_place == places
                         and (m.ref.entity.is_territory if places else m.ref.entity.is_actor))

    # -- the document -------------------------------------------------------------------------
    def doc(self, today: dt.date) -> DraftDoc:
        x = self.x
        doc = DraftDoc()
        published = x.published.isoformat() if x.published else None
        doc.article = ["article:", *field_lines([
            ("headline", x.article.headline),
            ("published", Plain(published) if published else None),
            ("url", x.article.source),
            ("licence", "third-party, kept for research"),
            ("#", LICENCE_NOTE)], 2)]
        if published is None:
            doc.article.insert(2, "  # published: YYYY-MM-DD   (unknown: add it before newskg "
                                  "build)")
        doc.curation = ["curation:", *field_lines([
            ("agent", Plain(AGENT)), ("agent_name", Plain("newskg extract")),
            ("agent_type", Plain("software")), ("date", Plain(today.isoformat())),
            ("reviewed", False)], 2)]
        doc.reports["mentions"] = self.mentions()
        groups = self.statement_groups()
        doc.reports["reports"] = self.events() + self.agreements()
        doc.reports["figures"] = self.figures()
        doc.reports["statements"] = self.statements(groups)
        doc.header = [f"# Draft facts drafted by newskg extract from {x.article.path.name}.",
                      *HEADER, *(f"# warning: {w}" for w in [*x.warnings, *self.c.warnings]),
                      *self.notes]
        doc.proposed_entities = [
            Proposal(key, [f"  {key}: {{name: {scalar(e.name)}, types: [{', '.join(e.types)}]}}"])
            for key, e in sorted(self.proposed_entities.items())]
        doc.proposed_instances = self.proposals
        return doc

    def tail(self, s: Sentence, d: Decision | None) -> list[tuple[str, Value]]:
        return [("resolution", resolution(d) if d else None), ("evidence", s.text),
                ("occurrence", self.copies.occurrence(s.text, s.start))]

    def reported(self, s: Sentence, key: str) -> None:
        keys = self.by_sentence.setdefault(s.start, [])
        if key not in keys:
            keys.append(key)

    # -- mentions ---------------------------------------------------------------------------
    def mentions(self) -> list[Block]:
        out, seen = [], set()
        for m in self.x.mentions:
            key = self.entity(m.ref)
            if key in seen:
                continue
            seen.add(key)
            at = m.evidence.start + m.start
            occurrence = self.copies.occurrence(m.ref.name, at)
            ident = self.ids.make("m", key)
            out.append(Block.of([
                ("id", Plain(ident)), ("entity", Plain(key)), ("confidence", 0.6),
                ("resolution", resolution(self.decision(m.ref))),
                ("evidence", m.ref.name), ("occurrence", occurrence)],
                primary=key, refs=frozenset({key})))
        return out

    # -- statements -------------------------------------------------------------------------
    def statement_groups(self) -> list[tuple[str, list[StatementDraft]]]:
        """Statements with their ids; one cue with several speakers is one joint statement."""
        groups: list[list[StatementDraft]] = []
        for s in self.x.statements:
            last = groups[-1][0] if groups else None
            if last is not None and (last.words, last.evidence.start) == (s.words, s.evidence.start):
                groups[-1].append(s)
            else:
                groups.append([s])
        out = []
        for group in groups:
            ident = self.ids.make("st", self.entity(group[0].speaker))
            self.statements_at.setdefault(group[0].evidence.start, []).append(ident)
            out.append((ident, group))
        return out

    def statements(self, groups: list[tuple[str, list[StatementDraft]]]) -> list[Block]:
        out = []
        for ident, group in groups:
            s = group[0]
            speakers = self.keys(g.speaker for g in group)
            stance, polarity, note = stance_of(s)
            about = self.by_sentence.get(s.evidence.start, [])
            said = [(g.speaker.name, self.decision(g.speaker)) for g in group]
            who = Decision(speakers[0], min(d.score for _, d in said),
                           "; ".join(f"speaker '{name}': {d.reason}" for name, d in said),
                           new=any(d.new for _, d in said))
            out.append(Block.of([
                ("id", Plain(ident)), ("confidence", min(g.confidence for g in group)),
                ("speakers", [Plain(k) for k in speakers]), ("stance", Plain(stance)),
                ("polarity", Plain(polarity) if polarity else None), ("#", note),
                ("direct", s.direct), ("words", s.words), ("cue", s.cue),
                ("date", s.date), ("date_text", s.date_text),
                ("about", [Plain(k) for k in about]), *self.tail(s.evidence, who)],
                primary=s.words, refs=frozenset([*speakers, *about])))
        return out

    def according_to(self, s: Sentence) -> list[Plain]:
        return [Plain(i) for i in self.statements_at.get(s.start, [])]

    # -- events -----------------------------------------------------------------------------
    def events(self) -> list[Block]:
        out = []
        published = self.x.published
        for e in self.x.events:
            places = list(dict.fromkeys([*self.keys(e.places),
                                         *self.named_in(e.evidence, places=True)]))
            told = Told(EVENT_CLASSES[e.type], to_date(e.date) or sentence_year(e.evidence.text),
                        tuple(places),
                        tuple(self.named_in(e.evidence, places=False)), e.evidence.text)
            decision = choose([score_event(told, i, self.c, published)
                               for i in candidates_of(self.c, Event) if isinstance(i, Event)])
            if decision.new:
                decision = self.propose_event(e, told, decision.reason)
            out.append(self.instance_report("ev", EVENT_TYPE_KEYS[e.type], e.evidence,
                                            e.confidence, decision, e.date, e.date_text))
        return out

    def instance_report(self, prefix: str, hint: str, s: Sentence, confidence: float,
                        d: Decision, date: str | None, date_text: str | None) -> Block:
        self.reported(s, d.key)
        ident = self.ids.make(prefix, hint)
        according = self.according_to(s)
        return Block.of([
            ("id", Plain(ident)), ("instance", Plain(d.key)), ("confidence", confidence),
            ("according_to", according), ("date", date), ("date_text", date_text),
            *self.tail(s, d)], primary=d.key, refs=frozenset([d.key, *according]))

    def propose_event(self, e: EventDraft, told: Told, why: str) -> Decision:
        when = e.date or f"reported-{self.x.published or 'undated'}"
        key = self.new_key(f"{EVENT_TYPE_KEYS[e.type]}-{'-'.join(told.places[:1])}", when)
        self.proposals["events"].append(self.proposal(key, [
            ("type", Plain(EVENT_TYPE_KEYS[e.type])), ("label", e.label),
            ("place", [Plain(p) for p in told.places]), ("date", e.date)], told.places))
        return Decision(key, 0.0, f"new instance proposed: {why}", new=True)

    # -- agreements and terms -----------------------------------------------------------------
    def agreements(self) -> list[Block]:
        out = []
        for a in self.x.agreements:
            told = Told(AGREEMENT_CLASSES[a.type], to_date(a.date), (), (), a.evidence.text,
                        parties=tuple(self.keys(a.parties)),
                        mediators=tuple(self.keys(a.mediators)))
            scored = [score_agreement(told, i, self.x.published, self.c.entities)
                      for i in candidates_of(self.c, Agreement) if isinstance(i, Agreement)]
            decision = choose(scored)
            if decision.new and len(told.parties) < 2:
                self.notes.append(f"# left out (fewer than two parties found, no existing "
                                  f"agreement matched): {a.label}")
                continue
            if decision.new:
                decision = self.propose_agreement(a, told, decision.reason)
            out.append(self.instance_report("ag", AGREEMENT_TYPE_KEYS[a.type], a.evidence,
                                            a.confidence, decision, a.date, a.date_text))
            out += self.terms(a, decision)
        return out

    def propose_agreement(self, a: AgreementDraft, told: Told, why: str) -> Decision:
        when = a.date or f"reported-{self.x.published or 'undated'}"
        key = self.new_key(f"{AGREEMENT_TYPE_KEYS[a.type]}-{'-'.join(told.parties[:2])}", when)
        terms = []
        for n, (action, _) in enumerate(a.terms, 1):
            terms += [f"        {key}-term-{n}:",
                      *field_lines([("label", f"Term: {action}"), ("action", action)], 10)]
            self.new_keys.add(f"{key}-term-{n}")
        fields: list[tuple[str, Value]] = [
            ("type", Plain(AGREEMENT_TYPE_KEYS[a.type])), ("label", a.label),
            ("parties", [Plain(p) for p in told.parties]),
            ("mediators", [Plain(p) for p in told.mediators]), ("date", a.date)]
        proposal = self.proposal(key, fields, [*told.parties, *told.mediators])
        proposal.inner = frozenset(f"{key}-term-{n}" for n in range(1, len(a.terms) + 1))
        if terms:
            proposal.lines += ["      terms:", *terms]
        self.proposals["agreements"].append(proposal)
        return Decision(key, 0.0, f"new instance proposed: {why}", new=True)

    def terms(self, a: AgreementDraft, agreement: Decision) -> list[Block]:
        known = self.c.instances.get(agreement.key)
        out = []
        for n, (action, sentence) in enumerate(a.terms, 1):
            if agreement.new:
                d = Decision(f"{agreement.key}-term-{n}", 0.0, "new instance proposed: a term "
                             f"of the proposed agreement {agreement.key}", new=True)
            else:
                assert isinstance(known, Agreement)
                d = choose([score_term(action, t) for k in known.terms
                            if isinstance(t := self.c.instances.get(k), Term)])
                if d.new:
                    self.notes.append(f"# term not matched to a term of {agreement.key}: "
                                      f"{scalar(action)} ({d.reason})")
                    continue
            out.append(self.instance_report("term", action, sentence, 0.5, d, None, None))
        return out

    # -- figures ----------------------------------------------------------------------------
    def figures(self) -> list[Block]:
        out = []
        article_events = {k for keys in self.by_sentence.values() for k in keys}
        for f in self.x.figures:
            here = set(self.by_sentence.get(f.evidence.start, []))
            actors = set(self.named_in(f.evidence, places=False))
            places = set(self.named_in(f.evidence, places=True))
            scored = [score_counted(FIGURE_KINDS[f.kind], i, here, article_events, actors,
                                    f.evidence.text, self.c, self.x.published, places)
                      for i in candidates_of(self.c, Counted) if isinstance(i, Counted)]
            decision = choose(scored)
            if decision.new:
                decision = self.propose_counted(f, sorted(here), decision.reason)
            reporter = self.entity(f.reported_by) if f.reported_by else None
            stated = self.according_to(f.evidence)
            qualifier = (f.qualifier_text or "").lower()
            qualifier = qualifier if qualifier in QUALIFIERS else f.qualifier
            if f.vague:  # "hundreds of": bounds only, no qualifier (docs/facts-format.md)
                qualifier = "exact"
            bounded = f.lower is not None or f.upper is not None
            ident = self.ids.make("fig", f.kind)
            out.append(Block.of([
                ("id", Plain(ident)), ("counted", Plain(decision.key)),
                ("confidence", f.confidence), ("value", None if bounded else f.value),
                ("lower", f.lower), ("upper", f.upper),
                ("qualifier", Plain(qualifier) if qualifier != "exact" else None),
                ("qualifier_text", f.qualifier_text),
                ("reported_by", [Plain(reporter)] if reporter else None),
                ("stated_in", stated[0] if len(stated) == 1 else None),
                *self.tail(f.evidence, decision)],
                primary=str(f.value), refs=frozenset([decision.key, *(stated[:1])] +
                                                     ([reporter] if reporter else []))))
        return out

    def propose_counted(self, f: FigureDraft, here: list[str], why: str) -> Decision:
        events = {p.key for p in self.proposals["events"]} | {
            k for k, i in self.c.instances.items() if isinstance(i, Event)}
        of = next((k for k in here if k in events), None)
        key = self.new_key(f"{f.kind}-{of}", "") if of else self.new_key(
            f"{f.kind}-reported", str(self.x.published or "undated"))
        counts = f.counts or "people"
        label = f"{counts[:1].upper()}{counts[1:]}, {f.kind}" + (f" ({of})" if of else "")
        self.proposals["counted"].append(self.proposal(key, [
            ("label", label), ("measure", Plain(f.kind)), ("unit", Plain("person")),
            ("of", Plain(of) if of else None)], [of] if of else []))
        return Decision(key, 0.0, f"new instance proposed: {why}", new=True)

    # -- proposals --------------------------------------------------------------------------
    def new_key(self, stem: str, when: str) -> str:
        """A new instance key: the stem (at most 40 characters) and a date."""
        base = "-".join(p for p in (slug(stem)[:40 if when else 60].strip("-") or "instance",
                                    slug(when) if when else "") if p)
        key, n = base, 1
        while key in self.c.instances or key in self.c.entities or key in self.new_keys:
            n += 1
            key = f"{base}-{n}"
        self.new_keys.add(key)
        return key

    def proposal(self, key: str, fields: list[tuple[str, Value]], refs: Iterable[str]
                 ) -> Proposal:
        return Proposal(key, [f"    {key}:", *field_lines(fields, 6)], frozenset(refs))
