"""Instagram: its Graph API fetched live and its saved answers.

``fetch`` reads a business account's media and comments (``InstagramSource``, on Graph's shared
cursor in ``platforms._graph``), ``map`` turns its answers into normal records (and is the
``instagram-api-json`` importer). Instagram's hand-downloaded exports come from Meta Business
Suite and are read in ``platforms.facebook.exports``. This module is the plugin: it offers them
through the hooks.
"""

from __future__ import annotations

from typing import Any

from sushasan.hookspecs import hookimpl
from sushasan.ingest.live import LiveSource
from sushasan.ingest.records import Importer
from sushasan.platforms.instagram.fetch import make_source
from sushasan.platforms.instagram.map import IMPORTER
from sushasan.platforms.instagram.reply import make_replies


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [IMPORTER]


@hookimpl
def sushasan_live_sources() -> list[LiveSource]:
    return [LiveSource("instagram", make_source)]


@hookimpl
def sushasan_reply_platforms(config: Any) -> list[Any]:
    return [make_replies(config)]
