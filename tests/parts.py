"""Optional parts of the machine the suite can run without: real data, Chromium, PostgreSQL,
Spark (PySpark and Java).

A fresh clone on a bare Debian machine (only Python and make) must pass `make test`, so a test
that needs one of these parts skips when the part is missing. CI installs every part and sets
``SUSHASAN_REQUIRE_<PART>=1``: there a missing part is a failure, never a quiet skip. One
:class:`Part` per optional thing, checked in one place, so the switches cannot drift apart.

Tests say what they need with a marker (``@pytest.mark.realdata``, ``@pytest.mark.browser``,
``@pytest.mark.postgres``, ``@pytest.mark.spark``); the conftest's ``pytest_runtest_setup``
calls :func:`need_marked` before any fixture runs, and ``pytest_terminal_summary`` prints one
line per missing part (:func:`summary_lines`) saying how many tests were skipped and what to
install.
"""

from __future__ import annotations

import functools
import glob
import importlib.util
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

_OFF = {"", "0", "false", "no", "off"}
_TAG = re.compile(r"\[needs (?P<part>[a-z]+)\] (?P<why>.*)", re.S)


@dataclass(frozen=True)
class Part:
    """Something outside the project that some tests need, and how to tell it is missing."""

    name: str  #: the marker name, also the tag in the skip reason
    tests: str  #: what the skipped tests are called in the summary ("browser tests")
    switch: str  #: the environment variable that makes the part mandatory
    probe: Callable[[], str | None]  #: why the part is missing and what to install, or None

    @property
    def required(self) -> bool:
        """True when the switch is set (CI): a missing part must fail the run."""
        return os.environ.get(self.switch, "").strip().lower() not in _OFF

    def missing(self) -> str | None:
        return self.probe()

    def need(self) -> None:
        """Skip the running test if the part is missing, or fail it when the switch says so."""
        why = self.missing()
        if why is None:
            return
        if self.required:
            pytest.fail(f"{self.switch} is set but {why}", pytrace=False)
        pytest.skip(f"[needs {self.name}] {why}")


# --- the three parts -----------------------------------------------------------------------

_CLONE = Path(__file__).resolve().parents[1]


def realdata_dir() -> Path:
    """Where the shared real data is: ``../shared/realdata`` beside the clone, unless
    ``SUSHASAN_REALDATA_DIR`` says otherwise (read when asked, so a test run can point it away)."""
    override = os.environ.get("SUSHASAN_REALDATA_DIR", "").strip()
    return Path(override) if override else _CLONE.parent / "shared" / "realdata"


def _realdata_missing() -> str | None:
    where = realdata_dir()
    if (where / "README.md").is_file():
        return None
    return (f"real data not found at {where} (it sits beside the clone as ../shared/realdata; "
            "set SUSHASAN_REALDATA_DIR to its folder)")


#: Debian's Chromium, or the one the product's own setting names (SUSHASAN_AUDIT_CHROMIUM).
CHROMIUM = Path(os.environ.get("SUSHASAN_AUDIT_CHROMIUM", "").strip() or "/usr/bin/chromium")


@functools.cache
def _browser_missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    # Present is not enough: a Chromium whose libraries are missing exits at once.
    try:
        run = subprocess.run([str(CHROMIUM), "--headless", "--version"], capture_output=True,
                             text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Chromium at {CHROMIUM} does not start ({exc})"
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        return f"Chromium at {CHROMIUM} does not start (exit {run.returncode}: {last[:160]})"
    return None


def pg_bin() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest cluster version, else the PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _postgres_missing() -> str | None:
    if os.environ.get("SUSHASAN_TEST_DATABASE_URL") or pg_bin() is not None:
        return None
    return "PostgreSQL binaries (initdb, pg_ctl) not found (Debian: apt-get install postgresql)"


@functools.cache
def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install -e '.[spark]'; it also needs Java 17)"
    # PySpark starts the JVM it finds through JAVA_HOME, else the PATH.
    home = os.environ.get("JAVA_HOME", "").strip()
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if java is None or not Path(java).is_file():
        return "Java not found (Debian: apt-get install openjdk-17-jre-headless)"
    try:
        run = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60,
                             check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Java at {java} does not start ({exc})"
    if run.returncode != 0:
        return f"Java at {java} does not start (exit {run.returncode})"
    return None


PART_REALDATA = Part("realdata", "real-data tests", "SUSHASAN_REQUIRE_REALDATA", _realdata_missing)
PART_BROWSER = Part("browser", "browser tests", "SUSHASAN_REQUIRE_BROWSER", _browser_missing)
PART_POSTGRES = Part("postgres", "PostgreSQL tests", "SUSHASAN_REQUIRE_POSTGRES", _postgres_missing)
PART_SPARK = Part("spark", "Spark tests", "SUSHASAN_REQUIRE_SPARK", _spark_missing)
PARTS = (PART_REALDATA, PART_BROWSER, PART_POSTGRES, PART_SPARK)
def need_marked(item: pytest.Item) -> None:
    """Check every part the test is marked with, before its fixtures are set up."""
    for part in PARTS:
        if item.get_closest_marker(part.name) is not None:
            part.need()


def summary_lines(skip_reasons: Iterable[str], parts: Iterable[Part] = PARTS) -> list[str]:
    """One line per missing part, from the reasons of the skipped tests: how many, why, what to
    install. Reasons not made by :meth:`Part.need` (a skipif of a test's own) are left out."""
    counts: Counter[str] = Counter()
    why: dict[str, str] = {}
    for reason in skip_reasons:
        found = _TAG.search(reason)
        if found:
            counts[found["part"]] += 1
            why.setdefault(found["part"], found["why"])
    lines = []
    for part in parts:
        n = counts[part.name]
        if n:
            noun = part.tests if n > 1 else part.tests.removesuffix("s")
            lines.append(f"skipped {n} {noun}: {why[part.name]}")
    return lines


def skip_reason(report: pytest.TestReport) -> str:
    """The text of a skipped test's reason, as pytest keeps it in the report."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)
