"""The review document, typed: what ``review-<quarter>.json`` holds, field by field.

Scripts, the dashboard and every report format read this one document, so its shape is a
contract. The builder (``compute.py``) validates what it made against these models before it
returns, so a renamed or forgotten key fails a test at once instead of a spreadsheet months
later. ``docs/review.schema.json`` is generated from here (``write_schema``; the test that keeps
the committed copy equal to it says how to regenerate it).

Numbers keep the kind they were computed as (a count stays an integer, a share a float), because
the published JSON is hashed and must stay byte-identical across releases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA",
    "DepartmentEntry",
    "Publication",
    "Review",
    "dumps",
    "json_schema",
    "write_schema",
]

SCHEMA = "sushasan.review/2"

Number = int | float


class _Model(BaseModel):
    # Unknown keys are refused: every field of the document is declared here.
    model_config = ConfigDict(extra="forbid")


def _optional(description: str) -> Any:
    """A field added after the first release: absent from the JSON when empty, so documents
    written before it keep their exact bytes."""
    return Field(default=None, exclude_if=lambda v: v is None, description=description)


class Period(_Model):
    first_day: str = Field(description="First day of the quarter (ISO date, IST)")
    last_day: str = Field(description="Last day of the quarter (ISO date, IST)")
    timezone: Literal["Asia/Kolkata"]


class Summary(_Model):
    departments: int
    ranked: int
    insufficient_data: int
    flagged: int = Field(description="Departments with at least one anti-gaming finding")
    excluded_near_duplicate_posts: int
    imputed: int | None = _optional(
        "Ranked departments with at least one count imputed for missing days"
    )
    reconciliation_flagged: int | None = _optional(
        "Departments whose daily and per-post figures differ by more than the tolerance on some "
        "platform"
    )


class UncertaintyInfo(_Model):
    runs: int
    seed: int
    weight_noise: float
    alternatives: dict[str, int] = Field(description="Options drawn per uncertain method choice")


class Note(_Model):
    en: str
    hi: str


class IndicatorWeight(_Model):
    pillar: str
    weight: Number
    direction: int
    goalposts: list[Number] | None


class Weights(_Model):
    pillars: dict[str, Number]
    indicators: dict[str, IndicatorWeight]


class Treatment(_Model):
    method: Literal["winsorise_log"]
    winmax: Number
    skew_threshold: Number
    kurtosis_threshold: Number
    log_fallback: str


class Top3Rule(_Model):
    awarded_by: Literal["point_score"]
    award_en: str
    award_hi: str
    note_below_share: Number
    note_outside_above_inside: bool


class MethodInfo(_Model):
    """The method file as applied (``analytics.method.Method.as_json``)."""

    version: str
    coverage_threshold: Number
    normalisation: str
    aggregation: str
    treatment: Treatment | None
    rates: dict[str, dict[str, Number]]
    viral_cap: Number | None
    gaming: dict[str, Any]
    size_groups: list[str]
    uncertainty: dict[str, Any] | None
    coverage_scaling: bool
    top3_rule: Top3Rule
    weights: Weights
    imputation: dict[str, Any] | None = _optional(
        "Imputation policy (2024.3 on): coverage_floor and method"
    )


class Adjustment(_Model):
    """One step from what the records hold (``raw``) to what the index used (``counted``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    reason: Literal[
        "near_duplicates_removed", "imputed_for_missing_days", "not_imputed_below_floor",
        "viral_cap", "missing_counts_as_zero", "no_follower_reading", "too_few_cases",
        "shrunk_to_mean",
    ]
    from_: Number | None = Field(alias="from", serialization_alias="from")
    to: Number | None
    records: int | None = _optional("How many records the step concerns (posts removed, cases, …)")
    share: Number | None = _optional(
        "Imputed share of the counted figure, or the covered share of days"
    )
    post_ids: list[str] | None = _optional(
        "Up to 20 of the posts concerned (the drill-down lists them)"
    )


class IndicatorValue(_Model):
    value: Any = Field(description="The measured value (after volume rules when ranked)")
    score: Number | None = Field(description="Normalised score 0–100; null when not ranked")
    treatment: str | None = _optional("Outlier treatment applied (present only when one was)")
    raw: Number | None = _optional("What the stored records give before any adjustment")
    counted: Number | None = _optional("What the index used (the value, after every adjustment)")
    basis: list[str] | None = _optional(
        "Where the records came from: per_post_export, daily_account_file, live_api"
    )
    adjustments: list[Adjustment] | None = _optional(
        "Why raw and counted differ, step by step (absent when they do not)"
    )


class Coverage(_Model):
    overall: Number = Field(description="Lowest covered share among registered platforms")
    x: Number
    facebook: Number
    instagram: Number
    youtube: Number
    days_covered_any: Number
    gaps: dict[str, list[list[str]]] = Field(description="platform → [first, last] uncovered runs")


class Effect(_Model):
    indicator: str
    effect: Number


class Step(_Model):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    indicator: str
    from_: Number | None = Field(alias="from", serialization_alias="from")
    to: Number | None


class Explanation(_Model):
    helped: list[Effect]
    hurt: list[Effect]
    to_top3: list[Step]


class Trend(_Model):
    previous_quarter: str
    previous_rank: int | None
    previous_score: Number | None
    rank_change: int | None
    score_change: Number | None


class FlagSummary(_Model):
    kind: Literal["near_duplicate_posts", "quarter_end_burst", "engagement_anomaly"]
    posts: int
    instances: int
    excluded: int | None = Field(default=None, exclude_if=lambda v: v is None)
    detail_en: str
    detail_hi: str
    example_en: str
    example_hi: str
    post_ids: list[str] = Field(description="Up to 20 of the posts concerned")


class PlatformBasis(_Model):
    coverage: Number = Field(description="Share of the quarter's days sources covered")
    status: Literal["complete", "imputed", "partial", "insufficient_data", "not_covered"]
    imputed_share: Number | None = Field(description="Share of the counted posts imputed")
    posts_raw: int
    posts_counted: Number


class Figure(_Model):
    """An account-level figure and the basis it was taken from."""

    value: Number | None
    basis: Literal["per_post_export", "daily_account_file", "live_api"] | None
    per_post: Number | None = Field(description="Sum over the quarter's posts (lifetime counts)")
    daily: Number | None = Field(description="Sum of the daily account totals over the quarter")
    daily_days: int = Field(description="Days of the quarter with a daily total")


class Reconciliation(_Model):
    platform: str
    metric: str
    per_post: Number
    daily: Number
    difference: Number = Field(description="daily − per_post")
    difference_share: Number | None = Field(description="|difference| / daily")
    flagged: bool = Field(description="difference_share above the tolerance (0.5%)")


class DepartmentEntry(_Model):
    id: str
    name_en: str
    name_hi: str
    kind: str
    status: Literal["ranked", "insufficient_data"]
    rank: int | None
    score: Number | None
    median_rank: Number | None
    rank_interval: list[Number] | None
    tier: int | None
    top3_share: Number | None
    size_group: str | None
    group_rank: int | None
    pillars: dict[str, Number | None]
    indicators: dict[str, IndicatorValue]
    counts: dict[str, Any]
    coverage: Coverage
    explanation: Explanation | None
    trend: Trend | None
    flags: list[FlagSummary]
    platforms: dict[str, PlatformBasis] | None = _optional(
        "Per platform with an account: coverage, imputation, posts found/counted"
    )
    figures: dict[str, dict[str, Figure]] | None = _optional(
        "platform → account-level figure (impressions, …) with its basis"
    )
    reconciliation: list[Reconciliation] | None = _optional(
        "Daily account totals against per-post sums, where both exist"
    )


class Publication(_Model):
    version: int
    published_at: str
    published_by: str
    result_sha256: str


class Review(_Model):
    """One quarter's review. ``publication`` is null for a draft; the published snapshot is the
    document without it (its hash is ``publication.result_sha256``)."""

    schema_: Literal["sushasan.review/2"] = Field(alias="schema", serialization_alias="schema")
    quarter: str
    fiscal_quarter: str
    period: Period
    state: str | None
    data: Literal["real", "sample"]
    method: MethodInfo
    summary: Summary
    unavailable_pillars: list[str]
    uncertainty: UncertaintyInfo | None
    top3: list[str]
    top3_confidence: dict[str, Number]
    top3_note: Note | None
    previous_quarter: str | None
    departments: list[DepartmentEntry]
    publication: Publication | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def result(self) -> dict[str, Any]:
        """What is published and hashed: the document without its publication block."""
        return self.model_dump(mode="json", by_alias=True, exclude={"publication"})

    def document(self) -> dict[str, Any]:
        """The whole ``review-<quarter>.json`` (key order included)."""
        return self.model_dump(mode="json", by_alias=True)


def dumps(document: dict[str, Any]) -> str:
    """The canonical JSON text of a review: what is written, published and hashed."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path) -> Path:
    """Write the JSON Schema (run when a field changes; the docs test compares)."""
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``review-<quarter>.json`` (published or draft)."""
    schema = Review.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "https://sushasan.invalid/schema/review-2.json"
    schema["title"] = "Sushasan quarterly review (sushasan.review/2)"
    return schema

