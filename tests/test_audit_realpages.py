"""The audit on real saved pages of government sites, served on 127.0.0.1 (when present).

The saved sites live outside the project (``../shared/realdata/websites/``: one folder per
site, its pages at their URL paths, ``truth.csv`` listing the defects a person confirmed);
without them these tests skip, saying where they looked. On what the saved pages can settle,
the audit must raise no false alarm and find every confirmed defect (``bench/audit_compare.py``
gives the per-check figures, against older methods too).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sushasan.audit import AuditSettings, SiteTarget, run_audit
from tests.realsites import REAL, figures, saved_sites
from tests.sites import s3waas_site
from tests.test_audit_nic import NOW


def _sites() -> list[str]:
    if not REAL.is_dir():
        pytest.skip(f"no saved government sites at {REAL}")
    return sorted(p.name for p in REAL.iterdir() if (p / "truth.csv").is_file())


@pytest.mark.realdata
def test_no_false_alarm_and_no_miss_on_the_saved_sites() -> None:
    names = _sites()
    if not names:
        pytest.skip(f"no saved site with a truth.csv under {REAL}")
    _judge(REAL, names)


def _judge(folder: Path, names: list[str]) -> None:
    sites = saved_sites(folder)
    try:
        settings = AuditSettings(min_interval=0.002, site_deadline=120, trust_env=False,
                                 accessibility=False)
        for name in names:
            site, truth, accounts = sites[name]
            url = f"http://127.0.0.1:{site.server_address[1]}/"
            [report] = run_audit([SiteTarget(url, name, tuple(accounts))], settings, now=NOW)
            per = figures(report.to_dict(), truth)
            wrong = {c: (n["false_alarm"], n["missed"]) for c, n in per.items()
                     if n["false_alarm"] or n["missed"]}
            assert not wrong, (name, wrong)
    finally:
        for site, _, _ in sites.values():
            site.shutdown()
            site.server_close()


def test_a_saved_site_folder_is_served_and_judged_against_its_truth(tmp_path: Path) -> None:
    """The saved-site path itself, on the S3WaaS imitation written to disk as a browser's
    "save page" would (a folder per address, index.html inside), with its planted truth."""
    pages, planted = s3waas_site()
    site = tmp_path / "s3waas"
    for path, page in pages.items():
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(page.body.replace("{base}", "/"), encoding="utf-8")
    with (site / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["page", "check"])
        out.writerows(sorted((page, check) for check, page in planted))
    (site / "accounts.csv").write_text("platform,handle\nx,ukhealthdept\n"
                                       "youtube,UCxYz123AbCdEf\n", encoding="utf-8")
    _judge(tmp_path, ["s3waas"])
    # and the figures can fail: a defect nobody planted is a false alarm, one not found a miss
    with (site / "truth.csv").open("a", encoding="utf-8") as fh:
        fh.write("/about-us/,img_alt\n")
    with pytest.raises(AssertionError, match="img_alt"):
        _judge(tmp_path, ["s3waas"])
