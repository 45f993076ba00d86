"""Where each of newskg's IRIs lives on `newskg serve`: an IRI under the IRI base ↔ a local path.

newskg's IRIs are ``https://w3id.org/newskg/...``: w3id.org redirects them to wherever the data is
served (docs/linked-data.md), keeping the path. So the server answers an IRI at the same path on
its own host: ``<ID>entity/x`` at ``/id/entity/x``, the ontology (and each ``nkg:`` term, after
the ``#``) at ``/ontology``, the shapes at ``/shapes``, a named graph at ``/graph/...``.
"""

from __future__ import annotations

import pyoxigraph as ox

from newskg.rdf.prefixes import GRAPH, ID, ONTOLOGY, PREFIXES

SHAPES = PREFIXES["nkgsh"].rstrip("#")
"""The IRI of the shapes (their ids are this IRI followed by ``#``)."""


def _site(namespace: str, path: str) -> str:
    """The part of ``namespace`` before its ``path`` (``https://w3id.org/newskg/``)."""
    return namespace.removesuffix(path)


SITE = _site(ID, "id/")
# (local path prefix, IRI prefix): the longest first
LOCAL: tuple[tuple[str, str], ...] = (
    ("/id/", ID),
    ("/graph/", GRAPH),
    ("/ontology/alignments", ONTOLOGY + "/alignments"),
    ("/ontology", ONTOLOGY),
    ("/shapes", SHAPES),
    ("/void", SITE + "void"),  # the VoID description (also at /.well-known/void)
)


def iri_of_path(path: str) -> str | None:
    """The IRI a local path stands for (None: not a resource path, or a path no IRI can have:
    "/id/entity/ilham aliyev", with a space, names nothing here)."""
    for local, namespace in LOCAL:
        if local.endswith("/"):
            if path.startswith(local) and len(path) > len(local):
                return _valid(namespace + path[len(local):])
        elif path == local:
            return namespace
    return None


def _valid(iri: str) -> str | None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return None
    return iri


def path_of_iri(iri: str) -> str | None:
    """The local path (with its ``#fragment``) where an IRI is answered; None: not one of ours."""
    for local, namespace in LOCAL:
        if local.endswith("/"):
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return local + iri[len(namespace):]
        elif iri == namespace or iri.startswith(namespace + "#"):
            return local + iri[len(namespace):]
    return None
