"""Erasure reaches every copy: one citizen's name, handle, phone, e-mail and author id are
planted in every store (an imported file, a live-ingested page, tickets, officers' notes, reply
drafts, retraining labels, audit rows, quarantined rows, the lake, the raw landing, exports and
digests kept in the data folder), ``sushasan grievances erase`` runs, and then every byte of the
data folder is scanned (SQLite after the erasure's checkpoint and VACUUM, Parquet column by
column, e-mails part by part): no marker is left, and other citizens' records are all there.
The same on PostgreSQL, where the desk's tables are read row by row and the cluster's own table
files are scanned too.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import json
import os
import shutil
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from sushasan.app import Sushasan
from sushasan.config import Config
from sushasan.desk import tables
from sushasan.desk.trail import Trail
from sushasan.grievances.tickets.desk import Actor
from sushasan.grievances.tickets.lifecycle import Action
from sushasan.lake.derived import DERIVED, derive
from sushasan.lake.schema import SCHEMAS
from tests.conftest import Cli
from tests.replay import Replay
from tests.test_grievance_desk import REGISTRY

NAME = "Zorawar Quixley"
HANDLE = "zq_citizen_7731"
PHONE = "9811122334"
MAIL = "zorawar.quixley@example.org"
AUTHOR_ID = "773100019"
MARKERS = (NAME, HANDLE, PHONE, MAIL, AUTHOR_ID)
DEPT_ID = "1000001"


def _msg(iid: str, text: str, handle: str, author: str, account: str = "jal_x",
         at: str = "2024-08-05T04:30:00Z") -> dict[str, Any]:
    return {"record": "interaction", "platform": "x", "account_id": account,
            "interaction_id": iid, "created_at": at, "kind": "mention", "text": text,
            "author_handle": handle, "author_id": author}


RECORDS = [
    {"record": "coverage", "platform": "x", "account_id": "jal_x",
     "first_day": "2024-07-01", "last_day": "2024-09-30"},
    _msg("c1", f"@jal_x ward 12 mein 5 din se paani nahi aa raha. Main {NAME}, phone {PHONE}, "
               f"mail {MAIL} — koi sunwai nahi", HANDLE, AUTHOR_ID),
    _msg("c2", f"No water supply in Rajpur Road since Monday, please send a tanker @jal_x "
               f"— {NAME}", HANDLE, AUTHOR_ID, at="2024-08-06T05:00:00Z"),
    _msg("o1", "Mohalla Shastri Nagar mein teen din se paani nahi aa raha @jal_x, koi sunwai "
               "nahi", "other_one", "5001"),
    _msg("o2", f"@jal_x same problem as @{HANDLE}, no water supply in Rajpur Road for days",
         "other_two", "5002", at="2024-08-07T05:00:00Z"),
    _msg("o3", "Thank you @jal_x for restoring the supply so quickly, great work!",
         "other_three", "5003"),
    # an account the registry does not know: quarantined, with the citizen's phone in it
    _msg("q1", f"bijli nahi hai, call {PHONE}", HANDLE, AUTHOR_ID, account="unknown_acct"),
]


def _live_replay() -> Replay:
    """X answers for live ingestion: the department, no posts, and a mentions page holding one
    tweet of the citizen (with the user object naming them) and one of another citizen."""
    r = Replay()
    r.add_json("/2/users/by/username/jal_x", {"data": {
        "id": DEPT_ID, "username": "jal_x", "name": "Jal Sansthan",
        "public_metrics": {"followers_count": 900, "following_count": 1, "tweet_count": 5,
                           "listed_count": 0}}})
    r.add_json("/2/users/by/username/upcl_x", {"data": {
        "id": "1000002", "username": "upcl_x", "name": "UPCL",
        "public_metrics": {"followers_count": 100, "following_count": 1, "tweet_count": 1,
                           "listed_count": 0}}})
    empty = {"meta": {"result_count": 0}}
    for uid in (DEPT_ID, "1000002"):
        r.add_json(f"/2/users/{uid}/tweets", empty)
    r.add_json("/2/users/1000002/mentions", empty)
    r.add_json(f"/2/users/{DEPT_ID}/mentions", {
        "data": [
            {"id": "900001", "author_id": AUTHOR_ID, "created_at": "2024-08-08T06:00:00.000Z",
             "conversation_id": "900001",
             "text": f"@jal_x still no paani in ward 12, pipeline toota hai. {NAME}"},
            {"id": "900002", "author_id": "5004", "created_at": "2024-08-08T07:00:00.000Z",
             "conversation_id": "900002",
             "text": "@jal_x Rajpur Road mein bhi paani nahi aa raha, kab theek hoga"},
        ],
        "includes": {"users": [
            {"id": AUTHOR_ID, "username": HANDLE, "name": NAME},
            {"id": "5004", "username": "other_four", "name": "Other Four"},
        ]},
        "meta": {"result_count": 2, "newest_id": "900002", "oldest_id": "900001"},
    })
    r.add_json(f"/2/users/{DEPT_ID}/mentions", empty)
    return r


def _app(cli: Cli, transport: Any = None) -> Sushasan:
    env = {**cli.env, "SUSHASAN_X_BEARER_TOKEN": "test-token"}
    return Sushasan(Config.load(env=env, data_dir=str(cli.data_dir)), transport=transport)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The detector's weights, trained once for the module (the same shipped training data
    for every data folder here) instead of once per test."""
    return tmp_path_factory.mktemp("models")


def _plant(cli: Cli, models: Path) -> dict[str, str]:
    """Every store gets the citizen; returns the citizen's dockets by message."""
    cli.registered(REGISTRY)
    cli.import_records(RECORDS, "msgs.jsonl")
    app = _app(cli, _live_replay().transport())
    app.ingest(["x"])
    app.close()
    (cli.data_dir / "models").mkdir(exist_ok=True)
    for f in models.glob("*.npz"):
        shutil.copy(f, cli.data_dir / "models" / f.name)
    cli("grievances", "triage")
    for f in (cli.data_dir / "models").glob("*.npz"):
        shutil.copy(f, models / f.name)
    app = _app(cli)
    with app.desk.begin() as conn:
        dockets = dict(conn.execute(sa.select(tables.tickets.c.interaction_id,
                                              tables.tickets.c.docket)).all())
    assert {"c1", "c2", "o1", "900001"} <= set(dockets), dockets
    mine = dockets["c1"]
    cli("grievances", "acknowledge", mine, "--by", "officer1")  # a reply draft in the outbox
    cli("grievances", "transfer", mine, "--to", "upcl", "--by", "officer1",
        "--reason", f"citizen {NAME} says it is the pump, call {PHONE}")
    cli("grievances", "dispose", mine, "--by", "upcl1",
        "--reply", f"Dear {NAME}, the pump is repaired; we called {PHONE}")
    cli("grievances", "not-grievance", dockets["c2"], "--reason", f"duplicate of {HANDLE}")
    cli("grievances", "acknowledge", dockets["o1"], "--by", "officer1")
    cli("grievances", "not-grievance", dockets["o2"], "--reason", "a comment, not a grievance")
    with app.desk.begin() as conn:  # audit rows that carry the citizen's details
        Trail("officer1").record(conn, "ticket.note", "ticket", mine, None,
                                 {"note": f"spoke to {NAME} on {PHONE}"})
        Trail("admin1").record(conn, "user.note", "user", "officer1", None,
                               {"note": f"forwarded a complaint from {MAIL}"})
    app.close()
    exports = cli.data_dir / "exports"
    exports.mkdir()
    listed = cli("grievances", "list", "--json").output
    (exports / "tickets.json").write_text(listed, encoding="utf-8")
    cli("grievances", "digest", "--out", str(exports / "digests"), "--now", "2025-06-30")
    return dockets


# -- the scan -------------------------------------------------------------------------------------
def _texts(path: Path) -> list[str]:
    """What a file says, every way it can be read: its bytes as UTF-8 and UTF-16, a Parquet
    file's every column, an e-mail's decoded parts."""
    data = path.read_bytes()
    out = [data.decode("utf-8", "replace"), data.decode("utf-16-le", "replace")]
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        out += [json.dumps(table.column(c).to_pylist(), default=str, ensure_ascii=False)
                for c in table.column_names]
    if path.suffix == ".eml":
        msg = email.message_from_bytes(data, policy=email.policy.default)
        out += [p.get_content() for p in msg.walk()  # type: ignore[attr-defined]
                if not p.is_multipart() and p.get_content_maintype() == "text"]
        out.append(str(msg["Subject"]))
    return out


def scan(root: Path, markers: tuple[str, ...] = MARKERS
         ) -> tuple[Counter[str], Counter[str], int]:
    """Markers found, per marker and per top-level folder or file, and how many files were
    read."""
    per_marker: Counter[str] = Counter()
    per_place: Counter[str] = Counter()
    files = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        files += 1
        blob = "\n".join(_texts(path)).lower()
        for m in markers:
            n = blob.count(m.lower())
            if n:
                per_marker[m] += n
                per_place[path.relative_to(root).parts[0]] += n
    return per_marker, per_place, files


def _table_rows(engine: sa.Engine) -> Counter[str]:
    """Markers in the desk's tables, read row by row (PostgreSQL keeps no file in the folder)."""
    found: Counter[str] = Counter()
    with engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                blob = json.dumps([str(v) for v in row], ensure_ascii=False).lower()
                for m in MARKERS:
                    found[m] += blob.count(m.lower())
    return +found


def _others(cli: Cli, engine: sa.Engine, theirs: set[str]) -> dict[str, Any]:
    """What must survive: other citizens' messages and tickets, and every ticket's existence."""
    files = sorted((cli.data_dir / "lake" / "interaction").rglob("*.parquet"))
    rows = [r for f in files for r in pq.read_table(f).to_pylist()]
    with engine.connect() as conn:
        tickets = conn.execute(sa.select(tables.tickets.c.docket, tables.tickets.c.state,
                                         tables.tickets.c.department_id,
                                         tables.tickets.c.received_at)).all()
        labels = conn.execute(sa.select(tables.grievance_labels.c.docket).where(
            tables.grievance_labels.c.docket.notin_(sorted(theirs)))).scalars().all()
    return {
        "messages": sorted(r["interaction_id"] for r in rows if r["author_id"] != AUTHOR_ID),
        "tickets": sorted(tuple(map(str, t)) for t in tickets),
        "labels_of_others": sorted(labels),
    }


def _derived_consistent(data_dir: Path) -> None:
    """The lake's derived columns still match what its records derive to."""
    for kind in ("post", "interaction"):
        for f in (data_dir / "lake" / kind).rglob("*.parquet"):
            stored = pq.read_table(f)
            platform = f.parent.parent.name.removeprefix("platform=")
            records = stored.append_column("platform", __import__("pyarrow").array(
                [platform] * stored.num_rows)).select(SCHEMAS[kind].names)
            again = derive(kind, records.cast(SCHEMAS[kind]))
            for col in DERIVED[kind].names:
                assert stored.column(col).to_pylist() == again.column(col).to_pylist(), (f, col)


def _check_erasure(cli: Cli, engine: sa.Engine, models: Path,
                   files_check: Any = None) -> dict[str, Any]:
    """Plant, scan (the markers must be found), erase, scan again (none may be)."""
    dockets = _plant(cli, models)
    if files_check is not None:
        assert files_check() > 0  # the database's own files hold the markers before
    before_markers, before_places, _ = scan(cli.data_dir)
    # planted everywhere: the scan would see it if the erasure missed it
    for place in ("lake", "raw", "exports"):
        assert before_places[place] > 0, (place, before_places)
    before_desk = _table_rows(engine)
    assert set(before_desk) == set(MARKERS), before_desk
    theirs = {dockets[i] for i in ("c1", "c2", "900001")}
    kept = _others(cli, engine, theirs)
    assert kept["labels_of_others"] == [dockets["o2"]]

    out = cli("grievances", "erase", "--author", f"@{HANDLE}", "--platform", "x",
              "--reason", f"DPDP erasure request e-mailed by {MAIL}", "--json").output
    report = json.loads(out)
    assert dockets["c1"] in report["dockets"] and dockets["c2"] in report["dockets"]
    assert dockets["900001"] in report["dockets"] and dockets["o1"] not in report["dockets"]

    markers, places, files = scan(cli.data_dir)
    assert files > 10
    assert markers == Counter(), (markers, places)
    assert _table_rows(engine) == Counter()
    if files_check is not None:
        assert files_check() == 0
    after = _others(cli, engine, theirs)
    assert after == kept  # every other message and label, every ticket with its state
    _derived_consistent(cli.data_dir)
    with engine.connect() as conn:
        erased = conn.execute(sa.select(tables.tickets.c.text, tables.tickets.c.erased_at)
                              .where(tables.tickets.c.docket == dockets["c1"])).one()
        other = conn.execute(sa.select(tables.tickets.c.text)
                             .where(tables.tickets.c.docket == dockets["o1"])).scalar_one()
        event = conn.execute(sa.select(tables.audit_events)
                             .where(tables.audit_events.c.action == "subject.erase")).one()
    assert erased.text == "[erased]" and erased.erased_at is not None
    assert "Shastri Nagar" in other
    counts = json.loads(event.after)["counts"]
    assert counts["lake_rows"] == 3 and counts["desk_tickets"] == 3
    assert counts["desk_labels"] == 1 and counts["desk_quarantine"] == 1
    assert counts["raw_records"] >= 4  # c1, c2, q1 from the file; tweet and user from the page
    assert "[erased" not in event.actor and "erasure request" in json.loads(event.after)["reason"]
    return {"before": sum(before_markers.values()), "before_desk": sum(before_desk.values()),
            "files": files, "counts": counts}


def test_erasure_by_author_leaves_no_marker_in_any_file_of_the_data_folder(
        sushasan: Cli, models: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{sushasan.data_dir}/desk.sqlite")
    found = _check_erasure(sushasan, engine, models)
    engine.dispose()
    print("scan:", found)  # the figures for the report: markers before, files scanned after
    wal = sushasan.data_dir / "desk.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed


_dbs = itertools.count()


@pytest.mark.postgres
def test_erasure_on_postgresql_leaves_no_marker_in_tables_or_table_files(
        postgres_url: str, tmp_path: Path, models: Path) -> None:
    name = f"sushasan_erase_{os.getpid()}_{next(_dbs)}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = postgres_url.replace("/postgres?", f"/{name}?")
    cli = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": url})
    engine = sa.create_engine(url)
    try:
        host = parse_qs(urlparse(url).query).get("host", [""])[0]
        cluster = Path(host) / "data" if host else None
        check = None
        if cluster is not None and cluster.is_dir():  # the tests' own server: read its files
            def check() -> int:
                """Markers in this database's table files, after a CHECKPOINT has written
                them out (the write-ahead log is the operator's to age out: docs)."""
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("CHECKPOINT"))
                    oid = conn.execute(sa.text("SELECT oid FROM pg_database "
                                               "WHERE datname = current_database()")
                                       ).scalar_one()
                n = 0
                for f in (cluster / "base" / str(oid)).iterdir():
                    low = f.read_bytes().lower()
                    n += sum(low.count(m.lower().encode()) for m in MARKERS)
                return n
        _check_erasure(cli, engine, models, check)
        assert not (cli.data_dir / "desk.sqlite").exists()
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


AADHAAR = "2736 4912 5809"  # a well-formed number (Verhoeff check digit), made up for this test
PURGED = (NAME, PHONE, MAIL, AADHAAR)


def test_purge_after_retention_leaves_no_phone_mail_or_aadhaar_in_any_file(
        sushasan: Cli, models: Path) -> None:
    """The retention path end to end, as the issue asks: a citizen posts a phone number, an
    e-mail and an Aadhaar number; triage opens the ticket; the officer disposes of it quoting the
    phone; once it has been closed longer than retention_days, `grievances purge` erases it and
    the scan of every file finds none of the three (nor the name), while the other citizen's open
    ticket and message stay."""
    sushasan.env["SUSHASAN_RETENTION_DAYS"] = "30"
    sushasan.registered(REGISTRY)
    sushasan.import_records([
        RECORDS[0],
        _msg("p1", f"@jal_x ward 4 mein paani nahi aa raha, {NAME} yahan, phone {PHONE}, "
                   f"mail {MAIL}, aadhaar {AADHAAR} — koi sunwai nahi", HANDLE, AUTHOR_ID),
        RECORDS[3],  # another citizen's grievance, left open
    ], "msgs.jsonl")
    (sushasan.data_dir / "models").mkdir(exist_ok=True)
    for f in models.glob("*.npz"):
        shutil.copy(f, sushasan.data_dir / "models" / f.name)
    sushasan("grievances", "triage")
    engine = sa.create_engine(f"sqlite:///{sushasan.data_dir}/desk.sqlite")
    with engine.connect() as conn:
        dockets = dict(conn.execute(sa.select(tables.tickets.c.interaction_id,
                                              tables.tickets.c.docket)).all())
    assert {"p1", "o1"} <= set(dockets), dockets
    app = _app(sushasan)  # disposed of on a frozen day, so the test never reads today's date
    app.grievances.clock = lambda: datetime(2024, 8, 10, 6, 0, tzinfo=UTC)
    app.grievances.tickets.act(
        dockets["p1"], Action("dispose", resolution="resolved",
                              reply=f"Dear {NAME}, supply is back; we called {PHONE}"),
        Actor("admin1", "admin"))
    app.close()

    def found() -> Counter[str]:
        return scan(sushasan.data_dir, PURGED)[0]

    assert set(found()) >= {NAME, PHONE, MAIL, AADHAAR}  # planted: the scan would see a miss
    # ten days after disposal: not yet due
    sushasan("grievances", "purge", "--now", "2024-08-20")
    assert set(found()) >= {PHONE, MAIL, AADHAAR}
    report = json.loads(sushasan("grievances", "purge", "--now", "2024-09-20", "--json").output)
    assert dockets["p1"] in report["dockets"] and dockets["o1"] not in report["dockets"]
    assert found() == Counter()
    with engine.connect() as conn:
        kept = conn.execute(sa.select(tables.tickets.c.text).where(
            tables.tickets.c.docket == dockets["o1"])).scalar_one()
    engine.dispose()
    assert "Shastri Nagar" in kept
