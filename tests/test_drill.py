"""Drill-down behind an indicator: the department's own records, citizens' details redacted
for anyone but the department itself."""

from __future__ import annotations

from pathlib import Path

from sushasan.analytics.drill import records
from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.quarters import Quarter
from tests.conftest import Cli

REGISTRY = (
    "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"
    "alpha,Alpha Department,अल्फा विभाग,department,,alpha_x,,,,\n"
    "beta,Beta Department,बीटा विभाग,department,,beta_x,,,,\n"
)
PHONE = "98765 43210"


def _msg(iid: str, acc: str, text: str, at: str, reply_to: str | None = None) -> dict:
    return {"record": "interaction", "platform": "x", "account_id": acc, "interaction_id": iid,
            "created_at": at, "text": text, "in_reply_to_id": reply_to,
            "from_department": reply_to is not None, "kind": "reply" if reply_to else "mention"}


def test_citizens_messages_are_redacted_unless_the_department_asks(
    sushasan: Cli, tmp_path: Path
) -> None:
    sushasan.registered(REGISTRY)
    rows = [
        _msg("c1", "alpha_x", f"@alpha_x no water for 3 days, call me on {PHONE}",
             "2024-08-01T04:00:00Z"),
        _msg("r1", "alpha_x", "We are on it", "2024-08-01T06:00:00Z", "c1"),
        _msg("c2", "beta_x", "beta's citizen message", "2024-08-02T04:00:00Z"),
    ]
    sushasan.import_records(rows, "m.jsonl")
    app = Sushasan(Config.load(env={}, data_dir=str(sushasan.data_dir)))
    q = Quarter.parse("2024Q3")
    shown = records(app.lake, "alpha", q, "answered_share", sample=False)
    assert shown is not None and shown.total == 1  # only alpha's citizen message
    (row,) = shown.rows
    assert PHONE not in row["text"] and "no water" in row["text"]
    assert row["replied_at"] is not None
    own = records(app.lake, "alpha", q, "answered_share", sample=False, owner=True)
    assert own is not None and PHONE in own.rows[0]["text"]
    assert records(app.lake, "alpha", q, "disposed_in_time_share", sample=False) is None
    app.close()


def test_a_post_indicator_narrows_to_the_posts_of_one_adjustment(
    sushasan: Cli, tmp_path: Path
) -> None:
    """The scorecard's "see the posts concerned": the posts the review named as left out, or
    those whose like, comment or share count the file did not give."""
    sushasan.registered(REGISTRY)
    rows = [{"record": "post", "platform": "x", "account_id": "alpha_x", "post_id": f"p{i}",
             "created_at": f"2024-08-0{i + 1}T04:00:00Z", "text": f"post {i}",
             "likes": None if i == 2 else i, "comments": 0, "shares": 0} for i in range(4)]
    sushasan.import_records(rows, "p.jsonl")
    app = Sushasan(Config.load(env={}, data_dir=str(sushasan.data_dir)))
    q = Quarter.parse("2024Q3")
    every = records(app.lake, "alpha", q, "posts", sample=False)
    assert every is not None and every.total == 4
    named = records(app.lake, "alpha", q, "posts", sample=False, subset="excluded",
                    post_ids=["p1", "p3", "elsewhere"])
    assert named is not None and sorted(r["post_id"] for r in named.rows) == ["p1", "p3"]
    missing = records(app.lake, "alpha", q, "posts", sample=False, subset="missing_counts")
    assert missing is not None and [r["post_id"] for r in missing.rows] == ["p2"]
    app.close()
