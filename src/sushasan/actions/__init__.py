"""The actions layer: every change to what people may see or do, validated and audited.

Shells (CLI, dashboard, worker) change state only through here, the core object's methods and
the grievance desk's ``act``; each passes who is acting, and the store writes the change and its
``audit_events`` row in one transaction (``desk.trail``). ``accounts`` holds dashboard accounts
and API tokens; ``actor`` names whoever runs the CLI.
"""

from sushasan.actions.actor import cli_actor

__all__ = ["cli_actor"]
