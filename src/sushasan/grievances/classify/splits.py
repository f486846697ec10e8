"""The fixed train / calibration / dev split of labelled texts, from a hash of the text.

Kept apart from the data loaders and the model so that both can use it without importing each
other: the same sentence (or a repost differing only in case, digits or punctuation, once
normalised) always lands in the same split, on every machine and in every release.
"""

from __future__ import annotations

import hashlib

__all__ = ["SPLITS", "bucket_of", "split_of"]

SPLITS = ("train", "cal", "dev")


def bucket_of(key: str) -> int:
    """0..99 from the SHA-1 of a normalised text: stable across runs, machines and releases."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_of(key: str) -> str:
    """The split of one example from its normalised text: 70 % train, 15 % cal, 15 % dev."""
    bucket = bucket_of(key)
    return "train" if bucket < 70 else "cal" if bucket < 85 else "dev"
