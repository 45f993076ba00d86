"""Which store a query runs on: the data's (``store/``) or every graph's (``store-all/``).

See `newskg.publish.vocabularies`: a query that names no graph runs over the union of the data
graphs; one that names graphs (GRAPH, FROM, FROM NAMED) sees the ontology, alignments and shapes
graphs too.

`check_graphs` refuses a graph a query names in FROM, FROM NAMED or the protocol's dataset when the
dataset does not hold it: the endpoint (HTTP 400) and `newskg query` (exit 2) refuse it alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.store.shape import COMMENT, IRI, LONG_STRING, SHORT_STRING

LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"

_QUOTED = re.compile(f"{COMMENT}|{IRI}|{LONG_STRING}|{SHORT_STRING}", re.DOTALL)
_NAMES_GRAPHS = re.compile(r"(?<![\w:?$])(?:graph|from)(?![\w:])", re.IGNORECASE)


def names_graphs(query: str) -> bool:
    """Does the query name graphs (the keyword GRAPH, FROM or FROM NAMED outside strings, IRIs
    and comments)? Conservative: a bare word ``graph`` where the grammar would refuse it counts."""
    lowered = query.lower()
    if "graph" not in lowered and "from" not in lowered:
        return False
    return _NAMES_GRAPHS.search(_QUOTED.sub(" ", query)) is not None


def check_graphs(iris: Iterable[str], holds: Callable[[str], bool], *, who: str,
                 listing: str = LIST_GRAPHS) -> None:
    """Refuse the first IRI that is not a valid IRI or not a graph the dataset ``holds``.

    A FROM graph names a graph of the store, never a document: SPARQL engines that fetch (rdflib)
    or read (``file:``) a graph they lack must not see one, and Oxigraph would answer from an empty
    graph, which looks like an answer. ``who`` is the command named in the message, ``listing`` how
    to list the dataset's graphs."""
    for iri in dict.fromkeys(iris):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise InputError(f"<{iri}> is not a valid IRI") from None
        if not holds(iri):
            raise InputError(f"<{iri}> is not a graph of this dataset; {who} answers from its own "
                             f"graphs only and never fetches one (list them with {listing})")
