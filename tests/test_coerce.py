"""Loosely typed cells become counts, or a reason a person can act on: never a crash."""

from __future__ import annotations

import pytest

from sushasan.ingest.coerce import RowError, to_count


@pytest.mark.parametrize(
    ("value", "expected"), [(12, 12), ("12", 12), ("12.0", 12), ("1,234", 1234), ("-", None),
                            ("", None), (None, None), (0, 0)]
)
def test_counts(value: object, expected: int | None) -> None:
    assert to_count(value, "likes") == expected


@pytest.mark.parametrize(
    "value", [float("inf"), float("-inf"), float("nan"), "inf", "1e400", "NaN", -1, 1.5, True, "x"]
)
def test_what_is_not_a_count_is_refused_with_a_reason(value: object) -> None:
    with pytest.raises(RowError, match="likes"):
        to_count(value, "likes")
