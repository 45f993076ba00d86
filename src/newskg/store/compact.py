"""Compact IRIs as printed, read back in query text.

Result tables and the query page print ``article:SLUG/fig-killed``, ``event:KEY/date`` and
``entity:KEY/wikidata-link``. SPARQL's prefixed names cannot hold an unescaped '/', so the parser
would read such a name as a property path or fail; ``expand_compact_iris`` writes each one as the
full ``<IRI>`` it stands for before the query is parsed. Strings, ``<IRIs>`` and comments are left
as they are, as are prefixed names of other prefixes in a property path (``nkg:evidence/oa:exact``)
and any prefix the query declares itself.
"""

from __future__ import annotations

import re

from newskg.rdf.prefixes import COMPACT_PREFIXES, PREFIXES

SLASHED = {**COMPACT_PREFIXES, "entity": PREFIXES["entity"]}
"""Prefixes whose printed local names may hold '/' (reports, time values, link nodes)."""

_SKIPPED = re.compile(r'''("""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'|'''
                      r'''"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*)''')
_SEGMENT = r"[A-Za-z0-9_](?:[\w.-]*[\w-])?(?![\w:-])"
_NAME = re.compile(rf"(?<![\w:?$.-])({'|'.join(SLASHED)}):({_SEGMENT}(?:/{_SEGMENT})+)")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def expand_compact_iris(sparql: str) -> str:
    """The query with every printed compact IRI holding a '/' written as its full IRI."""
    # A compact IRI found in the code is found in the whole text too (what precedes or follows a
    # code part is a quote, '>' or a line end, outside both lookarounds): no match, nothing to do.
    if "/" not in sparql or _NAME.search(sparql) is None:
        return sparql
    declared = {m.group(1) or "" for m in _DECLARED.finditer(_blank_skipped(sparql))}
    known = {p: ns for p, ns in SLASHED.items() if p not in declared}
    if not known:
        return sparql
    out, last = [], 0
    for m in _SKIPPED.finditer(sparql):
        out.append(_expand(sparql[last:m.start()], known))
        out.append(m.group())
        last = m.end()
    out.append(_expand(sparql[last:], known))
    return "".join(out)


def _expand(code: str, known: dict[str, str]) -> str:
    def full(m: re.Match[str]) -> str:
        namespace = known.get(m.group(1))
        return m.group() if namespace is None else f"<{namespace}{m.group(2)}>"

    return _NAME.sub(full, code)


def _blank_skipped(sparql: str) -> str:
    return _SKIPPED.sub(lambda m: " " * len(m.group()), sparql)
