"""Who is acting, as the audit trail names them."""

from __future__ import annotations

import getpass

from sushasan.config import env_value

__all__ = ["cli_actor"]


def cli_actor() -> str:
    """``cli:<name>``: SUSHASAN_USER when set (a shared service account names the person),
    else the login name of whoever runs the command."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        login = ""
    return f"cli:{env_value('user') or login or 'unknown'}"
