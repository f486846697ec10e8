"""Sushasan (सुशासन): measure, rank and improve how government departments serve citizens on
social media.

Public API::

    from sushasan import Sushasan, Config
    app = Sushasan(Config.load(data_dir="sushasan-data"))
    app.review(Quarter.parse("2024Q3"), out_dir=Path("out"))

Errors the user can act on derive from :class:`sushasan.errors.SushasanError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sushasan._version import __version__

if TYPE_CHECKING:
    from sushasan.app import Sushasan
    from sushasan.config import Config
    from sushasan.quarters import Quarter

__all__ = ["Config", "Quarter", "Sushasan", "__version__"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import sushasan.quarters` does not pull in the analytics stack.
    if name == "Sushasan":
        from sushasan.app import Sushasan

        return Sushasan
    if name == "Config":
        from sushasan.config import Config

        return Config
    if name == "Quarter":
        from sushasan.quarters import Quarter

        return Quarter
    raise AttributeError(name)
