"""The extraction pipeline: spaCy's blank English tokenizer and rule matchers over each sentence.

`Extractor` is built once (the blank pipeline loads in a fraction of a second; a statistical model is
not needed) and drafts any number of articles. Sentences come from `sentences.split_sentences`
(quotation-aware); the gazetteer's names are matched with a PhraseMatcher, and runs of capitalised
words (a regular expression, faster than a token Matcher here) propose names it does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from newskg.extract.agreements import AgreementCollector, mentions_agreement
from newskg.extract.article import ArticleInput
from newskg.extract.clauses import MISSING, load_parser, refine
from newskg.extract.descriptions import armed_group_names, bare_armed_head, described_actors
from newskg.extract.events import EventLog, events_in
from newskg.extract.figures import according_to, figures_in
from newskg.extract.gazetteer import Gazetteer, Known, load_gazetteer, normalise
from newskg.extract.model import Extraction, MentionDraft, Ref, StatementDraft
from newskg.extract.names import (
    Surnames,
    headline_actors,
    place_stems,
    repeated_names,
    role_only,
    signature_person,
    split_around,
    stands_alone,
    title_body,
)
from newskg.extract.patterns import words
from newskg.extract.patterns.places import (
    COUNTRIES,
    COUNTRY_PLACE_BEFORE,
    DEMONYMS,
    MACRO_REGIONS,
)
from newskg.extract.patterns.speakers import DOCUMENT_SPEAKERS, PERSON_NOUNS, TITLES
from newskg.extract.places import countries_of_places, place_around, world
from newskg.extract.sentences import DATELINE, Sentence, split_sentences
from newskg.extract.speaker_names import display_name
from newskg.extract.speakers import (
    SpeakerTracker,
    is_group_description,
    named_after,
    plausible_speaker,
)
from newskg.extract.speech import statements_in
from newskg.project.dates import WEEKDAYS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

# Lines that are not the article's text: captions, credits, links to more coverage.
CAPTION = re.compile(r"(?:photo|image|picture|video|caption|watch|follow|read more|related|"
                     r"\(?reporting by|editing by|additional reporting)\b", re.IGNORECASE)
# Runs of capitalised words: names the gazetteer may not know ("Qatar's Ministry of Foreign Affairs"
# is cut at "of"; the gazetteer's PhraseMatcher covers known multi-part names).
_TITLE_ABBREVIATION = r"(?:Adm|Gen|Lt|Col|Sgt|Capt|Maj|Cmdr|Brig|Gov|Rev|Cpl|Pvt|Sen|Rep)\.(?=\s+[A-Z])"
_PROPER = re.compile(rf"(?:\bU\.[SNK]\.\s+(?=[A-Z][a-z]))?\b(?:{_TITLE_ABBREVIATION}|(?:[ae]l-)?[A-Z][\w'-]*)"
                     r"(?:\s+(?:(?:of|for|the|of the|for the|al|el|bin|de)\s+)?"
                     r"(?:[A-Z]\.(?=\s+(?!(?:The|A|An|In|On|At|He|She|It|They|We|But|This|That)\b)"
                     rf"[A-Z][a-z])|{_TITLE_ABBREVIATION}|(?:[ae]l-)?[A-Z][\w'-]*))*")
# ("U.S. Navy Rear Adm. Heidi Berg", "Gen. Luis Torres": the title's abbreviation stays in the run)
# "Abdul-Malek al-Houthi", "Antony J. Blinken": one run (a middle initial before a name)
_PLACE_BEFORE = words("in into at near from outside across inside towards toward bordering "
                      "borders bordered")  # "a province which borders Venezuela"
# After a name: it is where something is ("Tchoma Bangou is located in the Tillaberi region").
_LOCATED = re.compile(r"\s+(?:is|was|lies|sits)\s+(?:located|situated)\b")
_POSSESSIVE = re.compile(r"'s$")
# Words after a capitalised run that leave it a name ("Hamas had", "Stepanian said").
_NAME_FOLLOWERS = words("said says told added had has have is was were are will would could can "
                        "did does do and or but who which that as in on at of for by with to from "
                        "also")
# A common noun after a name that says what kind of body it names ("the Islamic State group",
# "the Houthi movement"): the name is the body's.
_KIND_FOLLOWERS = words("group groups movement militia organization organisation network faction "
                        "alliance coalition party")
_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:ish|ese|ian|an|i)")
# Members named by their group ("a Taliban commander", "Hamas fighters"): the group acts through
# them, as a state through its adjective (devset rule 14); not "Kurdish fighters", "Afghan officials".
_MEMBER_FOLLOWERS = words("commander commanders fighters militants leader leaders spokesman "
                          "spokesmen official officials members gunmen chief")
_NATIONALITY_ENDING = re.compile(r"(?:ish|ese|ian|ic|en)$")  # (and "Chechen")
_ATTRIBUTABLE = re.compile(r"\(?\s*[Aa]ttributable to\s+([^()]+?)\s*\)?")
_MEMBER_AFTER = re.compile(r"\s+(" + "|".join(sorted(_MEMBER_FOLLOWERS)) + r")\b")
_ARMED_MEMBERS = words("commander commanders fighters militants gunmen")
_PAST_VERB = re.compile(r"[a-z]{3,}ed")
_NOT_NAMES = words("the a an in on at but and after before when while as if this that these "
                   "those there it he she they we i his her its their our according under "
                   "monday tuesday wednesday thursday friday saturday sunday january february "
                   "march april may june july august september october november december "
                   "sept jan feb mar apr jun jul aug sep oct nov dec live story west east north "
                   "south later earlier today tonight yesterday my our your each both every all "
                   "also late early last next overnight meanwhile "  # "Also Sunday, a bomb ..."
                   "almost nearly about around roughly approximately some over "  # "Almost 2 million"
                   "immediately recently separately additionally subsequently currently reportedly "
                   "apparently eventually initially finally previously similarly likewise however")


# A name whose head word is a kind of place is a place wherever it stands ("rockets hit the Green
# Zone", "the road to the Khyber Pass"), not an actor.
_PLACE_HEAD = re.compile(r"\s(?:Zone|Pass|Province|Oblast|District|Valley|Peninsula|Corridor|Strip|"
                         r"Governorate|Prefecture|Line)$|^Line of\s")  # ("the Line of Control")
# Last words of names that are things or buildings, not actors.
_NOT_ACTOR_HEADS = words("prize award hospital airport stadium street road avenue square bridge "
                         "mosque church cathedral synagogue temple day news times post tower hotel "
                         "museum palace hall centre center market mall school declaration "
                         "agreement accord treaty year dome plan initiative convention protocol "
                         "charter commitment war ii")


@dataclass(frozen=True)
class _ArticleNames:
    """What one article's name finding remembers across its sentences. It lives in `extract`'s
    frame, not on the shared `Extractor`: threads (a Dask worker's, `processes=False`) extract
    several articles at once with one `Extractor`."""

    repeated: frozenset[str]  # names the body uses more than once
    surnames: Surnames  # people named in full so far ("Grundberg" after "Hans Grundberg")
    stems: dict[str, Ref]  # a new name's stem -> its first entity
    sides: list[Ref]  # the sides of the conflict as first described ("two military factions")


class Extractor:
    """Drafts facts from articles; build once, call `extract` per article (from any thread: it
    keeps no per-article state on itself)."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, data_dir: Path | None = None,
                 parse: bool = True) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer(data_dir)
        self.nlp: Language = spacy.blank("en")
        self.names = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        names = self.gazetteer.names() + [c.lower() for c in COUNTRIES] + list(world().countries)
        self.names.add("NAME", [self.nlp.make_doc(name) for name in names])
        self.parser = load_parser() if parse else None
        self.parse = parse

    def extract(self, article: ArticleInput) -> Extraction:
        """Every fact the patterns find in ``article``, with evidence and confidence."""
        gazetteer = self.gazetteer.for_article(article.text,
                                               frozenset(armed_group_names(article.body)))
        for m in _ACRONYM_DEFINED.finditer(article.body):  # "Rapid Support Forces (RSF)"
            full, short = m.group(1), m.group(2) or m.group(3)
            if normalise(short) not in gazetteer.by_name:
                gazetteer.by_name[normalise(short)] = gazetteer.resolve(full)
        result = Extraction(article)
        if article.published is None:
            result.warnings.append("no publication date: relative dates are left unresolved "
                                   "(pass --published YYYY-MM-DD)")
        tracker = SpeakerTracker(gazetteer)
        seen = _ArticleNames(repeated_names(article.body), Surnames(), {}, [])
        agreement = AgreementCollector(
            article.published, resolve=lambda words: _party_ref(words, gazetteer))
        events = EventLog()
        kept: set[tuple[str, str]] = set()
        lines = split_sentences(article.text, article.body_start)
        sentences = [s for s in lines if not s.heading and not CAPTION.match(s.text)
                     and (s.text != article.headline or not article.titled)]
        if not article.titled:
            result.warnings.append("no headline line: the text starts with a sentence, which "
                                   "stands for the headline and is drafted too (a headline is "
                                   "line 1, without a full stop, before the text)")
        lead = sentences[0].paragraph if sentences else None
        if not sentences:
            result.warnings.append("no text after the headline: line 1 of an article is its "
                                   "headline, the text starts on the next line")
        previous = ""
        for sentence in sentences:
            if _credited(sentence, gazetteer, result):
                continue  # a credit line: its agencies, nothing else (devset rule 115)
            if _CONTRIBUTOR.match(sentence.text):
                continue  # "VOA correspondent Carla Babb contributed to this report." (rule 216)
            doc = self.nlp.make_doc(sentence.text.replace("’", "'"))
            actors, places = self._names(doc, sentence, gazetteer, result, seen)
            tracker.note_titles(sentence.text)
            gazetteer.seen.extend(ref.entity for _, ref in actors)
            statements = statements_in(sentence, tracker, article.published)
            tracker.note_subject(sentence.text, actors, bool(statements))
            _keep_new(result.statements, statements, kept)
            figures = figures_in(sentence, statements, result.figures, previous=previous,
                                 lead=lead, parse=self.parser)
            previous = sentence.text
            source = according_to(sentence.text)
            for figure in figures:
                if figure.reported_by is None and source:
                    ref = Ref(source, gazetteer.resolve(source))
                    figure = type(figure)(**{**figure.__dict__, "reported_by": ref})
                result.figures.append(figure)
            events_in(sentence, article.published, places, events)
            speakers = [(_speaker_at(sentence.text, s), s.speaker) for s in statements
                        if not is_group_description(s.speaker.name)]
            agreement.add(sentence, sorted(speakers + actors, key=lambda a: a[0]),
                          list(places.values()))
        renamed = named_after(result.statements)  # "the governor said", then "governor X said"
        if renamed:
            result.statements = [replace(s, speaker=renamed.get(s.speaker, s.speaker))
                                 for s in result.statements]
            result.figures = [replace(f, reported_by=renamed.get(f.reported_by, f.reported_by))
                              if f.reported_by is not None else f for f in result.figures]
        if self.parser is not None:
            result.statements = refine(result.statements, self.parser,
                                       lambda phrase: _speaker_ref(phrase, tracker))
        elif self.parse:
            result.warnings.append(MISSING)
        self._signatures(article, lines, gazetteer, result)
        _refer_bare_armed_heads(result, gazetteer)
        at = article.text.find(article.headline) if article.headline else -1
        for ref, start, end in headline_actors(article.headline if article.titled else "",
                                               gazetteer, result.mentions, article.body):
            head = Sentence(article.headline, at, at + len(article.headline), 0, heading=True)
            result.mentions.append(MentionDraft(ref, head, start, end))
        _places_not_actors(result, seen.stems)
        result.events = events.events
        result.agreements.extend(agreement.results())
        result.proposed = dict(gazetteer.proposed)
        return result

    @staticmethod
    def _signatures(article: ArticleInput, lines: list[Sentence], gazetteer: Gazetteer,
                    result: Extraction) -> None:
        """The author of a press statement, named on a header or signature line of its own
        ("Matthew Miller, Department Spokesperson"; "(Attributable to Pentagon Press Secretary
        John Kirby)", devset rule 488: the signer and the body of the title)."""
        for i, line in enumerate(lines):  # (none: an article of its headline alone)
            after = lines[i + 1] if i + 1 < len(lines) else None
            attributed = _ATTRIBUTABLE.fullmatch(line.text.strip())
            if (not line.heading and attributed is None) or (
                    article.titled and line.text == article.headline):
                continue
            if attributed is None:
                name = signature_person(line.text, after.text if after is not None else "")
            else:
                name, role = display_name(attributed.group(1))
                body = title_body(role, gazetteer) if role else None
                if body is not None:
                    at = line.text.find(body.name)
                    result.mentions.append(MentionDraft(body, line, at, at + len(body.name)))
                if not role or len(name.split()) < 2:
                    continue
            if name is None:
                continue
            entity = gazetteer.lookup(name) or gazetteer.resolve(name, types=("Person",))
            at = line.text.upper().find(name.upper())
            result.mentions.append(MentionDraft(Ref(line.text[at:at + len(name)], entity), line,
                                                at, at + len(name)))

    def _dateline_places(self, sentence: Sentence, end: int, gazetteer: Gazetteer,
                         result: Extraction) -> None:
        """Record the places of a dateline as place mentions (news agencies left out)."""
        for name in _dateline_place_names(sentence.text[:end]):
            hit = gazetteer.lookup(name)
            if hit is not None and not (hit.is_territory or "State" in hit.types):
                continue  # "Reuters", "AFP"
            entity = hit if hit is not None and hit.is_territory else gazetteer.resolve(
                name, territory=True)
            if not entity.is_territory:
                continue
            at = sentence.text.upper().find(name.upper())
            surface = sentence.text[at:at + len(name)]  # as written ("MOSCOW"), for the evidence
            result.mentions.append(MentionDraft(Ref(surface, entity), sentence, at,
                                                at + len(name), as_place=True))

    @staticmethod
    def _countries_of_places(sentence: Sentence, gazetteer: Gazetteer, result: Extraction
                             ) -> set[int]:
        """"the Nigerian state of Kaduna": Nigeria is a place named (the one Kaduna lies in).
        Returns where the countries named by name start ("Mozambique's northern town of ...")."""
        held: set[int] = set()
        for start, end, country in countries_of_places(sentence.text):
            hit = gazetteer.lookup(country)
            entity = hit if hit is not None and hit.is_territory else gazetteer.resolve(
                country, territory=True)
            if entity.is_territory:
                result.mentions.append(MentionDraft(Ref(sentence.text[start:end], entity),
                                                    sentence, start, end, as_place=True))
                if sentence.text.startswith(country, start):
                    held.add(start)
        return held

    def _names(self, doc: Doc, sentence: Sentence, gazetteer: Gazetteer, result: Extraction,
               seen: _ArticleNames) -> tuple[list[tuple[int, Ref]], dict[str, Ref]]:
        """Actors (with offsets) and places named in a sentence; mentions are recorded."""
        from spacy.util import filter_spans

        spans = [named for _, a, b in self.names(doc)
                 if not (named := doc[a:b]).text.islower()  # "us" is not the US
                 and not (gazetteer.hidden and normalise(named.text) in gazetteer.hidden)]
        known = filter_spans(spans)
        taken = {i for span in known for i in range(span.start, span.end)}
        known_at = {(span.start, span.end) for span in known}
        flat = sentence.text.replace("’", "'")  # the doc's text (Doc.text is rebuilt per call)
        dateline = DATELINE.match(sentence.text)
        skip_to = dateline.end() if dateline and sentence.paragraph <= 2 else 0
        actors: list[tuple[int, Ref]] = []
        places: dict[str, Ref] = {}
        for d in described_actors(flat):  # "Somali security forces", "a Russian missile"
            span = doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None or d.start < skip_to or (
                    not d.place_inside and taken.intersection(range(span.start, span.end))):
                continue
            taken.update(range(span.start, span.end))
            if d.sides:  # devset rule 13: the sides an agreement binds, as the text describes them
                if seen.sides or not mentions_agreement(flat):
                    continue  # a later "the two sides" is the same sides; no agreement, no actor
                seen.sides.append(Ref(sentence.text[d.start:d.end], gazetteer.resolve(
                    d.name, types=d.types)))
                actors.append((d.start, seen.sides[0]))
                result.mentions.append(MentionDraft(seen.sides[0], sentence, d.start, d.end))
                continue
            if d.role is not None:  # "the Armenian leader": a person named before, or nobody
                recent = reversed(gazetteer.seen)
                person = gazetteer.described(d.state or "", d.role, recent)
                if person is not None:
                    ref = Ref(sentence.text[d.start:d.end], person)
                    actors.append((d.start, ref))
                    result.mentions.append(MentionDraft(ref, sentence, d.start, d.end))
                continue
            if not d.implied:
                hit = gazetteer.lookup(d.state or d.name) or _national_body(d.name, gazetteer) or (
                    None if d.state else gazetteer.similar(d.name, d.types))
                entity = hit if hit is not None and hit.is_actor else gazetteer.resolve(
                    d.state or d.name, types=d.types)
                ref = Ref(sentence.text[d.start:d.end], entity)
                actors.append((d.start, ref))
                result.mentions.append(MentionDraft(ref, sentence, d.start, d.end))
            if d.principal is not None:  # "the Pakistani military says": Pakistan acts through it
                sovereign = world().country(d.principal) is not None
                principal = gazetteer.lookup(d.principal) or gazetteer.resolve(
                    d.principal, types=("State", "Country") if sovereign else ("Organisation",))
                # (named by its adjective or short form; the evidence is the whole phrase, which
                # says where: the adjective alone recurs all over an article)
                end = d.end if d.implied else d.start + len(d.name.split()[0].split("-")[0])
                ref = Ref(sentence.text[d.start:end], principal)
                if d.implied:
                    actors.append((d.start, ref))
                result.mentions.append(MentionDraft(ref, sentence, d.start, d.end))
        proper = [piece for m in _PROPER.finditer(flat)
                  if (span := doc.char_span(m.start(), m.end(), alignment_mode="expand"))
                  is not None for piece in split_around(span, taken)]
        if skip_to:
            self._dateline_places(sentence, skip_to, gazetteer, result)
        held = self._countries_of_places(sentence, gazetteer, result)
        for span in sorted([*known, *proper], key=lambda s: s.start):
            if span.start_char in held:
                continue  # "Mozambique's northern town of Palma": the country is where it lies
            is_known = (span.start, span.end) in known_at
            if not is_known:  # "In Stepanian's words" -> "Stepanian's words"
                start = span.start
                while start < span.end and (doc[start].lower_.strip("'s") in _NOT_NAMES or
                                            _counting(doc, start)):
                    start += 1  # "Twenty-nine Israelis" -> "Israelis"
                stop = span.end
                while stop > start and doc[stop - 1].lower_ in _WEEKDAY_WORDS:
                    stop -= 1  # "near Kunduz City Airport Tuesday": the day is no part of it
                if start == stop:
                    continue
                span = doc[start:stop]
            name = sentence.text[span.start_char:span.end_char]
            words = normalise(name).split()
            if not words or (len(words) == 1 and _POSSESSIVE.sub("", words[0]) in _NOT_NAMES):
                continue
            start, end = span.start_char, span.end_char
            cue = place_around(sentence.text, start, end)
            directional = cue is not None and cue.start < start and bool(world().country(name))
            if directional:
                cue = None  # "southern Ukraine" names Ukraine, a place
            if cue is not None and _demonym_before_noun(doc, span):
                continue  # "the central Somali town of ...": an adjective, not a place
            if cue is not None:  # "the Kherson region", "northern Gaza": the name takes the word
                start, end = cue.start, cue.end
                name = sentence.text[start:end]
            ruled = _RULED_BY.match(name)
            if ruled:  # "Hamas-ruled Gaza" is Gaza
                start += ruled.end()
                name = name[ruled.end():]
            stem = seen.stems.get(normalise(name)) if cue is None and not is_known else None
            if stem is not None:  # "Sari Pul" after "Sari Pul province": the same place
                result.mentions.append(MentionDraft(stem, sentence, start, end, as_place=True))
                places[name] = stem
                continue
            locative = _after_place_word(doc, span.start) or bool(
                _LOCATED.match(sentence.text, end)) or (
                bool(world().country(name)) and bool(_BORDER_AFTER.match(sentence.text, end))) or \
                sentence.text.startswith("-based", end)  # "the Nigeria-based group": where
            if not (is_known or locative or directional or cue is not None):
                earlier = seen.surnames.same_person(name, result.mentions)
                if earlier is not None:  # "Santos wrote" after "Juan Manuel Santos": not the city
                    ref = Ref(name, earlier)
                    if start >= skip_to:
                        actors.append((start, ref))
                    result.mentions.append(MentionDraft(ref, sentence, start, end))
                    continue
            worldly = _world_place(name, locative) and not (
                is_known and (found := gazetteer.lookup(name)) is not None
                and not found.is_territory)  # "Hamas" is a group, whatever a gazetteer says
            if locative and not worldly and not is_known and _POSSESSIVE_AFTER.match(
                    sentence.text, end):  # "In Stepanian's words": a person's
                locative = False
            place = (locative or directional or cue is not None or (
                worldly and _world_place_context(sentence.text, start, end)) or (
                not is_known and _PLACE_HEAD.search(name) is not None)) and not (
                cue is None and not is_known and _institution(name)) and not (
                not is_known and _never_a_place(name)) and not (
                not is_known and _titled_person(span)) and not (  # "from President ... Aristide"
                not is_known and cue is None and _MEMBER_AFTER.match(sentence.text, end))
            # ("from Islamic State militants": the militants are where they come from)
            hit = (gazetteer.lookup_place(name) if place else None) or next(
                (k for stem in place_stems(name) if cue is not None
                 and (k := gazetteer.lookup_place(stem)) is not None), None) or (
                gazetteer.lookup(name) if is_known else None)
            if hit is not None:  # a name data/entities.yaml knows: its own types decide
                entity, as_place = hit, place and hit.is_territory
            else:
                if start < skip_to or _in_brackets(sentence.text, start) or (
                        cue is None and not (worldly and (place or world().capital_of(name)))
                        and not is_known
                        and not _looks_like_new_name(doc, span, sentence, skip_to, place,
                                                     seen.repeated)) or (
                        not place and role_only(name)) or (
                        not is_known and (_described_polity(name) or _no_name(name))):
                    # ("Special Envoy": a role; "an Islamic state"; "Eid al-Adha")
                    continue
                titled: tuple[str, ...] | None = None
                member = _MEMBER_AFTER.match(sentence.text, end) if not place else None
                if member is not None:  # "Boko Haram's chief", "a Taliban commander": the group
                    name = _POSSESSIVE.sub("", name.replace("’", "'"))
                    end = start + len(name)
                    titled = ("ArmedGroup",) if member.group(1).lower() in _ARMED_MEMBERS \
                        else ("Organisation",)
                elif not place and not is_known:  # "Regional Gov. Ihor Bondar" -> Ihor Bondar
                    bare, role = display_name(name)
                    if role and bare != name and bare in name:
                        body = title_body(role, gazetteer) if name.startswith(role) else None
                        if body is not None and start >= skip_to:  # "Pentagon Press Secretary
                            actors.append((start, body))          # John Kirby": the Pentagon
                            result.mentions.append(MentionDraft(body, sentence, start,
                                                                start + len(body.name)))
                        start += name.index(bare)
                        name = bare
                        if role.split()[-1].lower().strip(".") in TITLES | PERSON_NOUNS:
                            titled = ("Person",)  # "President Macron": a person
                country = None if place else world().capital_of(name)
                earlier = None if place else seen.surnames.same_person(name, result.mentions)
                if earlier is not None:  # "Grundberg" after "Hans Grundberg"
                    entity = earlier
                elif country is not None:  # "Washington threatened sanctions": the state acts
                    entity = gazetteer.lookup(country) or gazetteer.resolve(country)
                else:  # "DR Congo" is the Democratic Republic of the Congo
                    canonical = world().country(name)
                    state = gazetteer.lookup(canonical) if canonical else None
                    typed = (cue.type,) if place and cue is not None else titled  # "the
                    # villages of Kerawa, ... and Unguwar Barau": the cue says City (rule 15)
                    entity = state or gazetteer.resolve(canonical or name, territory=place,
                                                        types=None if canonical else typed)
                as_place = place
            ref = Ref(name, entity)
            if as_place and entity.is_territory:
                places[name] = ref
                places["the " + name] = ref
                for stem_name in place_stems(name):
                    seen.stems.setdefault(stem_name, ref)
                if not entity.is_actor:  # "Saada is the key stronghold": still the place
                    seen.stems.setdefault(normalise(name), ref)
            elif start >= skip_to and entity.is_actor:
                actors.append((start, ref))
            result.mentions.append(MentionDraft(ref, sentence, start, end, as_place=as_place))
        return actors, places


# Place types a cue word gives ("the port of X": City; "X province": Region), not the bare
# "Territory" a preposition alone suggests ("Guerrillas from the Free Valley Movement").
_SPECIFIC_PLACE = frozenset(("City", "Region", "Country"))


def _places_not_actors(result: Extraction, stems: dict[str, Ref]) -> None:
    """A new name the article also gives as a place ("an offensive on Hodeidah", then "the port of
    Hodeidah"; "Pattani, Narathiwat and Yala" after "the Yala province") is that place wherever
    it was taken for an actor; names data/entities.yaml knows keep their own types."""
    places = {m.ref.entity.key: m.ref for m in result.mentions
              if m.as_place and set(m.ref.entity.types) & _SPECIFIC_PLACE
              and not _institution(m.ref.entity.name)}
    for i, m in enumerate(result.mentions):
        entity = m.ref.entity
        if m.as_place or getattr(entity, "known", True) or "State" in entity.types or \
                world().country(m.ref.name):
            continue  # a state acts and is a place ("Chad said", "in Chad")
        place = places.get(entity.key) or stems.get(normalise(m.ref.name))
        if place is not None and ("State" in place.entity.types or _institution(m.ref.name)
                                  or _institution(place.entity.name) or "'s " in m.ref.name):
            continue  # "Lebanon's civil defense", "Burma military": a body of the place
        if place is not None:
            result.mentions[i] = MentionDraft(Ref(m.ref.name, place.entity), m.evidence, m.start,
                                              m.end, as_place=True)


_DATELINE_PART = re.compile(r"[A-Z][A-Za-z'-]+(?:\s+(?:[a-z]{1,3}-)?[A-Z][A-Za-z'-]+)*")


_WEEKDAY_WORDS = frozenset(WEEKDAYS)
# Head nouns of bodies: a name headed by one is no place, whatever preposition comes before it
# ("teams from the International Committee of the Red Cross").
_BODY_HEADS = words("committee council commission agency organization organisation ministry fund "
                    "programme program bank court society federation association cross crescent "
                    "party movement army police forces office service union")


def _no_name(name: str) -> bool:
    """Capitalised words that name no actor and no place: a holiday ("Eid al-Adha"), a direction
    from a place ("South of Sidon"), a word cut at its hyphen ("Nargorno-")."""
    first = name.split()[0] if name.split() else ""
    return first in _HOLIDAYS or name.endswith("-") or bool(_DIRECTION_OF.match(name))


_HOLIDAYS = frozenset(("Eid", "Ramadan", "Christmas", "Easter", "Passover", "Hanukkah", "Nowruz",
                       "Diwali", "Yom", "Rosh", "Ashura", "Tet"))
_DIRECTION_OF = re.compile(r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest)"
                           r"(?:ern)?\s+of\s")


def _never_a_place(name: str) -> bool:
    """A name that no place has: a nationality or language ("written in Russian"), an acronym
    ("UNIFIL's headquarters"), a document ("the Jeddah Declaration", "the Libyan Political
    Agreement"), a polity described ("an Islamic state", "an English-speaking state")."""
    bare = _POSSESSIVE.sub("", name)
    words_ = bare.split()
    return bare in DEMONYMS or (len(bare) >= 4 and bare.isupper() and bare.isalpha()) or (
        bool(words_) and words_[-1].lower() in _DOCUMENT_HEADS) or _described_polity(bare)


def _described_polity(name: str) -> bool:
    """"an Islamic state", "an English-speaking state": a kind of polity, neither place nor actor."""
    words_ = name.split()
    return len(words_) == 2 and words_[1] in ("state", "region") and (
        words_[0].endswith(("ic", "-speaking")) or words_[0] in DEMONYMS)


_DOCUMENT_HEADS = words("declaration agreement accord accords treaty plan convention protocol "
                        "charter resolution initiative")


def _institution(name: str) -> bool:
    head = re.split(r"\s+(?:of|for)\s+", name)[0].split()
    return bool(head) and head[-1].lower() in _BODY_HEADS


def _counting(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a number word or the hyphen inside one ("Twenty-nine"): a count
    before a name, never part of it."""
    token = doc[i]
    return bool(token.like_num) or (token.text == "-" and 0 < i < len(doc) - 1
                                    and doc[i - 1].like_num and doc[i + 1].like_num)


def _dateline_place_names(text: str) -> list[str]:
    """The place names of a dateline ("MOSCOW, Sept 20 (Reuters) -", "AFP – Doha, Qatar:")."""
    names = []
    for m in _DATELINE_PART.finditer(text):
        word = m.group(0)
        if normalise(word).split()[0] in _NOT_NAMES or _in_brackets(text, m.start()):
            continue
        names.append(word.title() if word.isupper() and len(word) > 3 else word)
    return names


def _national_body(name: str, gazetteer: Gazetteer) -> Known | None:
    """The known government a nation's "authorities" are ("Armenian authorities" -> the entity
    named or aliased "Armenian government")."""
    words = name.split()
    if len(words) == 2 and words[0] in DEMONYMS and words[1] in ("authorities", "government"):
        return gazetteer.lookup(f"{words[0]} government")
    return None


def _demonym_before_noun(doc: Doc, span: Span) -> bool:
    """A nationality adjective before a common noun ("Somali town")."""
    following = doc[span.end] if span.end < len(doc) else None
    return span.text in DEMONYMS and following is not None and following.text[:1].islower()


def _speaker_at(text: str, statement: StatementDraft) -> int:
    """Where the statement's speaker is named in its sentence ("Norway welcomed ..." -> 0), so that
    what follows the name tells its part; the words' start when the name is not there as written."""
    at = text.find(statement.speaker.name)
    return at if at >= 0 else statement.start


def _refer_bare_armed_heads(result: Extraction, gazetteer: Gazetteer) -> None:
    """"the militants", "Gunmen" are the armed group the article names, before or after them ("the
    militants used small arms" ... "the militant group al-Shabab"): no actor of their own then."""
    bare = [m for m in result.mentions if not m.as_place and bare_armed_head(m.ref.name)]
    named = [m.ref.entity for m in result.mentions
             if not m.as_place and not bare_armed_head(m.ref.name)]
    named += [k for k in gazetteer.proposed.values() if not bare_armed_head(k.name)]
    if bare and any("ArmedGroup" in k.types for k in named):
        result.mentions = [m for m in result.mentions if m not in bare]


def _after_place_word(doc: Doc, start: int) -> bool:
    """True after "in", "into", "near" ... (also "in the"), after "north of", "the areas of", and
    for every name of a list that follows one ("in Es Sidra and Ras Lanouf", "in the areas of Sirba,
    Sileah and Abu Suruj")."""
    at = _list_start(doc, start)
    before = doc[at - 1].lower_ if at > 0 else ""
    if before in _NEIGHBOURING and at > 1:  # "in neighboring Afghanistan"
        at -= 1
        before = doc[at - 1].lower_
    if before == "the" and at > 1:
        before = doc[at - 2].lower_
    if before == "of" and at > 1:
        return doc[at - 2].lower_ in _PLACE_BEFORE_OF
    if before == "from" and _ENVOYS_FROM.search(doc.text, max(0, doc[at].idx - 40), doc[at].idx):
        return False  # "envoys from the United States": the state acts
    if before == "for" and at > 1 and doc[at - 2].lower_ in ("bound", "headed", "heading"):
        return True  # "a flight bound for Oman": where it goes
    return before in _PLACE_BEFORE


_NEIGHBOURING = words("neighboring neighbouring nearby war-torn restive")
# A name before "border" (or in a pair before it: "the Syria-Turkey border", "the Mali-Niger
# border") is where the border runs: a place, not an actor.
_BORDER_AFTER = re.compile(r"(?:[-–][A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)?\s+(?:border|frontier)\b")
# "of" names a place after a direction or an area: "north of El Geneina", "the areas of Sirba".
_PLACE_BEFORE_OF = words("north south east west northeast northwest southeast southwest "
                         "outskirts outside areas area vicinity")


def _list_goes_on(doc: Doc, at: int) -> bool:
    """True when the name at ``doc[at]`` is followed by the rest of a list that ends with "and" or
    "or" ("Sileah and Abu Suruj", "Sirba, Sileah and ..."); not an aside ("in Colombo, Davide
    Vignati, told VOA")."""
    while at < len(doc):
        while at < len(doc) and doc[at].text[:1].isupper():
            at += 1
        if at < len(doc) and doc[at].lower_ in ("and", "or"):
            return True
        if at + 1 < len(doc) and doc[at].text == "," and doc[at + 1].lower_ in ("and", "or"):
            return True
        if not (at + 1 < len(doc) and doc[at].text == "," and doc[at + 1].text[:1].isupper()):
            return False
        at += 1
    return False


def _list_start(doc: Doc, start: int) -> int:
    """Where the list of capitalised names that ``doc[start]`` ends starts: a name after "and" or
    "or", or after a comma when "and"/"or" or another comma follows it, continues the list."""
    at = start
    if at < 2 or doc[at - 1].lower_ not in (",", "and", "or"):
        return at  # most names: no list before them
    middle = doc[at - 1].text != "," or _list_goes_on(doc, start)
    while at > 1 and (doc[at - 1].lower_ in ("and", "or") or (doc[at - 1].text == "," and middle)):
        previous = at - 2
        if previous >= 0 and doc[previous].text == "," and doc[at - 1].lower_ in ("and", "or"):
            previous -= 1  # "Sirba, Sileah, and Abu Suruj"
        if previous < 0 or not doc[previous].text[:1].isupper():
            break
        while previous > 0 and doc[previous - 1].text[:1].isupper():
            previous -= 1
        at = previous
        middle = True
    return at


# A name and its acronym given beside it: in brackets, or between dashes ("the outlawed Kurdistan
# Workers Party - the PKK - say"), where the acronym need not be the name's initials.
_ACRONYM_DEFINED = re.compile(r"((?:\bU\.[SNK]\.\s+)?\b[A-Z][\w'’-]+(?:\s+(?:of\s+|for\s+|the\s+|and\s+)*"
                              r"[A-Z][\w'’-]+)+)"
                              r"(?:\s+\(([A-Z]{2,8})\)|\s+[-–—]\s+(?:the\s+)?([A-Z]{2,8})\s+[-–—])")
_LOWER_BEFORE_NAME = re.compile(r"^(?:the\s+)?(?:[a-z][\w-]*\s+)+(?=[A-Z])")


def _party_ref(words: str, gazetteer: Gazetteer) -> Ref:
    """The actor an agreement's party phrase names: "the paramilitary Rapid Support Forces" is the
    Rapid Support Forces; "Sudan's army" stays as written."""
    name = _LOWER_BEFORE_NAME.sub("", words)
    return Ref(name, gazetteer.resolve(name))


def _world_place(name: str, locative: bool = True) -> bool:
    """A country, or a city the world gazetteer knows ("Omdurman"); after "in", "at" ... also by an
    alternate name of the city."""
    gazetteer = world()
    return name in MACRO_REGIONS or gazetteer.country(name) is not None or (
        gazetteer.is_city(name) if locative else gazetteer.is_city_name(name))


# Those a state sends: "envoys from X" names X acting, not a place.
_ENVOYS = words("envoy envoys official officials representative representatives delegation "
                "delegations delegate delegates diplomat diplomats mediator mediators monitors "
                "observers peacekeepers")
_ENVOYS_FROM = re.compile(r"\b(?:" + "|".join(sorted(_ENVOYS)) + r")\s+from\s+(?:the\s+)?$",
                          re.IGNORECASE)
# A list of names before a name ("such as Chad, Egypt and South Sudan"): skipped to find the
# preposition that governs the whole list.
_LIST_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*(?:,\s*(?:and\s+|or\s+)?|"
                          r"\s+and\s+|\s+or\s+))+$")
_ACTING_AFTER = re.compile(r"['’]s\b|(?:\s+and\s+[A-Z][\w'’-]+)?\s+(?:said|says|told|added|had|has|"
                           r"have|is|was|were|are|will|would|could|can|did|does|do|also|claimed|"
                           r"accused|warned|[a-z]+ed)\b")  # "Belgrade and Pristina committed"


def _world_place_context(text: str, start: int, end: int) -> bool:
    """A country or known city named as a place: after a place preposition ("the border with Chad"),
    in a list governed by one, or bare but not acting ("Moscow said" is the government speaking)."""
    trimmed = _LIST_BEFORE.sub("", text[max(0, start - 160):start])
    last = trimmed.split()[-2:]
    is_country = world().country(text[start:end]) is not None
    if len(last) == 2 and last[-1].lower() == "of" and last[0].lower() in _STATE_BODIES:
        return False  # "the Governments of Saudi Arabia and Oman": the states act
    if _ENVOYS_FROM.search(trimmed):
        return False  # "envoys from the United States, Canada and Caricom": the states act
    if last and last[-1].lower() in _MOVEMENT_VERBS:
        return True  # "forced to flee Sudan"
    if _POSSESSIVE_AFTER.match(text, end):  # "Ukraine's Interior Ministry" acts, Ukraine is named
        return is_country and _BODY_AFTER.match(text, end) is not None  # "Baku's control": acts
    if last and not is_country and last[-1].lower() == "including":
        return True  # "several towns, including Alamata and Korem"
    if last and last[-1].lower() == "with" and not (len(last) == 2 and last[0].lower() in
                                                     _BORDER_WORDS):
        return False  # "undertaken with Egypt": Egypt acts; "the border with Chad" is a place
    if last and (last[-1].lower() in COUNTRY_PLACE_BEFORE or " ".join(last).lower() == "such as"
                 or (last[-1].lower() == "the" and len(last) == 2
                     and last[0].lower() in COUNTRY_PLACE_BEFORE)):
        return True
    if world().country(text[start:end]) is not None:
        return False  # a country outside a place context is an actor (and a territory anyway)
    # A bare name: only a major city's own name, not acting and not opening the sentence.
    return world().is_major_city(text[start:end]) and _ACTING_AFTER.match(text, end) is None \
        and start > 0 and not text[end:end + 2].startswith(" “")


def _looks_like_new_name(doc: Doc, span: Span, sentence: Sentence, skip_to: int,
                         place: bool, repeated: frozenset[str] = frozenset()) -> bool:
    """A run of capitals worth proposing as a new entity: not a modifier ("Separatist Armenian
    forces"), not in a dateline or a bracketed credit, and two words or more unless a place."""
    if span.start_char < skip_to or _in_brackets(sentence.text, span.start_char):
        return False
    following = doc[span.end] if span.end < len(doc) else None
    if _titled_person(span):
        return True  # "President Gjorge Ivanov cut short a visit": a person, whatever follows
    if following is not None and following.text[:1].islower() and \
            following.lower_ not in _NAME_FOLLOWERS and not (
                following.lower_ in _KIND_FOLLOWERS and not _ADJECTIVE.fullmatch(span.text)) \
            and not (following.lower_ in _MEMBER_FOLLOWERS and span.text not in DEMONYMS
                     and span[-1].text not in DEMONYMS
                     and not _NATIONALITY_ENDING.search(span.text)) \
            and not (len(span) >= 2 and _PAST_VERB.fullmatch(following.lower_)
                     and span[0].text not in DEMONYMS):
        # "Separatist Armenian forces"; but "the Islamic State group" (not "Kurdish group") and
        # "Khalifa Haftar agreed to ..." (a verb after a name of two words or more)
        return False
    if doc[span.end - 1].lower_ in _NOT_ACTOR_HEADS and not place:
        return False  # "Nobel Peace Prize", "Al-Aqsa Martyrs Hospital": not actors
    if len(span) == 1 and _ACRONYM_NAME.fullmatch(span.text) and \
            span.text.lower() not in _NOT_ACRONYM_ACTORS:
        return True  # "ASEAN", "IGAD", "M23": an organisation's acronym
    if len(span) >= 2 and all(t.text.isupper() for t in span if t.is_alpha) and \
            any(t.lower_ in _CAPITALS_NOTE_WORDS for t in span):
        return False  # an editor's note in capitals ("UPDATED WITH NEW DEATH TOLL"), no name
    return len(span) >= 2 or place or stands_alone(span.text, repeated)


def _titled_person(span: Span) -> bool:
    """A title, then a person's name of two capitalised words or more: "Prime Minister Mustafa
    al-Kadhimi", "Israeli Foreign Minister Gabi Ashkenazi" (a nationality before the title)."""
    if span[0].lower_ not in TITLES and (len(span) < 2 or span[1].lower_ not in TITLES):
        return False  # (most names: no title in their first two words)
    words = [t.text for t in span if t.is_alpha or t.text in ("-", "'")]
    first = 1 if words and words[0] in DEMONYMS else 0
    titles = 0
    while first + titles < len(words) and words[first + titles].lower() in TITLES:
        titles += 1
    named = [w for w in words[first + titles:] if w not in ("-", "'")]
    return titles > 0 and len(named) >= 2 and named[-1][:1].isupper() and \
        all(w[:1].isupper() or w.lower() in ("al", "el", "bin", "ibn", "de", "van", "von")
            for w in named)


# Words of an editor's note or a heading set in capitals, which no name in capitals holds.
_CAPITALS_NOTE_WORDS = words("updated update with new editor's editors note corrects corrected "
                             "correction adds added breaking watch live video photos")


_RULED_BY = re.compile(r"[\w'’]+-(?:ruled|held|controlled|occupied)\s+")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_BODY_AFTER = re.compile(r"['’]s\s+(?:[A-Z][\w-]*\s+)*(?:Ministry|Ministry of [A-Z]\w+|Army|Armed Forces|"
                         r"Foreign Ministry|Defen[cs]e Ministry|Interior Ministry|Government|"
                         r"Parliament|Embassy)\b")
_BORDER_WORDS = words("border borders frontier boundary")
_STATE_BODIES = words("government governments president people leaders king authorities")
_MOVEMENT_VERBS = words("flee fled fleeing left leave leaving enter entered entering reach reached "
                        "return returned returning cross crossed")
_ACRONYM_NAME = re.compile(r"[A-Z][A-Z0-9]{2,6}")
# An in-text credit line (devset rule 115): "Some information for this report was provided by AP,
# AFP and Reuters." Its agencies are actors; nothing else is drafted from it.
_CREDIT = re.compile(r"(?:Some |Additional |More )?(?:information|material|reporting|details)\s+"
                     r"(?:for|in|of)\s+this\s+(?:report|story|article)\s+(?:was\s+|were\s+)?"
                     r"(?:provided\s+by|came\s+from|comes\s+from|contributed\s+by|from)\s+"
                     r"(?P<who>[A-Z][^.;:]*?)\.?\s*$")
# A contributor line: the reporters who helped write the piece are no actors (devset rule 216).
_CONTRIBUTOR = re.compile(r"[^.;:\"“]{3,120}\s+(?:contributed|contributes)\s+(?:reporting\s+)?to\s+"
                          r"this\s+(?:report|story|article)\.?\s*$")
_CREDIT_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _credited(sentence: Sentence, gazetteer: Gazetteer, result: Extraction) -> bool:
    """The agencies of an in-text credit line, as organisation actors: False for any other line."""
    m = _CREDIT.match(sentence.text)
    if m is None:
        return False
    at = m.start("who")
    for name in _CREDIT_SPLIT.split(m.group("who")):
        start = sentence.text.find(name, at)
        if not name or start < 0 or not name[:1].isupper():
            continue
        at = start + len(name)
        entity = gazetteer.lookup(name) or gazetteer.resolve(name, types=("Organisation",))
        result.mentions.append(MentionDraft(Ref(name, entity), sentence, start, at, credited=True))
    return True


# Acronyms that are wire agencies, broadcasters, time zones or other things than actors.
_NOT_ACRONYM_ACTORS = words("afp upi dpa ansa efe bbc cnn gmt utc est cet pst edt bst cest "
                            # a broadcast script's labels ("INTRO:", "TEXT:", "ACT", "TAPE")
                            "intro text act tape narrator soundbite sot nats opt")


def _in_brackets(text: str, at: int) -> bool:
    lo = max(0, at - BRACKET_REACH)  # a bracketed credit is short; a longer look is quadratic
    opened = max(text.rfind("(", lo, at), text.rfind("[", lo, at))
    return opened >= 0 and max(text.rfind(")", lo, at), text.rfind("]", lo, at)) < opened


BRACKET_REACH = 300


def _speaker_ref(phrase: str, tracker: SpeakerTracker) -> Ref | None:
    """The actor a subject phrase the parse found names (None when the tracker cannot tell)."""
    if not plausible_speaker(phrase):
        return None
    words = phrase.lower().split()
    if words[-1] in DOCUMENT_SPEAKERS:  # "the statement said": resolved in reading order already
        return None
    found = tracker.resolve(phrase)
    return Ref(found.name, found.entity) if found is not None else None


def _keep_new(out: list[StatementDraft], new: list[StatementDraft],
              kept: set[tuple[str, str]]) -> None:
    """Add statements, leaving out repeats (same speaker and words, e.g. a standfirst)."""
    for s in new:
        if (s.speaker.entity.key, s.words) not in kept:
            out.append(s)
            kept.add((s.speaker.entity.key, s.words))
