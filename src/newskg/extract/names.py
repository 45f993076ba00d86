"""Which runs of capitalised words name an actor, beyond what the gazetteer knows: a run cut by a
known name is kept around it ("President Macron of France" still names Macron); a single word is a
name when the article uses it on its own more than once ("Hamas", "Hizballah"); a surname alone is
the person the article named in full before ("Grundberg" after "Hans Grundberg"); a place named
with its cue word ("Sari Pul province") is the same place when named bare; and actors named only in
the headline are listed (annotation rule 14).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newskg.extract.gazetteer import Gazetteer, Known, normalise
from newskg.extract.model import MentionDraft, Ref
from newskg.extract.patterns import words
from newskg.extract.patterns.places import CITY_WORDS, DEMONYMS, REGION_WORDS
from newskg.extract.patterns.speakers import (
    ARMED_HEADS,
    COLLECTIVE_HEADS,
    GOVERNMENT_HEADS,
    ORGANISATION_HEADS,
    PERSON_NOUNS,
    TITLES,
)

if TYPE_CHECKING:
    from spacy.tokens import Span

_CONNECTORS = words("of for the al el bin de and")
_BODY_HEADS = GOVERNMENT_HEADS | words("ministry affairs army forces")
_SINGLE = re.compile(r"(?<=[a-z0-9,;:] )([A-Z][\w'’-]+)(?![\w'’-]|\s+[A-Z]|\s+(?:of|for|al|bin)\s+[A-Z])")
# Single capitalised words that are not names of their own, however often they recur.
_NOT_SINGLE_NAMES = (TITLES | PERSON_NOUNS | GOVERNMENT_HEADS | ORGANISATION_HEADS | ARMED_HEADS
                     | COLLECTIVE_HEADS | words(
                         "i statement today we our they the a an he she it this that these those "
                         "god state states envoy declaration forces council parties government "
                         "governments kingdom republic commander-in-chief press office spokesperson "
                         "however meanwhile but and in on at after before when while as if "
                         "monday tuesday wednesday thursday friday saturday sunday january february "
                         "march april may june july august september october november december"))


def repeated_names(body: str) -> frozenset[str]:
    """Single capitalised words used on their own (not inside a longer run) at least twice, inside
    a sentence (after a lower-case word or a comma: a sentence's first word says nothing)."""
    counts = Counter(m.group(1) for m in _SINGLE.finditer(body.replace("’", "'")))
    return frozenset(w for w, n in counts.items() if n >= 2)


def stands_alone(word: str, repeated: frozenset[str]) -> bool:
    """A single word worth proposing as an actor: used alone twice or more, and not a title, a
    common noun of a body, a weekday or a nationality adjective."""
    word = re.sub(r"'s$", "", word.replace("’", "'"))
    return word in repeated and word.lower() not in _NOT_SINGLE_NAMES and word not in DEMONYMS \
        and not word.isdigit()


def split_around(span: Span, taken: set[int]) -> list[Span]:
    """The parts of a capitalised run outside the tokens a known name or description took, without
    the connecting words at their ends ("President Macron of France" -> "President Macron")."""
    if taken.isdisjoint(range(span.start, span.end)):
        return [span]  # the common case: nothing to cut
    pieces: list[Span] = []
    start = span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or i in taken:
            lo, hi = start, i
            while lo < hi and (span.doc[lo].lower_ in _CONNECTORS
                               or span.doc[lo].text in ("'s", "'", "’s")):
                lo += 1
            while hi > lo and (span.doc[hi - 1].lower_ in _CONNECTORS
                               or span.doc[hi - 1].text in ("'s", "'", "’s")):
                hi -= 1
            if hi > lo > span.start and span.doc[lo - 1].text in ("'s", "’s") and \
                    span.doc[hi - 1].lower_ in _BODY_HEADS:  # "Qatar's Ministry of Foreign Affairs"
                lo -= 1
                while lo > span.start and lo - 1 in taken:
                    lo -= 1
            if hi > lo and span.doc[hi - 1].lower_ in _BODY_HEADS and \
                    span.doc[lo].text[:1].isupper():
                # "Israel Defense Forces", "Karabakh Defense Army": the place begins the body's
                # name; "Revolutionary Armed Forces of Colombia": it ends it
                if lo == start:  # right after the place, no word between
                    while lo > span.start and lo - 1 in taken:
                        lo -= 1
                if hi + 1 < span.end and span.doc[hi].lower_ == "of" and hi + 1 in taken:
                    hi += 1
                    while hi < span.end and hi in taken:
                        hi += 1
            if hi > lo and any(t.text[:1].isupper() for t in span.doc[lo:hi]):
                pieces.append(span.doc[lo:hi])
            start = i + 1
    return pieces


class Surnames:
    """The persons named in full so far in an article, by last name; reads each mention once."""

    def __init__(self) -> None:
        self.by_last: dict[str, set[Known]] = {}
        self.read = 0

    def same_person(self, name: str, mentions: list[MentionDraft]) -> Known | None:
        """The person named in full earlier whose last name ``name`` is (one word; "Grundberg"
        after "Hans Grundberg"), when only one such person was named."""
        for m in mentions[self.read:]:
            if m.ref.entity.is_person and _PERSON_NAME.fullmatch(m.ref.name):
                self.by_last.setdefault(m.ref.name.split()[-1], set()).add(m.ref.entity)
        self.read = len(mentions)
        word = re.sub(r"['’]s$", "", name.strip())
        if " " in word or not word[:1].isupper():
            return None
        found = self.by_last.get(word, set())
        return next(iter(found)) if len(found) == 1 else None


_PERSON_NAME = re.compile(r"[A-Z][\w'’.-]+(?:\s+(?:(?:al|el|bin|de|van|von)[\s-])?[A-Z][\w'’.-]+){1,3}")
# Words of a role without a name ("Special Envoy", "Secretary of State").
_ROLE_WORDS = TITLES | PERSON_NOUNS | words("special high deputy principal representative "
                                            "secretary of the for state affairs foreign my our "
                                            # a release's header ("Immediate Release",
                                            # "Press Operations"): no author's name
                                            "release immediate operations news media")


def role_only(name: str) -> bool:
    """A run of capitalised words that is only a role: "Special Envoy", "Secretary of State"."""
    return all(w.lower().strip(".,") in _ROLE_WORDS for w in name.split())


def place_stems(name: str) -> list[str]:
    """The bare names a place named with a cue word may be given later ("Sari Pul province")."""
    parts = name.split()
    if len(parts) >= 2 and parts[-1].lower() in REGION_WORDS | CITY_WORDS | {"governorate",
                                                                             "oblast"}:
        stems = [normalise(" ".join(parts[:-1]))]
        bare = [w for w in parts[:-1] if not _PLACE_MODIFIER.match(w)]
        if bare and len(bare) < len(parts) - 1:  # "Muslim-majority Yala province": Yala
            stems.append(normalise(" ".join(bare)))
        return stems
    return []


# A hyphenated word that qualifies a place without naming it: "Muslim-majority", "rebel-held".
_PLACE_MODIFIER = re.compile(r"^[\w’'.]+-(?:majority|controlled|held|run|ruled|occupied|dominated|"
                             r"populated|speaking)$", re.IGNORECASE)


_HEADLINE_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:al-|el-)?[A-Z][\w'’.-]*)*")


def headline_actors(headline: str, gazetteer: Gazetteer, mentions: Iterable[MentionDraft],
                    body: str = "") -> list[tuple[Ref, int, int]]:
    """Actors the headline names that the body did not: a known actor, or a person after a title
    ("Statement by President Biden"; not "Top Houthi Official Killed": a word the body writes in
    lower case is no name). Places and other words of a headline are not annotated."""
    if not headline:
        return []
    entities = {m.ref.entity.key: m.ref.entity for m in mentions if not m.as_place}
    seen = set(entities) | {normalise(part) for e in entities.values() for part in e.name.split()}
    out: list[tuple[Ref, int, int]] = []
    for m in _HEADLINE_RUN.finditer(headline):
        tokens = m.group(0).split()
        titled = [i for i, t in enumerate(tokens) if t.lower().strip(".:") in TITLES]
        if titled and titled[-1] + 1 < len(tokens):  # "President Biden"
            rest = tokens[titled[-1] + 1:titled[-1] + 4]
            cut = next((i + 1 for i, t in enumerate(rest) if re.search(r"['’]s$|:$", t)), len(rest))
            person = re.sub(r"(?:['’]s|:)$", "", " ".join(rest[:cut]))
            lower = [w for w in person.split() if re.search(rf"\b{re.escape(w.lower())}\b", body)]
            if normalise(person) in seen or any(normalise(w) in seen for w in person.split()) or \
                    len(lower) * 2 > len(person.split()):
                continue  # most of its words written in lower case in the body: no name
                # ("Islamic State Claims Suicide Attack": "suicide", "attack")
            at = headline.find(person, m.start())
            out.append((Ref(person, gazetteer.resolve(person, types=("Person",))), at,
                        at + len(person)))
            organ = title_body(" ".join(tokens[:titled[-1] + 1]), gazetteer)
            if organ is not None and organ.entity.key not in seen:
                # "Statement by Pentagon Press Secretary Peter Cook": the Pentagon too
                at = headline.find(organ.name, m.start())
                out.append((organ, at, at + len(organ.name)))
            continue
        hit = gazetteer.lookup(m.group(0).rstrip(":"))
        if hit is not None and hit.is_actor and hit.known and hit.key not in seen:
            out.append((Ref(m.group(0), hit), m.start(), m.end()))
        elif hit is None and len(tokens) > 1:
            out.extend(_known_inside(headline, m.start(), tokens, gazetteer, seen))
    return out


def _known_inside(headline: str, start: int, tokens: list[str], gazetteer: Gazetteer,
                  seen: set[str]) -> list[tuple[Ref, int, int]]:
    """Known actors inside a title-case run that is no name as a whole ("United States Condemns
    Killing of ..."), the longest first from the left."""
    out: list[tuple[Ref, int, int]] = []
    i, at = 0, start
    while i < len(tokens):
        for n in range(min(4, len(tokens) - i), 0, -1):
            words = " ".join(tokens[i:i + n]).rstrip(":")
            hit = gazetteer.lookup(words)
            if hit is not None and hit.is_actor and hit.known:
                where = headline.find(words, at)
                if hit.key not in seen and where >= 0:
                    out.append((Ref(words, hit), where, where + len(words)))
                    seen.add(hit.key)
                break
        else:
            n = 1
        at = headline.find(tokens[i + n - 1], at) + len(tokens[i + n - 1])
        i += n
    return out


# A press statement's header or signature names its author on a line of its own: "John Kirby" above
# "Spokesperson, Bureau of Public Affairs", or "Matthew Miller, Department Spokesperson" (also in
# capitals). The lines are part of the document (devset README, "Excerpts"), not headings to skip.
_SIGNATURE = re.compile(r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][\w'’-]+){1,2})"
                        r"(?:,\s+(?P<role>[A-Z][\w\s,.'’-]*))?")
_SIGNATURE_ROLES = words("spokesperson spokesman spokeswoman secretary ambassador envoy director "
                         "administrator president")


def signature_person(line: str, next_line: str = "") -> str | None:
    """The author a press statement's header or signature line names ("Matthew Miller, Department
    Spokesperson"; "John Kirby" when the next line is his role), or None."""
    m = _SIGNATURE.fullmatch(line.strip())
    if m is None:
        return None
    role = m.group("role") or (next_line.split(",")[0] if next_line else "")
    if not any(w.lower().strip(".,") in _SIGNATURE_ROLES for w in role.split()):
        return None
    name = m.group("name")
    if any(w.lower().strip(".,") in _ROLE_WORDS for w in name.split()):
        return None  # "Department Spokesperson" alone, "Press Statement"
    return name.title() if name.isupper() else name


# Bodies copy names by metonymy before a title ("Pentagon Press Secretary", "Kremlin spokesman").
_METONYM_BODIES = frozenset(("Pentagon", "Kremlin", "White House", "Elysee", "Élysée"))
# Words inside a title ("Press Secretary", "Deputy Secretary of State"), and the heads of a body's
# name before one ("Defense Ministry Spokesman").
_TITLE_PARTS = words("press deputy assistant senior acting principal of the for")
_BODY_WORDS = words("ministry department office agency command council commission committee "
                    "mission service army police")


def title_body(role: str, gazetteer: Gazetteer) -> Ref | None:
    """The body a person's title names before its title word ("Pentagon Press Secretary",
    "Defense Ministry Spokesman", "UNHCR Spokesman"): an organisation actor (devset rule 446), or
    None ("Regional Gov.", "Israeli Foreign Minister": no body, or a state's adjective)."""
    words = role.split()
    first = len(words)  # the title: the words at the role's end that are title words
    while first > 0 and words[first - 1].lower().strip(".,") in TITLES | PERSON_NOUNS | _TITLE_PARTS:
        first -= 1
    if first == 0 or first == len(words):
        return None
    body = " ".join(words[:first])
    if not all(w[:1].isupper() for w in words[:first]) or body in DEMONYMS or words[0] in DEMONYMS:
        return None
    hit = gazetteer.lookup(body)
    if hit is not None:
        return Ref(body, hit) if hit.is_actor and not hit.is_territory else None
    if body not in _METONYM_BODIES and words[first - 1].lower() not in _BODY_WORDS:
        return None
    return Ref(body, gazetteer.resolve(body, types=("Organisation",)))
