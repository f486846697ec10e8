"""The website audit score, method version ``2026.5``; it feeds the review's ``website_score``.

Formula: every check carries a weight — by default its severity's (critical 10, serious 5,
moderate 3, minor 1, info 0), or the weight the method file ``audit/static/method.toml`` gives that
check. Page checks are judged on every page read: a check's result is the share of the pages
it could judge that pass it (a page fails it when any finding of that check on the page fails).
The score is the weighted share passed over the checks that could be judged::

    score = 100 × Σ weight(check) × pass share(check) / Σ weight(checks judged)

rounded to one decimal. A check that could not be judged anywhere (``not_checked``: the link
was unreachable, the certificate probe failed, Chromium was missing, the CSS did not load) is
left out, not failed; ``checked_share`` says how much of the method's weight was judged, so a
score resting on half the checks is visibly so.

An unreachable home page yields only the critical ``reachability`` finding, so it scores 0. A
site that hit the audit deadline is *not measured* (``None``): the review must treat it as a
missing indicator, not as a zero — a gap in data is not a bad website. Runs with Chromium
(axe-core) and without it are different measurements: the report records its ``mode`` and
the review never mixes the two (:func:`~sushasan.audit.results.latest_scores`).

Changing a weight, a threshold in :class:`~sushasan.audit.model.AuditSettings`, the set of
checks or the vendored axe-core version is a new method version.

History: ``2026.1`` HTTP, page and GIGW checks. ``2026.2`` adds ``tls_certificate``,
``tls_renewal``, ``tls_version``, axe-core 4.14.1 impact levels, and HSTS needs max-age ≥ 1 year.
``2026.3`` judges every page read (up to 50 per site), three outcomes (not-checked checks
excluded), eleven GIGW links (terms no longer count as privacy), plain-http links, language
parity, per-check weights from the method file. ``2026.4`` adds ``menu_parity`` (a page's header
and footer carry every link of its other-language version). ``2026.5`` runs axe-core on a sample
of up to six pages per site (home, the other language, then a header, footer and sitemap page
in turn), each level a page check; a page reached only through a redirect loop is no longer
judged as a page read (the loop stays a ``redirects`` failure of the pages linking it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from sushasan.audit.model import Finding

__all__ = ["AUDIT_METHOD_VERSION", "METHOD_FILE", "SEVERITY_WEIGHTS", "check_weights",
           "checked_share", "score"]

AUDIT_METHOD_VERSION = "2026.5"
SEVERITY_WEIGHTS: dict[str, int] = {
    "critical": 10, "serious": 5, "moderate": 3, "minor": 1, "info": 0,
}
METHOD_FILE = Path(__file__).resolve().parent / "static" / "method.toml"


@cache
def check_weights() -> dict[str, float]:
    """Per-check weights from the method file (checks it does not name weigh by severity)."""
    if not METHOD_FILE.is_file():
        return {}
    data = tomllib.loads(METHOD_FILE.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data.get("weights", {}).items()}


def _weight(f: Finding) -> float:
    return check_weights().get(f.id, float(SEVERITY_WEIGHTS[f.severity]))


def _by_check(findings: Sequence[Finding]) -> dict[str, tuple[float, float, float]]:
    """check id → (weight, share of its pages judged, share of judged pages passing)."""
    pages: dict[str, dict[str, str]] = {}
    weight: dict[str, float] = {}
    for f in findings:
        weight.setdefault(f.id, _weight(f))
        per = pages.setdefault(f.id, {})
        old = per.get(f.page, "not_checked")
        if f.outcome == "fail" or (f.outcome == "pass" and old == "not_checked"):
            per[f.page] = f.outcome
        else:
            per.setdefault(f.page, old)
    out = {}
    for check, per in pages.items():
        judged = [o for o in per.values() if o != "not_checked"]
        passed = sum(o == "pass" for o in judged)
        out[check] = (weight[check], len(judged) / len(per),
                      passed / len(judged) if judged else 0.0)
    return out


def score(findings: Sequence[Finding]) -> float | None:
    """0–100 from the findings; None when nothing weighable was judged or the site timed out."""
    if any(f.id == "timeout" for f in findings):
        return None
    checks = [(w, p) for w, judged, p in _by_check(findings).values() if judged > 0]
    total = sum(w for w, _ in checks)
    if total == 0:
        return None
    return round(100.0 * sum(w * p for w, p in checks) / total, 1)


def checked_share(findings: Sequence[Finding]) -> float | None:
    """Weighted share (0–1) of the checks' pages that could be judged; None without weight."""
    checks = _by_check(findings).values()
    total = sum(w for w, _, _ in checks)
    if total == 0 or any(f.id == "timeout" for f in findings):
        return None
    return round(sum(w * judged for w, judged, _ in checks) / total, 3)
