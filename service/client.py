"""A Python client for the scoring API, for CMS plugins and batch jobs.

    client = CredibilityClient("https://sumber.example.id", api_key="...")
    report = client.score(text, title="Judul")
    results = client.score_many([{"id": "a-1", "title": ..., "text": ...}, ...])

Scoring is idempotent, so a request that met a connection error, a timeout or a
429/502/503/504 is sent again after an exponential backoff (or the server's Retry-After).
Every other failure raises at once, as a CredibilityError subclass carrying the API's
JSON error body ``{"error", "message"}``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterable

import requests

from service.config import Config
from service.version import SERVICE_NAME, SERVICE_VERSION

RETRIED_STATUSES = frozenset({429, 502, 503, 504})
# However long a server asks us to wait, a caller is not left hanging for longer than this.
MAX_RETRY_AFTER_SECONDS = 60.0


class CredibilityError(Exception):
    """The API did not score the request; ``status`` and ``body`` are the API's answer, if any."""

    def __init__(self, message: str, status: int | None = None, body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.body = body or {}


class AuthenticationError(CredibilityError):
    """401: the API key is missing or not one the service knows."""


class RequestRejected(CredibilityError):
    """Another 4xx: the request itself must change (its message says how)."""


class ServiceError(CredibilityError):
    """A 5xx that is not worth retrying (the service failed on this request), or an answer that is not the API's."""


class ServiceUnavailable(CredibilityError):
    """The service stayed unreachable or overloaded through every retry."""


class CredibilityClient:
    """POST /score and /score/batch over one requests.Session, with retries and typed errors."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 0.5, batch_size: int = Config.max_batch_articles):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, not {base_url!r}")
        if retries < 0 or timeout <= 0 or backoff < 0 or batch_size < 1:
            raise ValueError("retries and backoff must be >= 0, timeout > 0 and batch_size >= 1")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        # Lowered when the server answers 413 to a batch, so later batches fit at once.
        self.batch_size = batch_size
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"{SERVICE_NAME}-client/{SERVICE_VERSION}"
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "CredibilityClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def health(self) -> dict:
        """GET /health: {"status": "ok", "model": {"name", "version", "sha256"}}."""
        return self._request("GET", "/health")

    def score(self, text: str, title: str | None = None, id: str | None = None) -> dict:
        """The credibility report for one article."""
        return self._request("POST", "/score", {"text": text, "title": title, "id": id})

    def score_many(self, articles: Iterable[dict]) -> list[dict]:
        """Score articles ``{"id", "title", "text"}`` through /score/batch, in order.

        Each result is the API's batch entry: ``{"index", "id", "status": 200, "report"}``
        or ``{"index", "id", "status", "error", "message"}`` for an article the API refused,
        with ``index`` its position in ``articles``. Batches the server finds too large
        (413: too many articles or too many bytes) are halved until they fit; an article
        too large on its own gets its 413 as its result.
        """
        articles = list(articles)
        results: list[dict] = []
        while len(results) < len(articles):
            start = len(results)
            chunk = articles[start:start + self.batch_size]
            try:
                answer = self._request("POST", "/score/batch", {"articles": chunk})
            except RequestRejected as error:
                if error.status != 413:
                    raise
                if len(chunk) > 1:
                    self.batch_size = max(1, len(chunk) // 2)
                    continue
                article = chunk[0]
                results.append({"index": start, "id": article.get("id") if isinstance(article, dict) else None,
                                "status": 413, **error.body})
                continue
            results.extend({**result, "index": start + result["index"]} for result in answer["results"])
        return results

    def _request(self, method: str, path: str, payload: dict | None = None) -> dict:
        """Send one request, retrying what is worth retrying; the JSON body, or a CredibilityError."""
        url = self.base_url + path
        attempt = 0
        while True:
            try:
                response = self.session.request(method, url, json=payload, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt == self.retries:
                    raise ServiceUnavailable(f"{method} {url}: no answer after {attempt + 1} tries: {error}") from None
                wait = self._backoff_seconds(attempt)
            else:
                if response.status_code not in RETRIED_STATUSES or attempt == self.retries:
                    return _answer(method, url, response, tries=attempt + 1)
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                wait = self._backoff_seconds(attempt) if asked is None else asked
            time.sleep(wait)
            attempt += 1

    def _backoff_seconds(self, attempt: int) -> float:
        return min(self.backoff * 2 ** attempt, MAX_RETRY_AFTER_SECONDS)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delay-seconds or an HTTP date), capped; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def _answer(method: str, url: str, response: requests.Response, tries: int) -> dict:
    """The JSON body of a 2xx answer; otherwise the CredibilityError its status calls for."""
    try:
        body = response.json()
    except ValueError:
        body = None
    status = response.status_code
    if 200 <= status < 300 and isinstance(body, dict):
        return body
    if not (isinstance(body, dict) and isinstance(body.get("message"), str)):
        # Not the API's own error shape: a proxy's page, say. Keep a little of it to go on.
        body = {"error": response.reason or str(status), "message": response.text[:200]}
    message = f"{method} {url}: {status} {body.get('error')}: {body['message']}"
    if status == 401:
        raise AuthenticationError(message, status, body)
    if 400 <= status < 500 and status != 429:
        raise RequestRejected(message, status, body)
    if status in RETRIED_STATUSES:
        raise ServiceUnavailable(f"{message} (after {tries} tries)", status, body)
    raise ServiceError(message, status, body)
