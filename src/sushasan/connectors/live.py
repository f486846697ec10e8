"""How a platform offers live ingestion: one ``LiveSource`` per platform, found through pluggy.

Each connector module implements the ``sushasan_live_sources`` hook with a factory that reads
its own secret and budget from the settings, so the core has no list of platforms: adding one
is a module (or an installed plugin) with this hook and an importer for the pages it saves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx2

from sushasan.config import Config, Secret
from sushasan.connectors.runner import Source
from sushasan.errors import SushasanError
from sushasan.registry.model import Department

__all__ = ["LiveSource", "SourceFactory", "need_secret"]

#: (settings, HTTP client, departments, longest wait for a rate limit, sleep) → a source.
SourceFactory = Callable[
    [Config, httpx2.Client, list[Department], float, Callable[[float], None]], Source
]


@dataclass(frozen=True)
class LiveSource:
    platform: str
    make: SourceFactory


def need_secret(value: Secret | None, message: str) -> str:
    """The secret's value, or a clear error saying which variable to set."""
    if value is None:
        raise SushasanError(message)
    return value.reveal()

