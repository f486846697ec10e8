"""``review-<quarter>.json``: the machine-readable contract other tools build on."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sushasan.review.model import dumps

__all__ = ["dumps", "write_json"]


def write_json(review: dict[str, Any], path: Path) -> Path:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(dumps(review), encoding="utf-8")
    os.replace(tmp, path)
    return path
