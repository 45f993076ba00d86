"""Is Wikidata reachable? A quick probe, so that online-only named queries fail with a clear message
instead of an empty result.

``NEWSKG_OFFLINE=1`` answers "no" without touching the network (tests, air-gapped machines);
``NEWSKG_WIKIDATA_SPARQL`` names another endpoint to probe.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from importlib import metadata

from newskg.errors import RemoteError, WikidataUnavailableError
from newskg.remote.bounds import HttpLimits

SPARQL_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://w3id.org/newskg; set NEWSKG_CONTACT to your e-mail"


def endpoint() -> str:
    return os.environ.get("NEWSKG_WIKIDATA_SPARQL", SPARQL_ENDPOINT)


def user_agent() -> str:
    """Wikimedia User-Agent policy: tool/version (contact) library/version."""
    try:
        version = metadata.version("newskg")
    except metadata.PackageNotFoundError:
        version = "0"
    contact = os.environ.get("NEWSKG_CONTACT", DEFAULT_CONTACT)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"newskg/{version} ({contact}) Python-http.client/{python}"


def unreachable_reason(url: str | None = None, *, timeout: float = 5.0) -> str | None:
    """None when ``url`` answers at all (any HTTP status) within ``timeout`` seconds in all;
    otherwise why it cannot be reached."""
    if os.environ.get("NEWSKG_OFFLINE") == "1":
        return "NEWSKG_OFFLINE=1"
    from newskg.remote.client import Connection

    probed = url or endpoint()
    try:
        with Connection(probed, limits=HttpLimits(timeout, 1024 * 1024)) as conn:
            parts = urllib.parse.urlsplit(probed)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("HEAD", target, headers={"User-Agent": user_agent()})
        return None  # it answered; the query itself will say what is wrong
    except RemoteError as exc:
        return str(exc)


def require_online(query_name: str) -> None:
    """Raise WikidataUnavailableError when the Wikidata query service cannot be reached."""
    reason = unreachable_reason()
    if reason is not None:
        raise WikidataUnavailableError(
            f"named query {query_name!r} joins the graph with Wikidata through SERVICE "
            f"<{SPARQL_ENDPOINT}>, which cannot be reached ({reason}); run it when online "
            "(it answers nothing offline rather than an empty result)")
