"""Website audit: checks a department's official website against GIGW 3.0 basics.

Use :func:`run_audit` (or the async :func:`audit_sites`) with :class:`SiteTarget` values; each
site yields a :class:`SiteReport` of :class:`Finding` values and a 0–100 score (method
:data:`AUDIT_METHOD_VERSION`, see :mod:`sushasan.audit.score`). Checks: HTTP and page basics
(:mod:`~sushasan.audit.checks`), certificates (:mod:`~sushasan.audit.tls`), accessibility with
axe-core in headless Chromium (:mod:`~sushasan.audit.a11y`). :func:`save_run` keeps a run in the
data folder and :func:`latest_scores` gives the review its website indicator
(:mod:`~sushasan.audit.results`). Knobs: :class:`AuditSettings` (``from_config``).
"""

from __future__ import annotations

from sushasan.audit.crawl import USER_AGENT
from sushasan.audit.model import AuditSettings, Finding, SiteReport, SiteTarget
from sushasan.audit.results import AUDITS_DIR, AuditRun, latest_scores, load_runs, save_run
from sushasan.audit.score import AUDIT_METHOD_VERSION, SEVERITY_WEIGHTS, score
from sushasan.audit.site import audit_site, audit_sites, run_audit

__all__ = [
    "AUDITS_DIR",
    "AUDIT_METHOD_VERSION",
    "SEVERITY_WEIGHTS",
    "USER_AGENT",
    "AuditRun",
    "AuditSettings",
    "Finding",
    "SiteReport",
    "SiteTarget",
    "audit_site",
    "audit_sites",
    "latest_scores",
    "load_runs",
    "run_audit",
    "save_run",
    "score",
]
