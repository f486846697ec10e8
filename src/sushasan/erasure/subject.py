"""Who is erased, what to look for, and what takes its place.

A :class:`Subject` starts as the request named it (a handle or author id, or dockets) and grows
as the stores are read: the lake adds the interactions and their texts, the tickets add theirs,
the raw pages add display names. Everything else is then searched for its *needles*: the
identifiers (author mode only: a docket's erasure leaves the citizen's other messages alone), the
texts, and every phone number, e-mail and Aadhaar number found in those texts.

Tombstones are keyed hashes (HMAC-SHA-256) with a key drawn for the run and never stored: equal
values within one erasure read alike (the audit trail still shows "the same person"), but no one
can recompute them from a phone number, which an unkeyed hash of 10 digits would allow.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from sushasan.language.pii import find_pii

__all__ = ["ERASED", "MIN_NEEDLE", "Subject", "Tombstones"]

#: What an erased free text reads as (tickets, replies, reasons).
ERASED = "[erased]"
#: Needles shorter than this are matched only as whole values, never inside other text: a
#: three-letter name would otherwise blank half the lake.
MIN_NEEDLE = 5
#: A text of the subject is searched for inside other records only from this length on.
MIN_TEXT = 20


class Tombstones:
    """``erased:<12 hex>`` for a value, under a key that lives only as long as this object."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def __call__(self, value: str) -> str:
        digest = hmac.new(self._key, value.strip().lower().encode(), hashlib.sha256)
        return f"erased:{digest.hexdigest()[:12]}"


@dataclass
class Subject:
    """One erasure's target. ``mode`` is ``author`` (everything of these handles or ids) or
    ``docket`` (these tickets and the messages they came from)."""

    mode: str
    platform: str | None = None
    handles: set[str] = field(default_factory=set)  # lower-cased, without "@"
    author_ids: set[str] = field(default_factory=set)
    dockets: set[str] = field(default_factory=set)
    interactions: set[tuple[str, str]] = field(default_factory=set)  # (platform, id)
    texts: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    @classmethod
    def author(cls, who: str, platform: str | None = None) -> Subject:
        """A handle (``@name`` or ``name``) or a platform's author id; both are tried."""
        value = who.strip().removeprefix("@")
        if not value:
            raise ValueError("--author needs a handle or an author id")
        return cls("author", platform, handles={value.lower()}, author_ids={value})

    @classmethod
    def for_dockets(cls, dockets: Iterable[str]) -> Subject:
        return cls("docket", dockets={d.strip() for d in dockets if d.strip()})

    @property
    def by_author(self) -> bool:
        return self.mode == "author"

    def add_texts(self, texts: Iterable[str | None]) -> None:
        self.texts.update(t for t in texts if t and t.strip() and t != ERASED)

    def pii(self) -> set[str]:
        """The phone numbers, e-mails and Aadhaar numbers inside the subject's texts, as written
        and as bare digits (the same number is often typed both ways)."""
        found: set[str] = set()
        for text in self.texts:
            for _kind, (start, end) in find_pii(text):
                value = text[start:end]
                found.add(value)
                digits = re.sub(r"\D", "", value)
                if len(digits) >= 10:
                    found.add(digits[-10:])
                    found.add(digits)
        return found

    def needles(self) -> list[str]:
        """Everything to search other records for, longest first (so a text is replaced
        whole before a phone number inside it)."""
        # A short text identifies no one and may be another citizen's words too ("no water");
        # its personal data is searched for anyway.
        out = {t for t in self.texts if len(t) >= MIN_TEXT} | self.pii() | self.names
        if self.by_author:
            out |= self.handles | {f"@{h}" for h in self.handles} | self.author_ids
        return sorted({n for n in out if n.strip()}, key=lambda n: (-len(n), n))

    def matcher(self) -> Matcher:
        return Matcher(self.needles())


class Matcher:
    """Finds and replaces needles in text: case-insensitively, whole words for identifiers
    (``ravi`` must not match inside ``ravishankar``), and only as whole values for needles too
    short to search inside text."""

    def __init__(self, needles: Iterable[str]) -> None:
        self.needles = [n for n in needles if n]
        self.short = {n.lower() for n in self.needles if len(n) < MIN_NEEDLE}
        long = [n for n in self.needles if len(n) >= MIN_NEEDLE]
        parts = [rf"(?<!\w){re.escape(n)}(?!\w)" if re.fullmatch(r"[\w.@+-]+", n)
                 else re.escape(n) for n in long]
        self._re = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        lowered = sorted({n.lower() for n in long}, key=len)
        self._probe = [n.encode() for n in lowered] + [n.encode("utf-16-le") for n in lowered]

    def __bool__(self) -> bool:
        return bool(self.needles)

    def maybe_in(self, data: bytes) -> bool:
        """A cheap byte test before a file is parsed (UTF-8 or UTF-16 text, any case)."""
        low = data.lower()
        return any(p in low for p in self._probe) or any(
            s.encode() in low for s in self.short)

    def scrub(self, text: str, tomb: Tombstones) -> tuple[str, int]:
        """``text`` with every needle replaced by its tombstone, and how many were."""
        if text.strip().lower() in self.short:
            return tomb(text), 1
        if self._re is None:
            return text, 0
        count = 0

        def swap(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return tomb(m.group())

        return self._re.sub(swap, text), count
