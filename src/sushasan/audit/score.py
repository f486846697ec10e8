"""The website audit score, method version ``2026.2``; it feeds the review's ``website_score``.

Formula: every check carries a weight by severity — critical 10, serious 5, moderate 3,
minor 1, info 0 (informational findings never move the score). The score is the weighted share
of checks passed::

    score = 100 × Σ weight(passed checks) / Σ weight(all checks evaluated)

rounded to one decimal. Why a share and not a deduction from 100: a site is judged only on what
could be evaluated, so adding a check later does not shift every earlier score by a constant.
An unreachable home page yields only the critical ``reachability`` finding, so it scores 0. A
site that hit the audit deadline is *not measured* (``None``): the review must treat it as a
missing indicator, not as a zero — a gap in data is not a bad website.

Accessibility (axe-core, WCAG 2.1 A/AA) adds four findings, one per axe impact level with that
level's weight, so a site is judged on the same 19 points whether it breaks one rule or twenty.
When Chromium is not available the four are replaced by one *info* finding, "accessibility not
measured": the score is then computed without them, never with a zero for them.
A plain-HTTP site fails the three certificate checks as well as ``https``.

Changing a weight, a threshold in :class:`~sushasan.audit.model.AuditSettings`, the set of
checks or the vendored axe-core version is a new method version.

History: ``2026.1`` HTTP, page and GIGW checks. ``2026.2`` adds ``tls_certificate``,
``tls_renewal``, ``tls_version``, axe-core 4.14.1 impact levels, and HSTS needs max-age ≥ 1 year.
"""

from __future__ import annotations

from collections.abc import Sequence

from sushasan.audit.model import Finding

__all__ = ["AUDIT_METHOD_VERSION", "SEVERITY_WEIGHTS", "score"]

AUDIT_METHOD_VERSION = "2026.2"
SEVERITY_WEIGHTS: dict[str, int] = {
    "critical": 10, "serious": 5, "moderate": 3, "minor": 1, "info": 0,
}


def score(findings: Sequence[Finding]) -> float | None:
    """0–100 from the findings; None when nothing weighable was evaluated or the site timed out."""
    if any(f.id == "timeout" for f in findings):
        return None
    total = sum(SEVERITY_WEIGHTS[f.severity] for f in findings)
    if total == 0:
        return None
    passed = sum(SEVERITY_WEIGHTS[f.severity] for f in findings if f.passed)
    return round(100.0 * passed / total, 1)
