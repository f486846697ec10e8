"""The core object: wires config, stores and plugins; every use case is a method.

Shells (CLI now; web app and worker later) construct one ``Sushasan`` and call it. Nothing here
prints: methods return values the shells present.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2

from sushasan import __version__, progress
from sushasan.analytics.method import DEFAULT_METHOD, Method, load_method
from sushasan.audit import (
    AuditSettings,
    SiteReport,
    SiteTarget,
    latest_scores,
    run_audit,
    save_run,
)
from sushasan.config import Config
from sushasan.connectors.facebook import FacebookSource, platform_ids
from sushasan.connectors.http import ApiClient, ReadBudget
from sushasan.connectors.instagram import InstagramSource
from sushasan.connectors.runner import IngestReport, Source
from sushasan.connectors.runner import ingest as run_ingest
from sushasan.connectors.x import XSource
from sushasan.connectors.youtube import QuotaBudget, YouTubeSource
from sushasan.desk import Desk
from sushasan.desk.store import Snapshot
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
from sushasan.ingest.pipeline import ImportReport, import_file
from sushasan.ingest.records import ImportContext, Importer
from sushasan.labels import counted
from sushasan.lake import Lake
from sushasan.plugins import importers, make_plugin_manager
from sushasan.publish import inputs_fingerprint, result_sha256
from sushasan.publish import publish as publish_review
from sushasan.quarters import Quarter
from sushasan.registry import Department, dump_csv, dump_yaml, load_registry_file
from sushasan.reports import write_reports

if TYPE_CHECKING:  # the desk loads its model lazily: commands that do not need it start faster
    from sushasan.grievances.facade import Grievances
    from sushasan.sample.scale_store import ScaleResult
from sushasan.review import choose_data, ensure_data, run_review

__all__ = ["DEFAULT_REGISTRY", "ReviewOutcome", "Sushasan"]

DEFAULT_REGISTRY = Path(__file__).resolve().parent / "registry" / "data" / "uttarakhand.yaml"


@dataclass(frozen=True)
class ReviewOutcome:
    review: dict[str, Any]
    files: list[Path]
    review_id: int
    notes: list[str] = field(default_factory=list)


class Sushasan:
    def __init__(self, config: Config, transport: httpx2.BaseTransport | None = None) -> None:
        self.config = config
        #: What live sources send their requests through; tests pass recorded responses.
        self.transport = transport
        self.data_dir = config.data_dir
        self.lake = Lake(self.data_dir / "lake")
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
        from sushasan.grievances.facade import Grievances

        self._ready()
        return Grievances(self.config, self.desk, self.lake)

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
    def import_files(
        self, fmt: str, paths: Sequence[Path], account: str | None = None
    ) -> list[ImportReport]:
        desk = self._ready()
        importer = self.importers.get(fmt)
        if importer is None:
            raise ImportFileError(
                f"unknown format '{fmt}'; known formats: {', '.join(self.importers)}"
            )
        ctx = ImportContext(account=account.lstrip("@") if account else None)
        return [import_file(desk, self.lake, self.raw_dir, importer, p, ctx)
                for p in progress.track(paths, "Importing files / फ़ाइलों का आयात")]

    # -- sample -----------------------------------------------------------------------------
    def sample_scale(self, quarter: Quarter, seed: int, scale: str) -> ScaleResult:
        """A state-scale SAMPLE quarter written straight into the lake (or found there)."""
        from sushasan.sample.scale_store import write_scale_sample

        return write_scale_sample(self._ready(), self.lake, quarter, scale, seed)

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
        with path.open("w", encoding="utf-8") as fh, progress.task(
            f"Sample {quarter}: writing records / नमूना रिकॉर्ड लिखे जा रहे हैं"
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
        desk = self._ready()
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
        """One live source per platform, with its secret and read budget from the settings."""
        cfg = self.config
        if platform == "x":
            token = cfg.x_bearer_token
            if token is None:
                raise SushasanError(
                    "X needs a bearer token: set SUSHASAN_X_BEARER_TOKEN in the environment"
                )
            api = ApiClient("x", client, {"Authorization": f"Bearer {token.reveal()}"},
                            max_wait=max_wait, sleep=sleep)
            return XSource(api, ReadBudget("x", cfg.x_read_budget))
        if platform in ("facebook", "instagram"):
            graph_token = (cfg.facebook_access_token if platform == "facebook"
                           else cfg.instagram_access_token or cfg.facebook_access_token)
            if graph_token is None:
                raise SushasanError(
                    f"{platform} needs a Graph API access token: set "
                    f"SUSHASAN_{platform.upper()}_ACCESS_TOKEN in the environment"
                )
            api = ApiClient(platform, client, auth_params={"access_token": graph_token.reveal()},
                            max_wait=max_wait, sleep=sleep)
            if platform == "facebook":
                return FacebookSource(api, ReadBudget(platform, cfg.facebook_read_budget),
                                      platform_ids(deps, platform),
                                      max_comment_posts=cfg.graph_comment_posts)
            return InstagramSource(api, ReadBudget(platform, cfg.instagram_read_budget),
                                   platform_ids(deps, platform),
                                   max_comment_posts=cfg.graph_comment_posts)
        if platform == "youtube":
            key = cfg.youtube_api_key
            if key is None:
                raise SushasanError(
                    "YouTube needs an API key: set SUSHASAN_YOUTUBE_API_KEY in the environment"
                )
            api = ApiClient("youtube", client, auth_params={"key": key.reveal()},
                            max_wait=max_wait, sleep=sleep)
            return YouTubeSource(api, QuotaBudget("youtube", cfg.youtube_quota_budget),
                                 platform_ids(deps, "youtube"))
        raise SushasanError(f"live ingestion from {platform} is not available")

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
                mc = monte_carlo(d.matrix, m, im, MonteCarlo(uncertainty_runs, seed, 0.25, alts))
                files.append(index_files.write_uncertainty(out, d, mc))
            if sensitivity_n:
                res = sensitivity(d.matrix, m, im, alts, n=sensitivity_n, seed=seed)
                files += index_files.write_sensitivity(out, res)
        return result, files

    # -- review ---------------------------------------------------------------------------
    def method(self, path: Path | None = None) -> Method:
        return load_method(path or self.config.method, self.config.coverage_threshold)

    def _method_file(self, path: Path | None) -> Path:
        return path or self.config.method or DEFAULT_METHOD

    def compute_review(
        self, quarter: Quarter, data: str = "auto", method: Path | None = None,
        uncertainty: bool = True,
    ) -> dict[str, Any]:
        """A fresh (draft) review of the quarter, with the trend against the previous one."""
        desk = self._ready()
        chosen = choose_data(desk, quarter, data)
        ensure_data(desk, quarter, chosen)
        m = self.method(method)
        return run_review(
            desk, self.lake, desk.departments(), quarter, m, chosen,
            state=desk.get_meta("state"), previous=self._previous(quarter, chosen, m),
            uncertainty=uncertainty, extra=self.outside_indicators(quarter, chosen),
        )

    def outside_indicators(self, quarter: Quarter, data: str) -> dict[str, dict[str, Any]]:
        """Indicators from outside the lake: the grievance desk's disposal record (and, once
        audited, the website score). Missing stays missing: the method re-weights."""
        out: dict[str, dict[str, Any]] = {}
        for dep, v in self.grievances.indicators(quarter, data == "sample").items():
            out[dep] = {k: v[k] for k in
                        ("disposed_in_time_share", "median_disposal_days", "reopen_rate")}
        if data == "real":  # sample departments have made-up sites; audits are of real ones
            for dep, score in self.website_scores(as_of=quarter.last_day).items():
                out.setdefault(dep, {})["website_score"] = score
        return out

    def snapshots(self) -> list[Snapshot]:
        return self._ready().snapshots()

    def _previous(self, quarter: Quarter, data: str, m: Method) -> dict[str, Any] | None:
        """The previous quarter as published, else recomputed (without uncertainty) if it has
        data, else nothing: a trend needs something to compare with."""
        prev = quarter.previous()
        snap = self.desk.latest_snapshot(str(prev), data)
        if snap is not None:
            return json.loads(snap.result)
        if not self.desk.coverage_spans(prev.first_day, prev.last_day, sample=data == "sample"):
            return None
        return run_review(
            self.desk, self.lake, self.desk.departments(), prev, m, data,
            state=self.desk.get_meta("state"), uncertainty=False,
            extra=self.outside_indicators(prev, data),
        )

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
        """Run, publish or re-issue the quarter's review and write its reports.

        A quarter that has been published is reported from its frozen snapshot unless ``draft``
        (preview a recomputation) or ``publish`` (store the recomputation as the next version,
        if anything changed) is asked for.
        """
        desk = self._ready()
        chosen = choose_data(desk, quarter, data)
        notes: list[str] = []
        snap = (
            desk.snapshot(str(quarter), chosen, version) if version
            else desk.latest_snapshot(str(quarter), chosen)
        )
        if version and snap is None:
            raise SushasanError(f"{quarter} ({chosen} data) has no published version {version}")
        fingerprint = inputs_fingerprint(
            self.lake, desk, quarter, chosen, self._method_file(method),
            extra=self.outside_indicators(quarter, chosen),
        )
        if snap is not None and not (publish or draft):
            result = json.loads(snap.result)
            if snap.inputs_sha256 != fingerprint and not version:
                notes.append(
                    f"the data, registry or method changed since version {snap.version} was "
                    "published; `--draft` previews a recomputation and `--publish` publishes it "
                    f"as version {snap.version + 1}"
                )
            publication: dict[str, Any] | None = _publication(snap)
        else:
            with progress.task(
                f"Review {quarter}: indicators, index, Monte Carlo / समीक्षा: संकेतक, सूचकांक"
            ):
                result = self.compute_review(quarter, chosen, method)
            publication = None
            if not publish and not any(d["status"] == "ranked" for d in result["departments"]):
                notes.append(
                    f"WARNING / चेतावनी: {quarter} has records, but no department has enough data "
                    "to be ranked, so the top 3 is empty; import or ingest the missing days "
                    "(`sushasan import …`, `sushasan ingest`) and run the review again. / "
                    f"{quarter} के रिकॉर्ड हैं, पर किसी विभाग का डेटा रैंक के लिए पर्याप्त नहीं है, "
                    "इसलिए शीर्ष 3 ख़ाली है; छूटे दिनों का डेटा आयात करें और समीक्षा फिर चलाएँ।"
                )
            if publish:
                if not any(d["status"] == "ranked" for d in result["departments"]):
                    raise SushasanError(
                        f"nothing to publish for {quarter} ({chosen} data): no department has "
                        "enough data to be ranked; import or ingest the quarter first"
                    )
                snap, created = publish_review(desk, result, fingerprint, by)
                if not created:
                    notes.append(f"unchanged since version {snap.version}; nothing new published")
                elif snap.diff:
                    changes = json.loads(snap.diff)["changes"]
                    notes.append(
                        f"published version {snap.version}: "
                        f"{counted(len(changes), 'department', 'departments')} changed "
                        "against the previous version (see the snapshot diff)"
                    )
                publication = _publication(snap)
        document = {**result, "publication": publication}
        files = write_reports(document, out_dir, list(formats)) if out_dir else []
        review_id = desk.record_review(
            str(quarter), chosen, result["method"]["version"], result_sha256(result),
            result["top3"],
        )
        return ReviewOutcome(document, files, review_id, notes)


    # -- website audit --------------------------------------------------------------------
    def audit_sites(
        self,
        department: str | None = None,
        url: str | None = None,
        settings: AuditSettings | None = None,
        now: datetime | None = None,
    ) -> list[SiteReport]:
        """Audit the registry's websites (or one department's, or any ``url``) politely.

        ``url`` alone needs no data folder; with ``department`` too, that department's
        registered accounts are what the social-link check compares against.
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
        return run_audit(targets, settings or AuditSettings.from_config(self.config), transport,
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

def _publication(snap: Snapshot) -> dict[str, Any]:
    return {
        "version": snap.version,
        "published_at": snap.published_at.isoformat(),
        "published_by": snap.published_by,
        "result_sha256": snap.result_sha256,
    }
