"""The public transparency page: published rankings only, no sign-in, no personal data."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sushasan.web.render import render
from sushasan.web.reviews import ReviewCache, parse_quarter, pillars, public_rows

router = APIRouter(include_in_schema=False)


@router.get("/public")
def transparency(request: Request) -> Response:
    reviews: ReviewCache = request.app.state.reviews
    quarters = reviews.published_quarters()
    latest = reviews.published(parse_quarter(quarters[0])) if quarters else None
    return render(
        request, "public.html", quarters=quarters, review=latest,
        rows=public_rows(latest) if latest else [], pillars=pillars(latest) if latest else [],
    )


@router.get("/public/{quarter}")
def transparency_quarter(request: Request, quarter: str) -> Response:
    reviews: ReviewCache = request.app.state.reviews
    review = reviews.published(parse_quarter(quarter))
    if review is None:
        raise HTTPException(404, "not found")
    return render(
        request, "public.html", quarters=reviews.published_quarters(), review=review,
        rows=public_rows(review), pillars=pillars(review),
    )
