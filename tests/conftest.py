"""Shared fixtures: a CLI runner on a fresh data folder, a real throwaway PostgreSQL, and a
real local SMTP server (aiosmtpd) for digest tests.

PostgreSQL tests start their own cluster (initdb + pg_ctl under a temporary folder, unix socket
only, ~1 s) so `make test` needs no running server. Tests that need a part of the machine the
project does not ship (real data, Chromium, PostgreSQL, Spark) carry a marker and skip without
it, or fail when CI sets SUSHASAN_REQUIRE_<PART>=1 (tests/parts.py); the run ends with one
line per missing part.
"""

from __future__ import annotations

import itertools
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result

from sushasan.cli import cli
from sushasan.desk import Desk
from tests.parts import (
    PART_BROWSER,
    PART_POSTGRES,
    PART_REALDATA,
    PART_SPARK,
    need_marked,
    pg_bin,
    realdata_dir,
    skip_reason,
    summary_lines,
)

#: The shared real data (only a path: nothing reads it unless a test marked `realdata` runs).
REALDATA = realdata_dir()
#: The project's own legacy X per-tweet export (made-up posts of a department, real format).
X_ANALYTICS = (Path(__file__).parent / "fixtures" / "exports"
               / "tweet_activity_metrics_UKDITOfficial_20240701_20240801_en.csv")


def pytest_configure(config: pytest.Config) -> None:
    # "postgres" is declared in pyproject.toml.
    for part, needs in ((PART_REALDATA, "reads the shared real data (../shared/realdata)"),
                        (PART_BROWSER, "drives Debian's Chromium with Playwright"),
                        (PART_SPARK, "runs the review on Spark in local mode (PySpark, Java)")):
        config.addinivalue_line("markers", f"{part.name}: {needs}; skipped without it, "
                                f"mandatory with {part.switch}=1")


def pytest_runtest_setup(item: pytest.Item) -> None:
    need_marked(item)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = summary_lines(skip_reason(r) for r in terminalreporter.stats.get("skipped", []))
    if lines:
        terminalreporter.section("missing parts of this machine")
        for line in lines:
            terminalreporter.write_line(line)


class Cli:
    """Runs `sushasan --data-dir DIR ...` in-process, the way a user types it."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()
        self.env = env or {}

    def __call__(self, *args: str, ok: bool = True) -> Result:
        result = self.runner.invoke(
            cli, ["--data-dir", str(self.data_dir), *args], env=self.env, catch_exceptions=False
        )
        if ok and result.exit_code != 0:
            raise AssertionError(f"sushasan {' '.join(args)} failed:\n{result.output}")
        return result

    def registered(self, registry_csv: str) -> Cli:
        """An empty data folder with this registry imported, the way a review cell starts."""
        self("init", "--empty")
        reg = self.data_dir.parent / "reg.csv"
        reg.write_text(registry_csv, encoding="utf-8")
        self("registry", "import", str(reg))
        return self

    def import_records(self, records: Iterable[dict[str, Any]], name: str = "records.jsonl"
                       ) -> Result:
        """Write normal records as a sushasan-jsonl file beside the data folder and import it."""
        path = self.data_dir.parent / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")
        return self("import", "--format", "sushasan-jsonl", str(path))


@pytest.fixture
def sushasan(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": ""})


@pytest.fixture
def initialised(sushasan: Cli) -> Cli:
    sushasan("init")
    return sushasan


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server in a temporary folder, for the whole test session."""
    if url := os.environ.get("SUSHASAN_TEST_DATABASE_URL"):
        yield url
        return
    PART_POSTGRES.need()
    bindir = pg_bin()
    assert bindir is not None  # PART_POSTGRES.need() has skipped or failed otherwise
    root = Path(tempfile.mkdtemp(prefix="sushasan-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    datadir = root / "data"
    run = lambda *cmd: subprocess.run(  # noqa: E731
        [*prefix, *cmd], check=True, capture_output=True, text=True
    )
    run(str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8")
    run(
        str(bindir / "pg_ctl"), "-D", str(datadir), "-w", "-l", str(root / "log"),
        "-o", f"-k {root} -c listen_addresses='' -p 54329", "start",
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port=54329"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


_counter = itertools.count()


def new_database(server: str, name: str) -> str:
    """A fresh, empty database ``name`` on the test server; its URL."""
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.replace("/postgres?", f"/{name}?")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    if request.param == "sqlite":
        d = Desk.sqlite_file(tmp_path / "desk.sqlite")
    else:
        server = request.getfixturevalue("postgres_url")
        d = Desk(new_database(server, f"sushasan_test_{next(_counter)}"))
    d.upgrade()
    yield d
    d.close()


# --- a real SMTP server for digest tests ---------------------------------------------------


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what arrives and refuses one domain's recipients."""

    received: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
