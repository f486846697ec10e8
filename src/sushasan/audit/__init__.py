"""Website audit: checks a department's official website against GIGW 3.0 basics.

Use :func:`run_audit` (or the async :func:`audit_sites`) with :class:`SiteTarget` values; each
site yields a :class:`SiteReport` of :class:`Finding` values and a 0–100 score (method
:data:`AUDIT_METHOD_VERSION`, see :mod:`sushasan.audit.score`).
"""

from __future__ import annotations

from sushasan.audit.crawl import USER_AGENT
from sushasan.audit.model import AuditSettings, Finding, SiteReport, SiteTarget
from sushasan.audit.score import AUDIT_METHOD_VERSION, SEVERITY_WEIGHTS, score
from sushasan.audit.site import audit_site, audit_sites, run_audit

__all__ = [
    "AUDIT_METHOD_VERSION",
    "SEVERITY_WEIGHTS",
    "USER_AGENT",
    "AuditSettings",
    "Finding",
    "SiteReport",
    "SiteTarget",
    "audit_site",
    "audit_sites",
    "run_audit",
    "score",
]
