"""A quarter's review as the cell works with it: a draft, a frozen published version, the next one.

A published review is what the Chief Minister's office announced, so a quarter that has one is
reported from its frozen snapshot unless the cell asks to preview a recomputation (``draft``) or
to publish it as the next version (``publish``). The trend compares with the previous quarter
*as published*: the figures the departments were told, read from its snapshot, never a second
computation that could differ from what was announced.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sushasan import progress
from sushasan.analytics.method import Method
from sushasan.desk.store import Desk
from sushasan.errors import SushasanError
from sushasan.lake import Lake
from sushasan.quarters import Quarter
from sushasan.review.compute import run_review
from sushasan.review.data import choose_data, ensure_data
from sushasan.review.model import Review
from sushasan.review.publish import (
    inputs_fingerprint,
    publication,
    publish,
    published_document,
    result_sha256,
)
from sushasan.words import counted, slashed

__all__ = ["ReviewOutcome", "Reviews"]

#: Indicators from outside the lake for (quarter, data): see ``pillars.py``.
OutsideIndicators = Callable[[Quarter, str], dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class ReviewOutcome:
    review: dict[str, Any]
    files: list[Path]
    review_id: int
    notes: list[str] = field(default_factory=list)


class Reviews:
    """The review use cases over one desk and lake; the core object builds one per call."""

    def __init__(
        self, desk: Desk, lake: Lake, method: Callable[[Path | None], Method],
        method_file: Callable[[Path | None], Path], outside: OutsideIndicators,
    ) -> None:
        self.desk = desk
        self.lake = lake
        self._method = method
        self._method_file = method_file
        self._outside = outside

    def compute(
        self, quarter: Quarter, data: str = "auto", method: Path | None = None,
        uncertainty: bool = True, outside: dict[str, dict[str, Any]] | None = None,
    ) -> Review:
        """A fresh (draft) review of the quarter, with the trend against the published previous
        quarter. ``outside``: the pillars' indicators when the caller has read them already."""
        chosen = choose_data(self.desk, quarter, data)
        ensure_data(self.desk, quarter, chosen)
        return run_review(
            self.desk, self.lake, self.desk.departments(), quarter, self._method(method), chosen,
            state=self.desk.get_meta("state"), previous=self.previous(quarter, chosen),
            uncertainty=uncertainty,
            extra=self._outside(quarter, chosen) if outside is None else outside,
        )

    def previous(self, quarter: Quarter, data: str) -> dict[str, Any] | None:
        """The previous quarter's latest published review, or None (no trend without one)."""
        snap = self.desk.latest_snapshot(str(quarter.previous()), data)
        return None if snap is None else json.loads(snap.result)

    def review(
        self,
        quarter: Quarter,
        write: Callable[[dict[str, Any]], list[Path]],
        data: str = "auto",
        method: Path | None = None,
        publish_it: bool = False,
        draft: bool = False,
        version: int | None = None,
        by: str = "cli",
    ) -> ReviewOutcome:
        """Report, recompute or publish the quarter's review; ``write`` turns the document into
        report files."""
        desk = self.desk
        chosen = choose_data(desk, quarter, data)
        notes: list[str] = []
        snap = (
            desk.snapshot(str(quarter), chosen, version) if version
            else desk.latest_snapshot(str(quarter), chosen)
        )
        if version and snap is None:
            raise SushasanError(f"{quarter} ({chosen} data) has no published version {version}")
        outside = self._outside(quarter, chosen)  # read once: fingerprinted and reviewed
        fingerprint = inputs_fingerprint(
            self.lake, desk, quarter, chosen, self._method_file(method), extra=outside,
        )
        if snap is not None and not (publish_it or draft):
            document = published_document(snap)
            result = {k: v for k, v in document.items() if k != "publication"}
            if snap.inputs_sha256 != fingerprint and not version:
                notes.append(
                    f"the data, registry or method changed since version {snap.version} was "
                    "published; `--draft` previews a recomputation and `--publish` publishes it "
                    f"as version {snap.version + 1}"
                )
        else:
            with progress.task(
                slashed("Review {quarter}: indicators, index, Monte Carlo", quarter=quarter)
            ):
                result = self.compute(quarter, chosen, method, outside=outside).result()
            notes += self._notes(quarter, chosen, result, publish_it)
            block = None
            if publish_it:
                block, note = self._publish(quarter, chosen, result, fingerprint, by)
                notes += note
            document = {**result, "publication": block}
        files = write(document)
        review_id = desk.record_review(
            str(quarter), chosen, result["method"]["version"], result_sha256(result),
            result["top3"],
        )
        return ReviewOutcome(document, files, review_id, notes)

    def _notes(
        self, quarter: Quarter, data: str, result: dict[str, Any], publishing: bool
    ) -> list[str]:
        """Warnings about a computed review that the reader must not miss."""
        notes: list[str] = []
        ranked = any(d["status"] == "ranked" for d in result["departments"])
        if not publishing and not ranked:
            notes.append(f"{slashed('WARNING')}: " + slashed(
                "{quarter} has records, but no department has enough data to be ranked, so the "
                "top 3 is empty; import or ingest the missing days (`sushasan import …`, "
                "`sushasan ingest`) and run the review again.", quarter=quarter))
        prev = quarter.previous()
        if result["previous_quarter"] is None and self.desk.coverage_spans(
            prev.first_day, prev.last_day, sample=data == "sample"
        ):
            notes.append(slashed(
                "{prev} has records but no published review, so there is no change since last "
                "quarter: publish {prev} first (`sushasan review --quarter {prev} --publish`).",
                prev=prev))
        return notes

    def _publish(
        self, quarter: Quarter, data: str, result: dict[str, Any], fingerprint: str, by: str
    ) -> tuple[dict[str, Any], list[str]]:
        if not any(d["status"] == "ranked" for d in result["departments"]):
            raise SushasanError(
                f"nothing to publish for {quarter} ({data} data): no department has "
                "enough data to be ranked; import or ingest the quarter first"
            )
        snap, created = publish(self.desk, result, fingerprint, by)
        notes: list[str] = []
        if not created:
            notes.append(f"unchanged since version {snap.version}; nothing new published")
        elif snap.diff:
            changes = json.loads(snap.diff)["changes"]
            notes.append(
                f"published version {snap.version}: "
                f"{counted(len(changes), 'department', 'departments')} changed "
                "against the previous version (see the snapshot diff)"
            )
        return publication(snap), notes

