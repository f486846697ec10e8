"""The audit trail: every change to accounts, tokens, registry, settings, publications and
tickets has a row saying who, when and what changed, and none holds a secret or a citizen's
words."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from sushasan.cli import cli
from tests.conftest import Cli

REGISTRY = """\
departments:
  - id: water
    name_en: Water Department
    name_hi: जल विभाग
    kind: department
    keywords: [paani]
    accounts:
      - {platform: x, handle: WaterDept}
  - id: power
    name_en: Power Department
    name_hi: ऊर्जा विभाग
    kind: department
"""


def _trail(s: Cli, *args: str) -> list[dict]:
    out = s("history", "--json", "--limit", "100000", *args).output
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def alice(tmp_path: Path) -> Cli:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": "", "SUSHASAN_USER": "alice"})
    reg = tmp_path / "registry.yaml"
    reg.write_text(REGISTRY, encoding="utf-8")
    s("init", "--registry", str(reg))
    return s


def test_registry_changes_are_recorded_with_before_and_after(alice: Cli, tmp_path: Path
                                                             ) -> None:
    created = _trail(alice, "--kind", "department")
    assert {(e["action"], e["object_id"], e["actor"]) for e in created} == {
        ("department.create", "water", "cli:alice"), ("department.create", "power", "cli:alice")}
    changed = tmp_path / "changed.yaml"
    changed.write_text(REGISTRY.replace("[paani]", "[paani, jal]"), encoding="utf-8")
    alice("registry", "import", str(changed))
    newest = _trail(alice, "--kind", "department")[0]
    assert (newest["action"], newest["object_id"]) == ("department.update", "water")
    assert newest["before"]["keywords"] == ["paani"]
    assert newest["after"]["keywords"] == ["paani", "jal"]
    assert newest["after"]["accounts"] == ["x:WaterDept"]
    # Importing the same file again changes nothing, and records nothing.
    alice("registry", "import", str(changed))
    assert len(_trail(alice, "--kind", "department")) == 3
    text = alice("history", "--object", "water").output
    assert "department.update" in text and "keywords: ['paani'] → ['paani', 'jal']" in text


def test_accounts_and_tokens_are_recorded_without_secrets(alice: Cli) -> None:
    added = alice.runner.invoke(cli, ["--data-dir", str(alice.data_dir), "users", "add", "asha",
                                      "--role", "officer", "--department", "water"],
                                input="a long enough password\n", env=alice.env)
    assert added.exit_code == 0, added.output
    token = alice("users", "token", "asha").output.strip()
    rows = _trail(alice, "--kind", "user") + _trail(alice, "--kind", "token")
    assert [(e["action"], e["object_id"], e["actor"]) for e in rows] == [
        ("user.create", "asha", "cli:alice"), ("token.issue", "asha", "cli:alice")]
    assert rows[0]["after"] == {"role": "officer", "department_id": "water", "active": True}
    whole = alice("history", "--json").output
    assert token not in whole and "argon2" not in whole and "password" not in whole


def test_publishing_and_the_sample_desk_are_recorded(tmp_path: Path) -> None:
    s = Cli(tmp_path / "data", env={"SUSHASAN_DATABASE_URL": "", "SUSHASAN_USER": "ravi"})
    s("init")
    s("sample", "--quarter", "2024Q3", "--seed", "4")
    s("review", "--quarter", "2024Q3", "--publish", "--format", "json")
    published = _trail(s, "--kind", "review")
    assert [(e["action"], e["object_id"], e["actor"]) for e in published] == [
        ("review.publish", "2024Q3/sample", "cli:ravi")]
    assert published[0]["after"]["version"] == 1
    s("grievances", "triage")
    s("grievances", "simulate", "--seed", "4")
    newest = _trail(s, "--kind", "ticket", "--limit", "1")[0]  # written last, in the same run
    assert (newest["action"], newest["actor"]) == ("tickets.simulate", "sample:simulation")
    assert newest["after"]["tickets"] > 0
    one = _trail(s, "--object", "SMP-2024-000001")[::-1]  # oldest first
    assert one[0]["action"] == "ticket.open" and one[0]["before"] is None
    assert len(one) > 1 and all(set(e["after"]) == {"state", "department_id"} for e in one)
    assert all(e["before"]["state"] == prev["after"]["state"]
               for prev, e in itertools.pairwise(one))
    # The trail carries states and desks, never the citizen's words.
    listed = json.loads(s("grievances", "list", "--json", "--data", "sample").output)
    texts = [t["text"] for t in listed if len(t.get("text") or "") > 30][:20]
    whole = s("history", "--json", "--limit", "100000").output
    assert texts
    assert not any(t in whole for t in texts)
