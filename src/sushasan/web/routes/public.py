"""The public transparency page: published rankings only, no sign-in, no personal data."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sushasan.web.pagecache import cached_page
from sushasan.web.render import render
from sushasan.web.reviews import ReviewCache, parse_quarter, pillars, public_rows

router = APIRouter(include_in_schema=False)


def _page(request: Request, quarter: str | None) -> Response:
    """The public page of ``quarter`` (None: the latest), rendered once per version (ETag)."""
    reviews: ReviewCache = request.app.state.reviews
    heads = reviews.heads()
    quarters = reviews.published_quarters(heads)
    if quarter is None and not quarters:
        return render(request, "public.html", quarters=[], review=None, rows=[], pillars=[])
    q = parse_quarter(quarter or quarters[0])
    head = heads.get(str(q))
    if head is None:
        raise HTTPException(404, "not found")

    def make() -> Response:
        review = reviews.published(q, head)
        if review is None:
            raise HTTPException(404, "not found")
        return render(request, "public.html", quarters=quarters, review=review,
                      rows=public_rows(review), pillars=pillars(review))

    return cached_page(request, request.app.state.pages, ("public", head.sha, quarters),
                       head.published_at, make)


@router.get("/public")
def transparency(request: Request) -> Response:
    return _page(request, None)


@router.get("/public/{quarter}")
def transparency_quarter(request: Request, quarter: str) -> Response:
    return _page(request, quarter)
