"""One HTTP client per platform: retries, the platform's own rate-limit signals, a read budget.

Transient failures (network errors, 5xx) are retried with exponential backoff (tenacity). Rate
limits are read from what each platform says — X's ``x-rate-limit-*`` headers and 429 in plain
text or JSON, Graph error codes 4/17/32/613 and usage headers, YouTube ``quotaExceeded`` — and a
wait longer than ``max_wait`` stops the platform cleanly instead of blocking the run. How a
platform says it is its own: a live source binds its platform's error reader to its client
(``reading``); a client without one reads the HTTP status alone.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import httpx2
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from sushasan.errors import BudgetExhausted, RateLimited, SourceError
from sushasan.platforms._api import ErrorReader, parse_json, status_error

__all__ = [
    "ApiClient",
    "BudgetExhausted",
    "Fetched",
    "RateLimited",
    "ReadBudget",
    "SourceError",
]


class _Transient(Exception):
    """Internal: worth another try (``rate_limited`` when the platform asked us to slow down)."""

    def __init__(self, message: str, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.rate_limited = rate_limited


@dataclass
class ReadBudget:
    """Items a run may read from a platform (X bills reads per post)."""

    platform: str
    limit: int | None
    used: int = 0

    def spend(self, items: int) -> None:
        self.used += items

    def check(self) -> None:
        if self.limit is not None and self.used >= self.limit:
            raise BudgetExhausted(
                self.platform,
                f"read budget of {self.limit} items reached ({self.used} read); the remaining "
                "accounts will be fetched on the next run (raise the budget with "
                f"SUSHASAN_{self.platform.upper()}_READ_BUDGET)",
            )


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    headers: dict[str, str]
    text: str
    body: Any = None  # parsed JSON when the response was JSON

    def envelope(self) -> dict[str, Any]:
        """What is landed under raw/: enough to re-map the page later, without secrets."""
        return {"url": self.url, "status": self.status, "headers": self.headers,
                "body": self.body if self.body is not None else self.text}


@dataclass
class ApiClient:
    platform: str
    client: httpx2.Client
    auth: Mapping[str, str] = field(default_factory=dict)
    auth_params: Mapping[str, str] = field(default_factory=dict)
    attempts: int = 3
    max_wait: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], float] = time.time
    #: How the platform says an answer failed (its ``<platform>_api_error``); None: by status.
    read_error: ErrorReader | None = None
    _wait_until: float = 0.0

    def reading(self, read_error: ErrorReader) -> ApiClient:
        """This client, reading errors as its platform writes them."""
        return replace(self, read_error=read_error)

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> Fetched:
        retry = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=0.5, max=8),
            retry=retry_if_exception_type(_Transient),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            return retry(self._once, url, dict(params or {}))
        except _Transient as exc:
            message = f"{exc} (after {self.attempts} attempts)"
            if exc.rate_limited:
                raise RateLimited(self.platform, message, None) from None
            raise SourceError(self.platform, message) from None

    def _once(self, url: str, params: dict[str, Any]) -> Fetched:
        self._respect_reset()
        try:
            resp = self.client.get(
                url, params={**params, **self.auth_params}, headers=dict(self.auth)
            )
        except httpx2.TransportError as exc:
            raise _Transient(f"network error: {exc}") from exc
        headers = {k.lower(): v for k, v in resp.headers.items()}
        text = resp.text
        fetched = Fetched(_public(resp.request.url), resp.status_code, headers, text,
                          parse_json(text))
        self._note_remaining(headers)
        now = datetime.fromtimestamp(self.now(), UTC)
        if self.read_error is None:
            err = status_error(self.platform, resp.status_code, text)
        else:
            err = self.read_error(resp.status_code, headers, text, now=now)
        if err is None or err.kind == "partial":
            return fetched
        if err.kind in ("rate_limited", "quota_exceeded"):
            wait = err.retry_after_s
            if wait is not None and wait <= self.max_wait:
                self.sleep(max(wait, 0.0))
                raise _Transient(err.message, rate_limited=True)
            raise RateLimited(self.platform, err.message, wait)
        if err.kind == "server":
            raise _Transient(err.message)
        raise SourceError(self.platform, err.message, resp.status_code)

    def _note_remaining(self, headers: Mapping[str, str]) -> None:
        """X says how many calls are left; at zero, wait for the reset before the next call."""
        if headers.get("x-rate-limit-remaining") == "0" and headers.get("x-rate-limit-reset"):
            with contextlib.suppress(ValueError):
                self._wait_until = float(headers["x-rate-limit-reset"])

    def _respect_reset(self) -> None:
        wait = self._wait_until - self.now()
        if wait <= 0:
            return
        if wait > self.max_wait:
            raise RateLimited(
                self.platform, f"rate limit reached; it resets in {wait:.0f} s", wait
            )
        self.sleep(wait)
        self._wait_until = 0.0


def _public(url: httpx2.URL) -> str:
    """The URL without credentials passed as query parameters (Graph tokens, YouTube keys)."""
    for secret in ("access_token", "key"):
        url = url.copy_remove_param(secret)
    return str(url)

