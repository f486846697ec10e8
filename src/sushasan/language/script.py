"""Which script a text is written in, as the cheapest useful language signal.

Devanagari text is Hindi for our purposes; Latin text is English or romanised Hindi (telling those
apart is the language layer's later work). A post with a real share of both is ``mixed``.
"""

from __future__ import annotations

__all__ = ["script_language"]

_MIXED_SHARE = 0.15


def script_language(text: str | None) -> str | None:
    if not text:
        return None
    deva = latin = 0
    for ch in text:
        if "\u0900" <= ch <= "\u097f":
            deva += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    letters = deva + latin
    if letters == 0:
        return None
    share = deva / letters
    if share >= 1 - _MIXED_SHARE:
        return "hi"
    if share <= _MIXED_SHARE:
        return "en"
    return "mixed"
