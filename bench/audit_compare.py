"""Per-check figures of the website audit, current code against older methods, in one run.

Why: a change of method must show, check by check, what it finds that the old one missed and
what it no longer raises falsely — on the same pages, served the same way, at the same time.

Sites: a folder of saved sites (``--sites DIR``, default ``../shared/realdata/websites`` when
it exists): one sub-folder per site, its files at their URL paths (``index.html`` for a
folder), and optionally ``truth.csv`` (``page,check``: the defects a person confirmed, one
row each) — served on 127.0.0.1 only. Without saved sites: the project's own imitations of
S3WaaS and NIC CMF (``tests/sites.py``), whose planted defects are the truth.

Trees: ``--tree NAME=PATH`` (repeatable), each a checkout of this repository (for instance
``git worktree add /work/wt-audit-old <commit>``); the current tree is always measured. Each
tree audits in its own process with ``PYTHONPATH=<tree>/src``, without Chromium (the HTTP
checks, comparable across methods), at the same ``--as-of`` date.

Reported per tree and check: pages judged, failures, not checked; against the truth: found
(true failures), missed, false alarms. Plain-http checks (``https`` …) are left out, as
loopback serves plain http. Run: ``.venv/bin/python bench/audit_compare.py --tree
2026.3=/work/wt-audit-old``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fixture sites and their server
from tests.realsites import REAL, fixtures, saved_sites  # noqa: E402
from tests.realsites import figures as per_check  # noqa: E402

#: Runs inside each tree's process: its own audit, the settings every method has.
_AUDIT = """
import json, sys
from datetime import UTC, datetime
from sushasan.audit import AuditSettings, SiteTarget, run_audit
from sushasan.audit.score import AUDIT_METHOD_VERSION
job = json.load(sys.stdin)
now = datetime.fromisoformat(job["as_of"] + "T06:30:00+00:00")
s = AuditSettings(min_interval=0.002, site_deadline=300, trust_env=False,
                  accessibility=job["chromium"])
targets = [SiteTarget(u, n, tuple(map(tuple, a))) for n, u, a in job["sites"]]
reports = run_audit(targets, s, now=now)
json.dump({"method": AUDIT_METHOD_VERSION, "sites": [r.to_dict() for r in reports]}, sys.stdout)
"""


def _url(site: Any) -> str:
    return f"http://127.0.0.1:{site.server_address[1]}/"


def _audit(tree: Path, sites: list[tuple[str, str, Any]], as_of: str,
           chromium: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    run = subprocess.run([sys.executable, "-c", _AUDIT], input=json.dumps(
        {"sites": sites, "as_of": as_of, "chromium": chromium}), capture_output=True,
        text=True, env=env, check=False, cwd=tree)
    if run.returncode != 0:
        raise SystemExit(f"audit in {tree} failed:\n{run.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=Path, default=REAL if REAL.is_dir() else None)
    ap.add_argument("--tree", action="append", default=[], metavar="NAME=PATH")
    ap.add_argument("--as-of", default="2026-11-26")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--chromium", action="store_true",
                    help="run axe-core too (each tree its own sample of pages)")
    args = ap.parse_args()
    sites = saved_sites(args.sites) if args.sites else fixtures(args.chromium)
    print(f"sites: {args.sites or 'project fixtures (tests/sites.py)'}; as of {args.as_of}; "
          f"Chromium {'on' if args.chromium else 'off'}; "
          f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    trees = [("current", ROOT)] + [(n, Path(p)) for n, p in (t.split("=", 1) for t in args.tree)]
    targets = [(name, _url(site), acc) for name, (site, _, acc) in sites.items()]
    table: dict[str, dict[str, Counter[str]]] = {}
    summary: dict[str, dict[str, Any]] = {}
    for label, tree in trees:
        got = _audit(tree, targets, args.as_of, args.chromium)
        total: dict[str, Counter[str]] = {}
        pages = findings = 0
        for (name, _, _), rep in zip(targets, got["sites"], strict=True):
            pages += len(rep.get("pages") or [rep["url"]])
            findings += len(rep["findings"])
            for check, c in per_check(rep, sites[name][1]).items():
                total.setdefault(check, Counter()).update(c)
        key = f"{label} ({got['method']})"
        table[key] = total
        summary[key] = {"pages": pages, "findings": findings,
                        **{k: sum(c[k] for c in total.values())
                           for k in ("fail", "found", "missed", "false_alarm", "not_checked")}}
    cols = list(table)
    print("\n| check | " + " | ".join(f"{c}: judged / fail / n.c. / found / missed / false"
                                      for c in cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for check in sorted({k for t in table.values() for k in t}):
        cells = []
        for c in cols:
            n = table[c].get(check, Counter())
            cells.append(f"{n['judged']} / {n['fail']} / {n['not_checked']} / {n['found']} / "
                         f"{n['missed']} / {n['false_alarm']}")
        print(f"| {check} | " + " | ".join(cells) + " |")
    print()
    for c, s in summary.items():
        print(f"{c}: {s}")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "checks": {
            c: {k: dict(v) for k, v in t.items()} for c, t in table.items()}}, indent=1))
    for site, _, _ in sites.values():
        site.shutdown()
        site.server_close()


if __name__ == "__main__":
    main()
