"""The audit's plain values: what a check found, what a site's audit produced, and the knobs.

Kept apart from the crawler and the checks so reports, the review and the CLI can use them
without pulling in any network code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sushasan import __version__

__all__ = ["SEVERITIES", "USER_AGENT", "AuditSettings", "Finding", "SiteReport", "SiteTarget"]

SEVERITIES = ("critical", "serious", "moderate", "minor", "info")
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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")


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

    def finding(self, check_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == check_id), None)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteReport:
        """Read back what :meth:`to_dict` wrote (saved runs), ignoring keys it does not know."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["findings"] = [Finding(**f) for f in data.get("findings", [])]
        return cls(**values)


@dataclass(frozen=True)
class AuditSettings:
    """Politeness and bounds. Defaults suit a nightly run over ~80 government sites."""

    #: Seconds between two requests to the same host (raised to robots.txt Crawl-delay, up to
    #: ``max_crawl_delay``), so the audit never looks like load on a small state server.
    min_interval: float = 1.0
    max_crawl_delay: float = 5.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Whole-site deadline: one slow or hostile site ends with a "timeout" finding instead.
    site_deadline: float = 300.0
    #: Sites audited at once.
    concurrency: int = 4
    #: Pages fetched and parsed per site (the home page plus pages one level down).
    max_pages: int = 10
    #: Links checked for breakage per site (HEAD, then GET when HEAD is refused).
    max_links: int = 60
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

    @classmethod
    def from_config(cls, config: Any, **overrides: Any) -> AuditSettings:
        """Settings from a :class:`~sushasan.config.Config`; a row it lacks keeps the default.

        ``getattr`` with a fallback, so the audit works before (and after) the config table gains
        its ``audit_*`` rows. ``audit_chromium`` set to ``""`` or ``off`` switches axe off.
        """
        values: dict[str, Any] = {}
        for setting, name in _CONFIG_ROWS.items():
            value = getattr(config, setting, None)
            if value is not None:
                values[name] = value
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
}
