"""Plugin hooks: the parts that vary (importers now; sources, indicators, report sections later).

Built-in importers register through the same hooks a third-party package would use, via the
``sushasan`` entry-point group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from sushasan.ingest.records import Importer

hookspec = pluggy.HookspecMarker("sushasan")
hookimpl = pluggy.HookimplMarker("sushasan")

__all__ = ["hookimpl", "hookspec"]


@hookspec
def sushasan_importers() -> list[Importer]:  # type: ignore[empty-body]
    """Return import formats this plugin provides (each with a unique ``name``)."""
