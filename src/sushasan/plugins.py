"""The plugin manager: built-ins first, then anything installed under the ``sushasan`` group.

Each built-in platform is one plugin, its folder ``platforms/<name>/`` (the package registers its
importers and its live source); the other built-ins are the project's own record format and the
review pillars.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import pluggy

from sushasan import hookspecs
from sushasan.errors import SushasanError
from sushasan.ingest.live import LiveSource
from sushasan.ingest.records import Importer
from sushasan.platforms import PLATFORMS

__all__ = ["importers", "live_sources", "make_plugin_manager", "reply_platforms"]

T = TypeVar("T")

BUILTINS = (
    "sushasan.ingest.jsonl",
    "sushasan.review.pillars",
    *(f"sushasan.platforms.{name}" for name in PLATFORMS),
)


def make_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("sushasan")
    pm.add_hookspecs(hookspecs)
    for module in BUILTINS:
        pm.register(__import__(module, fromlist=["*"]), name=module)
    if load_entry_points:
        pm.load_setuptools_entrypoints("sushasan")
    return pm


def _by_key(batches: Iterable[Iterable[T]], key: Callable[[T], str], what: str) -> dict[str, T]:
    """One registry from every plugin's batch, sorted by key; a key two plugins claim is an
    error naming it (which plugin wins would otherwise depend on load order)."""
    found: dict[str, T] = {}
    for batch in batches:
        for item in batch:
            name = key(item)
            if name in found:
                raise SushasanError(f"two plugins provide {what} '{name}'")
            found[name] = item
    return dict(sorted(found.items()))


def importers(pm: pluggy.PluginManager) -> dict[str, Importer]:
    return _by_key(pm.hook.sushasan_importers(), lambda imp: imp.name, "the import format")


def live_sources(pm: pluggy.PluginManager) -> dict[str, LiveSource]:
    return _by_key(pm.hook.sushasan_live_sources(), lambda src: src.platform,
                   "live ingestion from")


def reply_platforms(pm: pluggy.PluginManager, config: Any) -> dict[str, Any]:
    """Where replies can be posted (``sushasan_reply_platforms``), by platform name."""
    return _by_key(pm.hook.sushasan_reply_platforms(config=config), lambda p: p.name,
                   "replies to")
