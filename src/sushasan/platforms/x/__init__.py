"""X (Twitter): its API v2 fetched live, its saved answers, and its analytics exports.

``fetch`` reads the API incrementally (``XSource``), ``map`` turns its answers into normal records
(and is the ``x-api-json`` importer of saved answers), ``exports`` reads the analytics CSV files
people download by hand. This module is the plugin: it offers them through the hooks.
"""

from __future__ import annotations

from typing import Any

from sushasan.hookspecs import hookimpl
from sushasan.ingest.live import LiveSource
from sushasan.ingest.records import Importer
from sushasan.platforms.x.exports import IMPORTERS
from sushasan.platforms.x.fetch import make_source
from sushasan.platforms.x.map import IMPORTER
from sushasan.platforms.x.reply import make_replies


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [IMPORTER, *IMPORTERS]


@hookimpl
def sushasan_live_sources() -> list[LiveSource]:
    return [LiveSource("x", make_source)]


@hookimpl
def sushasan_reply_platforms(config: Any) -> list[Any]:
    return [make_replies(config)]
