"""Review status in the answers of named queries: reviewed by default, drafts when asked for.

Every report carries ``nkg:reviewStatus`` (``nkg:Reviewed``, ``nkg:Unreviewed`` or ``nkg:Draft``) and
every world instance ``nkg:Reviewed`` or ``nkg:Draft``. A named query restricts the status of what it
answers from with a *status block*: an inline ``VALUES`` block holding ``nkg:Reviewed`` alone, for a
variable named ``?status`` or ending in ``Status``::

    VALUES ?status { nkg:Reviewed }
    ?report nkg:sourceArticle ?article ; nkg:reviewStatus ?status .

As written, a named query therefore answers from reviewed reports and instances only, wherever it
runs (the `.rq` text pasted into any SPARQL endpoint gives the same default answer). Asked for drafts
(`newskg query --drafts`, the endpoint's ``/named/NAME?drafts=true``), the runner widens every status
block to the three statuses; nothing else in the query changes. A block opens the group whose
pattern it restricts (the WHERE group, or an OPTIONAL or FILTER NOT EXISTS group): rdflib then
evaluates the group's patterns with the status bound, where a block after them was a join of two
unbound result sets (18 s instead of 10 ms for `affiliations` on the seed). A query may restrict
several reports at once (an assertion and its denial) and still answer with one ``?status`` column.
"""

from __future__ import annotations

import re

SHOWN_WITH_DRAFTS = ("Reviewed", "Unreviewed", "Draft")
STATUS_BLOCK = re.compile(r"VALUES\s+\?(status|[A-Za-z_]\w*Status)\s*\{\s*nkg:Reviewed\s*\}")


def status_variables(sparql: str) -> list[str]:
    """The variables of the query's status blocks, in order of appearance."""
    return [m.group(1) for m in STATUS_BLOCK.finditer(sparql)]


def shown_statuses(sparql: str, *, drafts: bool) -> str:
    """The query answering from reviewed reports only (as written), or with ``drafts`` from
    reviewed, unreviewed and draft ones."""
    if not drafts:
        return sparql
    values = " ".join(f"nkg:{status}" for status in SHOWN_WITH_DRAFTS)
    return STATUS_BLOCK.sub(lambda m: f"VALUES ?{m.group(1)} {{ {values} }}", sparql)
