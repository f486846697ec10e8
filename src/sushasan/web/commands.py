"""``sushasan users ...``, ``sushasan serve`` and ``sushasan demo-users``: thin Click shells."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from sushasan import datafolder
from sushasan.actions import accounts, cli_actor
from sushasan.actions.sessions import lifetimes
from sushasan.app import Sushasan
from sushasan.desk import sessions as session_store
from sushasan.desk import users as user_store
from sushasan.errors import SushasanError

__all__ = ["DEMO_USERS", "demo_users", "serve", "users"]

#: DEMO ONLY: known passwords for the sample-data demo folder (`make demo`), never for real data.
DEMO_USERS = (
    ("demo-admin", "admin", None, "demo-admin-pass"),
    ("demo-reviewer", "reviewer", None, "demo-reviewer-pass"),
    ("demo-officer", "officer", "transport", "demo-officer-pass"),
)


def _app(ctx: click.Context) -> Sushasan:
    app: Sushasan = ctx.obj
    app._ready()  # a clear "run sushasan init" rather than a missing-table error
    return app


@click.group()
def users() -> None:
    """Dashboard accounts: add, list, disable, enable, passwd; API tokens: token, tokens,
    revoke-token."""


def _password() -> str:
    """A password from the terminal (asked twice) or the first line of standard input."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--department", metavar="ID", help="The officer's department (registry id).")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, department: str | None) -> None:
    """Add an account; the password is read from standard input (first line)."""
    user = accounts.create_user(_app(ctx).desk, username, _password(), role, department,
                                cli_actor())
    where = f" ({user.department_id})" if user.department_id else ""
    click.echo(f"Added {user.role} '{user.username}'{where}.")


@users.command("passwd")
@click.argument("username")
@click.pass_context
def users_passwd(ctx: click.Context, username: str) -> None:
    """Set USERNAME's password (from standard input); every session of theirs ends."""
    accounts.set_password(_app(ctx).desk, username, _password(), cli_actor())
    click.echo(f"New password for '{username}'; their dashboard sessions have ended.")


@users.command("disable")
@click.argument("username")
@click.pass_context
def users_disable(ctx: click.Context, username: str) -> None:
    """Disable USERNAME: sessions end at once, tokens stop working (until enabled)."""
    changed = accounts.set_active(_app(ctx).desk, username, False, cli_actor())
    click.echo(f"Disabled '{username}'." if changed else f"'{username}' was already disabled.")


@users.command("enable")
@click.argument("username")
@click.pass_context
def users_enable(ctx: click.Context, username: str) -> None:
    """Enable USERNAME again (they sign in anew; unexpired tokens work again)."""
    changed = accounts.set_active(_app(ctx).desk, username, True, cli_actor())
    click.echo(f"Enabled '{username}'." if changed else f"'{username}' was already enabled.")


@users.command("token")
@click.argument("username")
@click.option("--scope", type=click.Choice(accounts.SCOPES), default="write", show_default=True,
              help="read: the token may only read (GET); write: it acts as USERNAME does.")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Days until it expires; 0 never. Default: the token_days setting (90).")
@click.pass_context
def users_token(ctx: click.Context, username: str, scope: str, days: int | None) -> None:
    """Print a new API bearer token for USERNAME (only its hash is stored: keep it safe)."""
    app = _app(ctx)
    days = app.config.token_days if days is None else days
    click.echo(accounts.issue_token(app.desk, username, cli_actor(), scope, days))


def _when(moment: datetime | None, never: str = "never") -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else never


@users.command("tokens")
@click.argument("username", required=False)
@click.pass_context
def users_tokens(ctx: click.Context, username: str | None) -> None:
    """List API tokens (all, or USERNAME's): id, user, scope, created, expires, last used."""
    found = accounts.tokens(_app(ctx).desk, username)
    if not found:
        click.echo("No tokens.")
    now = datetime.now(UTC)
    for t in found:
        expired = "  (expired)" if t.expires_at and t.expires_at <= now else ""
        click.echo(f"{t.id:>5} {t.username:<24} {t.scope:<5} created {_when(t.created_at)}  "
                   f"expires {_when(t.expires_at)}  last used {_when(t.last_used_at)}{expired}")


@users.command("revoke-token")
@click.argument("token_id", metavar="ID", type=int, required=False)
@click.option("--all", "all_of", metavar="USERNAME", help="Revoke every token of USERNAME.")
@click.pass_context
def users_revoke_token(ctx: click.Context, token_id: int | None, all_of: str | None) -> None:
    """Revoke the token ID (see users tokens), or --all USERNAME's; they stop working at once."""
    desk = _app(ctx).desk
    if (token_id is None) == (all_of is None):
        raise SushasanError("give a token ID (see users tokens) or --all USERNAME")
    if all_of is not None:
        count = accounts.revoke_tokens(desk, all_of, cli_actor())
        click.echo(f"Revoked {count} {'token' if count == 1 else 'tokens'} of '{all_of}'.")
        return
    assert token_id is not None
    t = accounts.revoke_token(desk, token_id, cli_actor())
    click.echo(f"Revoked token {t.id} of '{t.username}'.")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts with their role, department, live sessions and tokens."""
    app = _app(ctx)
    found = user_store.list_users(app.desk)
    if not found:
        click.echo("No accounts yet: sushasan users add USERNAME --role admin")
    now, life = datetime.now(UTC), lifetimes(app.config)
    tokens: dict[str, int] = {}
    for t in accounts.tokens(app.desk):
        tokens[t.username] = tokens.get(t.username, 0) + 1
    for u in found:
        state = "" if u.active else "  (disabled)"
        live = session_store.session_count(app.desk, u.username, now, life)
        click.echo(f"{u.username:<24} {u.role:<9} {u.department_id or '-':<16} "
                   f"sessions {live}  tokens {tokens.get(u.username, 0)}{state}")


@click.command("demo-users")
@click.pass_context
def demo_users(ctx: click.Context) -> None:
    """DEMO ONLY: add one account per role with known passwords, in a sample-data folder."""
    app = _app(ctx)
    if datafolder.kind(app.data_dir, app.desk) == "real":
        raise SushasanError("demo-users is for sample-data folders only; this one has real data")
    for username, role, department, password in DEMO_USERS:
        if user_store.get_user(app.desk, username) is None:
            accounts.create_user(app.desk, username, password, role, department,
                                 cli_actor())
        where = f" ({department})" if department else ""
        click.echo(f"  {role:<9}{where:<13} {username} / {password}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default serves this machine only).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--proxy-headers", is_flag=True,
              help="Trust X-Forwarded-Proto/For from --forwarded-allow-ips (behind HTTPS proxy).")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True)
@click.pass_context
def serve(
    ctx: click.Context, host: str, port: int, proxy_headers: bool, forwarded_allow_ips: str
) -> None:
    """Serve the dashboard (FastAPI + uvicorn)."""
    import uvicorn

    from sushasan.web import create_app

    web = create_app(_app(ctx))
    click.echo(f"Dashboard on http://{host}:{port}/  (Ctrl+C stops it)")
    uvicorn.run(web, host=host, port=port, proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips, log_level="warning")
