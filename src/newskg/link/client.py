"""One small client for the Wikidata API (wbsearchentities, wbgetentities), over urllib.

It follows Wikimedia's API etiquette: a User-Agent naming the tool, its version and a contact
(``NEWSKG_CONTACT`` overrides the default); requests one at a time with a timeout; retries with
exponential backoff on 429, 502, 503, 504, a ``maxlag`` error, timeouts and dropped connections, waiting ``Retry-After``
seconds when the server says so; wbgetentities batched 50 ids per call; an on-disk cache of every
answer. Every answer is kept with its URL and retrieval time, which become the sources of the
snapshot's facts. A host that cannot be reached fails fast with WikidataUnavailableError (offline),
as does a malformed answer or retries running out; the caller falls back to the snapshot.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from newskg.errors import WikidataUnavailableError
from newskg.export import atomic_write
from newskg.link.snapshot import Item, Source

API_URL = "https://www.wikidata.org/w/api.php"
BATCH = 50  # wbgetentities takes at most 50 ids per call
RETRY_STATUSES = frozenset({429, 502, 503, 504})
DEFAULT_CONTACT = "https://w3id.org/newskg; set NEWSKG_CONTACT to your e-mail"


def user_agent() -> str:
    """Wikimedia User-Agent policy: tool/version (contact) library/version."""
    try:
        version = metadata.version("newskg")
    except metadata.PackageNotFoundError:
        version = "0"
    contact = os.environ.get("NEWSKG_CONTACT", DEFAULT_CONTACT)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"newskg/{version} ({contact}) Python-urllib/{python}"


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
                 timeout: float = 10.0, retries: int = 4, backoff: float = 1.0,
                 max_wait: float = 60.0, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], str] = utc_now) -> None:
        self.api_url = api_url or os.environ.get("NEWSKG_WIKIDATA_API", API_URL)
        self.cache_dir = cache_dir
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.waits: list[float] = []  # every pause before a retry, for reports and tests

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
            self.waits.append(wait)
            self.sleep(wait)
        raise WikidataUnavailableError(f"{url}: no answer after {self.retries + 1} attempts "
                                       "(rate-limited or unavailable); try again later")

    def _attempt(self, url: str, attempt: int) -> Answer | float:
        """One request: the answer, or how long to wait before the next try."""
        request = urllib.request.Request(url, headers={"User-Agent": user_agent(),
                                                       "Accept": "application/json"})
        retrieved = self.clock()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                retry_after = response.headers.get("Retry-After")
        except urllib.error.HTTPError as exc:
            if exc.code in RETRY_STATUSES:
                return self._wait(exc.headers.get("Retry-After"), attempt)
            raise WikidataUnavailableError(f"{url}: HTTP {exc.code} {exc.reason}") from None
        except TimeoutError:
            return self._wait(None, attempt)
        except (http.client.HTTPException, ConnectionError):
            return self._wait(None, attempt)  # dropped or cut-off connection: transient
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                return self._wait(None, attempt)
            raise WikidataUnavailableError(
                f"cannot reach {self.api_url} ({exc.reason}): offline? newskg link works on the "
                "local snapshot without --online") from None
        try:
            data = json.loads(body)
        except ValueError:
            raise WikidataUnavailableError(f"{url}: malformed JSON in the answer") from None
        if not isinstance(data, dict):
            raise WikidataUnavailableError(f"{url}: the answer is not a JSON object")
        error = data.get("error")
        if isinstance(error, dict):
            if error.get("code") == "maxlag":
                return self._wait(retry_after, attempt)
            raise WikidataUnavailableError(f"{url}: API error {error.get('code')}: "
                                           f"{error.get('info')}")
        return Answer(data, url, retrieved)

    def _wait(self, retry_after: str | None, attempt: int) -> float:
        """Seconds to wait: the server's Retry-After (seconds or an HTTP date), else backoff."""
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
        return min(wait, self.max_wait)

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
