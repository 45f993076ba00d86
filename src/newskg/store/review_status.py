"""Review status in the answers of named queries: reviewed by default, drafts when asked for.

Every report carries ``nkg:reviewStatus`` (``nkg:Reviewed``, ``nkg:Unreviewed`` or ``nkg:Draft``) and
every world instance ``nkg:Reviewed`` or ``nkg:Draft``. A named query restricts the status of what it
answers from with a *status filter*, ``FILTER(?status = nkg:Reviewed)`` on a variable named
``?status`` or ending in ``Status`` that the query reads with ``nkg:reviewStatus``::

    ?report nkg:sourceArticle ?article ; nkg:reviewStatus ?status .
    FILTER(?status = nkg:Reviewed)

As written, a named query therefore answers from reviewed reports and instances only, wherever it
runs (the `.rq` text pasted into any SPARQL endpoint gives the same default answer). Asked for drafts
(`newskg query --drafts`, the endpoint's ``/named/NAME?drafts=true``), the runner lifts every status
filter: the query then answers from reports of any status (reviewed, unreviewed, draft), each row
still showing its ``?status``; nothing else in the query changes. A query may restrict several
reports at once (an assertion and its denial) and answer with one ``?status`` column made of them.

A filter, not a ``VALUES ?status { ... }`` block: Oxigraph started a query with a VALUES block from
every report of that status (1.4 s instead of 30 ms for `ceasefire-statements` at 300k triples, all
reviewed), and rdflib joined a VALUES block in the middle of a group with the unbound patterns after
it (18 s instead of 20 ms for `affiliations` on the seed). Both engines apply the filter to the rows
the query's patterns find.
"""

from __future__ import annotations

import re

STATUS_FILTER = re.compile(r"FILTER\s*\(\s*\?(status|[A-Za-z_]\w*Status)\s*=\s*nkg:Reviewed\s*\)")


def status_variables(sparql: str) -> list[str]:
    """The variables of the query's status filters, in order of appearance."""
    return [m.group(1) for m in STATUS_FILTER.finditer(sparql)]


def shown_statuses(sparql: str, *, drafts: bool) -> str:
    """The query answering from reviewed reports only (as written), or with ``drafts`` from
    reports of every status (its status filters lifted)."""
    return STATUS_FILTER.sub("", sparql) if drafts else sparql
