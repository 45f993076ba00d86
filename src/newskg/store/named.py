"""Named queries: `.rq` files with a header that states the question and the parameters.

Header lines at the top of a file, before the query:

    # question: Who mediated the ceasefire?
    # param: speaker iri  The speaker (an entity key like ilham-aliyev, a prefixed name or an IRI)
    # param: date date=2023-09-20  Optional parameter with a default (date=today: the day it runs)
    # param: counted counted?  Optional parameter without a default: unbound, it matches anything
    # requires: online  (the query uses SERVICE <https://query.wikidata.org/sparql>)
    # page: 100  (answers can run to thousands of rows: 100 a page unless asked for another page)
    # partition: article  ?article a nkg:Article  (a page is read article by article, see
    #   `newskg.store.partitions`: the query's ORDER BY begins with ?article)
    # partition-order: DESC(?size) ?figure  (with a partition line: the values are listed in the
    #   order of these keys, which the query's ORDER BY begins with; the last is the variable)
    # period: from to  (two date parameters, the first day and the end of a period: given both,
    #   the first may not be after the end, which could only answer nothing; `check_period`)
    # class: speaker nkg:Actor  (an IRI parameter's values are of this class: a value the store
    #   types otherwise is refused, `newskg.store.values`, where it could only answer nothing)

Parameter kinds: iri, instance, event, agreement, term, counted, relationship, date, string, integer.
Values are bound as RDF terms (the store puts them in a VALUES block, see
`newskg.store.engines.bound_by_values`), never pasted into the query text. An ``iri`` value is a full IRI, a
prefixed name, an entity key (``yerevan``), a world instance as ``KIND:KEY``
(``agreement:karabakh-ceasefire-2023``) or an article or report in compact form (``article:SLUG``,
``article:SLUG/REPORT-ID``). An ``instance`` value is ``KIND:KEY`` or an IRI; a kind of instance
(``counted``, ...) also takes the bare key. A ``date`` is bound as the first instant of the day,
``xsd:dateTime`` at midnight UTC: the form of ``nkg:timeValue``.

Review status: a named query answers from reviewed reports unless asked for drafts (see
`newskg.store.review_status`); ``NamedQuery.sparql(drafts=True)`` is the widened text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import InputError, UnknownQueryError
from newskg.project.dates import DateFormError, parse_day
from newskg.rdf.prefixes import ID, INSTANCE_KINDS, PREFIXES
from newskg.resources import queries_dir as resources_queries_dir
from newskg.store.compact import expand_compact_iris
from newskg.store.partitions import Partition, parse_partition
from newskg.store.results import compact_iri, longest_first
from newskg.store.review_status import shown_statuses
from newskg.store.shape import check_query_shape

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("iri", "instance", *INSTANCE_KINDS, "date", "string", "integer")
RESERVED = ("drafts", "limit", "offset")  # the endpoint's /named/NAME?drafts=true&limit=N
Bindings = dict[str, ox.NamedNode | ox.Literal]
_PREFIXES_FIRST = longest_first(PREFIXES)
_PARAM = re.compile(r"^(\w+)\s+(\w+)(\?)?(?:=(\S+))?\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: str | None
    help: str
    optional: bool = False
    cls: str | None = None  # the class its values are of (an IRI), from a '# class:' line

    @property
    def shown(self) -> str:
        """What a value is, as `query --list` shows it: the class where one is declared."""
        if self.cls is None:
            return self.kind
        return compact_iri(self.cls, _PREFIXES_FIRST)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    params: tuple[Param, ...]
    text: str
    path: Path
    requires: tuple[str, ...] = ()
    page: int | None = None  # the default page size (None: every row)
    partition: Partition | None = None  # a page read partition by partition (None: whole)
    period: tuple[str, str] | None = None  # the date parameters of a period's start and end

    def sparql(self, *, drafts: bool = False) -> str:
        """The query to run: as written (reviewed reports only), or with drafts and unreviewed
        reports too."""
        return shown_statuses(self.text, drafts=drafts)

    def check_requirements(self) -> None:
        """Raise a clear error when a requirement is not met (``online``: Wikidata reachable),
        rather than let the query answer with a silently empty result."""
        if "online" in self.requires:
            from newskg.remote.online import require_online

            require_online(self.name)

    def bind(self, values: dict[str, str], *, names: bool = False) -> Bindings:
        """Turn ``--param key=value`` strings into typed bindings; check names and required ones.
        ``names``: an IRI value may be a name with spaces ("Nikol Pashinyan"), bound in key form
        for `newskg.store.values` to check against the store's labels."""
        known = {p.name: p for p in self.params}
        for name in values:
            if name not in known:
                raise UnknownQueryError(
                    f"query {self.name!r} has no parameter {name!r}; its parameters: "
                    f"{', '.join(known) or 'none'}")
        bindings: Bindings = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw is None and p.optional:
                continue
            if raw is None:
                raise UnknownQueryError(
                    f"query {self.name!r} needs the parameter {p.name} ({p.help}): "
                    f"--param {p.name}=VALUE on the command line, ?{p.name}=VALUE over HTTP")
            bindings[p.name] = to_term(raw, p.kind, field=p.name, names=names)
        if self.period is not None:
            first, last = (values.get(name, known[name].default) for name in self.period)
            check_period(None if first is None else to_day(first, field=self.period[0]),
                         None if last is None else to_day(last, field=self.period[1]),
                         self.period)
        return bindings


def check_period(first: dt.date | None, last: dt.date | None, names: tuple[str, str]) -> None:
    """Refuse a period that starts after it ends (``names``: its start's and end's parameters):
    it could only answer nothing. `newskg query`, /named/NAME and the pictures say it so."""
    if first is not None and last is not None and first > last:
        raise InputError(f"the period starts ({first}, {names[0]}) after it ends ({last}, "
                         f"{names[1]}); give the earlier day first", field=names[0])


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def to_term(raw: str, kind: str, *, field: str, names: bool = False) -> ox.NamedNode | ox.Literal:
    """A parameter value as an RDF term of the declared kind."""
    if kind == "iri" or kind == "instance" or kind in INSTANCE_KINDS:
        return to_iri(raw, kind, field=field, names=names)
    if kind == "date":
        return ox.Literal(f"{to_day(raw, field=field).isoformat()}T00:00:00Z",
                          datatype=ox.NamedNode(XSD + "dateTime"))
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            raise InputError(f"{raw!r} is not a whole number", field=field)
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    try:
        return ox.Literal(raw)
    except ValueError:  # a lone surrogate: bytes that were not UTF-8 on the command line
        raise InputError(f"{raw!r} is not valid UTF-8 text", field=field) from None


def to_day(raw: str, *, field: str) -> dt.date:
    """A ``date`` parameter's day: YYYY-MM-DD, or ``today``."""
    try:
        return dt.date.today() if raw == "today" else parse_day(raw)
    except DateFormError as exc:
        raise InputError(str(exc), field=field) from None


def _describe(character: str) -> str:
    return repr(character) if character.isprintable() and character != " " else \
        f"U+{ord(character):04X}" + (" (a space)" if character == " " else "")


_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_NAME = re.compile(r"[\w][\w '’.-]*")  # words, spaces, apostrophes: a label, not an IRI


def key_of(name: str) -> str:
    """A name in key form: ``Nikol Pashinyan`` is ``nikol-pashinyan``, ``Sudan's`` ``sudans``."""
    return re.sub(r"[^0-9a-z]+", "-", re.sub(r"['’]", "", name.casefold())).strip("-")


def to_iri(raw: str, kind: str, *, field: str, names: bool = False) -> ox.NamedNode:
    """An IRI from a full IRI (bare or in one pair of <>), a prefixed name, ``KIND:KEY`` of a world
    instance, ``article:SLUG[/REPORT-ID]`` or a bare key: an entity's for kind ``iri``, an
    instance's of that kind for ``counted`` etc."""
    inner = raw[1:-1] if len(raw) > 1 and raw.startswith("<") and raw.endswith(">") else raw
    if names and inner == raw and _NAME.fullmatch(raw) and _KEY.fullmatch(key_of(raw)):
        inner = key_of(raw)  # a name ("Nikol Pashinyan"): its key form, checked against labels
    bad = _IRI_FORBIDDEN.search(inner)
    if bad:
        raise InputError(f"{raw!r} is not an IRI: it contains {_describe(bad.group())}; an IRI has "
                         "no spaces, control characters or any of <>\"{}|^`\\", field=field,
                         hint="percent-encode the character, or write the IRI once inside <>")
    prefix, _, local = inner.partition(":")
    if local and prefix == "article" and re.fullmatch(r"[^/]+(/[^/]+)*", local):
        iri = f"{ID}article/{local}"  # article:SLUG or article:SLUG/REPORT-ID
    elif local and prefix in INSTANCE_KINDS and re.fullmatch(r"[a-z0-9][a-z0-9-]*(/[a-z0-9-]+)*",
                                                            local):
        iri = f"{ID}{prefix}/{local}"  # agreement:KEY, counted:KEY, event:KEY/date, ...
    elif local and prefix in PREFIXES and not local.startswith("//"):
        iri = PREFIXES[prefix] + local
    elif _KEY.fullmatch(inner):
        if kind == "instance":
            raise InputError(f"{raw!r}: give the instance with its kind, KIND:KEY",
                             field=field, hint=f"KIND is one of {', '.join(INSTANCE_KINDS)}, "
                             "e.g. agreement:karabakh-ceasefire-2023")
        iri = f"{ID}{kind}/{inner}" if kind in INSTANCE_KINDS else f"{ID}entity/{inner}"
    elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", inner):
        iri = inner
    else:
        raise InputError(f"{raw!r} is not an IRI, a prefixed name or a key", field=field)
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise InputError(f"{raw!r} is not a valid IRI ({exc})", field=field) from None


def parse_named_query(path: Path) -> NamedQuery:
    question = ""
    params = []
    requires: list[str] = []
    page: int | None = None
    partition_line: tuple[str, int] | None = None
    partition_order: str | None = None
    period_line: tuple[str, int] | None = None
    class_lines: list[tuple[str, int]] = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        value = value.strip()
        if key == "question":
            question = value
        elif key == "param":
            m = _PARAM.match(value)
            if not m or m.group(2) not in KINDS:
                raise InputError("bad parameter line; write '# param: NAME KIND[?][=DEFAULT] help', "
                                 f"KIND one of {', '.join(KINDS)}", path=path, line=number)
            if m.group(1) in RESERVED:
                raise InputError(f"parameter name {m.group(1)!r} is reserved", path=path,
                                 line=number, hint="choose another name")
            params.append(Param(m.group(1), m.group(2), m.group(4), m.group(5),
                                optional=m.group(3) is not None))
        elif key == "requires":
            if value != "online":
                raise InputError("unknown requirement; the only one is '# requires: online'",
                                 path=path, line=number)
            requires.append(value)
        elif key == "page":
            if not value.isdigit() or int(value) < 1:
                raise InputError("bad page line; write '# page: N', N rows a page (1 or more)",
                                 path=path, line=number)
            page = int(value)
        elif key == "partition":
            partition_line = (value, number)
        elif key == "partition-order":
            partition_order = value
        elif key == "period":
            period_line = (value, number)
        elif key == "class":
            class_lines.append((value, number))
    if not question:
        raise InputError("named query has no '# question:' header line", path=path, line=1)
    partition = None if partition_line is None else \
        parse_partition(partition_line[0], text, path=path, line=partition_line[1],
                        order=partition_order)
    period = None if period_line is None else \
        parse_period(period_line[0], params, path=path, line=period_line[1])
    for value, number in class_lines:
        params = parse_class(value, params, path=path, line=number)
    return NamedQuery(path.stem, question, tuple(params), text, path, tuple(requires), page,
                      partition, period)


def parse_period(value: str, params: Sequence[Param], *, path: Path,
                 line: int) -> tuple[str, str]:
    """The ``# period: START END`` line: two date parameters of the query."""
    names = value.split()
    dates = [p.name for p in params if p.kind == "date"]
    if len(names) != 2 or not set(names) <= set(dates) or names[0] == names[1]:
        raise InputError("bad period line; write '# period: START END', two date parameters "
                         f"of the query (its date parameters: {', '.join(dates) or 'none'})",
                         path=path, line=line)
    return names[0], names[1]


def parse_class(value: str, params: list[Param], *, path: Path, line: int) -> list[Param]:
    """The ``# class: PARAM CLASS`` line: the parameters with PARAM's class set (a prefixed name
    or an IRI in <>)."""
    name, _, cls = value.partition(" ")
    cls = cls.strip()
    iris = [p.name for p in params if p.kind == "iri"]
    iri = None
    if cls.startswith("<") and cls.endswith(">") and not _IRI_FORBIDDEN.search(cls[1:-1]):
        iri = cls[1:-1]
    elif ":" in cls and cls.partition(":")[0] in PREFIXES and " " not in cls:
        iri = PREFIXES[cls.partition(":")[0]] + cls.partition(":")[2]
    if name not in iris or iri is None or any(p.cls for p in params if p.name == name):
        raise InputError("bad class line; write '# class: PARAM CLASS', PARAM an iri parameter "
                         f"of the query (its iri parameters: {', '.join(iris) or 'none'}) and "
                         "CLASS a prefixed name (nkg:Actor) or an IRI in <>, once a parameter",
                         path=path, line=line)
    return [replace(p, cls=iri) if p.name == name else p for p in params]


def queries_dir() -> Path:
    return resources_queries_dir()


def list_queries() -> list[NamedQuery]:
    return [parse_named_query(p) for p in sorted(queries_dir().glob("*.rq"))]


def get_query(name: str) -> NamedQuery:
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        names = [p.stem for p in sorted(queries_dir().glob("*.rq"))]
        close = [n for n in names if name in n or n in name]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownQueryError(f"no named query {name!r}{hint} (see 'newskg query --list')")
    return parse_named_query(path)


def resolve_query(text: str | None, file: Path | None, name: str | None,
                  params: Sequence[str], *, drafts: bool = False) -> tuple[str, Bindings]:
    """The query text and its bindings, from exactly one of: text, a file, a named query
    (``drafts``: answering from unreviewed and draft reports too)."""
    given = [x for x in (text, file, name) if x is not None]
    if name is not None and text is not None:  # --param KEY VALUE: the value became the text
        loose = next((item for item in params if "=" not in item), None)
        if loose is not None:
            raise InputError(f"--param {loose!r} is not KEY=VALUE, and {text!r} was read as a "
                             "query text", field="param",
                             hint=f"write it in one word: --param {loose}={text}")
    if text is not None and file is None and name is None and _KEY.fullmatch(text.strip()) \
            and (queries_dir() / f"{text.strip()}.rq").is_file():
        raise InputError(f"{text.strip()!r} is a named query, not SPARQL",
                         hint=f"run it with --name {text.strip()}")
    if len(given) != 1:
        raise InputError("give the query one way: SPARQL text (or '-' for stdin), --file or --name"
                         if given else "no query: pass SPARQL text, --file, --name, or pipe it on "
                         "stdin")
    if params and not name:
        raise InputError("--param only applies to a named query (--name)")
    if drafts and not name:
        raise InputError("--drafts only applies to a named query (--name); in your own query, "
                         "match nkg:reviewStatus as you need")
    if name is not None:
        named = get_query(name)
        bindings = named.bind(parse_params(params), names=True)
        named.check_requirements()
        return named.sparql(drafts=drafts), bindings
    source = read_query_file(file) if file is not None else (text or "").removeprefix("\ufeff")
    if not source.strip():
        raise InputError("the query is empty", path=file,
                         hint="pass SPARQL text, --file, --name, or pipe it on stdin")
    check_query_shape(source)  # before any parser: a deep query could overflow its stack
    return expand_compact_iris(source), {}


def parse_params(raw: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings as a mapping; a malformed one is an InputError."""
    values: dict[str, str] = {}
    for item in raw:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {item!r} is not KEY=VALUE", field="param")
        if key.strip() in values and values[key.strip()] != value:
            raise InputError(f"{key.strip()} is given twice ({values[key.strip()]!r} and "
                             f"{value!r}); a parameter takes one value: run the query once per "
                             "value", field="param")
        values[key.strip()] = value
    return values


def read_query_file(path: Path) -> str:
    """A query file's text (UTF-8; a byte-order mark, which Windows editors write, is dropped)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("query file not found", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a query file", path=path) from None
    except UnicodeDecodeError:
        raise InputError("query file is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise InputError(f"query file cannot be read: {exc.strerror}", path=path) from None
