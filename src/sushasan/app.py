"""The core object: wires config, stores and plugins; every use case is a method.

Shells (CLI now; web app and worker later) construct one ``Sushasan`` and call it. Nothing here
prints: methods return values the shells present.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sushasan.analytics.method import Method, load_method
from sushasan.config import Config
from sushasan.desk import Desk
from sushasan.errors import ImportFileError, NotInitialisedError, Problem, RegistryError
from sushasan.ingest.pipeline import ImportReport, import_file
from sushasan.ingest.records import Importer
from sushasan.lake import Lake
from sushasan.plugins import importers, make_plugin_manager
from sushasan.quarters import Quarter
from sushasan.registry import Department, dump_csv, dump_yaml, load_registry_file
from sushasan.reports import write_reports
from sushasan.reports.json_report import dumps
from sushasan.review import choose_data, run_review

__all__ = ["DEFAULT_REGISTRY", "ReviewOutcome", "Sushasan"]

DEFAULT_REGISTRY = Path(__file__).resolve().parent / "registry" / "data" / "uttarakhand.yaml"


@dataclass(frozen=True)
class ReviewOutcome:
    review: dict[str, Any]
    files: list[Path]
    review_id: int


class Sushasan:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.data_dir = config.data_dir
        self.lake = Lake(self.data_dir / "lake")
        self.raw_dir = self.data_dir / "raw"
        self.plugins = make_plugin_manager()

    # -- wiring -----------------------------------------------------------------------------
    @cached_property
    def desk(self) -> Desk:
        if self.config.database_url:
            return Desk(self.config.database_url.reveal())
        return Desk.sqlite_file(self.data_dir / "desk.sqlite")

    @cached_property
    def importers(self) -> dict[str, Importer]:
        return importers(self.plugins)

    def close(self) -> None:
        if "desk" in self.__dict__:
            self.desk.close()

    def _ready(self) -> Desk:
        uses_file = not self.config.database_url
        if (uses_file and not (self.data_dir / "desk.sqlite").exists()) or (
            self.desk.revision() is None
        ):
            raise NotInitialisedError(
                f"{self.data_dir} is not set up yet: run `sushasan --data-dir {self.data_dir} init`"
            )
        return self.desk

    # -- set-up -----------------------------------------------------------------------------
    def init(self, empty: bool = False, registry: Path | None = None) -> dict[str, Any]:
        """Create the data folder and desk; load the default state registry unless ``empty``."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fresh = self.desk.revision() is None
        self.desk.upgrade()
        loaded = 0
        if fresh and not empty:
            path = registry or DEFAULT_REGISTRY
            added, _ = self.registry_import(path)
            loaded = added
            if path == DEFAULT_REGISTRY:
                self.desk.set_meta("state", "Uttarakhand")
        return {"fresh": fresh, "departments": loaded, "desk": self.desk.describe()}

    # -- registry ---------------------------------------------------------------------------
    def registry_import(self, path: Path) -> tuple[int, int]:
        desk = self._ready()
        existing = desk.department_ids()
        items = load_registry_file(path, known_ids=existing)
        self._check_handles_free(items)
        return desk.upsert_departments(items)

    def _check_handles_free(self, items: Sequence[Department]) -> None:
        """A handle may belong to one department only, across the file and the stored registry."""
        by_key = {k: v[1] for k, v in self.desk.account_index().items()}
        problems: list[Problem] = []
        for d in items:
            for a in d.accounts:
                owner = by_key.get(a.key)
                if owner and owner != d.id:
                    problems.append(
                        Problem(
                            d.id, 0,
                            f"{a.platform} handle '{a.handle}' already belongs to '{owner}'",
                        )
                    )
        if problems:
            raise RegistryError(problems)

    def departments(self) -> list[Department]:
        return self._ready().departments()

    def registry_export(self, fmt: str) -> str:
        deps = self.departments()
        if fmt == "csv":
            return dump_csv(deps)
        return dump_yaml(deps, self.desk.get_meta("state"))

    # -- import -----------------------------------------------------------------------------
    def import_files(self, fmt: str, paths: Sequence[Path]) -> list[ImportReport]:
        desk = self._ready()
        importer = self.importers.get(fmt)
        if importer is None:
            raise ImportFileError(
                f"unknown format '{fmt}'; known formats: {', '.join(self.importers)}"
            )
        return [import_file(desk, self.lake, self.raw_dir, importer, p) for p in paths]

    # -- sample -----------------------------------------------------------------------------
    def sample(self, quarter: Quarter, seed: int, out: Path | None = None) -> dict[str, Any]:
        """Write a labelled sample quarter to JSONL and import it through the normal door."""
        from sushasan.sample.generator import generate_quarter, sample_accounts, to_jsonl

        desk = self._ready()
        departments = desk.departments()
        have = {a.key for d in departments for a in d.accounts}
        for d in departments:
            new = [a for a in sample_accounts(d, seed) if a.key not in have]
            if new:
                desk.add_accounts(d.id, new)
        path = out or self.data_dir / "samples" / f"sample-{quarter}-seed{seed}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(to_jsonl(generate_quarter(departments, quarter, seed)))
        result: dict[str, Any] = {"path": path, "report": None}
        if out is None:
            result["report"] = self.import_files("sushasan-jsonl", [path])[0]
            path.unlink()  # the import landed a verbatim copy under raw/
        return result

    # -- review -----------------------------------------------------------------------------
    def method(self, path: Path | None = None) -> Method:
        return load_method(path or self.config.method, self.config.coverage_threshold)

    def review(
        self,
        quarter: Quarter,
        out_dir: Path | None = None,
        formats: Sequence[str] = ("json", "html", "xlsx"),
        data: str = "auto",
        method: Path | None = None,
    ) -> ReviewOutcome:
        desk = self._ready()
        chosen = choose_data(desk, quarter, data)
        result = run_review(
            desk, self.lake, desk.departments(), quarter, self.method(method), chosen,
            state=desk.get_meta("state"),
        )
        files = write_reports(result, out_dir, list(formats)) if out_dir else []
        sha = hashlib.sha256(dumps(result).encode()).hexdigest()
        review_id = desk.record_review(
            str(quarter), chosen, result["method"]["version"], sha, result["top3"]
        )
        return ReviewOutcome(result, files, review_id)
