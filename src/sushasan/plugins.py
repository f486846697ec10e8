"""The plugin manager: built-ins first, then anything installed under the ``sushasan`` group."""

from __future__ import annotations

import pluggy

from sushasan import hookspecs
from sushasan.connectors.live import LiveSource
from sushasan.errors import SushasanError
from sushasan.ingest.records import Importer

__all__ = ["importers", "live_sources", "make_plugin_manager"]

BUILTINS = (
    "sushasan.sources.jsonl",
    "sushasan.sources.x_analytics",
    "sushasan.sources.api_pages",
    "sushasan.sources.x_exports",
    "sushasan.sources.youtube_studio",
    "sushasan.sources.meta_exports",
    "sushasan.review.pillars",
    "sushasan.connectors.x",
    "sushasan.connectors.facebook",
    "sushasan.connectors.instagram",
    "sushasan.connectors.youtube",
)


def make_plugin_manager(load_entry_points: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("sushasan")
    pm.add_hookspecs(hookspecs)
    for module in BUILTINS:
        pm.register(__import__(module, fromlist=["*"]), name=module)
    if load_entry_points:
        pm.load_setuptools_entrypoints("sushasan")
    return pm


def importers(pm: pluggy.PluginManager) -> dict[str, Importer]:
    found: dict[str, Importer] = {}
    for batch in pm.hook.sushasan_importers():
        for imp in batch:
            if imp.name in found:
                raise SushasanError(f"two plugins provide the import format '{imp.name}'")
            found[imp.name] = imp
    return dict(sorted(found.items()))


def live_sources(pm: pluggy.PluginManager) -> dict[str, LiveSource]:
    found: dict[str, LiveSource] = {}
    for batch in pm.hook.sushasan_live_sources():
        for src in batch:
            if src.platform in found:
                raise SushasanError(f"two plugins provide live ingestion from '{src.platform}'")
            found[src.platform] = src
    return dict(sorted(found.items()))
