"""The named queries: each one's answer on the seed article, the same on Oxigraph and rdflib.

Every `.rq` file in src/newskg/queries needs at least one `Case` below (parameters, row count and a
check of concrete values from the seed article); a new query without one fails
`test_named_query`. The two engines must give the same multiset of rows and the same order: a
named query orders its rows by total keys (tie-breakers such as ?statement; times by their
xsd:dateTime first instant). The answers across several articles, and with drafts, are in
tests/test_cross_source_queries.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.errors import InputError, UnknownQueryError, WikidataUnavailableError
from newskg.rdf.namespaces import ID, PREFIXES
from newskg.rdf.prefixes import INSTANCE_KINDS
from newskg.store.engines import Store, bound_by_values
from newskg.store.named import (
    NamedQuery,
    get_query,
    list_queries,
    parse_named_query,
    resolve_query,
    to_term,
)
from newskg.store.results import Solutions, Term
from newskg.store.review_status import status_variables
from tests.conftest import DATA, REPO, SEED_SLUG
from tests.query_stores import ENGINES, row_strings, stores_for

ARTICLE = f"{ID}article/{SEED_SLUG}"
ENTITY = f"{ID}entity/"
NKG = PREFIXES["nkg"]
XSD = PREFIXES["xsd"]
TEXT = (DATA / "articles" / SEED_SLUG / "article.txt").read_bytes().decode("utf-8")
VERIFIED_IDS = {line.split("\t")[2] for line in
                (REPO / "data/wikidata/verified.tsv").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")}
# Named queries that read no report, no world instance and no entity an article proposes, so have
# no review status to restrict (head-of-state and territory-coordinates read relationships the world
# graph holds; fact-provenance counts reports by status).
WITHOUT_STATUS = {"head-of-state", "territory-coordinates", "fact-provenance"}


def short(value: str | None) -> str | None:
    """A report id, entity key, nkg: local name or KIND:KEY of an instance for one of the seed's
    IRIs; anything else as is."""
    for prefix in (f"{ARTICLE}/", ENTITY, NKG):
        if value is not None and value.startswith(prefix):
            return value[len(prefix):]
    for kind in INSTANCE_KINDS:
        if value is not None and value.startswith(f"{ID}{kind}/"):
            return f"{kind}:{value[len(ID) + len(kind) + 1:]}"
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


@pytest.fixture(scope="module")
def stores(seed_data: Path) -> dict[str, Store]:
    return stores_for(seed_data)


def answers(stores: dict[str, Store], query: NamedQuery, params: dict[str, str], *,
            drafts: bool = False) -> Iterator[tuple[str, Solutions]]:
    bindings = query.bind(params)
    for engine in ENGINES:
        result = stores[engine].query(query.sparql(drafts=drafts), bindings=bindings)
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
        for drafts in (False, True):  # the seed is all reviewed: drafts add nothing to it
            got = dict(answers(stores, query, c.params, drafts=drafts))
            oxigraph, rdflib = got["oxigraph"], got["rdflib"]
            where = f"{query.name} {c.params} drafts={drafts}"
            assert oxigraph.variables == rdflib.variables, where
            assert Counter(row_strings(oxigraph)) == Counter(row_strings(rdflib)), where
            assert row_strings(oxigraph) == row_strings(rdflib), f"{where}: engines order rows apart"
            assert len(oxigraph.rows) == c.rows, where
            for name, value in query.bind(c.params).items():  # projected ones hold the bound value
                if name in oxigraph.variables:
                    index = oxigraph.variables.index(name)
                    assert all(row[index] == value for row in oxigraph.rows), f"{where}: ?{name}"
            c.check(Answer(oxigraph))


def test_every_case_names_an_existing_query() -> None:
    names = {q.name for q in list_queries()}
    assert {c.query for c in CASES} <= names


# ---------------------------------------------------------------- expected answers (seed article)

CEASEFIRE = "agreement:karabakh-ceasefire-2023"
PEACEKEEPERS = "Russian peacekeeping force in Nagorno-Karabakh"
OFFENSIVE = "Azerbaijan's September 2023 military operation in Nagorno-Karabakh"


@case("ceasefire-mediators", rows=1)
def _ceasefire_mediators(a: Answer) -> None:
    assert a.table("agreement", "label", "mediator", "mediatorName", "date", "status") == [
        (CEASEFIRE, "Nagorno-Karabakh ceasefire of 20 September 2023", "russian-peacekeepers",
         PEACEKEEPERS, "2023-09-20", "Reviewed")]


@case("ceasefire-parties", rows=4)
def _ceasefire_parties(a: Answer) -> None:
    assert a.table("role", "actor") == [
        ("mediator", "russian-peacekeepers"), ("party", "azerbaijan"),
        ("party", "karabakh-separatists"), ("supervisor", "russian-peacekeepers")]
    assert set(a.col("agreement")) == {CEASEFIRE} and set(a.col("status")) == {"Reviewed"}


SURRENDER = ("surrender all weapons and heavy armaments under the supervision of Russia's "
             "peacekeeping force")
TALKS = "hold talks on reintegrating the breakaway territory into the rest of Azerbaijan in Yevlakh"
SEPARATISTS = "Karabakh separatist fighters"


@case("ceasefire-terms", rows=4)
def _ceasefire_terms(a: Answer) -> None:
    assert a.table("term", "party", "action", "event", "eventDate") == [
        ("term:ceasefire-2023-armenia-pullout", "Armenia", "pull out any forces it had in the region",
         None, None),
        ("term:ceasefire-2023-dismantle-army", SEPARATISTS, "fully dismantle their army", None, None),
        ("term:ceasefire-2023-surrender-weapons", SEPARATISTS, SURRENDER, None, None),
        ("term:ceasefire-2023-yevlakh-talks", SEPARATISTS, TALKS,
         "Talks in Yevlakh on reintegrating Nagorno-Karabakh into Azerbaijan", "2023-09-21")]
    assert set(a.col("agreement")) == {CEASEFIRE}


@case("reported-figures", rows=5)
def _reported_figures(a: Answer) -> None:
    killed = "People killed in Azerbaijan's September 2023 offensive in Nagorno-Karabakh"
    assert a.table("figure", "measure", "value", "lower", "upper", "qualifier", "reporter") == [
        ("fig-war-dead", "Killed", "30000", None, None, None, None),  # no qualifier: not "Exact"
        ("fig-evacuated", "Evacuated", "10000", "10000", None, "MoreThan",
         "Unnamed Nagorno-Karabakh separatist official"),
        ("fig-peacekeepers", "Troops", "2000", None, None, None, None),
        ("fig-wounded", "Wounded", "400", "400", None, "MoreThan", "Gegham Stepanyan"),
        ("fig-killed", "Killed", "200", "200", None, "AtLeast", "Gegham Stepanyan")]
    assert a.col("qualifierText") == [None, "over", None, "more than", "at least"]
    assert a.col("counted")[4] == killed and set(a.col("unit")) == {"PersonUnit"}
    decimal = ox.NamedNode(XSD + "decimal")
    assert [a.term(i, "value") for i in range(5)] == [
        ox.Literal(v, datatype=decimal) for v in ("30000", "10000", "2000", "400", "200")]


@case("statements-by-speaker", rows=3, speaker="nikol-pashinyan")
def _pashinyan(a: Answer) -> None:
    assert a.table("statement", "stance", "direct", "cue") == [
        ("st-pashinyan-not-involved", "Insisted", "false", "has insisted"),
        ("st-pashinyan-denies-army", "Denied", "false", "Again denying"),
        ("st-pashinyan-expects-peacekeepers", "Expected", "false", "said he expected")]
    # the denied proposition is never in ?words: nobody reads it as said
    assert a.table("words", "denied")[1] == (None, "his country's army was in the enclave")
    assert a.col("denied")[0] is None and a.col("denied")[2] is None


@case("statements-by-speaker", rows=6, speaker="entity:ilham-aliyev")
def _aliyev(a: Answer) -> None:
    assert a.table("statement", "stance", "polarity", "direct") == [
        ("st-aliyev-caption-forces-destroyed", "Claimed", None, "false"),
        ("st-aliyev-televised-address", "Asserted", None, "true"),
        ("st-aliyev-forces-destroyed", "Claimed", None, "false"),
        ("st-aliyev-withdrawal-begun", "Asserted", None, "false"),
        ("st-aliyev-praises-armenia", "Evaluated", "Positive", "false"),
        ("st-aliyev-positive-impact", "Asserted", None, "true")]
    assert a.col("date")[4:] == ["2023-09-20", "2023-09-20"] and a.col("date")[0] is None


@case("statements-by-speaker", rows=3, speaker="karabakh-separatists")
def _joint_statement_speaker(a: Answer) -> None:  # one of the two speakers of a joint statement
    assert a.col("statement") == ["st-separatists-armenia-pullout", "st-separatists-dismantle-army",
                                  "st-talks-yevlakh-announced"]


@case("statements-by-kind", rows=2, stance="nkg:Claimed")
def _claims(a: Answer) -> None:
    assert a.table("speaker", "statement", "cue") == [
        ("Ilham Aliyev", "st-aliyev-caption-forces-destroyed", "claimed"),
        ("Ilham Aliyev", "st-aliyev-forces-destroyed", "claimed")]


@case("statements-by-kind", rows=3, stance=f"<{NKG}Evaluated>")
def _evaluations(a: Answer) -> None:  # "praised" and "slammed" are told apart by their polarity
    assert a.table("speaker", "words", "polarity", "cue") == [
        ("Ilham Aliyev", 'the "political competence" of his country\'s historic rival', "Positive",
         "praised"),
        ("Protesters in Yerevan", "the government's handling of the crisis", "Negative", "slammed"),
        ("Turkey", 'the operation "justified"', "Positive", "had called")]


@case("statements-by-kind", rows=1, stance="nkg:Denied")
def _denials(a: Answer) -> None:
    assert a.table("speaker", "words", "denied") == [
        ("Nikol Pashinyan", None, "his country's army was in the enclave")]


@case("ceasefire-statements", rows=13)
def _ceasefire_statements(a: Answer) -> None:
    assert a.col("statement") == [
        "st-ceasefire-announced", "st-ceasefire-announced", "st-separatists-armenia-pullout",
        "st-separatists-dismantle-army", "st-defence-ministry-weapons",
        "st-talks-yevlakh-announced", "st-talks-yevlakh-announced", "st-putin-mediate",
        "st-peacekeepers-ceasefire-holding", "st-aliyev-positive-impact", "st-baku-residents-hope",
        "st-ahmedova-war-over", "st-pashinyan-not-involved"]
    # a joint statement: one statement, one row per speaker
    assert a.table("speaker", "stance")[:2] == [("Azerbaijan", "Announced"),
                                                ("Ethnic Armenian authorities in Karabakh",
                                                 "Announced")]
    said = {row[3]: row for row in a.table("speaker", "stance", "words", "statement")}
    assert said["st-pashinyan-not-involved"][:3] == (
        "Nikol Pashinyan", "Insisted",
        "his government had not been involved in drafting the latest ceasefire deal")
    assert said["st-putin-mediate"][:3] == ("Vladimir Putin", "Asserted",
                                            "Russian peacekeepers would mediate the talks")
    assert said["st-peacekeepers-ceasefire-holding"][0] == PEACEKEEPERS
    assert set(a.col("article")) == {ARTICLE} and set(a.col("denied")) == {None}


@case("ceasefire-statements", rows=13, article=f"article:{SEED_SLUG}")
def _ceasefire_statements_of_the_seed(a: Answer) -> None:
    assert set(a.col("article")) == {ARTICLE}


@case("ceasefire-statements", rows=0, article="article:2023-10-02-armenian-refugees-no-hope-of-return")
def _ceasefire_statements_of_another_article(a: Answer) -> None:
    assert a.col("statement") == []


@case("events-on-date", rows=1, date="2023-09-21")
def _thursday(a: Answer) -> None:
    assert a.table("kind", "item", "label") == [
        ("Event", "event:yevlakh-talks-2023",
         "Talks in Yevlakh on reintegrating Nagorno-Karabakh into Azerbaijan")]


@case("events-on-date", rows=7, date="2023-09-20")
def _wednesday(a: Answer) -> None:
    assert a.table("kind", "item")[:2] == [("Agreement", CEASEFIRE),
                                           ("Event", "event:putin-pashinyan-talks-2023")]
    assert set(a.col("kind")[2:]) == {"Statement"}
    assert {"st-ceasefire-announced", "st-peacekeepers-ceasefire-holding",
            "st-azerbaijan-regained-control"} <= set(a.col("item"))


@case("events-on-date", rows=0, date="2023-09-22")
def _no_events(a: Answer) -> None:
    assert a.col("item") == []


@case("events-in-place", rows=3, place="yerevan")
def _yerevan(a: Answer) -> None:
    assert a.table("event", "where", "date") == [
        ("event:yerevan-clashes-2023", "Yerevan", None),
        ("event:yerevan-police-arrests-2023", "Yerevan", None),
        ("event:yerevan-protests-2023", "Yerevan", None)]


@case("events-in-place", rows=1, place="azerbaijan")
def _in_azerbaijan(a: Answer) -> None:  # Yevlakh is nkg:partOf Azerbaijan
    assert a.table("event", "where", "date") == [("event:yevlakh-talks-2023", "Yevlakh",
                                                  "2023-09-21")]


@case("events-in-place", rows=8, place="nagorno-karabakh")
def _in_karabakh(a: Answer) -> None:  # dated ones oldest first, the undated after them
    assert a.col("event") == [
        "event:karabakh-displacement-1990s", "event:karabakh-war-1990s",
        "event:karabakh-seizure-1990s", "event:karabakh-war-2020", "event:azerbaijan-offensive-2023",
        "event:karabakh-evacuations-2023", "event:peacekeepers-car-attack-2023",
        "event:separatist-withdrawal-2023"]
    assert a.col("date")[:5] == ["1990s", "1990s", "1990s", "2020", "2023-09-19"]


@case("timeline", rows=12)
def _timeline(a: Answer) -> None:
    assert a.table("date", "precision", "type", "instance") == [
        ("1990s", "DecadePrecision", "Displacement", "event:karabakh-displacement-1990s"),
        ("1990s", "DecadePrecision", "War", "event:karabakh-war-1990s"),
        ("1990s", "DecadePrecision", "Event", "event:karabakh-seizure-1990s"),
        ("1990s", "DecadePrecision", "Control", "relationship:separatists-control-karabakh"),
        ("2020", "YearPrecision", "War", "event:karabakh-war-2020"),
        ("2022-02-24", "DayPrecision", "War", "event:russian-invasion-of-ukraine"),
        ("2023-09-19", "DayPrecision", "MilitaryOperation", "event:azerbaijan-offensive-2023"),
        ("2023-09-20", "DayPrecision", "Ceasefire", CEASEFIRE),
        ("2023-09-20", "DayPrecision", "Talks", "event:putin-pashinyan-talks-2023"),
        ("2023-09-20", "DayPrecision", "Control", "relationship:azerbaijan-controls-karabakh"),
        ("2023-09-21", "DayPrecision", "AgreementTerm", "term:ceasefire-2023-yevlakh-talks"),
        ("2023-09-21", "DayPrecision", "Talks", "event:yevlakh-talks-2023")]
    assert set(a.col("article")) == {ARTICLE}  # the one source of each, with its report
    assert a.table("report", "dateText")[2:5] == [
        ("ev-seizure-1990s", "in the early 1990s"),
        ("rel-separatists-control-karabakh", "in the early 1990s"), ("ev-war-2020", "in 2020")]


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
    assert a.table("actor", "aspect", "other", "detail", "stance", "polarity") == [
        ("turkey", "ally of", "Azerbaijan", None, None, None),
        ("turkey", "rival of", "Armenia", None, None, None),
        ("turkey", "said", None, 'the operation "justified"', "Evaluated", "Positive")]


@case("actor-position", rows=2, actor="armenia")
def _armenia(a: Answer) -> None:
    assert a.table("aspect", "other") == [("has rival", "Turkey"), ("rival of", "Azerbaijan")]


@case("actor-position", rows=3, actor="nikol-pashinyan")
def _pashinyan_position(a: Answer) -> None:  # the denial reads "denied", not "said"
    assert a.table("aspect", "detail", "stance") == [
        ("denied", "his country's army was in the enclave", "Denied"),
        ("said", ('Russia\'s peacekeepers to ensure Karabakh\'s ethnic-Armenian residents could '
                  'stay "in their homes, on their land"'), "Expected"),
        ("said", "his government had not been involved in drafting the latest ceasefire deal",
         "Insisted")]


@case("denials-expectations-claims", rows=4)
def _denials_expectations_claims(a: Answer) -> None:
    assert a.table("speaker", "stance", "statement") == [
        ("Ilham Aliyev", "Claimed", "st-aliyev-caption-forces-destroyed"),
        ("Ilham Aliyev", "Claimed", "st-aliyev-forces-destroyed"),
        ("Nikol Pashinyan", "Denied", "st-pashinyan-denies-army"),
        ("Nikol Pashinyan", "Expected", "st-pashinyan-expects-peacekeepers")]
    assert a.table("words", "denied")[2] == (None, "his country's army was in the enclave")
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
    assert a.col("article") == [ARTICLE] and a.col("status") == ["Reviewed"]


@case("fact-evidence", rows=1, fact=f"article:{SEED_SLUG}/fig-killed")
def _fig_killed(a: Answer) -> None:
    assert a.table("fact", "exact", "sentence") == [("fig-killed", KILLED_SENTENCE, KILLED_SENTENCE)]
    assert (a.col("start"), a.col("end")) == (["1736"], ["1860"])
    evidence_in_text(a)


@case("fact-evidence", rows=1, fact=f"{ARTICLE}/m-yerevan")  # the report's IRI
def _yerevan_mention(a: Answer) -> None:
    assert a.col("exact") == ["Armenia's capital Yerevan"]
    assert str(a.col("sentence")[0]).startswith("Clashes broke out in Armenia's capital Yerevan, ")
    evidence_in_text(a)


@case("fact-evidence", rows=0, fact=f"article:{SEED_SLUG}/killed")  # a whole id, not an ending
def _partial_id(a: Answer) -> None:
    assert a.col("exact") == []


@case("fact-provenance", rows=1)
def _fact_provenance(a: Answer) -> None:
    # 46 mentions + 31 statements + 45 reports on instances + 5 figures, all reviewed
    assert a.table("article", "agent", "date", "reports", "reviewed", "unreviewed", "drafts") == [
        (ARTICLE, "newskg curators", "2026-12-04", "127", "127", "0", "0")]


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
    assert set(a.col("article")) == {ARTICLE} and set(a.col("status")) == {"Reviewed"}


@case("territory-control", rows=1, date="2023-09-01")
def _control_before_the_offensive(a: Answer) -> None:
    assert a.table("territory", "controller", "start", "end", "supported_by") == [
        ("nagorno-karabakh", "karabakh-separatists", "1990s", "2023-09-20",
         "rel-separatists-control-karabakh")]


@case("territory-control", rows=1, date="2023-10-15")
def _control_after_the_offensive(a: Answer) -> None:
    assert a.table("territory", "controller", "start", "end", "supported_by") == [
        ("nagorno-karabakh", "azerbaijan", "2023-09-20", None, "rp-azerbaijan-regained-control")]


@case("territory-control", rows=1, date="2023-09-20")
def _control_on_the_day(a: Answer) -> None:  # the end is exclusive, the start inclusive
    assert a.col("controller") == ["azerbaijan"]


@case("territory-control", rows=0, date="1989-12-31")
def _control_before_the_1990s(a: Answer) -> None:
    assert a.col("controller") == []


@case("territory-control", rows=1)  # today, later than any end in the seed
def _control_today(a: Answer) -> None:
    assert a.col("controller") == ["azerbaijan"]


@case("territory-relationships", rows=7)
def _territory_relationships(a: Answer) -> None:
    assert a.table("territory", "relation", "other", "start", "end") == [
        ("Baku", "CapitalRelationship", "Azerbaijan", None, None),
        ("Nagorno-Karabakh", "Control", SEPARATISTS, "1990s", "2023-09-20"),
        ("Nagorno-Karabakh", "Control", "Azerbaijan", "2023-09-20", None),
        ("Nagorno-Karabakh", "RecognisedPartOfRelationship", "Azerbaijan", None, None),
        ("Nagorno-Karabakh", "TerritorialClaim", "Azerbaijan", None, None),
        ("Yerevan", "CapitalRelationship", "Armenia", None, None),
        ("Yevlakh", "PartOfRelationship", "Azerbaijan", None, None)]


@case("statements-about", rows=12)  # the default topic, nagorno-karabakh
def _about_karabakh(a: Answer) -> None:
    assert a.col("statement") == [
        "st-aliyev-caption-forces-destroyed", "st-azerbaijan-regained-control",
        "st-aliyev-televised-address", "st-aliyev-forces-destroyed", "st-talks-yevlakh-announced",
        "st-talks-yevlakh-announced", "st-separatist-official-evacuated", "st-putin-hope",
        "st-kremlin-internal-affair", "st-hayats-losing-homeland", "st-pashinyan-denies-army",
        "st-pashinyan-expects-peacekeepers"]
    assert a.table("speaker", "stance")[8] == ("Kremlin", "Insisted")
    assert a.table("words", "denied")[10] == (None, "his country's army was in the enclave")


@case("statements-about", rows=3, topic="event:yevlakh-talks-2023")  # an instance as KIND:KEY
def _about_yevlakh_talks(a: Answer) -> None:
    assert a.table("speaker", "statement") == [
        ("Azerbaijan", "st-talks-yevlakh-announced"),
        (SEPARATISTS, "st-talks-yevlakh-announced"),
        ("Vladimir Putin", "st-putin-mediate")]


@case("events-with-participant", rows=2)  # the default actor, russian-peacekeepers
def _peacekeepers_events(a: Answer) -> None:
    assert a.table("event", "type", "date", "where") == [
        ("event:yevlakh-talks-2023", "Talks", "2023-09-21", "Yevlakh"),
        ("event:peacekeepers-car-attack-2023", "Attack", None, "Nagorno-Karabakh")]


@case("events-with-participant", rows=1, actor="nikol-pashinyan")
def _pashinyan_events(a: Answer) -> None:
    assert a.table("event", "type", "date", "where") == [
        ("event:putin-pashinyan-talks-2023", "Talks", "2023-09-20", None)]


@case("events-with-participant", rows=1, actor="soviet-union")
def _event_of_no_subclass(a: Answer) -> None:
    assert a.table("event", "type") == [("event:soviet-collapse", "Event")]


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
    assert ("ilham-aliyev", "azerbaijan", "Azerbaijan President Ilham Aliyev") in pairs
    assert set(a.col("article")) == {ARTICLE} and set(a.col("status")) == {"Reviewed"}


# -- the questions across sources, on the seed alone (several articles:
#    tests/test_cross_source_queries.py)

@case("instance-reports", rows=1, instance=CEASEFIRE)
def _ceasefire_reports(a: Answer) -> None:
    assert a.table("instance", "label", "type", "article", "report", "status") == [
        (CEASEFIRE, "Nagorno-Karabakh ceasefire of 20 September 2023", "Ceasefire", ARTICLE,
         "ag-ceasefire", "Reviewed")]
    assert str(a.col("evidence")[0]).startswith("A day after Azerbaijan launched its military")


@case("instance-reports", rows=50)  # every instance: its 45 reports and 5 figures
def _every_instance_report(a: Answer) -> None:
    assert len(set(a.col("report"))) == 50 and len(set(a.col("instance"))) == 50
    assert Counter(a.col("type"))["Affiliation"] == 14 and "CountedThing" in a.col("type")
    assert ("counted:killed-azerbaijan-offensive-2023", "fig-killed") in a.table("instance",
                                                                               "report")


@case("instance-reports", rows=1, instance="relationship:azerbaijan-controls-karabakh")
def _control_reports(a: Answer) -> None:
    assert a.table("type", "report") == [("Control", "rp-azerbaijan-regained-control")]


@case("figures-compared", rows=5)
def _figures_compared(a: Answer) -> None:
    assert a.table("counted", "value", "lower", "upper", "unit", "qualifier", "reporter") == [
        ("counted:evacuated-karabakh-2023", "10000", "10000", None, "PersonUnit", "MoreThan",
         "unnamed-separatist-official"),
        ("counted:killed-azerbaijan-offensive-2023", "200", "200", None, "PersonUnit", "AtLeast",
         "gegham-stepanyan"),
        ("counted:killed-karabakh-war-1990s", "30000", None, None, "PersonUnit", None, None),
        ("counted:russian-peacekeepers-strength", "2000", None, None, "PersonUnit", None, None),
        ("counted:wounded-azerbaijan-offensive-2023", "400", "400", None, "PersonUnit", "MoreThan",
         "gegham-stepanyan")]
    assert set(a.col("article")) == {ARTICLE} and set(a.col("status")) == {"Reviewed"}


@case("figures-compared", rows=1, counted="killed-azerbaijan-offensive-2023")  # a bare key
def _killed_compared(a: Answer) -> None:
    assert a.table("value", "qualifier", "reporter") == [("200", "AtLeast", "gegham-stepanyan")]


@case("contested", rows=0)
def _contested_seed(a: Answer) -> None:
    # The seed's one denial (Pashinyan: "his country's army was in the enclave") is about entities
    # (the Armenian army, Nagorno-Karabakh), not about an instance another speaker asserts; the
    # cross-source fixture has such a case.
    assert a.col("instance") == []


@case("single-source", rows=50)  # one article: everything it reports has one source
def _single_source_seed(a: Answer) -> None:
    assert set(a.col("article")) == {ARTICLE}
    assert (CEASEFIRE, "ag-ceasefire") in a.table("instance", "report")


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


def test_a_name_is_bound_in_key_form() -> None:
    # a label as typed: its key form, which the store check then resolves through labels
    assert get_query("statements-by-speaker").bind({"speaker": "Nikol Pashinyan"}, names=True) == \
        {"speaker": ox.NamedNode(f"{ENTITY}nikol-pashinyan")}


@pytest.mark.parametrize("value", ['nikol-pashinyan" } UNION { ?s ?p ?o }', "Nikol Pashinyan"])
def test_a_value_that_is_no_iri_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="is not an IRI"):
        get_query("statements-by-speaker").bind({"speaker": value})


def test_an_iri_with_characters_iris_cannot_hold_is_refused_as_input() -> None:
    with pytest.raises(InputError):
        get_query("statements-by-speaker").bind({"speaker": 'https://example.org/x"}UNION{'})


def test_unknown_and_missing_parameters_are_refused() -> None:
    with pytest.raises(UnknownQueryError, match="needs the parameter speaker"):
        get_query("statements-by-speaker").bind({})
    with pytest.raises(UnknownQueryError, match="has no parameter 'who'"):
        get_query("statements-by-speaker").bind({"who": "turkey"})


# ---------------------------------------------------------------- the files themselves

def query_parts(query: NamedQuery) -> tuple[str, str]:
    """The projection (between SELECT and WHERE) and the rest, without comment lines."""
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{(.*)", body, re.DOTALL | re.IGNORECASE)
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
    _, where = query_parts(query)
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", where), f"?{param.name} is not used in the query"
        assert param.help, f"parameter {param.name} has no help text"
        if param.default is not None:
            to_term(param.default, param.kind, field=param.name)
    if query.params:  # values go in a VALUES block (planned with), never in substitutions
        assert bound_by_values(query.text, query.bind(
            {p.name: "2023-09-20" if p.kind == "date" else "x:y" for p in query.params})), query.name


# ---------------------------------------------------------------- review status, one mechanism


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_answer_from_reports_is_restricted_by_review_status(query: NamedQuery) -> None:
    blocks = status_variables(query.text)
    if query.name in WITHOUT_STATUS:
        assert not blocks and "?status" not in query.text, query.name
        return
    assert blocks, f"{query.name}: no status filter (FILTER(?status = nkg:Reviewed))"
    projection, where = query_parts(query)
    for variable in blocks:  # each restricts a status the query reads
        assert reads_status(where, variable), f"{query.name}: ?{variable}"
    if query.name != "territory-control":  # its columns are a fixed interface, without status
        assert re.search(r"\?status\b", projection), f"{query.name}: no status column"
    widened = query.sparql(drafts=True)
    assert status_variables(widened) == []  # no filter left answering from reviewed reports only
    expected = query.text
    for variable in blocks:  # the filters lifted, nothing else changed
        expected = expected.replace(f"FILTER(?{variable} = nkg:Reviewed)", "", 1)
    assert widened == expected
    for variable in blocks:  # the status is still read, and shown
        assert reads_status(widened, variable)


def reads_status(where: str, variable: str) -> bool:
    """Whether ``?variable`` is read with nkg:reviewStatus, or made from a status read so (an
    entity's: `BIND(COALESCE(?draftStatus, nkg:Reviewed) AS ?status)`, curated ones having none)."""
    if re.search(rf"nkg:reviewStatus \?{variable}\b", where):
        return True
    made = re.search(rf"BIND\(COALESCE\(\?(\w+), nkg:Reviewed\) AS \?{variable}\)", where)
    return made is not None and re.search(rf"nkg:reviewStatus \?{made.group(1)}\b", where) is not None


def test_drafts_apply_to_named_queries_only() -> None:
    text, _ = resolve_query(None, None, "reported-figures", [], drafts=True)
    assert "nkg:Reviewed" not in text and text == get_query("reported-figures").sparql(drafts=True)
    assert resolve_query(None, None, "reported-figures", [])[0] == get_query("reported-figures").text
    with pytest.raises(InputError, match="--drafts only applies to a named query"):
        resolve_query("SELECT * WHERE { ?s ?p ?o }", None, None, [], drafts=True)


def test_a_period_that_starts_after_it_ends_is_refused_naming_both_days() -> None:
    timeline = get_query("timeline")
    assert timeline.period == ("from", "to")
    with pytest.raises(InputError, match=r"^from: the period starts \(2023-10-01, from\) after "
                       r"it ends \(2023-09-01, to\); give the earlier day first$"):
        timeline.bind({"from": "2023-10-01", "to": "2023-09-01"})
    assert set(timeline.bind({"from": "2023-09-01", "to": "2023-10-01"})) == {"from", "to"}
    assert set(timeline.bind({"from": "2023-10-01"})) == {"from"}


@pytest.mark.parametrize("line", ["from", "from to to", "from article", "from from", "from since"])
def test_a_period_line_names_two_date_parameters(tmp_path: Path, line: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# question: When?\n# param: from date?  x\n# param: to date?  y\n"
                    f"# param: article iri?  z\n# period: {line}\nSELECT * WHERE {{ }}\n")
    with pytest.raises(InputError, match="bad period line.*its date parameters: from, to"):
        parse_named_query(path)


@pytest.mark.parametrize("line", ["who", "who nkg:Actor extra", "when nkg:Actor", "nobody nkg:Actor",
                                  "who Actor", "who <not an iri>", "who nope:Actor"])
def test_a_class_line_names_an_iri_parameter_and_a_class(tmp_path: Path, line: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# question: Who?\n# param: who iri  x\n# param: when date?  y\n"
                    f"# class: {line}\nSELECT * WHERE {{ }}\n")
    with pytest.raises(InputError, match="bad class line.*its iri parameters: who") as caught:
        parse_named_query(path)
    assert caught.value.line == 4


def test_a_class_line_sets_the_class_once(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    head = "# question: Who?\n# param: who iri  x\n# class: who nkg:Actor\n"
    path.write_text(head + "SELECT * WHERE { }\n")
    (who,) = parse_named_query(path).params
    assert who.cls == "https://w3id.org/newskg/ontology#Actor" and who.shown == "nkg:Actor"
    path.write_text(head + "# class: who <http://example.org/C>\nSELECT * WHERE { }\n")
    with pytest.raises(InputError, match="once a parameter"):
        parse_named_query(path)


def test_a_parameter_may_not_take_the_name_drafts(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# question: Which?\n# param: drafts string  x\nSELECT ?drafts WHERE { }\n")
    with pytest.raises(InputError, match="'drafts' is reserved"):
        parse_named_query(path)


# ---------------------------------------------------------------- parameter kinds


def test_instances_in_compact_form() -> None:
    ceasefire = ox.NamedNode(f"{ID}agreement/karabakh-ceasefire-2023")
    assert to_term("agreement:karabakh-ceasefire-2023", "iri", field="topic") == ceasefire
    assert to_term("agreement:karabakh-ceasefire-2023", "instance", field="i") == ceasefire
    assert to_term(f"<{ceasefire.value}>", "instance", field="i") == ceasefire
    counted = ox.NamedNode(f"{ID}counted/killed-azerbaijan-offensive-2023")
    assert to_term("killed-azerbaijan-offensive-2023", "counted", field="counted") == counted
    assert to_term("counted:killed-azerbaijan-offensive-2023", "counted", field="c") == counted
    assert to_term("turkey", "iri", field="actor") == ox.NamedNode(f"{ENTITY}turkey")
    with pytest.raises(InputError, match="give the instance with its kind, KIND:KEY"):
        to_term("karabakh-ceasefire-2023", "instance", field="instance")


def test_a_date_is_its_first_instant() -> None:
    instant = ox.NamedNode(XSD + "dateTime")
    assert to_term("2023-09-01", "date", field="date") == ox.Literal("2023-09-01T00:00:00Z",
                                                                     datatype=instant)
    today = to_term("today", "date", field="date")
    assert isinstance(today, ox.Literal) and today.value == f"{dt.date.today()}T00:00:00Z"


def test_an_optional_parameter_left_out_is_unbound() -> None:
    query = get_query("instance-reports")
    (param,) = query.params
    assert param.optional and param.default is None
    assert query.bind({}) == {}
    assert query.bind({"instance": "event:yevlakh-talks-2023"}) == {
        "instance": ox.NamedNode(f"{ID}event/yevlakh-talks-2023")}


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
