"""`sushasan users disable|enable|passwd|token|tokens|revoke-token` as a user types them, then the
dashboard over the same data folder: what the command changed is what the API sees."""

from __future__ import annotations

import json
import re

from click.testing import Result
from fastapi.testclient import TestClient

from sushasan.app import Sushasan
from sushasan.cli import cli
from sushasan.config import Config
from sushasan.web import create_app
from tests.conftest import Cli
from tests.web.conftest import SECRET, csrf_of


def _api(cli: Cli) -> tuple[Sushasan, TestClient]:
    core = Sushasan(Config.load(env=SECRET, data_dir=str(cli.data_dir)))
    return core, TestClient(create_app(core, env=SECRET))


def _typed(s: Cli, stdin: str, *args: str) -> Result:
    """The command with a line on standard input (a password), as `echo … | sushasan …`."""
    return s.runner.invoke(cli, ["--data-dir", str(s.data_dir), *args], input=stdin, env=s.env)


def _me(client: TestClient, token: str) -> int:
    return client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code


def test_account_lifecycle_from_the_command_line(initialised: Cli) -> None:
    s = initialised
    assert _typed(s, "alice-password-1\n", "users", "add", "alice", "--role", "reviewer"
                  ).exit_code == 0
    read = s("users", "token", "alice", "--scope", "read", "--days", "1").output.strip()
    write = s("users", "token", "alice", "--days", "0").output.strip()
    listed = s("users", "tokens", "alice").output
    assert read not in listed and write not in listed  # never the token itself
    rows = re.findall(r"^\s*(\d+) alice\s+(read|write) .*expires (\S+)", listed, re.M)
    assert [(scope, when == "never") for _id, scope, when in rows] == [
        ("read", False), ("write", True)]
    read_id = rows[0][0]

    core, api = _api(s)
    assert _me(api, read) == _me(api, write) == 200
    assert api.post("/tickets/X/acknowledge",
                    headers={"Authorization": f"Bearer {read}"}).status_code == 403
    assert "last used 20" in s("users", "tokens").output  # last-used time recorded

    assert s("users", "revoke-token", read_id).output.startswith(f"Revoked token {read_id}")
    assert _me(api, read) == 401 and _me(api, write) == 200
    gone = s("users", "revoke-token", read_id, ok=False)
    assert gone.exit_code == 1 and "no token with id" in gone.output
    assert "Traceback" not in gone.output

    browser = TestClient(api.app)
    r = browser.post("/login", data={"username": "alice", "password": "alice-password-1",
                                     "csrf_token": csrf_of(browser.get("/login").text)},
                     follow_redirects=False)
    assert r.status_code == 303 and browser.get("/api/me").status_code == 200
    assert "sessions 1" in s("users", "list").output
    assert s("users", "disable", "alice").output == "Disabled 'alice'.\n"
    assert browser.get("/api/me").status_code == 401 and _me(api, write) == 401
    assert "(disabled)" in s("users", "list").output
    assert s("users", "enable", "alice").output == "Enabled 'alice'.\n"
    assert _me(api, write) == 200 and browser.get("/api/me").status_code == 401

    changed = _typed(s, "a-brand-new-one\n", "users", "passwd", "alice")
    assert changed.exit_code == 0, changed.output
    short = _typed(s, "short\n", "users", "passwd", "alice")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert s("users", "revoke-token", "--all", "alice").output == "Revoked 1 token of 'alice'.\n"
    assert _me(api, write) == 401
    core.close()

    history = [json.loads(line) for line in
               s("history", "--json", "--limit", "100").output.splitlines()]
    actions = {e["action"] for e in history}
    assert {"user.disable", "user.enable", "user.password_change", "token.revoke",
            "token.revoke_all", "user.sign_in"} <= actions
    assert not any("alice-password" in json.dumps(e) or write in json.dumps(e)
                   for e in history)
