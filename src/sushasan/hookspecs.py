"""Plugin hooks: the parts that vary (importers, live sources, review pillars; report sections
later).

The built-ins register through the same hooks a third-party package would use via the
``sushasan`` entry-point group: each platform folder (``platforms/<name>/``) is one plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from sushasan.config import Config
    from sushasan.ingest.live import LiveSource
    from sushasan.ingest.records import Importer
    from sushasan.platforms._reply import ReplyPlatform
    from sushasan.quarters import Quarter

hookspec = pluggy.HookspecMarker("sushasan")
hookimpl = pluggy.HookimplMarker("sushasan")

__all__ = ["hookimpl", "hookspec"]


@hookspec
def sushasan_importers() -> list[Importer]:  # type: ignore[empty-body]
    """Return import formats this plugin provides (each with a unique ``name``)."""


@hookspec
def sushasan_reply_platforms(config: Config) -> list[ReplyPlatform]:  # type: ignore[empty-body]
    """Return the platforms this plugin can post replies to (each with a unique ``name``), built
    from the settings: base URL and posting credential (a platform without one is listed, so
    lengths can be checked, but nothing is sent)."""


@hookspec
def sushasan_live_sources() -> list[LiveSource]:  # type: ignore[empty-body]
    """Return the platforms this plugin can fetch live (each with a unique ``platform``), each
    with a factory that reads its own secret and budget from the settings."""


@hookspec
def sushasan_review_indicator_names() -> list[str]:  # type: ignore[empty-body]
    """Names of the indicators this plugin's ``sushasan_review_indicators`` provides, so that a
    method file may weight them (any other unknown name is refused as a typo)."""


@hookspec
def sushasan_review_indicators(  # type: ignore[empty-body]
    app: Any, quarter: Quarter, data: str
) -> dict[str, dict[str, Any]] | None:
    """Indicators measured outside the lake for a review: department → indicator → value.

    A pillar beyond the built-in ones (grievance desk, website audit) is one plugin with this
    hook and its indicators in the method file. ``data`` is ``real`` or ``sample``; a value
    left out stays missing (the method re-weights), never zero.
    """
