"""The audit's plain values: what a check found, what a site's audit produced, and the knobs.

Kept apart from the crawler and the checks so reports, the review and the CLI can use them
without pulling in any network code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["SEVERITIES", "AuditSettings", "Finding", "SiteReport", "SiteTarget"]

SEVERITIES = ("critical", "serious", "moderate", "minor", "info")


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

    def finding(self, check_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == check_id), None)

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
