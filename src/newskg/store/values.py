"""Parameter values of named queries checked against the store, and resolved through labels.

`newskg.store.named` turns ``--param speaker=nikol-pashinyan`` into an IRI without a store. Here the
IRI is looked up: a value the store knows is kept; one it does not is read as a name, matched
(case, spaces and punctuation aside) against the keys, labels (rdfs:label) and aliases
(skos:altLabel) of entities and world instances and the names of the ontology's terms in use
(``stance=denied`` is nkg:Denied). One match is used, with a note saying so; several, or none, are an
error (exit 2) that lists the matches, or the closest names (difflib), to paste back.

A parameter declared of a class (``# class: speaker nkg:Actor``) takes only values the store types
so (types are materialised up the class tree by the build): ``stance=ilham-aliyev`` or
``article=azerbaijan`` could only answer nothing, so they are refused (exit 2) with the value's
types. A value the store gives no type (the stances are the ontology's, not the build's) passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.rdf.prefixes import ID, INSTANCE_KINDS, PREFIXES, QUERY_PREFIXES
from newskg.store.engines import Store
from newskg.store.named import Bindings, NamedQuery, Param, get_query, key_of, parse_params
from newskg.store.results import Boolean, Solutions, compact_iri, longest_first

IRI_KINDS = frozenset({"iri", "instance", *INSTANCE_KINDS})
NKG = PREFIXES["nkg"]
_KNOWN = "ASK WHERE { { ?value ?p ?o } UNION { ?s ?p ?value } }"
_NAMES = f"""SELECT ?s ?name WHERE {{
  ?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>
     |<{PREFIXES["nkg"]}headline> ?name
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}"))
}}"""
_TERMS = f"""SELECT DISTINCT ?s WHERE {{ ?x ?p ?s FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{NKG}")) }}"""
_TYPES = "SELECT ?type WHERE { ?value a ?type }"
_LABEL = "SELECT ?label WHERE { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
_NAMESPACES = longest_first(QUERY_PREFIXES)
_MEMBERS = """SELECT ?value (SAMPLE(?name) AS ?label) WHERE {
  ?value a ?class OPTIONAL { ?value <http://www.w3.org/2000/01/rdf-schema#label> ?name }
} GROUP BY ?value"""
CLOSE_AMONG = 20_000  # past this many names, "did you mean" compares only whole words
_RESOURCE = re.compile(
    rf"^{re.escape(ID)}(entity|article|{'|'.join(INSTANCE_KINDS)})/([a-z0-9][a-z0-9-]*)$")
CLOSEST = 5


@dataclass(frozen=True)
class Name:
    iri: str
    shown: str  # what to paste: a key, KIND:KEY or nkg:Term
    label: str
    name: str  # the name that matched: the key, a label or an alias


def normal(text: str) -> str:
    """``Nikol Pashinyan``, ``nikol_pashinyan`` and ``NIKOL-PASHINYAN`` alike."""
    return key_of(text)


def check_named_values(store: Store, name: str, params: Sequence[str],
                       bindings: Bindings) -> tuple[Bindings, list[str]]:
    """`check_values` for the named query ``name`` and its ``--param KEY=VALUE`` strings."""
    return check_values(store, get_query(name), parse_params(params), bindings)


def check_values(store: Store, query: NamedQuery, given: dict[str, str],
                 bindings: Bindings) -> tuple[Bindings, list[str]]:
    """The bindings with each given IRI value the store does not know resolved through names;
    and the notes that say how, and which default values the store does not have (a project
    other than this repository's keeps the shipped queries' defaults). Raises InputError for a
    given value that matches nothing."""
    out = dict(bindings)
    notes: list[str] = []
    names: list[Name] | None = None
    for p in query.params:
        if p.kind not in IRI_KINDS or p.name not in out:
            continue
        if p.name not in given:  # its default: this project's build may not have it
            if p.default is not None and not _known(store, out[p.name]):
                notes.append(f"{p.name}: the default {p.default!r} is not in this build, so it "
                             f"matches nothing; give --param {p.name}=KEY (newskg query --list "
                             "names the parameters)")
            continue
        if _known(store, out[p.name]):
            if p.cls is not None and not _of_class(store, out[p.name].value, p.cls):
                raise _wrong_class(store, p, given[p.name], out[p.name].value)
            continue
        names = _names(store) if names is None else names
        fits = [n for n in names if _fits(n, p.kind)]
        members: dict[str, Name] = {}
        if p.cls is not None:  # the class's members by their last path segment too (reports)
            members = _members(store, p.cls)
            named = {n.iri for n in fits}
            fits += [n for iri, n in members.items() if iri not in named]
        found = _match(given[p.name], fits)
        if p.cls is not None and found:  # the class's members when the store has any (it has
            typed = [n for n in found if n.iri in members] if members else [  # no stances)
                n for n in found if _of_class(store, n.iri, p.cls)]
            if not typed:
                raise _wrong_class(store, p, given[p.name], found[0].iri)
            found = typed
        if len(found) == 1:
            match = found[0]
            out[p.name] = ox.NamedNode(match.iri)
            notes.append(f"--param {p.name}={given[p.name]}: {match.shown} ({match.label})")
            continue
        if p.cls is not None:  # the closest names among the class's members
            fits = [n for n in fits if n.iri in members] or fits
        raise _no_match(p, given[p.name], found, fits)
    return out, notes


def _known(store: Store, term: ox.NamedNode | ox.Literal) -> bool:
    result = store.query(_KNOWN, bindings={"value": term})
    return isinstance(result, Boolean) and result.value


def _types(store: Store, iri: str) -> list[str]:
    result = store.query(_TYPES, bindings={"value": ox.NamedNode(iri)})
    rows = result.rows if isinstance(result, Solutions) else []
    return sorted({t.value for (t,) in rows if isinstance(t, ox.NamedNode)})


def _of_class(store: Store, iri: str, cls: str) -> bool:
    """Whether the store types ``iri`` as ``cls``; an untyped value may be (nothing says not)."""
    types = _types(store, iri)
    return not types or cls in types


def _members(store: Store, cls: str) -> dict[str, Name]:
    """The members of ``cls`` under the project's IRIs, each named by the last segment of its
    path (``article:SLUG/fig-killed``: fig-killed) and shown in compact form."""
    result = store.query(_MEMBERS, bindings={"class": ox.NamedNode(cls)})
    rows = result.rows if isinstance(result, Solutions) else []
    members = {}
    for value, label in rows:
        if not isinstance(value, ox.NamedNode) or not value.value.startswith(ID):
            continue
        shown = compact_iri(value.value, _NAMESPACES)
        if shown.startswith("entity:"):
            shown = shown.removeprefix("entity:")  # an entity is pasted as its key
        key = re.split(r"[/:]", shown)[-1]
        members[value.value] = Name(value.value, shown, label.value if label else key, key)
    return members


def _wrong_class(store: Store, param: Param, raw: str, iri: str) -> InputError:
    label = store.query(_LABEL, bindings={"value": ox.NamedNode(iri)})
    labels = [t.value for (t,) in label.rows if t is not None] \
        if isinstance(label, Solutions) else []
    shown = compact_iri(iri, _NAMESPACES) + (f" ({min(labels)})" if labels else "")
    types = ", ".join(compact_iri(t, _NAMESPACES) for t in _types(store, iri))
    kind = f"of the classes {types}" if types else "not one of its members"
    return InputError(f"{raw!r} is {shown}, {kind}; {param.name} takes a "
                      f"{compact_iri(param.cls or '', _NAMESPACES)}, so this value could only "
                      "answer nothing", field=param.name, hint=f"{param.name}: {param.help}")


def _names(store: Store) -> list[Name]:
    labels: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    named = store.query(_NAMES)
    for s, name in named.rows if isinstance(named, Solutions) else ():
        if s is None or name is None or _RESOURCE.match(s.value) is None:
            continue
        text = name.value
        pairs.append((s.value, text))
        labels.setdefault(s.value, text)
    names = []
    for iri, label in sorted(labels.items()):
        kind, key = _RESOURCE.match(iri).groups()  # type: ignore[union-attr]
        shown = key if kind == "entity" else f"{kind}:{key}"
        names.append(Name(iri, shown, label, key))
    shown_of = {n.iri: n for n in names}
    names += [Name(iri, shown_of[iri].shown, shown_of[iri].label, text) for iri, text in pairs]
    terms = store.query(_TERMS)
    for (s,) in terms.rows if isinstance(terms, Solutions) else ():
        if s is not None and "/" not in s.value[len(NKG):]:
            local = s.value[len(NKG):]
            names.append(Name(s.value, f"nkg:{local}", local, local))
    return names


def _fits(name: Name, kind: str) -> bool:
    if kind == "iri":
        return True
    if kind == "instance":
        return name.shown.split(":")[0] in INSTANCE_KINDS
    return name.shown.startswith(kind + ":")


def _match(raw: str, names: Sequence[Name]) -> list[Name]:
    wanted = normal(raw.split(":", 1)[1] if ":" in raw and "//" not in raw else raw)
    found: dict[str, Name] = {}
    for n in names:
        if normal(n.name) == wanted or normal(n.shown) == normal(raw):
            found.setdefault(n.iri, n)
    resources = [n for n in found.values() if not n.shown.startswith("nkg:")]
    return resources or list(found.values())  # an entity or instance before an ontology term


def _no_match(param: Param, raw: str, found: list[Name], names: Sequence[Name]) -> InputError:
    field = param.name
    if found:
        listed = "; ".join(f"{n.shown} ({n.label})" for n in found)
        return InputError(f"{raw!r} names {len(found)} things: {listed}", field=field,
                          hint="give the one you mean by its key")
    by_name: dict[str, list[Name]] = {}
    prefix = raw.split(":", 1)[0] if ":" in raw and "//" not in raw else None
    for n in names:  # a prefixed value's near misses share its prefix (not article: -> nkg:)
        if prefix is None or (":" not in n.shown if prefix == "entity" else
                              n.shown.startswith(prefix + ":")):
            by_name.setdefault(normal(n.name), []).append(n)
    wanted = normal(raw.split(":", 1)[1] if prefix is not None else raw)
    within = None  # article:SLUG/REPORT-ID: near misses of the report id, its article's first
    if prefix is not None and "/" in raw.split(":", 1)[1]:
        within, _, last = raw.rpartition("/")
        wanted = normal(last)
    import difflib  # only for a value that is not there

    close = difflib.get_close_matches(wanted, list(by_name), n=CLOSEST, cutoff=0.5) \
        if len(by_name) <= CLOSE_AMONG else []
    close += [name for name in by_name if wanted and wanted in name.split("-") and name not in close]
    shown: dict[str, Name] = {}
    for name in close:
        for n in by_name[name]:
            shown.setdefault(n.iri, n)
    ordered = sorted(shown.values(), key=lambda n: within is None or
                     not n.shown.startswith(within + "/"))  # stable: the closest first within
    guess = ", ".join(f"{n.shown} ({n.label})" for n in ordered[:CLOSEST])
    if param.cls is not None:
        lister = f"newskg query 'SELECT ?x WHERE {{ ?x a {compact_iri(param.cls, _NAMESPACES)} }}'" \
            " lists them"
    else:
        lister = "newskg query --name " + ("wikidata-links lists the entities"
                                           if param.kind == "iri" else
                                           "timeline lists the world instances")
    return InputError(f"{raw!r} matches nothing in the store (no key, label or alias)"
                      + (f"; did you mean {guess}?" if guess else ""), field=field,
                      hint=lister)
