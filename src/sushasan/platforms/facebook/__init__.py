"""Facebook: its Graph API fetched live, its saved answers, and Meta Business Suite exports.

``fetch`` reads a page's posts and comments (``FacebookSource``, on Graph's shared cursor in
``platforms._graph``), ``map`` turns Graph answers into normal records (and is the
``facebook-api-json`` importer), ``exports`` reads Meta Business Suite files, whose rows may be
Instagram's too (one export covers both). This module is the plugin: it offers them through
the hooks.
"""

from __future__ import annotations

from typing import Any

from sushasan.hookspecs import hookimpl
from sushasan.ingest.live import LiveSource
from sushasan.ingest.records import Importer
from sushasan.platforms.facebook.exports import IMPORTERS
from sushasan.platforms.facebook.fetch import make_source
from sushasan.platforms.facebook.map import IMPORTER
from sushasan.platforms.facebook.reply import make_replies


@hookimpl
def sushasan_importers() -> list[Importer]:
    return [IMPORTER, *IMPORTERS]


@hookimpl
def sushasan_live_sources() -> list[LiveSource]:
    return [LiveSource("facebook", make_source)]


@hookimpl
def sushasan_reply_platforms(config: Any) -> list[Any]:
    return [make_replies(config)]
