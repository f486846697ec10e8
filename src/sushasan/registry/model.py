"""Departments and their official accounts, as plain values the rest of the code passes around."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sushasan.platforms import PLATFORMS

__all__ = ["ENV_NAME", "ID_PATTERN", "KINDS", "PLATFORMS", "SAMPLE_PREFIX", "Account",
           "Department"]

KINDS = ("department", "undertaking", "authority", "temple_committee", "corporation")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
#: What a ``token_env`` may be: the *name* of an environment variable, never a token (tokens
#: have lower-case letters, so one pasted by mistake is refused rather than stored).
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{1,63}$")
#: Handles of generated sample accounts start with this, so they can never be taken for real ones.
SAMPLE_PREFIX = "sample_"


@dataclass(frozen=True)
class Account:
    platform: str
    handle: str
    platform_id: str | None = None
    sample: bool = False
    #: the environment variable holding this account's own posting token (a Facebook page's),
    #: so the secret is in neither the registry nor the desk; None: the platform's setting
    token_env: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.handle.lower())


@dataclass(frozen=True)
class Department:
    id: str
    name_en: str
    name_hi: str
    kind: str = "department"
    parent: str | None = None
    keywords: tuple[str, ...] = ()
    website: str | None = None
    accounts: tuple[Account, ...] = field(default=())
    #: whether public replies wait for a nodal officer's approval; None: the
    #: ``replies_approval`` setting decides
    reply_approval: bool | None = None

    def real_accounts(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if not a.sample)
