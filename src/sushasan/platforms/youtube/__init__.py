"""YouTube: the Data API v3 fetched live, its saved answers, and YouTube Studio exports.

``fetch`` reads a channel's videos and comment threads within a quota budget (``YouTubeSource``),
``map`` turns its answers into normal records (and is the ``youtube-api-json`` importer),
``exports`` reads YouTube Studio's "Advanced mode" CSV files. This module is the plugin: it
offers them through the hooks.
"""

from __future__ import annotations

from typing import Any

from sushasan.hookspecs import hookimpl
from sushasan.ingest.live import LiveSource
from sushasan.ingest.records import Importer
from sushasan.platforms.youtube.exports import IMPORTERS
from sushasan.platforms.youtube.fetch import make_source
from sushasan.platforms.youtube.map import IMPORTER
from sushasan.platforms.youtube.reply import make_replies


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [IMPORTER, *IMPORTERS]


@hookimpl
def sushasan_live_sources() -> list[LiveSource]:
    return [LiveSource("youtube", make_source)]


@hookimpl
def sushasan_reply_platforms(config: Any) -> list[Any]:
    return [make_replies(config)]
