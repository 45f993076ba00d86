"""One small client for the Wikidata API (wbsearchentities, wbgetentities), over `newskg.remote.client`.

It follows Wikimedia's API etiquette: a User-Agent naming the tool, its version and a contact
(``NEWSKG_CONTACT`` overrides the default); requests one at a time over one kept-alive connection;
retries with exponential backoff on 429, 502, 503, 504, a ``maxlag`` error and dropped connections,
waiting ``Retry-After`` seconds when the server says so; wbgetentities batched 50 ids per call; an
on-disk cache of every answer. Every answer is kept with its URL and retrieval time, which become
the sources of the snapshot's facts.

Every wait is bounded (see `Bounds`): each request has an overall deadline (a server that answers
one byte at a time is cut off, not retried), an answer size cap, and redirects only to the same
server; the waits before retries share one budget per run, and a Retry-After longer than the
longest wait ends the run at once (the server asked for more than newskg waits). A host that cannot
be reached fails fast with WikidataUnavailableError (offline), as does a malformed answer, a bound
hit, or retries running out; the caller falls back to the snapshot.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newskg.atomic import atomic_write
from newskg.errors import (
    RemoteDroppedError,
    RemoteLimitError,
    RemoteUnreachableError,
    WikidataUnavailableError,
)
from newskg.project.snapshot import Item, Source
from newskg.remote.bounds import HttpLimits, MiB
from newskg.remote.client import Connection
from newskg.remote.online import user_agent

API_URL = "https://www.wikidata.org/w/api.php"
BATCH = 50  # wbgetentities takes at most 50 ids per call
RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class Bounds:
    """How long `link --online` may wait, and for how much: the defaults of its options."""

    deadline: float = 30.0           # --deadline: one request, in all (connect, send, answer)
    max_bytes: int = 64 * MiB        # --max-answer: one answer
    retry_budget: float = 120.0      # --retry-budget: all waits before retries, in one run
    max_wait: float = 60.0           # the longest single wait; a longer Retry-After ends the run

    @classmethod
    def given(cls, deadline: float | None, max_mib: int | None,
              retry_budget: float | None) -> Bounds:
        """The defaults, with the options given (None: not given)."""
        defaults = cls()
        return cls(defaults.deadline if deadline is None else deadline,
                   defaults.max_bytes if max_mib is None else max_mib * MiB,
                   defaults.retry_budget if retry_budget is None else retry_budget)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Answer:
    """A decoded API answer with the URL it came from and when it was retrieved."""

    data: dict[str, Any]
    url: str
    retrieved: str


class WikidataClient:
    """Calls to one MediaWiki API endpoint: Wikidata's, or ``NEWSKG_WIKIDATA_API`` (a loopback
    server in tests)."""

    def __init__(self, api_url: str | None = None, *, cache_dir: Path | None = None,
                 bounds: Bounds | None = None, retries: int = 4, backoff: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], str] = utc_now) -> None:
        self.api_url = api_url or os.environ.get("NEWSKG_WIKIDATA_API", API_URL)
        self.cache_dir = cache_dir
        self.bounds = bounds or Bounds()
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self.waits: list[float] = []  # every pause before a retry, for reports and tests
        self._conn: Connection | None = None

    def close(self) -> None:
        """Close the kept-alive connection (a later request opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> Connection:
        if self._conn is None:
            limits = HttpLimits(self.bounds.deadline, self.bounds.max_bytes)
            self._conn = Connection(self.api_url, limits=limits)
        return self._conn

    # -------------------------------------------------------------------- the two API calls
    def search(self, name: str, *, limit: int = 5) -> list[str]:
        """Item ids whose label or alias matches ``name`` (wbsearchentities, English)."""
        answer = self.get({"action": "wbsearchentities", "search": name, "language": "en",
                           "uselang": "en", "type": "item", "limit": str(limit)})
        hits = answer.data.get("search")
        if not isinstance(hits, list):
            raise WikidataUnavailableError(f"{answer.url}: answer has no 'search' list")
        return [h["id"] for h in hits if isinstance(h, dict) and isinstance(h.get("id"), str)]

    def entities(self, ids: Iterable[str]) -> Iterator[Item]:
        """Label, aliases, description and P31 types of ``ids`` (wbgetentities, 50 per call)."""
        wanted = sorted(set(ids), key=lambda i: (i[0], int(i[1:])))
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start:start + BATCH]
            answer = self.get({"action": "wbgetentities", "ids": "|".join(batch),
                               "props": "labels|aliases|descriptions|claims", "languages": "en"})
            found = answer.data.get("entities")
            if not isinstance(found, dict):
                raise WikidataUnavailableError(f"{answer.url}: answer has no 'entities' mapping")
            for qid in batch:
                body = found.get(qid)
                if isinstance(body, dict) and "missing" not in body:
                    yield item_from_entity(qid, body, answer)

    # -------------------------------------------------------------------- HTTP with retries, cache
    def get(self, params: dict[str, str]) -> Answer:
        query = urllib.parse.urlencode(sorted({**params, "format": "json", "maxlag": "5"}.items()))
        url = f"{self.api_url}?{query}"
        cached = self._cached(url)
        if cached is not None:
            return cached
        for attempt in range(self.retries + 1):
            wait = self._attempt(url, attempt)
            if isinstance(wait, Answer):
                self._store(wait)
                return wait
            if attempt == self.retries:
                break
            self._spend(url, wait)
            self.waits.append(wait)
            self.sleep(wait)
        raise WikidataUnavailableError(f"{url}: no answer after {self.retries + 1} attempts "
                                       "(rate-limited or unavailable); try again later")

    def _spend(self, url: str, wait: float) -> None:
        """Take ``wait`` from the run's retry budget, or stop: the budget would be overspent."""
        waited = sum(self.waits)
        if waited + wait > self.bounds.retry_budget:
            raise WikidataUnavailableError(
                f"{url}: still failing, and waiting {wait:g} s more would overspend the "
                f"{self.bounds.retry_budget:g} s retry budget of this run ({waited:g} s waited; "
                "--retry-budget sets it); try again later")

    def _attempt(self, url: str, attempt: int) -> Answer | float:
        """One request: the answer, or how long to wait before the next try."""
        parts = urllib.parse.urlsplit(url)
        retrieved = self.clock()
        try:
            response = self._connection().request("GET", f"{parts.path or '/'}?{parts.query}",
                                                  headers={"User-Agent": user_agent(),
                                                           "Accept": "application/json"})
        except RemoteDroppedError:
            return self._wait(None, attempt)  # dropped or cut-off connection: transient
        except RemoteUnreachableError as exc:
            raise WikidataUnavailableError(
                f"cannot reach {self.api_url} ({exc}): offline? newskg link works on the local "
                "snapshot without --online") from None
        except RemoteLimitError as exc:
            raise WikidataUnavailableError(str(exc)) from None
        retry_after = response.header("Retry-After")
        if response.status in RETRY_STATUSES:
            return self._wait(retry_after, attempt, url)
        if not 200 <= response.status < 300:
            raise WikidataUnavailableError(f"{url}: HTTP {response.status} {response.reason}")
        body = response.body
        try:
            data = json.loads(body)
        except ValueError:
            raise WikidataUnavailableError(f"{url}: malformed JSON in the answer") from None
        if not isinstance(data, dict):
            raise WikidataUnavailableError(f"{url}: the answer is not a JSON object")
        error = data.get("error")
        if isinstance(error, dict):
            if error.get("code") == "maxlag":
                return self._wait(retry_after, attempt, url)
            raise WikidataUnavailableError(f"{url}: API error {error.get('code')}: "
                                           f"{error.get('info')}")
        return Answer(data, url, retrieved)

    def _wait(self, retry_after: str | None, attempt: int, url: str = "") -> float:
        """Seconds to wait: the server's Retry-After (seconds or an HTTP date), else backoff.

        A Retry-After over the longest wait stops the run: retrying sooner than the server
        asked would be impolite, and waiting as long is more than newskg waits."""
        wait: float = self.backoff * 2.0 ** attempt
        if retry_after:
            if retry_after.strip().isdigit():
                wait = float(int(retry_after.strip()))
            else:
                try:
                    when = email.utils.parsedate_to_datetime(retry_after)
                    wait = max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
                except (TypeError, ValueError):
                    pass  # an unreadable Retry-After: keep the backoff
            if wait > self.bounds.max_wait:
                raise WikidataUnavailableError(
                    f"{url or self.api_url}: the server asks to wait {wait:g} s before trying "
                    f"again (Retry-After), more than the {self.bounds.max_wait:g} s newskg waits; "
                    "try again later")
        return min(wait, self.bounds.max_wait)

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"

    def _cached(self, url: str) -> Answer | None:
        path = self._cache_path(url)
        if path is None or not path.is_file():
            return None
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return Answer(doc["data"], doc["url"], doc["retrieved"])
        except (ValueError, KeyError, TypeError):
            return None  # a damaged cache entry is fetched again

    def _store(self, answer: Answer) -> None:
        path = self._cache_path(answer.url)
        if path is not None:
            doc = {"url": answer.url, "retrieved": answer.retrieved, "data": answer.data}
            atomic_write(path, json.dumps(doc, sort_keys=True).encode("utf-8"))


def item_from_entity(qid: str, body: dict[str, Any], answer: Answer) -> Item:
    """A snapshot item from one wbgetentities entity, its fields sourced to the answer's URL."""
    def english(key: str) -> Any:
        value = body.get(key)
        return value.get("en") if isinstance(value, dict) else None

    label = english("labels")
    aliases = english("aliases") or []
    description = english("descriptions")
    claims = body.get("claims")
    p31 = claims.get("P31", []) if isinstance(claims, dict) else []
    types = []
    for claim in p31 if isinstance(p31, list) else []:
        value = (((claim or {}).get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            types.append(value["id"])
    source = Source(("label", "aliases", "description", "types"), answer.url, answer.retrieved)
    return Item(qid, "property" if qid.startswith("P") else "item",
                label["value"] if isinstance(label, dict) else qid,
                aliases=tuple(a["value"] for a in aliases if isinstance(a, dict) and "value" in a),
                description=description["value"] if isinstance(description, dict) else None,
                types=tuple(t for t in types if t.startswith("Q")), sources=(source,))
