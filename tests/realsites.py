"""Saved government sites (when present) and the project's imitations, with their truth, for
the per-check figures of the audit (``bench/audit_compare.py``, ``tests/test_audit_realpages.py``).

Saved sites live outside the project, in ``../shared/realdata/websites/``: one folder per site,
its pages at their URL paths (``index.html`` for a folder), ``truth.csv`` (``page,check``: the
defects a person confirmed) and ``accounts.csv`` (``platform,handle``), both optional.
"""

from __future__ import annotations

import csv
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.sites import MemorySite, Site, nic_cmf_site, s3waas_site, served

__all__ = ["HTTPS_CHECKS", "REAL", "figures", "fixtures", "saved_sites"]

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "websites"
#: loopback serves plain http: these fail everywhere, rightly, and are left out of the figures
HTTPS_CHECKS = {"https", "http_redirect", "hsts", "tls_certificate", "tls_renewal", "tls_version"}

Truth = set[tuple[str, str]] | None
Accounts = list[tuple[str, str]]
#: The fixtures' registered accounts, as tests/test_audit_nic.py registers them.
_FIXTURE_ACCOUNTS = {"s3waas": [("x", "ukhealthdept"), ("youtube", "UCxYz123AbCdEf")],
                     "nic_cmf": [("x", "UKTransport")]}


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def saved_sites(folder: Path) -> dict[str, tuple[Any, Truth, Accounts]]:
    """Each sub-folder a site; ``truth.csv`` (page,check) and ``accounts.csv``
    (platform,handle: the registry's accounts) beside its pages, both optional."""
    out: dict[str, tuple[Any, Truth, Accounts]] = {}
    for d in sorted(p for p in folder.iterdir() if p.is_dir()):
        truth = ({(r["check"], r["page"]) for r in _rows(d / "truth.csv")}
                 if (d / "truth.csv").is_file() else None)
        accounts = [(r["platform"], r["handle"]) for r in _rows(d / "accounts.csv")]
        site = Site(d, soft404=False, gone=set())
        threading.Thread(target=site.serve_forever, daemon=True).start()
        out[d.name] = (site, truth, accounts)
    return out


def fixtures(chromium: bool) -> dict[str, tuple[MemorySite, Truth, Accounts]]:
    """The imitations with their planted defects; in Chromium an image without alt text is
    also axe's critical ``image-alt`` on that page (the same defect, seen by both)."""
    out: dict[str, tuple[MemorySite, Truth, Accounts]] = {}
    for name, build in (("s3waas", s3waas_site), ("nic_cmf", nic_cmf_site)):
        pages, planted = build()
        if chromium:
            planted |= {("a11y_critical", page) for check, page in planted if check == "img_alt"}
        out[name] = (served(pages), planted, _FIXTURE_ACCOUNTS[name])
    return out


def _path(url: str, home: str) -> str:
    return urlsplit(url or home).path or "/"


def figures(report: dict[str, Any], truth: set[tuple[str, str]] | None) -> dict[str, Counter[str]]:
    """check → counts (judged, fail, not_checked, found, missed, false_alarm) for one site."""
    home = report.get("final_url") or report["url"]
    per: dict[str, Counter[str]] = {}
    failed: set[tuple[str, str]] = set()
    for f in report["findings"]:
        if f["id"] in HTTPS_CHECKS:
            continue
        outcome = f.get("outcome") or ("pass" if f["passed"] else "fail")
        c = per.setdefault(f["id"], Counter())
        c["not_checked" if outcome == "not_checked" else "judged"] += 1
        if outcome == "fail":
            failed.add((f["id"], _path(f.get("page", ""), home)))
    for check, _page in failed:  # pages failing the check (a page may fail it twice)
        per[check]["fail"] += 1
    if truth is not None:
        for check, page in failed:
            per[check]["found" if (check, page) in truth else "false_alarm"] += 1
        for check, _page in truth - failed:
            per.setdefault(check, Counter())["missed"] += 1
    return per
