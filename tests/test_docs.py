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


def test_the_readme_names_the_demo_logins_make_demo_creates() -> None:
    from sushasan.web.commands import DEMO_USERS

    for username, role, _department, password in DEMO_USERS:
        assert f"`{username}` | `{password}`" in README, username
        assert role in README


def test_make_demo_publishes_and_makes_the_logins_also_without_serving() -> None:
    """`make demo NO_SERVE=1` then `make serve` must show a published review and let people in."""
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\nserve:", 1)[0]
    before_serve_switch = demo.split("ifeq ($(NO_SERVE),)", 1)[0]
    assert "--publish" in before_serve_switch and "demo-users" in before_serve_switch
    assert "\nserve:" in makefile
