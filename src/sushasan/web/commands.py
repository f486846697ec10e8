"""``sushasan users ...``, ``sushasan serve`` and ``sushasan demo-users``: thin Click shells."""

from __future__ import annotations

import sys

import click

from sushasan.actions import accounts, cli_actor
from sushasan.app import Sushasan
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
    """Dashboard accounts: add, list, and issue API tokens."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(accounts.ROLES), required=True)
@click.option("--department", metavar="ID", help="The officer's department (registry id).")
@click.pass_context
def users_add(ctx: click.Context, username: str, role: str, department: str | None) -> None:
    """Add an account; the password is read from standard input (first line)."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    user = accounts.create_user(_app(ctx).desk, username, password, role, department,
                                cli_actor())
    where = f" ({user.department_id})" if user.department_id else ""
    click.echo(f"Added {user.role} '{user.username}'{where}.")


@users.command("token")
@click.argument("username")
@click.pass_context
def users_token(ctx: click.Context, username: str) -> None:
    """Print a new API bearer token for USERNAME (only its hash is stored: keep it safe)."""
    click.echo(accounts.issue_token(_app(ctx).desk, username, cli_actor()))


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts with their role and department."""
    found = user_store.list_users(_app(ctx).desk)
    if not found:
        click.echo("No accounts yet: sushasan users add USERNAME --role admin")
    for u in found:
        state = "" if u.active else "  (inactive)"
        click.echo(f"{u.username:<24} {u.role:<9} {u.department_id or '-'}{state}")


@click.command("demo-users")
@click.pass_context
def demo_users(ctx: click.Context) -> None:
    """DEMO ONLY: add one account per role with known passwords, in a sample-data folder."""
    app = _app(ctx)
    if app.desk.has_real_imports():
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
