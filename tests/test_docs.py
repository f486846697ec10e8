"""The README documents every setting and command, so docs and code cannot drift apart."""

from __future__ import annotations

from pathlib import Path

from sushasan.cli import cli
from sushasan.config import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme() -> None:
    for s in SETTINGS:
        assert f"| {s.name} | `{s.env}` |" in README, s.name


def test_every_command_is_in_the_readme() -> None:
    for name, command in cli.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:  # type: ignore[attr-defined]
                assert f"`sushasan {name} {sub}" in README, f"{name} {sub}"
        else:
            assert f"`sushasan {name}" in README, name


def test_the_two_commands_lead_the_readme() -> None:
    assert "make demo" in README and "make test" in README
