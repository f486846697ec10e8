"""The audit's plain values: what a check found, what a site's audit produced, and the knobs.

Kept apart from the crawler and the checks so reports, the review and the CLI can use them
without pulling in any network code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sushasan import __version__

__all__ = ["OUTCOMES", "SEVERITIES", "USER_AGENT", "AuditSettings", "Finding", "SiteReport",
           "SiteTarget"]

SEVERITIES = ("critical", "serious", "moderate", "minor", "info")
#: A check passed, failed, or could not be judged (unreachable, timed out, blocked, the probe
#: failed, the CSS did not load): the third is never counted as a failure, nor left out silently.
OUTCOMES = ("pass", "fail", "not_checked")
#: Names the product so a webmaster who sees the audit in the logs knows who is asking.
USER_AGENT = f"Sushasan-site-audit/{__version__} (+government website audit)"


@dataclass(frozen=True)
class Finding:
    """One check's verdict, with the evidence a webmaster needs and the fix in both languages."""

    id: str
    severity: str
    passed: bool
    evidence: str
    fix_en: str
    fix_hi: str
    #: ``pass`` / ``fail`` / ``not_checked``; empty means "from ``passed``" (older saved runs).
    outcome: str = ""
    #: Why the outcome: what was missing or wrong, or why the check could not be made.
    reason: str = ""
    #: The page the finding is about (the home page for site-wide checks).
    page: str = ""
    #: header / footer / body / site: where on the page the element is (or was expected).
    region: str = ""
    #: The element judged: a CSS-like selector or a short HTML snippet, as written on the page.
    element: str = ""
    #: The same evidence in Hindi, for the department's own staff.
    evidence_hi: str = ""
    #: The page answered ``304 Not Modified``: the finding rests on the copy fetched at this
    #: time (ISO 8601) by an earlier run. Empty: the page was read in full by this run.
    unchanged_since: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        outcome = self.outcome or ("pass" if self.passed else "fail")
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        object.__setattr__(self, "outcome", outcome)
        object.__setattr__(self, "passed", outcome == "pass")
        if not self.reason:
            object.__setattr__(self, "reason", self.evidence)

    @property
    def checked(self) -> bool:
        return self.outcome != "not_checked"


@dataclass(frozen=True)
class SiteTarget:
    """A site to audit; ``accounts`` are the registry's (platform, handle) pairs for the owner."""

    url: str
    department_id: str | None = None
    accounts: tuple[tuple[str, str], ...] = ()


@dataclass
class SiteReport:
    url: str
    department_id: str | None
    findings: list[Finding]
    #: 0–100, or None when the audit could not measure the site (deadline hit): not a zero.
    score: float | None
    method_version: str
    audited_at: str
    final_url: str | None = None
    seconds: float = 0.0
    requests: int = 0
    #: Structured evidence for the review and reports: ``tls`` (certificate facts) and
    #: ``accessibility`` (axe-core violations), each absent when not measured.
    details: dict[str, Any] = field(default_factory=dict)
    #: Pages read, each ``{"url", "lang", ...}`` (status, title, region it was found in).
    pages: list[dict[str, Any]] = field(default_factory=list)
    #: Weighted share (0–1) of the checks that could be judged; the score rests on these only.
    checked_share: float | None = None
    #: ``chromium`` when axe-core ran on the site, else ``http``: scores of the two kinds of run
    #: are not comparable (the review keeps one mode per quarter).
    mode: str = "http"

    def finding(self, check_id: str, page: str | None = None) -> Finding | None:
        """The first finding of ``check_id`` (on ``page`` if given): the home page's first."""
        return next((f for f in self.findings
                     if f.id == check_id and (page is None or f.page == page)), None)

    def all(self, check_id: str) -> list[Finding]:
        return [f for f in self.findings if f.id == check_id]

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == "fail"]

    @property
    def not_checked(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == "not_checked"]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteReport:
        """Read back what :meth:`to_dict` wrote (saved runs), ignoring keys it does not know."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        known_f = {f.name for f in fields(Finding)}
        values["findings"] = [Finding(**{k: v for k, v in f.items() if k in known_f})
                              for f in data.get("findings", [])]
        if "mode" not in data:  # runs saved before the mode was recorded
            measured = (data.get("details") or {}).get("accessibility", {}).get("measured")
            values["mode"] = "chromium" if measured else "http"
        return cls(**values)


@dataclass(frozen=True)
class AuditSettings:
    """Politeness and bounds. Defaults suit a nightly run over ~80 government sites."""

    #: Seconds between two request starts to the same host (default: 2 requests/s), raised to
    #: robots.txt Crawl-delay up to ``max_crawl_delay``, so the audit never looks like load on a
    #: small state server; other hosts are asked at the same time.
    min_interval: float = 0.5
    max_crawl_delay: float = 5.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Whole-site deadline: one slow or hostile site ends with a "timeout" finding instead.
    site_deadline: float = 300.0
    #: Sites audited at once.
    concurrency: int = 4
    #: Page budget per site: the home page, both language versions and the pages linked from
    #: header, footer and sitemap, read and judged page by page.
    max_pages: int = 50
    #: Links checked for breakage per site beyond the pages read (HEAD, then GET when HEAD is
    #: refused), footer and GIGW links first; the rest is reported as left unchecked.
    max_links: int = 150
    #: Requests one site's audit has in flight at once (each host still paced by the pacer).
    fetch_concurrency: int = 6
    max_redirects: int = 10
    #: Bodies are read up to this many bytes; page weight beyond it is reported as "at least".
    max_body_bytes: int = 5_000_000
    slow_seconds: float = 3.0
    heavy_bytes: int = 2_000_000
    stale_days: int = 90
    trust_env: bool = True
    extra_headers: dict[str, str] = field(default_factory=dict)
    user_agent: str = USER_AGENT
    #: A certificate that expires within this many days fails ``tls_renewal``: renewals that
    #: wait for the last week are how government sites end up expired over a holiday.
    tls_renewal_days: int = 30
    #: PEM file of trusted roots used *instead of* the Mozilla set (certifi) — for tests and for
    #: networks with their own authority. ``None``: certifi, as browsers trust roughly the same.
    ca_bundle: str | None = None
    #: Run axe-core in headless Chromium. Off, or Chromium missing: "accessibility not
    #: measured" (an info finding that leaves the score alone), never a zero.
    accessibility: bool = True
    chromium_path: str = "/usr/bin/chromium"
    #: Chromium pages at once across the whole run: each page costs a renderer process, and a
    #: 2-core office machine slows down for everyone beyond two.
    browser_concurrency: int = 2
    #: Seconds for one page to load in Chromium and for axe to finish on it.
    axe_timeout: float = 30.0
    #: Pages per site axe runs on, the home page included: the other-language home page, then
    #: one page each from the header, footer, sitemap in turn. Bounded, as each costs a page
    #: load in the browser (about a second on a state server); the rest of the crawl is judged
    #: by the HTTP checks alone.
    axe_pages: int = 6
    #: Folder of the pages kept from earlier runs with their ETag / Last-Modified
    #: (``audit/cache.py``): pages are then asked for conditionally, and a 304 is judged on the
    #: kept copy. ``None``: every page fetched in full and nothing kept.
    page_cache: str | None = None
    #: Ask for kept pages conditionally; False (``--fresh``) fetches every page in full and
    #: renews the kept copies.
    conditional: bool = True

    @classmethod
    def from_config(cls, config: Any, **overrides: Any) -> AuditSettings:
        """Settings from a :class:`~sushasan.config.Config`; a row it lacks keeps the default.

        ``getattr`` with a fallback, so the audit works before (and after) the config table gains
        its ``audit_*`` rows. ``audit_chromium`` set to ``""`` or ``off`` switches axe off.
        """
        values: dict[str, Any] = {}
        sources = getattr(config, "sources", None) or {}
        for setting, name in _CONFIG_ROWS.items():
            value = getattr(config, setting, None)
            if value is not None and not (setting in _SUPERSEDED
                                          and sources.get(setting) == "default"):
                values[name] = value
        rate = getattr(config, "audit_host_rate", None)
        if rate and "min_interval" not in values:
            values["min_interval"] = 1.0 / float(rate)
        if "read_timeout" in values:
            values["connect_timeout"] = min(cls.connect_timeout, float(values["read_timeout"]))
        chromium = values.get("chromium_path")
        if chromium is not None and str(chromium).strip().lower() in ("", "off", "none"):
            values["accessibility"] = False
            values.pop("chromium_path")
        values.update(overrides)
        return cls(**values)


#: Config setting → AuditSettings field (see ``from_config``).
_CONFIG_ROWS: dict[str, str] = {
    "audit_concurrency": "concurrency",
    "audit_max_pages": "max_pages",
    "audit_min_interval": "min_interval",
    "audit_timeout": "read_timeout",
    "audit_site_deadline": "site_deadline",
    "audit_user_agent": "user_agent",
    "audit_chromium": "chromium_path",
    "audit_page_budget": "max_pages",
    "audit_link_budget": "max_links",
}
#: Older rows whose config default no longer is the audit's: their value counts only when set
#: (option, environment or file), else the newer row (``audit_page_budget``,
#: ``audit_host_rate``) or the default here applies.
_SUPERSEDED = {"audit_max_pages", "audit_min_interval"}
