"""A page of a sorted named query read partition by partition: the first page without sorting
every row.

Oxigraph evaluates and sorts every row of an ``ORDER BY`` query before it gives the first one, so
a page of 100 direct quotes at 1M triples cost as much as all 10,000 of them (2.8 s). When the
query's sort begins with a variable whose values can be listed in order cheaply (``?article``:
the articles), the rows of one value form one contiguous run of the sorted answer, and the rows
of a run of values, sorted, are a contiguous slice of it. A named query that says so in its
header::

    # partition: article  ?article a nkg:Article

is answered page by page: the values are listed (``SELECT DISTINCT ?article WHERE { ?article a
nkg:Article } ORDER BY ?article``, an index lookup), then the query is run on a few values at a
time (``VALUES ?article { ... }``, each value an index lookup), the batches growing with the rows
they gave, until the page and one probe row are read. The rows are the same, in the same order,
as the whole query's (tests: every page of every partitioned query against the whole answer);
the cost of a page is that of the rows up to its end, not of all rows.

Two conditions make this hold, checked when the query is read (`check_partition`): the
``ORDER BY`` begins with the partition variable, ascending; and a ``DISTINCT`` query projects it,
an aggregate query groups by it (otherwise two values could give the same projected row, or
rows of one group, which the whole query would merge). The
third is the query's author's: every row binds the variable to one of the listed values (the
pattern lists a superset: ``?article a nkg:Article`` for a report's ``nkg:sourceArticle``).
A query with parameters bound (a required speaker, ``--param by=...``) is read by partitions too,
unless the partition variable itself is bound (``--param article=...``: the query is answered
whole). The bound values go into the batch's VALUES block, one row per partition value
(``VALUES (?article ?speaker) { (<a1> <p>) (<a2> <p>) ... }``): with a VALUES block of the batch and
another of the binding, Oxigraph started from the binding and joined the batch late, so every batch
cost as much as the whole answer (statements-by-speaker at 1M: 536 ms a batch), and with one block
it starts from the batch's first pattern in the query's text (6 ms a batch of 8). The queries so
read write the pattern that reaches the partition variable first (``?statement
nkg:sourceArticle ?article ; nkg:speaker ?speaker``).

A sort that begins with a computed key (``reported-figures``: ``DESC(COALESCE(?value, ?upper,
?lower)) ?figure``, largest first) lists its values in the order of those keys, written in the
header (``# partition-order: DESC(COALESCE(?value, ?upper, ?lower)) ?figure``): the values query
is ``SELECT ?figure WHERE { PATTERN } ORDER BY KEYS``, each value kept at its first row. The keys
must end with the partition variable, ascending, and the query's ORDER BY must begin with them;
the pattern must bind what the keys read as the query does (the author's part, as the superset
is). A figure's rows are then one run of the sorted answer, and the runs come in the values'
order.

A bound variable that the partition's pattern uses narrows the values listed (``instance-reports``
is read by label, ``?instance a nkg:WorldInstance ; rdfs:label ?label``: with an instance bound,
the one label of that instance is listed, not the 4,353 labels of 1M triples).

A bound value can be rare: the rows of a speaker quoted 11 times in 1,176 articles are cheaper to
read whole than article by article. After each batch, the rows the whole answer would have and the
values still to read for the page are estimated from the rows seen so far (`read_whole`); when
reading on would cost more than the whole answer, the page is read from the whole query. The rows
are the same either way; only the cost differs.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.store.engines import Bindings, OxigraphStore, add_block, add_values
from newskg.store.results import Solutions, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime"
_UTC_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # nkg:timeValue's form
FIRST_BATCH = 8  # values in the first batch: a page of 100 statements is 10 or so articles
# What one more partition value costs, in rows of the whole answer: a batch of 8 articles of
# statements-by-speaker at 1M cost 6 ms (0.75 ms a value, most of its statements by others), a row
# of the whole answer 0.2 ms.
VALUE_COST_IN_ROWS = 4
_ORDER_BY = re.compile(r"\}\s*(?:GROUP\s+BY\s+[^{}]*?\s*)?ORDER\s+BY\s+(?:ASC\s*\(\s*)?\?(\w+)",
                       re.IGNORECASE)
# The outer query's GROUP BY: its solution modifiers follow the last closing brace of its WHERE.
_GROUP_BY = re.compile(r"\bGROUP\s+BY\s+(.*?)\s*(?:\bHAVING\b|\bORDER\s+BY\b|\bLIMIT\b|\bOFFSET\b|$)",
                       re.IGNORECASE | re.DOTALL)
_ORDER_CLAUSE = re.compile(r"\bORDER\s+BY\s+(.*?)\s*(?:\bLIMIT\b|\bOFFSET\b|$)",
                           re.IGNORECASE | re.DOTALL)
_SELECT = re.compile(r"\bSELECT\s+(?:(DISTINCT|REDUCED)\b)?([^{]*)\{", re.IGNORECASE)  # the first: the query's


@dataclass(frozen=True)
class Partition:
    """The sort's first variable and the graph pattern that lists its values; with an ``order``,
    the values are listed in that order (the keys the query's sort begins with) instead of their
    own."""

    variable: str
    pattern: str
    order: str | None = None

    def values_query(self, *, ordered: bool = True) -> str:
        if self.order is not None:  # computed keys: one row a value, sorted by them
            return f"SELECT ?{self.variable} WHERE {{ {self.pattern} }} ORDER BY {self.order}"
        return (f"SELECT DISTINCT ?{self.variable} WHERE {{ {self.pattern} }}"
                + (f" ORDER BY ?{self.variable}" if ordered else ""))


def parse_partition(value: str, sparql: str, *, path: Path, line: int,
                    order: str | None = None) -> Partition:
    """A ``# partition: VAR PATTERN`` header line (and the ``# partition-order: KEYS`` line, when
    the query has one), checked against the query it heads."""
    m = re.fullmatch(r"(\w+)\s+(\S.*)", value)
    if not m:
        raise InputError("bad partition line; write '# partition: VAR PATTERN', PATTERN the "
                         "triple patterns that list VAR's values", path=path, line=line)
    partition = Partition(m.group(1), m.group(2).strip(),
                          None if order is None else " ".join(order.split()))
    problem = check_partition(partition, sparql)
    if problem:
        raise InputError(f"partition {partition.variable!r}: {problem}", path=path, line=line)
    return partition


def check_partition(partition: Partition, sparql: str) -> str | None:
    """Why the query cannot be read by this partition (None: it can)."""
    body = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    orders = list(_ORDER_BY.finditer(body))
    if partition.order is not None:
        problem = _check_order(partition, body)
        if problem:
            return problem
    elif not orders or orders[-1].group(1) != partition.variable:
        return f"the query's ORDER BY must begin with ?{partition.variable}, ascending"
    groups = _GROUP_BY.search(body, body.rfind("}") + 1)  # (ORDER BY ?v or computed keys alike)
    if groups is not None and f"?{partition.variable}" not in re.findall(r"\?\w+", groups.group(1)):
        return (f"an aggregate query must group by ?{partition.variable}, or a group's rows "
                "could come from several partitions")
    select = _SELECT.search(body)
    if select and select.group(1) and f"?{partition.variable}" not in select.group(2).split():
        return (f"a {select.group(1)} query must select ?{partition.variable}, or rows of two "
                "partitions that the whole query merges would be answered twice")
    return None


def _check_order(partition: Partition, body: str) -> str | None:
    """An ordered partition's keys must end with its variable, ascending (the rows of one value
    are then a run of the sorted answer), and the query's ORDER BY must begin with those keys
    (the runs then come in the order of the values)."""
    order = partition.order or ""
    last = re.search(r"(?:^|\s)(?:\?(\w+)|ASC\s*\(\s*\?(\w+)\s*\))$", order, re.IGNORECASE)
    if not last or partition.variable not in last.groups():
        return f"the partition's order must end with ?{partition.variable}, ascending"
    clauses = list(_ORDER_CLAUSE.finditer(body))
    if not clauses:
        return f"the query's ORDER BY must begin with the partition's order ({order})"
    keys = " ".join(clauses[-1].group(1).split())
    if keys != order and not keys.startswith(order + " "):
        return f"the query's ORDER BY must begin with the partition's order ({order})"
    return None


def partitioned_rows(store: OxigraphStore, sparql: str, bindings: Bindings,
                     partition: Partition, wanted: int) -> Solutions | None:
    """The first ``wanted`` rows of the sorted answer (fewer: the whole answer), read batch by
    batch of the partition's values, with the ``bindings`` in each batch's VALUES block (None:
    read the whole query instead, because a value is a blank node, which VALUES cannot hold, or
    because the rows are too few for batches to be cheaper, see `read_whole`)."""
    if partition.variable in bindings:
        raise ValueError(f"?{partition.variable} is bound: the query is not read by partitions")
    values = sorted_values(store, partition, bindings)
    if values is None:
        return None
    values = in_range(values, sparql, partition.variable, bindings)
    rows: list[tuple[Term | None, ...]] = []
    variables: tuple[str, ...] | None = None
    done, batch = 0, FIRST_BATCH
    while done < len(values) and len(rows) < wanted:
        chunk = values[done:done + batch]
        done += len(chunk)
        answer = store.query(batch_text(sparql, partition.variable, chunk, bindings))
        if not isinstance(answer, Solutions):
            raise InputError("a partitioned query must be a SELECT query")
        variables = answer.variables
        rows.extend(answer.rows)
        if len(rows) < wanted and read_whole(done, len(rows), len(values), wanted):
            return None
        batch = next_batch(batch, done, len(rows), wanted)
    if variables is None:  # no values: the query's variables from an empty run
        answer = store.query(batch_text(sparql, partition.variable, [], bindings))
        assert isinstance(answer, Solutions)
        variables = answer.variables
    return Solutions(variables, tuple(rows[:wanted]))


def batch_text(sparql: str, variable: str, chunk: Sequence[Term], bindings: Bindings) -> str:
    """The query with one VALUES block at the start of its WHERE group: a row for each of the
    batch's values, each row with the bound values too (see the module's note)."""
    if not bindings:
        return add_values(sparql, variable, chunk)
    names = " ".join(f"?{name}" for name in (variable, *bindings))
    bound = " ".join(str(term) for term in bindings.values())
    rows = " ".join(f"({value} {bound})" for value in chunk)
    return add_block(sparql, f"VALUES ({names}) {{ {rows} }}")


def read_whole(done: int, found: int, total: int, wanted: int) -> bool:
    """Whether the whole query is cheaper than reading on: after ``done`` of ``total`` values
    gave ``found`` rows, the whole answer has about ``found * total / done`` rows and the page
    needs about ``(wanted - found) * done / found`` values more, each costing
    ``VALUE_COST_IN_ROWS`` rows (``found + 1``: a rate of 0 is not an estimate)."""
    rate = (found + 1) / done
    whole_rows = rate * total
    values_needed = min(total - done, (wanted - found) / rate)
    return values_needed * VALUE_COST_IN_ROWS > whole_rows


def sorted_values(store: OxigraphStore, partition: Partition,
                  bindings: Bindings | None = None) -> list[Term] | None:
    """The partition's values in the order of ``ORDER BY``, or None when one is a blank node.
    A bound variable that the partition's pattern uses narrows the values to those it allows
    (``instance-reports`` with an instance bound: its label, one value, not every label).

    IRIs, and strings without a language tag, are sorted here, by their text (code point
    order, Oxigraph's order for them), and so are UTC instants written in one form
    (``2023-01-02T00:00:00Z``, the form of ``nkg:timeValue``): Oxigraph reads each term's text
    from its dictionary at every comparison, and sorting the 1,176 articles of 1M triples cost
    it 75 ms against 8 ms for listing them. Values of other kinds (numbers, other dates) are
    sorted by Oxigraph.
    """
    narrowing = {name: term for name, term in (bindings or {}).items()
                 if re.search(rf"\?{name}\b", partition.pattern)}
    if partition.order is not None:  # sorted by computed keys: Oxigraph's order, each value once
        listed = [row[0] for row in _rows(store.query(partition.values_query(),
                                                      bindings=narrowing))]
        kept = [value for value in listed if value is not None]
        if len(kept) < len(listed) or any(isinstance(value, ox.BlankNode) for value in kept):
            return None
        return list(dict.fromkeys(kept))
    values = [row[0] for row in _rows(store.query(partition.values_query(ordered=False),
                                                  bindings=narrowing))
              if row[0] is not None]
    if any(isinstance(value, ox.BlankNode) for value in values):
        return None
    if all(isinstance(value, ox.NamedNode) for value in values) or all(
            isinstance(value, ox.Literal) and value.datatype.value == XSD_STRING
            and value.language is None for value in values):
        return sorted(values, key=lambda value: value.value)
    if all(_utc_instant(value) for value in values):
        return sorted(values, key=lambda value: value.value)  # one form: text order is time order
    return [row[0] for row in _rows(store.query(partition.values_query(), bindings=narrowing))
            if row[0] is not None]


# "FILTER(!BOUND(?from) || ?instant >= ?from)", "FILTER(?instant < ?to)": a bound parameter that
# limits the partition variable's range.
_RANGE = re.compile(r"FILTER\s*\(\s*(?:!\s*BOUND\s*\(\s*\?(?P<guard>\w+)\s*\)\s*\|\|\s*)?"
                    r"\?(?P<var>\w+)\s*(?P<op>>=|<=|>|<)\s*\?(?P<bound>\w+)\s*\)", re.IGNORECASE)
_KEEP: dict[str, Callable[[str, str], bool]] = {">=": operator.ge, ">": operator.gt,
                                                "<=": operator.le, "<": operator.lt}


def in_range(values: list[Term], sparql: str, variable: str, bindings: Bindings) -> list[Term]:
    """The partition's values that a bound range filter of the query's top level lets through
    (timeline with from=2023-09-01: the instants from that day on, not every instant before it,
    each read as a batch that gives no row). Only UTC instants of one form are compared here, by
    their text, which is their time order; a filter inside an OPTIONAL or a UNION limits only that
    part, and is left to Oxigraph. The rows are those of the query either way: a value the filter
    rejects gives none."""
    body = "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))
    where = body.find("{")
    if where < 0 or not all(_utc_instant(value) for value in values):
        return values
    kept = values
    for m in _RANGE.finditer(body, where):
        term = bindings.get(m.group("bound"))
        if m.group("var") != variable or m.group("guard") not in (None, m.group("bound")) or \
                not isinstance(term, ox.Literal) or not _utc_instant(term) or \
                body.count("{", where, m.start()) - body.count("}", where, m.start()) != 1:
            continue
        keep, limit = _KEEP[m.group("op")], term.value
        kept = [value for value in kept if keep(value.value, limit)]
    return kept


def _utc_instant(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value == XSD_DATE_TIME and \
        _UTC_INSTANT.fullmatch(term.value) is not None


def next_batch(batch: int, done: int, found: int, wanted: int) -> int:
    """How many values the next batch takes: enough for the rows still wanted at the rate seen
    so far (a quarter more), at least twice the last batch when none were found, at most four
    times it (a rate read from few values is a rough one)."""
    if found == 0:
        return batch * 2
    needed = (wanted - found) * done / found
    return max(1, min(batch * 4, int(needed * 1.25) + 1))


def _rows(result: object) -> Sequence[tuple[Term | None, ...]]:
    if not isinstance(result, Solutions):
        raise InputError("a partition's pattern must list values (a SELECT answer)")
    return result.rows
