"""Which store a query runs on: the data's (``store/``) or every graph's (``store-all/``).

See `newskg.publish.vocabularies`: a query that names no graph runs over the union of the data
graphs; one that names graphs (GRAPH, FROM, FROM NAMED) sees the ontology, alignments and shapes
graphs too.
"""

from __future__ import annotations

import re

from newskg.store.shape import COMMENT, IRI, LONG_STRING, SHORT_STRING

_QUOTED = re.compile(f"{COMMENT}|{IRI}|{LONG_STRING}|{SHORT_STRING}", re.DOTALL)
_NAMES_GRAPHS = re.compile(r"(?<![\w:?$])(?:graph|from)(?![\w:])", re.IGNORECASE)


def names_graphs(query: str) -> bool:
    """Does the query name graphs (the keyword GRAPH, FROM or FROM NAMED outside strings, IRIs
    and comments)? Conservative: a bare word ``graph`` where the grammar would refuse it counts."""
    lowered = query.lower()
    if "graph" not in lowered and "from" not in lowered:
        return False
    return _NAMES_GRAPHS.search(_QUOTED.sub(" ", query)) is not None
