"""A platform is one folder: ``platforms/<name>/`` offers itself through the hooks, no other
platform's folder and no core module import it, and a platform the core has never heard of is
picked up from its plugin alone."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx2
import pluggy
import pytest

from sushasan import hookspecs, plugins
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.hookspecs import hookimpl
from sushasan.ingest.live import LiveSource, Source
from sushasan.ingest.records import ImportContext, Importer, Parsed
from sushasan.platforms import PLATFORMS
from sushasan.registry.model import Department
from tests.conftest import Cli
from tests.test_architecture import PACKAGE, _imports, _modules


def _folders() -> list[str]:
    return sorted(p.name for p in (PACKAGE / "platforms").iterdir()
                  if p.is_dir() and not p.name.startswith("_") and (p / "__init__.py").exists())


def test_every_platform_folder_is_a_built_in_plugin() -> None:
    assert _folders() == sorted(PLATFORMS)
    assert [m for m in plugins.BUILTINS if m.startswith("sushasan.platforms.")] == [
        f"sushasan.platforms.{name}" for name in PLATFORMS
    ]


@pytest.mark.parametrize("name", PLATFORMS)
def test_a_platform_folder_alone_offers_its_live_source_and_its_saved_answers(name: str) -> None:
    pm = pluggy.PluginManager("sushasan")
    pm.add_hookspecs(hookspecs)
    pm.register(importlib.import_module(f"sushasan.platforms.{name}"))
    assert list(plugins.live_sources(pm)) == [name]
    assert f"{name}-api-json" in plugins.importers(pm)


def test_platform_folders_are_reached_only_through_their_plugin() -> None:
    """No platform folder imports another's (what they share is in ``platforms/_*.py``), and
    nothing outside a folder imports it: the core finds platforms through the hooks."""
    modules = _modules()

    def folder(module: str) -> str | None:
        parts = module.split(".")
        if len(parts) > 2 and parts[:2] == ["sushasan", "platforms"] and not parts[2].startswith(
            "_"
        ):
            return parts[2]
        return None

    crossings = [
        f"{name} → {target}"
        for name, path in modules.items()
        for target in _imports(name, path, modules)
        if folder(target) is not None and folder(target) != folder(name)
    ]
    assert crossings == []


class _Pages:
    name = "made-up-json"
    help = "Saved answers of a platform the core has never heard of"

    def parse(self, path: Path, text: str, ctx: ImportContext) -> Parsed:
        return Parsed()


class _MadeUpPlatform:
    """What a new platform's folder (or installed package) registers, and nothing else."""

    def __init__(self) -> None:
        self.made: list[list[str]] = []

    @hookimpl
    def sushasan_importers(self) -> list[Importer]:
        return [_Pages()]

    @hookimpl
    def sushasan_live_sources(self) -> list[LiveSource]:
        return [LiveSource("made-up", self._make)]

    def _make(self, cfg: Config, client: httpx2.Client, deps: list[Department],
              max_wait: float, sleep: Any) -> Source:
        self.made.append([d.id for d in deps])
        return _Source()


class _Source:
    platform = "made-up"
    endpoints = ("posts",)
    importer = "made-up-json"

    def lookup(self, handle: str) -> Any:  # pragma: no cover - no account is registered
        raise AssertionError(handle)

    @staticmethod
    def user_id(page: Any) -> str | None:  # pragma: no cover
        return None

    def pages(self, user_id: str, endpoint: str, state: dict[str, Any],
              since: datetime | None) -> Iterable[tuple[Any, dict[str, Any]]]:  # pragma: no cover
        return []


def test_a_new_platform_is_picked_up_from_its_plugin_alone(initialised: Cli) -> None:
    app = Sushasan(Config.load(env={}, data_dir=str(initialised.data_dir)))
    platform = _MadeUpPlatform()
    app.plugins.register(platform)
    try:
        assert "made-up-json" in app.importers
        report = app.ingest(platforms=["made-up"])
    finally:
        app.close()
    assert platform.made and platform.made[0]  # its factory got the registered departments
    assert (report.pages, report.failures, report.stopped) == (0, [], [])
