"""Signed-in pages: league table, department scorecard, drill-down, exports."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from sushasan.analytics import drill
from sushasan.quarters import Quarter
from sushasan.web.deps import CurrentUser, SignedIn, UserScope, core, scoped_department
from sushasan.web.render import language, render
from sushasan.web.reviews import (
    ReviewCache,
    chart_spec,
    league_csv,
    league_rows,
    parse_quarter,
    pillars,
    scorecard,
)

router = APIRouter(include_in_schema=False)
Draft = Annotated[bool, Query()]


def _reviews(request: Request) -> ReviewCache:
    cache: ReviewCache = request.app.state.reviews
    return cache


@router.get("/")
def home(request: Request, user: CurrentUser) -> Response:
    return RedirectResponse("/league" if user.signed_in else "/public", status_code=303)


@router.get("/league")
def league_latest(request: Request, user: SignedIn) -> Response:
    quarters = _reviews(request).published_quarters()
    if not quarters:
        return render(request, "empty.html", quarters=[])
    return RedirectResponse(f"/league/{quarters[0]}", status_code=303)


@router.get("/league/{quarter}")
def league(
    request: Request, quarter: str, user: SignedIn, scope: UserScope, draft: Draft = False
) -> Response:
    reviews = _reviews(request)
    review = reviews.get(scope, quarter, draft)
    return render(
        request, "league.html", review=review, rows=league_rows(review),
        pillars=pillars(review), draft=draft, quarters=reviews.published_quarters(),
        own=user.department_id,
    )


@router.get("/departments/{department_id}/{quarter}")
def department(
    request: Request, department_id: str, quarter: str, user: SignedIn, scope: UserScope,
    draft: Draft = False,
) -> Response:
    dep = scoped_department(core(request), scope, department_id)
    review = _reviews(request).get(scope, quarter, draft)
    d = scorecard(review, dep.id)
    spec = chart_spec(review, d, language(request))
    return render(
        request, "scorecard.html", review=review, d=d, pillars=pillars(review), draft=draft,
        chart_json=_script_json(spec),
        indicators=review["method"]["weights"]["indicators"],
        drillable=drill.POST_INDICATORS | drill.INTERACTION_INDICATORS,
        public=_public_replies(request, dep.id, review),
    )


def _public_replies(request: Request, department_id: str, review: dict[str, Any]) -> Any:
    """The department's replies posted from the desk in the review's quarter (real data only:
    sample tickets never reach a platform)."""
    if review.get("data") == "sample":
        return None
    return core(request).grievances.public_replies(department_id,
                                                   Quarter.parse(str(review["quarter"])))


@router.get("/departments/{department_id}/{quarter}/indicators/{indicator}")
def indicator_records(
    request: Request, department_id: str, quarter: str, indicator: str, user: SignedIn,
    scope: UserScope, draft: Draft = False, offset: Annotated[int, Query(ge=0)] = 0,
    subset: Annotated[Literal["excluded", "missing_counts"] | None, Query()] = None,
) -> Response:
    app = core(request)
    dep = scoped_department(app, scope, department_id)
    review = _reviews(request).get(scope, quarter, draft)
    d = scorecard(review, dep.id)
    if indicator not in d["indicators"]:
        raise HTTPException(404, "not found")
    named = [p for a in d["indicators"][indicator].get("adjustments") or []
             if a["reason"] == "near_duplicates_removed" for p in a.get("post_ids") or []]
    page = drill.records(app.lake, dep.id, parse_quarter(quarter), indicator,
                         review["data"] == "sample", offset=offset,
                         owner=scope.role == "officer" and scope.department_id == dep.id,
                         subset=subset, post_ids=named)
    partial = request.headers.get("hx-request") == "true" and offset > 0
    return render(
        request, "drill_rows.html" if partial else "drill.html", review=review, d=d,
        indicator=indicator, page=page, draft=draft, subset=subset,
    )


@router.get("/exports/{quarter}.{fmt}")
def export(
    request: Request, quarter: str, fmt: Literal["csv", "xlsx", "pdf"], user: SignedIn,
    scope: UserScope, draft: Draft = False,
) -> Response:
    reviews = _reviews(request)
    review = reviews.get(scope, quarter, draft)
    name = f"review-{review['quarter']}{'-draft' if draft else ''}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(league_csv(review), media_type="text/csv; charset=utf-8",
                        headers=disposition)
    media = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }[fmt]
    return Response(reviews.report_file(review, fmt), media_type=media, headers=disposition)


def _script_json(value: object) -> str:
    """JSON safe inside a <script type="application/json"> block: no <, > or & survive, so
    a department name can never close the block."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
