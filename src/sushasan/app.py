"""The core object: wires config, stores and plugins; every use case is a method.

Shells (CLI now; web app and worker later) construct one ``Sushasan`` and call it. Nothing here
prints: methods return values the shells present.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2

from sushasan import __version__, datafolder, progress
from sushasan.actions import cli_actor
from sushasan.analytics.method import DEFAULT_METHOD, Method, load_method
from sushasan.audit import (
    AUDITS_DIR,
    AuditSettings,
    SiteReport,
    SiteTarget,
    latest_scores,
    run_audit,
    save_run,
)
from sushasan.config import Config
from sushasan.desk import Desk
from sushasan.desk.store import Snapshot
from sushasan.desk.trail import AuditEvent, Trail
from sushasan.desk.trail import events as trail_events
from sushasan.errors import (
    ImportFileError,
    NotInitialisedError,
    Problem,
    RegistryError,
    SushasanError,
)
from sushasan.index import IndexResult, MonteCarlo, monte_carlo
from sushasan.index import files as index_files
from sushasan.index import run as run_index
from sushasan.index.sensitivity import sensitivity
from sushasan.ingest.records import ImportContext, Importer
from sushasan.lake import Lake
from sushasan.lake.engines import Engine
from sushasan.plugins import importers, live_sources, make_plugin_manager
from sushasan.quarters import Quarter
from sushasan.registry import Department, dump_csv, dump_yaml, load_registry_file
from sushasan.reports import write_reports

if TYPE_CHECKING:  # the desk loads its model lazily: commands that do not need it start faster
    from sushasan.grievances.wiring import Grievances
    from sushasan.ingest.live import IngestReport, Source
    from sushasan.ingest.pipeline import ImportReport
    from sushasan.sample.scale_store import ScaleResult
from sushasan.review import ReviewOutcome, Reviews
from sushasan.review.pillars import outside_indicators
from sushasan.words import slashed

__all__ = ["DEFAULT_REGISTRY", "ReviewOutcome", "Sushasan"]

DEFAULT_REGISTRY = Path(__file__).resolve().parent / "registry" / "data" / "uttarakhand.yaml"


class Sushasan:
    def __init__(self, config: Config, transport: httpx2.BaseTransport | None = None) -> None:
        self.config = config
        #: What live sources send their requests through; tests pass recorded responses.
        self.transport = transport
        self.data_dir = config.data_dir
        self.lake = Lake(self.data_dir / "lake", Engine.from_config(config))
        self.raw_dir = self.data_dir / "raw"
        self.plugins = make_plugin_manager()
        self._schema_checked = False

    # -- wiring -----------------------------------------------------------------------------
    @cached_property
    def desk(self) -> Desk:
        if self.config.database_url:
            return Desk(self.config.database_url.reveal())
        return Desk.sqlite_file(self.data_dir / "desk.sqlite")

    @cached_property
    def grievances(self) -> Grievances:
        """The grievance desk's use cases (triage, actions, deadlines, digests)."""
        from sushasan.grievances.wiring import Grievances

        self._ready()
        return Grievances(self.config, self.desk, self.lake, transport=self.transport)

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
        if not self._schema_checked:
            # A data folder from an older release gets the new tables on first use (Alembic
            # migrations only add; nothing stored is rewritten).
            if not self.desk.is_current():
                self.desk.upgrade()
            self._schema_checked = True
        return self.desk

    # -- set-up -----------------------------------------------------------------------------
    def init(self, empty: bool = False, registry: Path | None = None, by: str | None = None
             ) -> dict[str, Any]:
        """Create the data folder and desk; load the default state registry unless ``empty``."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fresh = self.desk.revision() is None
        self.desk.upgrade()
        loaded = 0
        if fresh and not empty:
            path = registry or DEFAULT_REGISTRY
            added, _ = self.registry_import(path, by=by)
            loaded = added
            if path == DEFAULT_REGISTRY:
                self.desk.set_meta("state", "Uttarakhand", Trail(by or cli_actor()))
        return {"fresh": fresh, "departments": loaded, "desk": self.desk.describe()}

    # -- registry ---------------------------------------------------------------------------
    def registry_import(self, path: Path, by: str | None = None) -> tuple[int, int]:
        """Add or update departments from a registry file; ``by`` is who (default: the CLI's
        user), for the audit trail."""
        desk = self._ready()
        existing = desk.department_ids()
        items = load_registry_file(path, known_ids=existing)
        self._check_handles_free(items)
        return desk.upsert_departments(items, Trail(by or cli_actor()))

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
    def import_files(
        self, fmt: str, paths: Sequence[Path], account: str | None = None
    ) -> list[ImportReport]:
        desk = self._ready()
        importer = self.importers.get(fmt)
        if importer is None:
            raise ImportFileError(
                f"unknown format '{fmt}'; known formats: {', '.join(self.importers)}"
            )
        from sushasan.ingest.pipeline import import_file  # lazily: a review never imports

        ctx = ImportContext(account=account.lstrip("@") if account else None,
                            claim=self._claim)
        return [import_file(desk, self.lake, self.raw_dir, importer, p, ctx)
                for p in progress.track(paths, slashed("Importing files"))]

    def _claim(self, sample: bool) -> None:
        """Refuse records of the kind this data folder does not hold (sample or real)."""
        datafolder.claim(self.data_dir, self._ready(), "sample" if sample else "real")

    # -- sample -----------------------------------------------------------------------------
    def sample_scale(self, quarter: Quarter, seed: int, scale: str) -> ScaleResult:
        """A state-scale SAMPLE quarter written straight into the lake (or found there)."""
        from sushasan.sample.scale_store import write_scale_sample

        self._claim(sample=True)
        return write_scale_sample(self._ready(), self.lake, quarter, scale, seed)

    def sample(self, quarter: Quarter, seed: int, out: Path | None = None) -> dict[str, Any]:
        """Write a labelled sample quarter to JSONL and import it through the normal door."""
        from sushasan.sample.generator import generate_quarter, sample_accounts, to_jsonl

        desk = self._ready()
        self._claim(sample=True)  # a sample folder only, before its accounts are added
        departments = desk.departments()
        have = {a.key for d in departments for a in d.accounts}
        for d in departments:
            new = [a for a in sample_accounts(d, seed) if a.key not in have]
            if new:
                desk.add_accounts(d.id, new)
        path = out or self.data_dir / "samples" / f"sample-{quarter}-seed{seed}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh, progress.task(
            slashed("Sample {quarter}: writing records", quarter=quarter)
        ) as step:
            for line in to_jsonl(generate_quarter(departments, quarter, seed)):
                fh.write(line)
                step.advance()
        result: dict[str, Any] = {"path": path, "report": None}
        if out is None:
            result["report"] = self.import_files("sushasan-jsonl", [path])[0]
            path.unlink()  # the import landed a verbatim copy under raw/
        return result

    # -- live sources -------------------------------------------------------------------------
    def ingest(
        self,
        platforms: Sequence[str] = ("x",),
        department: str | None = None,
        since: datetime | None = None,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> IngestReport:
        """Fetch new records from the platforms' APIs for every registered account."""
        from sushasan.ingest.live import ingest as run_ingest  # lazily, like the HTTP stack

        desk = self._ready()
        self._claim(sample=False)  # live records are real: never into a sample folder
        deps = desk.departments()
        if department is not None:
            deps = [d for d in deps if d.id == department]
            if not deps:
                raise SushasanError(f"unknown department '{department}' (see registry list)")
        client = httpx2.Client(transport=self.transport, timeout=30.0,
                               headers={"User-Agent": f"sushasan/{__version__}"})
        sources: list[Source] = []
        try:
            for platform in platforms:
                sources.append(self._source(platform, client, deps, max_wait, sleep))
            return run_ingest(desk, self.lake, self.raw_dir, self.importers, sources, deps, since)
        finally:
            client.close()

    def _source(
        self,
        platform: str,
        client: httpx2.Client,
        deps: list[Department],
        max_wait: float,
        sleep: Callable[[float], None],
    ) -> Source:
        """One live source per platform (a ``sushasan_live_sources`` plugin), with its secret
        and read budget from the settings."""
        found = live_sources(self.plugins).get(platform)
        if found is None:
            known = ", ".join(live_sources(self.plugins)) or "none"
            raise SushasanError(f"live ingestion from {platform} is not available (known: {known})")
        return found.make(self.config, client, deps, max_wait, sleep)

    # -- any composite index ------------------------------------------------------------------
    def build_index(
        self,
        data: Path,
        meta: Path,
        method: Path | None,
        out: Path,
        uncertainty_runs: int = 0,
        sensitivity_n: int = 0,
        seed: int = 0,
    ) -> tuple[IndexResult, list[Path]]:
        """``sushasan index``: the review's engine on any COINr-style data and metadata."""
        m = index_files.load_meta(meta)
        d = index_files.load_data(data, m)
        im = index_files.load_method(method)
        result = run_index(d.matrix, d.units, m, im)
        files = index_files.write_outputs(out, d, result, im)
        if uncertainty_runs or sensitivity_n:
            alts = index_files.uncertainty_alternatives(method, im)
            im = replace(im, geometric_floor=im.geometric_floor or 1.0)
            if uncertainty_runs:
                mc = monte_carlo(d.matrix, m, im, MonteCarlo(uncertainty_runs, seed, 0.25, alts),
                                 nominal=result.prepared)
                files.append(index_files.write_uncertainty(out, d, mc))
            if sensitivity_n:
                res = sensitivity(d.matrix, m, im, alts, n=sensitivity_n, seed=seed)
                files += index_files.write_sensitivity(out, res)
        return result, files

    # -- review ---------------------------------------------------------------------------
    def method(self, path: Path | None = None) -> Method:
        extra = [n for names in self.plugins.hook.sushasan_review_indicator_names() for n in names]
        return load_method(path or self.config.method, self.config.coverage_threshold, extra)

    def _method_file(self, path: Path | None) -> Path:
        return path or self.config.method or DEFAULT_METHOD

    @property
    def reviews(self) -> Reviews:
        """The review use cases (draft, frozen, publish) over this data folder."""
        return Reviews(self._ready(), self.lake, self.method, self._method_file,
                       self.outside_indicators)

    def compute_review(
        self, quarter: Quarter, data: str = "auto", method: Path | None = None,
        uncertainty: bool = True,
    ) -> dict[str, Any]:
        """A fresh (draft) review of the quarter, with the trend against the previous one."""
        return self.reviews.compute(quarter, data, method, uncertainty).result()

    def outside_indicators(self, quarter: Quarter, data: str) -> dict[str, dict[str, Any]]:
        """Indicators from outside the lake (grievance desk, website audit, plugin pillars).
        Missing stays missing: the method re-weights."""
        return outside_indicators(self.plugins, self, quarter, data)

    def history(self, kind: str | None = None, object_id: str | None = None, limit: int = 50
                ) -> list[AuditEvent]:
        """The audit trail, newest first (``sushasan history``)."""
        return trail_events(self._ready(), kind, object_id, limit)

    def snapshots(self) -> list[Snapshot]:
        return self._ready().snapshots()

    def review(
        self,
        quarter: Quarter,
        out_dir: Path | None = None,
        formats: Sequence[str] = ("json", "html", "xlsx"),
        data: str = "auto",
        method: Path | None = None,
        publish: bool = False,
        draft: bool = False,
        version: int | None = None,
        by: str = "cli",
    ) -> ReviewOutcome:
        """Run, publish or re-issue the quarter's review and write its reports (see
        ``review.reviews``: a published quarter is reported from its frozen snapshot)."""
        def write(document: dict[str, Any]) -> list[Path]:
            return write_reports(document, out_dir, list(formats)) if out_dir else []

        return self.reviews.review(quarter, write, data, method, publish, draft, version, by)

    # -- website audit --------------------------------------------------------------------
    def audit_sites(
        self,
        department: str | None = None,
        url: str | None = None,
        settings: AuditSettings | None = None,
        now: datetime | None = None,
        fresh: bool = False,
    ) -> list[SiteReport]:
        """Audit the registry's websites (or one department's, or any ``url``) politely.

        ``url`` alone needs no data folder; with ``department`` too, that department's
        registered accounts are what the social-link check compares against. Runs of the
        registry's sites keep each page with its validators in ``audits/pages/`` and ask for
        it conditionally next time (a 304 is judged on the kept copy); ``fresh`` fetches every
        page in full and renews the copies. An ad-hoc ``url`` run keeps nothing.
        """
        if url is not None:
            accounts: tuple[tuple[str, str], ...] = ()
            if department is not None:
                accounts = self._audit_target(self._department(department)).accounts
            targets = [SiteTarget(url, department, accounts)]
        else:
            deps = self._ready().departments()
            if department is not None:
                deps = [self._department(department)]
                if not deps[0].website:
                    raise SushasanError(
                        f"department '{department}' has no website in the registry"
                    )
            targets = [self._audit_target(d) for d in deps if d.website]
        transport = (self.transport
                     if isinstance(self.transport, httpx2.AsyncBaseTransport) else None)
        s = settings or AuditSettings.from_config(self.config)
        if (url is None or department is not None) and s.page_cache is None:
            s = replace(s, page_cache=str(Path(self.config.data_dir) / AUDITS_DIR / "pages"))
        return run_audit(targets, replace(s, conditional=s.conditional and not fresh), transport,
                         now)

    def save_audit(self, reports: Sequence[SiteReport], now: datetime | None = None) -> Path:
        """Keep a run in <data_dir>/audits/ for the review's website pillar."""
        return save_run(self.config.data_dir, reports, now)

    def website_scores(
        self, as_of: date | None = None, max_age_days: int = 120
    ) -> dict[str, float | None]:
        """Latest audit score per department; None or absent means MISSING, never zero."""
        return latest_scores(self.config.data_dir, as_of, max_age_days)

    def _department(self, department_id: str) -> Department:
        found = [d for d in self._ready().departments() if d.id == department_id]
        if not found:
            raise SushasanError(f"unknown department '{department_id}' (see registry list)")
        return found[0]

    @staticmethod
    def _audit_target(d: Department) -> SiteTarget:
        return SiteTarget(d.website or "", d.id,
                          tuple((a.platform, a.handle) for a in d.real_accounts()))
