"""The named queries: each one's answer on the seed article, the same on Oxigraph and rdflib.

Every `.rq` file in src/newskg/queries needs at least one `Case` below (parameters, row count and a
check of concrete values from the seed article); a new query without one fails
`test_named_query`. The two engines must give the same multiset of rows and the same order: a
named query orders its rows by total keys (tie-breakers such as ?statement, and dates sorted by
their lexical form, since rdflib and Oxigraph order mixed xsd:date/xsd:gYear values differently).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.build import BuildResult
from newskg.errors import InputError, UnknownQueryError, WikidataUnavailableError
from newskg.namespaces import ID, PREFIXES
from newskg.query import (
    NamedQuery,
    get_query,
    list_queries,
    parse_named_query,
    resolve_query,
    to_term,
)
from newskg.results import Solutions, Term
from newskg.store import Store, open_store
from tests.conftest import DATA, REPO, SEED_SLUG

ARTICLE = f"{ID}article/{SEED_SLUG}"
ENTITY = f"{ID}entity/"
NKG = PREFIXES["nkg"]
XSD = PREFIXES["xsd"]
ENGINES = ("oxigraph", "rdflib")
TEXT = (DATA / "articles" / SEED_SLUG / "article.txt").read_bytes().decode("utf-8")
VERIFIED_IDS = {line.split("\t")[2] for line in
                (REPO / "data/wikidata/verified.tsv").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}


def short(value: str | None) -> str | None:
    """A fact id, entity key or nkg: local name for one of the seed's IRIs; anything else as is."""
    for prefix in (f"{ARTICLE}/", ENTITY, NKG):
        if value is not None and value.startswith(prefix):
            return value[len(prefix):]
    return value


@dataclass(frozen=True)
class Answer:
    """One engine's solutions, read by variable name, IRIs shortened by `short`."""

    solutions: Solutions

    def term(self, row: int, var: str) -> Term | None:
        return self.solutions.rows[row][self.solutions.variables.index(var)]

    def col(self, var: str) -> list[str | None]:
        index = self.solutions.variables.index(var)
        return [short(None if term is None else term.value)
                for term in (row[index] for row in self.solutions.rows)]

    def table(self, *names: str) -> list[tuple[str | None, ...]]:
        return list(zip(*(self.col(name) for name in names), strict=True))


@dataclass(frozen=True)
class Case:
    query: str
    params: dict[str, str]
    rows: int
    check: Callable[[Answer], None] = field(repr=False)


CASES: list[Case] = []


def case(query: str, *, rows: int, **params: str) -> Callable[[Callable[[Answer], None]],
                                                             Callable[[Answer], None]]:
    """Register the decorated check as the expected answer of `query` with `params`."""
    def register(check: Callable[[Answer], None]) -> Callable[[Answer], None]:
        CASES.append(Case(query, params, rows, check))
        return check
    return register


def row_strings(solutions: Solutions) -> list[tuple[str, ...]]:
    return [tuple("" if term is None else str(term) for term in row) for row in solutions.rows]


@pytest.fixture(scope="module")
def stores(built: tuple[BuildResult, Path]) -> dict[str, Store]:
    return {engine: open_store(built[1], engine=engine) for engine in ENGINES}


def answers(stores: dict[str, Store], query: NamedQuery,
            params: dict[str, str]) -> Iterator[tuple[str, Solutions]]:
    bindings = query.bind(params)
    for engine, store in stores.items():
        result = store.query(query.text, bindings=bindings)
        assert isinstance(result, Solutions), f"{query.name} on {engine}: not a SELECT"
        yield engine, result


# ---------------------------------------------------------------- every named query, both engines


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_named_query(query: NamedQuery, stores: dict[str, Store],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    if "online" in query.requires:  # no network in tests: offline it must fail clearly
        monkeypatch.setenv("NEWSKG_OFFLINE", "1")
        with pytest.raises(WikidataUnavailableError, match="cannot be reached.*run it when online"):
            resolve_query(None, None, query.name, [])
        assert "SERVICE <https://query.wikidata.org/sparql>" in query.text
        return
    cases = [c for c in CASES if c.query == query.name]
    assert cases, f"{query.name}.rq has no expected answer: add a @case({query.name!r}, ...) check"
    for c in cases:
        got = dict(answers(stores, query, c.params))
        oxigraph, rdflib = got["oxigraph"], got["rdflib"]
        where = f"{query.name} {c.params}"
        assert oxigraph.variables == rdflib.variables, where
        assert Counter(row_strings(oxigraph)) == Counter(row_strings(rdflib)), where
        assert row_strings(oxigraph) == row_strings(rdflib), f"{where}: engines order rows apart"
        assert len(oxigraph.rows) == c.rows, where
        for name, value in query.bind(c.params).items():  # projected, holding the bound value
            index = oxigraph.variables.index(name)
            assert all(row[index] == value for row in oxigraph.rows), f"{where}: ?{name}"
        c.check(Answer(oxigraph))


def test_every_case_names_an_existing_query() -> None:
    names = {q.name for q in list_queries()}
    assert {c.query for c in CASES} <= names


# ---------------------------------------------------------------- expected answers (seed article)


@case("ceasefire-mediators", rows=1)
def _ceasefire_mediators(a: Answer) -> None:
    assert a.table("agreement", "label", "mediator", "mediatorName", "date") == [
        ("ag-ceasefire", "Nagorno-Karabakh ceasefire of 20 September 2023", "russian-peacekeepers",
         "Russian peacekeeping force in Nagorno-Karabakh", "2023-09-20")]
    assert a.term(0, "date") == ox.Literal("2023-09-20", datatype=ox.NamedNode(XSD + "date"))


@case("ceasefire-parties", rows=4)
def _ceasefire_parties(a: Answer) -> None:
    assert a.table("role", "actor") == [
        ("mediator", "russian-peacekeepers"), ("party", "azerbaijan"),
        ("party", "karabakh-separatists"), ("supervisor", "russian-peacekeepers")]
    assert set(a.col("agreement")) == {"ag-ceasefire"}


SURRENDER = ("surrender all weapons and heavy armaments under the supervision of Russia's "
             "peacekeeping force")
TALKS = "hold talks on reintegrating the breakaway territory into the rest of Azerbaijan in Yevlakh"


@case("ceasefire-terms", rows=4)
def _ceasefire_terms(a: Answer) -> None:
    assert a.table("term", "party", "action", "event", "eventDate") == [
        ("term-armenia-pullout", "Armenia", "pull out any forces it had in the region", None, None),
        ("term-dismantle-army", "Karabakh separatist fighters", "fully dismantle their army",
         None, None),
        ("term-surrender-weapons", "Karabakh separatist fighters", SURRENDER, None, None),
        ("term-talks-yevlakh", "Karabakh separatist fighters", TALKS,
         "Talks in Yevlakh on reintegrating Nagorno-Karabakh into Azerbaijan", "2023-09-21")]
    assert set(a.col("agreement")) == {"ag-ceasefire"}


@case("reported-figures", rows=5)
def _reported_figures(a: Answer) -> None:
    offensive = "Azerbaijan's September 2023 military operation in Nagorno-Karabakh"
    assert a.table("figure", "kind", "qualifier", "value", "counts", "refersTo", "reporter") == [
        ("fig-war-dead", "Killed", "Exact", "30000", "people",
         "Nagorno-Karabakh war of the early 1990s", None),
        ("fig-evacuated", "Evacuated", "MoreThan", "10000", "people",
         "Evacuation of Armenian communities in Nagorno-Karabakh",
         "Unnamed Nagorno-Karabakh separatist official"),
        ("fig-peacekeepers", "Troops", "Exact", "2000", "peacekeepers",
         "Russian peacekeeping force in Nagorno-Karabakh", None),
        ("fig-wounded", "Wounded", "MoreThan", "400", "people", offensive, "Gegham Stepanyan"),
        ("fig-killed", "Killed", "AtLeast", "200", "people", offensive, "Gegham Stepanyan")]
    assert a.col("qualifierText")[1:] == ["over", "2,000-strong", "more than", "at least"]
    integer = ox.NamedNode(XSD + "integer")
    assert [a.term(i, "value") for i in range(5)] == [
        ox.Literal(v, datatype=integer) for v in ("30000", "10000", "2000", "400", "200")]


@case("statements-by-speaker", rows=3, speaker="nikol-pashinyan")
def _pashinyan(a: Answer) -> None:
    assert a.table("statement", "kind", "direct", "cue") == [
        ("st-pashinyan-not-involved", "Insistence", "false", "has insisted"),
        ("st-pashinyan-denies-army", "Denial", "false", "Again denying"),
        ("st-pashinyan-expects-peacekeepers", "Expectation", "false", "said he expected")]
    assert a.col("words")[1] == "his country's army was in the enclave"


@case("statements-by-speaker", rows=6, speaker="entity:ilham-aliyev")
def _aliyev(a: Answer) -> None:
    assert a.table("statement", "kind", "direct") == [
        ("st-aliyev-caption-forces-destroyed", "Claim", "false"),
        ("st-aliyev-televised-address", "Assertion", "true"),
        ("st-aliyev-forces-destroyed", "Claim", "false"),
        ("st-aliyev-withdrawal-begun", "Assertion", "false"),
        ("st-aliyev-praises-armenia", "Evaluation", "false"),
        ("st-aliyev-positive-impact", "Assertion", "true")]
    assert a.col("date")[4:] == ["2023-09-20", "2023-09-20"] and a.col("date")[0] is None


@case("statements-by-kind", rows=2, kind="nkg:Claim")
def _claims(a: Answer) -> None:
    assert a.table("speaker", "statement", "cue") == [
        ("Ilham Aliyev", "st-aliyev-caption-forces-destroyed", "claimed"),
        ("Ilham Aliyev", "st-aliyev-forces-destroyed", "claimed")]


@case("statements-by-kind", rows=3, kind=f"<{NKG}Evaluation>")
def _evaluations(a: Answer) -> None:
    assert a.table("speaker", "words") == [
        ("Ilham Aliyev", 'the "political competence" of his country\'s historic rival'),
        ("Protesters in Yerevan", "the government's handling of the crisis"),
        ("Turkey", 'the operation "justified"')]


@case("ceasefire-statements", rows=13)
def _ceasefire_statements(a: Answer) -> None:
    assert a.col("statement") == [
        "st-authorities-announce-ceasefire", "st-azerbaijan-announces-ceasefire",
        "st-separatists-armenia-pullout", "st-separatists-dismantle-army",
        "st-defence-ministry-weapons", "st-azerbaijan-talks-yevlakh", "st-separatists-talks-yevlakh",
        "st-putin-mediate", "st-peacekeepers-ceasefire-holding", "st-aliyev-positive-impact",
        "st-baku-residents-hope", "st-ahmedova-war-over", "st-pashinyan-not-involved"]
    said = dict(zip(a.col("statement"), a.table("speaker", "kind", "words"), strict=True))
    assert said["st-pashinyan-not-involved"] == (
        "Nikol Pashinyan", "Insistence",
        "his government had not been involved in drafting the latest ceasefire deal")
    assert said["st-putin-mediate"] == ("Vladimir Putin", "Assertion",
                                        "Russian peacekeepers would mediate the talks")
    assert said["st-peacekeepers-ceasefire-holding"][0] == \
        "Russian peacekeeping force in Nagorno-Karabakh"


@case("events-on-date", rows=1, date="2023-09-21")
def _thursday(a: Answer) -> None:
    assert a.table("kind", "fact", "label") == [
        ("Event", "ev-talks-yevlakh", "Talks in Yevlakh on reintegrating Nagorno-Karabakh into Azerbaijan")]


@case("events-on-date", rows=8, date="2023-09-20")
def _wednesday(a: Answer) -> None:
    assert a.table("kind", "fact")[:2] == [("Agreement", "ag-ceasefire"),
                                           ("Event", "ev-putin-pashinyan-talks")]
    assert set(a.col("kind")[2:]) == {"Statement"}
    assert "st-peacekeepers-ceasefire-holding" in a.col("fact")


@case("events-on-date", rows=0, date="2023-09-22")
def _no_events(a: Answer) -> None:
    assert a.col("fact") == []


@case("events-in-place", rows=3, place="yerevan")
def _yerevan(a: Answer) -> None:
    assert a.table("event", "where", "date") == [
        ("ev-yerevan-clashes", "Yerevan", None), ("ev-police-arrests", "Yerevan", None),
        ("ev-yerevan-protests", "Yerevan", None)]


@case("events-in-place", rows=1, place="azerbaijan")
def _in_azerbaijan(a: Answer) -> None:  # Yevlakh is nkg:partOf Azerbaijan
    assert a.table("event", "where", "date") == [("ev-talks-yevlakh", "Yevlakh", "2023-09-21")]


@case("events-in-place", rows=8, place="nagorno-karabakh")
def _in_karabakh(a: Answer) -> None:  # dated ones oldest first, the undated after them
    assert a.col("event") == [
        "ev-displacement-1990s", "ev-war-1990s", "ev-seizure-1990s", "ev-war-2020", "ev-offensive",
        "ev-evacuations", "ev-attack-peacekeepers-car", "ev-separatist-withdrawal"]
    assert a.col("date")[:5] == ["1990", "1990", "1990", "2020", "2023-09-19"]


@case("timeline", rows=7)
def _timeline(a: Answer) -> None:
    assert a.table("date", "precision", "type", "event") == [
        ("1990", "DecadePrecision", "Displacement", "ev-displacement-1990s"),
        ("1990", "DecadePrecision", "War", "ev-war-1990s"),
        ("1990", "DecadePrecision", "Event", "ev-seizure-1990s"),
        ("2020", "YearPrecision", "War", "ev-war-2020"),
        ("2023-09-19", "DayPrecision", "MilitaryOperation", "ev-offensive"),
        ("2023-09-20", "DayPrecision", "Talks", "ev-putin-pashinyan-talks"),
        ("2023-09-21", "DayPrecision", "Talks", "ev-talks-yevlakh")]
    assert a.term(0, "date") == ox.Literal("1990", datatype=ox.NamedNode(XSD + "gYear"))
    assert a.col("dateText")[2:4] == ["in the early 1990s", "in 2020"]


@case("direct-quotes", rows=7)
def _direct_quotes(a: Answer) -> None:
    assert a.table("speaker", "statement", "cue") == [
        ("Ilham Aliyev", "st-aliyev-televised-address", "said in a televised address"),
        ("Gegham Stepanyan", "st-stepanyan-toll", "said"),
        ("Ministry of Defence of Azerbaijan", "st-defence-ministry-weapons", "said"),
        ("Ilham Aliyev", "st-aliyev-positive-impact", "said"),
        ("Rana Ahmedova", "st-ahmedova-war-over", "told AFP"),
        ("Sargis Hayats", "st-hayats-losing-homeland", "said"),
        ("Sargis Hayats", "st-hayats-pashinyan-must-leave", "said")]
    assert a.col("words")[0] == ("Azerbaijan restored its sovereignty as a result of successful "
                                 "anti-terrorist measures in Karabakh")
    assert a.col("words")[4] == "I was very happy with this news. Finally, the war is over"


@case("actor-position", rows=3)  # the default actor, turkey
def _turkey(a: Answer) -> None:
    assert a.table("actor", "aspect", "other", "detail") == [
        ("turkey", "ally of", "Azerbaijan", None), ("turkey", "rival of", "Armenia", None),
        ("turkey", "said (Evaluation)", None, 'the operation "justified"')]


@case("actor-position", rows=2, actor="armenia")
def _armenia(a: Answer) -> None:
    assert a.table("aspect", "other") == [("has rival", "Turkey"), ("rival of", "Azerbaijan")]


@case("denials-expectations-claims", rows=4)
def _denials_expectations_claims(a: Answer) -> None:
    assert a.table("speaker", "kind", "statement") == [
        ("Ilham Aliyev", "Claim", "st-aliyev-caption-forces-destroyed"),
        ("Ilham Aliyev", "Claim", "st-aliyev-forces-destroyed"),
        ("Nikol Pashinyan", "Denial", "st-pashinyan-denies-army"),
        ("Nikol Pashinyan", "Expectation", "st-pashinyan-expects-peacekeepers")]
    assert a.col("words")[3] == ("Russia's peacekeepers to ensure Karabakh's ethnic-Armenian "
                                 'residents could stay "in their homes, on their land"')


LINKED = {"afp": "Q40464", "armenia": "Q399", "azerbaijan": "Q227", "baku": "Q9248",
          "european-union": "Q458", "moscow": "Q649", "nikol-pashinyan": "Q7035479",
          "russia": "Q159", "soviet-union": "Q15180", "turkey": "Q43", "ukraine": "Q212",
          "united-states": "Q30", "vladimir-putin": "Q7747", "yerevan": "Q1953"}


@case("wikidata-links", rows=36)
def _wikidata_links(a: Answer) -> None:
    linked = {key: wd for key, wd, is_linked in a.table("entity", "wikidata", "linked")
              if is_linked == "true"}
    assert {key: (wd or "").removeprefix(PREFIXES["wd"]) for key, wd in linked.items()} == LINKED
    assert set(LINKED.values()) <= VERIFIED_IDS
    assert a.col("linked") == ["true"] * 14 + ["false"] * 22  # linked ones first
    unlinked = {key for key, wd in a.table("entity", "wikidata") if wd is None}
    assert {"ilham-aliyev", "gegham-stepanyan", "hikmet-hajiyev", "nagorno-karabakh", "yevlakh",
            "russian-peacekeepers", "kremlin", "azerbaijan-defence-ministry", "anadolu-agency",
            "getty-images", "karabakh-authorities"} <= unlinked
    assert a.term(0, "linked") == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


KILLED_SENTENCE = ('The attack left "at least 200 killed and more than 400 wounded," '
                   "Nagorno-Karabakh separatist official Gegham Stepanyan said.")


def evidence_in_text(a: Answer) -> None:
    """The position selector's start/end cut the quote selector's exact span out of article.txt."""
    start, end = a.term(0, "start"), a.term(0, "end")
    assert isinstance(start, ox.Literal) and isinstance(end, ox.Literal)
    assert start.datatype.value == end.datatype.value == XSD + "integer"
    assert TEXT[int(start.value):int(end.value)] == a.col("exact")[0]
    assert str(a.col("exact")[0]) in str(a.col("sentence")[0])
    assert a.col("article") == [ARTICLE]


@case("fact-evidence", rows=1, fact=f"article:{SEED_SLUG}/fig-killed")
def _fig_killed(a: Answer) -> None:
    assert a.table("fact", "exact", "sentence") == [("fig-killed", KILLED_SENTENCE, KILLED_SENTENCE)]
    assert (a.col("start"), a.col("end")) == (["1736"], ["1860"])
    evidence_in_text(a)


@case("fact-evidence", rows=1, fact=f"{ARTICLE}/m-yerevan")  # the fact's IRI
def _yerevan_mention(a: Answer) -> None:
    assert a.col("exact") == ["Armenia's capital Yerevan"]
    assert str(a.col("sentence")[0]).startswith("Clashes broke out in Armenia's capital Yerevan, ")
    evidence_in_text(a)


@case("fact-evidence", rows=0, fact=f"article:{SEED_SLUG}/killed")  # a whole id, not an ending
def _partial_id(a: Answer) -> None:
    assert a.col("exact") == []


@case("fact-provenance", rows=1)
def _fact_provenance(a: Answer) -> None:
    # 46 mentions + 33 statements + 5 figures + 16 events + 1 agreement + 4 terms + 23 relations
    assert a.table("article", "agent", "date", "facts", "reviewedFacts") == [
        (ARTICLE, "newskg curators", "2026-11-26", "128", "128")]


@case("actor-roles", rows=28)
def _actor_roles(a: Answer) -> None:
    roles = a.table("name", "role")
    assert roles == sorted(set(roles))  # by name, then role; each (actor, role) once
    assert len(set(a.col("name"))) == 22  # the actors some mention gives a role
    assert roles[0] == ("Anadolu Agency", "photo credit")
    assert roles[-1] == ("Vladimir Putin", "Russia's President")
    assert ("Gegham Stepanyan", "Nagorno-Karabakh separatist official") in roles
    assert ("Rana Ahmedova", "67-year-old pensioner") in roles
    assert ("Sargis Hayats", "20-year-old musician") in roles
    assert [r for n, r in roles if n == "Nikol Pashinyan"] == ["Armenian Prime Minister",
                                                               "Armenian leader"]
    assert [r for n, r in roles if n == "Ilham Aliyev"] == ["Azerbaijan President"]  # 2 mentions
    assert not {"Nagorno-Karabakh", "Yerevan", "Yevlakh"} & set(a.col("name"))  # places only
    assert set(a.col("article")) == {ARTICLE}


@case("territory-control", rows=6)
def _territory_control(a: Answer) -> None:
    assert a.table("territory", "relation", "other", "since", "sinceText") == [
        ("Baku", "capitalOf", "Azerbaijan", None, None),
        ("Nagorno-Karabakh", "claims", "Azerbaijan", None, None),
        ("Nagorno-Karabakh", "controls", "Karabakh separatist fighters", "1990", "in the early 1990s"),
        ("Nagorno-Karabakh", "internationallyRecognisedAsPartOf", "Azerbaijan", None, None),
        ("Yerevan", "capitalOf", "Armenia", None, None),
        ("Yevlakh", "partOf", "Azerbaijan", None, None)]


@case("statements-about", rows=12)  # the default topic, nagorno-karabakh
def _about_karabakh(a: Answer) -> None:
    assert a.col("statement") == [
        "st-aliyev-caption-forces-destroyed", "st-azerbaijan-regained-control",
        "st-aliyev-televised-address", "st-aliyev-forces-destroyed", "st-azerbaijan-talks-yevlakh",
        "st-separatists-talks-yevlakh", "st-separatist-official-evacuated", "st-putin-hope",
        "st-kremlin-internal-affair", "st-hayats-losing-homeland", "st-pashinyan-denies-army",
        "st-pashinyan-expects-peacekeepers"]
    assert a.table("speaker", "kind")[8] == ("Kremlin", "Insistence")


@case("statements-about", rows=3, topic=f"{ARTICLE}/ev-talks-yevlakh")
def _about_yevlakh_talks(a: Answer) -> None:
    assert a.table("speaker", "statement") == [
        ("Azerbaijan", "st-azerbaijan-talks-yevlakh"),
        ("Karabakh separatist fighters", "st-separatists-talks-yevlakh"),
        ("Vladimir Putin", "st-putin-mediate")]


@case("events-with-participant", rows=2)  # the default actor, russian-peacekeepers
def _peacekeepers_events(a: Answer) -> None:
    assert a.table("event", "type", "date", "where") == [
        ("ev-talks-yevlakh", "Talks", "2023-09-21", "Yevlakh"),
        ("ev-attack-peacekeepers-car", "Attack", None, "Nagorno-Karabakh")]


@case("events-with-participant", rows=1, actor="nikol-pashinyan")
def _pashinyan_events(a: Answer) -> None:
    assert a.table("event", "type", "date", "where") == [
        ("ev-putin-pashinyan-talks", "Talks", "2023-09-20", None)]


@case("affiliations", rows=14)
def _affiliations(a: Answer) -> None:
    assert Counter(a.col("group")) == {"armenia": 4, "azerbaijan": 4, "azerbaijani-presidency": 1,
                                       "karabakh-authorities": 2, "russia": 3}
    assert a.table("groupName", "memberName") == sorted(a.table("groupName", "memberName"))
    pairs = a.table("member", "group", "evidence")
    assert ("vladimir-putin", "russia", "Russia's President Putin") in pairs
    assert ("russian-peacekeepers", "russia", "Russia's 2,000-strong peacekeeping force") in pairs
    assert ("gegham-stepanyan", "karabakh-authorities",
            "Nagorno-Karabakh separatist official Gegham Stepanyan") in pairs
    assert None not in a.col("evidence")


# ---------------------------------------------------------------- parameters are bound, not pasted


# ---------------------------------------------------------------- parameters are bound, not pasted

INJECTIONS = ['fig-killed" } UNION { ?node ?p ?o } #',
              "fig-killed' || true || '",
              'x") || true || STRENDS("x',
              'fig-killed"\n} UNION { ?ev nkg:sentence ?sentence }\n#']


SPAN_QUERY = """# question: Which evidence spans are exactly a given text?
# param: exact string  The text of the span
SELECT ?exact ?span WHERE { ?span oa:exact ?exact }
"""


@pytest.fixture(scope="module")
def span_query(tmp_path_factory: pytest.TempPathFactory) -> NamedQuery:
    """No named query takes a string today: one of the same form, read by the same parser."""
    path = tmp_path_factory.mktemp("queries") / "span-by-text.rq"
    path.write_text(SPAN_QUERY, encoding="utf-8")
    return parse_named_query(path)


@pytest.mark.parametrize("value", [KILLED_SENTENCE, *INJECTIONS])
def test_a_string_value_is_bound_as_one_literal(value: str, stores: dict[str, Store],
                                                span_query: NamedQuery) -> None:
    assert span_query.bind({"exact": value}) == {"exact": ox.Literal(value)}
    for engine, solutions in answers(stores, span_query, {"exact": value}):
        if value == KILLED_SENTENCE:  # the real text is found: the query itself works
            assert solutions.rows, f"{engine} did not find the span"
        else:
            assert solutions.rows == (), f"{engine} ran {value!r} as query text"


def test_a_fact_in_compact_form_is_its_iri() -> None:
    assert to_term(f"article:{SEED_SLUG}/fig-killed", "iri", field="fact") == \
        ox.NamedNode(f"{ARTICLE}/fig-killed")
    assert to_term(f"article:{SEED_SLUG}", "iri", field="article") == ox.NamedNode(ARTICLE)


def test_an_iri_value_is_bound_as_one_iri(stores: dict[str, Store]) -> None:
    # ' ( ) ; = ? # are legal in an IRI, and would change the query if pasted into it
    value = f"{ENTITY}nikol-pashinyan?q=');FILTER(true);(?speaker=?speaker)#x"
    query = get_query("statements-by-speaker")
    assert query.bind({"speaker": value}) == {"speaker": ox.NamedNode(value)}
    for engine, solutions in answers(stores, query, {"speaker": value}):
        assert solutions.rows == (), f"{engine} ran {value!r} as query text"


@pytest.mark.parametrize("value", ['2023-09-21" } UNION { ?fact ?p ?o', "2023-09-21 ", "21/09/2023"])
def test_a_date_value_that_is_not_a_date_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="is not a date"):
        get_query("events-on-date").bind({"date": value})


@pytest.mark.parametrize("value", ['nikol-pashinyan" } UNION { ?s ?p ?o }', "Nikol Pashinyan"])
def test_a_value_that_is_no_iri_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="is not an IRI"):
        get_query("statements-by-speaker").bind({"speaker": value})


def test_an_iri_with_characters_iris_cannot_hold_is_refused_as_input() -> None:
    with pytest.raises(InputError):
        get_query("statements-by-speaker").bind({"speaker": 'https://example.org/x"}UNION{'})


def test_unknown_and_missing_parameters_are_refused() -> None:
    with pytest.raises(UnknownQueryError, match="needs --param speaker"):
        get_query("statements-by-speaker").bind({})
    with pytest.raises(UnknownQueryError, match="has no parameter 'who'"):
        get_query("statements-by-speaker").bind({"who": "turkey"})


# ---------------------------------------------------------------- the files themselves

def query_parts(query: NamedQuery) -> tuple[str, str]:
    """The projection (between SELECT and WHERE) and the rest, without comment lines."""
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\b(.*)", body, re.DOTALL | re.IGNORECASE)
    assert m, f"{query.name}: not a SELECT ... WHERE query"
    return m.group(1), m.group(2)


def test_at_least_fifteen_named_queries() -> None:
    queries = list_queries()
    assert len(queries) >= 15
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", q.name) for q in queries)
    assert len({q.question for q in queries}) == len(queries), "two queries ask the same question"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_query_header(query: NamedQuery) -> None:
    first = query.text.splitlines()[0]
    assert first.startswith("# question: ") and first.endswith("?"), first
    assert query.question.endswith("?")
    projection, where = query_parts(query)
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", where), f"?{param.name} is not used in the query"
        # pyoxigraph substitutes only projected variables: an unprojected one is silently unbound
        assert re.search(rf"\?{param.name}\b", projection), f"?{param.name} is not projected"
        assert param.help, f"parameter {param.name} has no help text"
        if param.default is not None:
            to_term(param.default, param.kind, field=param.name)


@pytest.mark.live
@pytest.mark.skipif(os.environ.get("NEWSKG_LIVE") != "1", reason="live Wikidata: set NEWSKG_LIVE=1")
@pytest.mark.parametrize("name", [q.name for q in list_queries() if "online" in q.requires])
def test_online_query_answers_from_wikidata(name: str, stores: dict[str, Store]) -> None:
    """Live: the enrichment queries join the seed's links with Wikidata (run with -m live)."""
    text, bindings = resolve_query(None, None, name, [])
    result = stores["oxigraph"].query(text, bindings=bindings)
    assert isinstance(result, Solutions) and result.rows, f"{name}: no answer from Wikidata"
    assert all(str(row[2].value).startswith("http://www.wikidata.org/entity/Q")
               for row in result.rows if row[2] is not None)
