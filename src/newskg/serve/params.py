"""The query-string parameters of the server's own routes, read by one set of rules.

Each route names the parameters it reads (/named/NAME: the query's own, ``drafts``, ``limit``,
``offset``; /plot/KIND.svg: ``article``, ``from``, ``to``, ``drafts``; the resource pages and VoID:
``format``; /health: ``format``) and `read_params` gives their values by name, or the 400 answer
that names the first parameter breaking a rule and says what to do:

- the query string is UTF-8 once percent-decoded (`newskg.serve.protocol.url_params`);
- a name the route does not read is refused, not ignored: ``?form=nt`` or ``?artcle=SLUG`` would
  otherwise be answered as if it were not there;
- a name given twice with two values is refused: one of them would otherwise be dropped unseen
  (the same value twice is one value).

/sparql is not read here: it follows the SPARQL 1.1 Protocol (`newskg.serve.protocol`), where
``default-graph-uri`` and ``named-graph-uri`` repeat. Routes that read no parameter (the query
page, whose ``?resource=`` its script reads, its assets, /queries.json) do not call it.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.requests import Request

from newskg.serve.evaluate import Answer
from newskg.serve.protocol import url_params, url_query_text


def read_params(request: Request, accepted: Collection[str]) -> dict[str, str] | Answer:
    """The request's URL parameters by name (each one of ``accepted``), or the 400 that refuses
    the first one breaking the rules above."""
    decoded = url_params(url_query_text(request.scope["query_string"]))
    if isinstance(decoded, Answer):
        return decoded
    params: dict[str, str] = {}
    for name, value in decoded:
        if name not in accepted:
            return Answer.error(400, f"{request.url.path} has no parameter {name!r}; its "
                                f"parameters: {', '.join(accepted) or 'none'}: drop it or "
                                "correct its name")
        if params.get(name, value) != value:
            return Answer.error(400, f"{name} is given twice ({params[name]!r} and {value!r}); a "
                                "parameter takes one value: ask once per value")
        params[name] = value
    return params
