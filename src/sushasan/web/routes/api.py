"""JSON API under /api/ for scripts: same scoping as the pages, bearer tokens or the session.

Scripts send ``Authorization: Bearer TOKEN`` (``sushasan users token USERNAME``). Anonymous calls
get 401; an officer sees their own department only, and another department answers 404 exactly
like a missing one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from sushasan.registry import Department
from sushasan.web.deps import (
    SignedIn,
    UserScope,
    core,
    scoped_department,
    visible_departments,
)
from sushasan.web.reviews import ReviewCache

__all__ = ["router"]

#: Declares the bearer scheme in the OpenAPI schema; ``current_user`` does the checking.
bearer = HTTPBearer(auto_error=False, description="A token from `sushasan users token USERNAME`")

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)])

QuarterPath = Annotated[str, Path(pattern=r"^[0-9A-Za-z-]{4,16}$",
                                   description="e.g. 2024Q3 or FY2024-25Q2")]


class AccountOut(BaseModel):
    platform: str
    handle: str


class DepartmentOut(BaseModel):
    id: str
    name_en: str
    name_hi: str
    kind: str
    parent: str | None
    website: str | None
    accounts: list[AccountOut]


class Me(BaseModel):
    username: str
    role: str
    department_id: str | None


class Problem(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No or invalid credentials"},
    403: {"model": Problem, "description": "Not allowed for this role"},
    404: {"model": Problem, "description": "Missing, or not visible to this user"},
}


def _out(d: Department) -> DepartmentOut:
    return DepartmentOut(
        id=d.id, name_en=d.name_en, name_hi=d.name_hi, kind=d.kind, parent=d.parent,
        website=d.website,
        accounts=[AccountOut(platform=a.platform, handle=a.handle) for a in d.real_accounts()],
    )


@router.get("/me", response_model=Me, responses=ERRORS)
def me(user: SignedIn) -> Me:
    """Who the token or session belongs to."""
    return Me(username=user.username, role=user.role, department_id=user.department_id)


@router.get("/departments", response_model=list[DepartmentOut], responses=ERRORS)
def departments(request: Request, user: SignedIn, scope: UserScope) -> list[DepartmentOut]:
    """The registry as this user may see it (an officer: their own department)."""
    return [_out(d) for d in visible_departments(core(request), scope)]


@router.get("/departments/{department_id}", response_model=DepartmentOut, responses=ERRORS)
def department(
    request: Request, department_id: Annotated[str, Path(max_length=64)], user: SignedIn,
    scope: UserScope,
) -> DepartmentOut:
    return _out(scoped_department(core(request), scope, department_id))


@router.get("/reviews/{quarter}", response_model=dict[str, Any], responses=ERRORS)
def review(
    request: Request, quarter: QuarterPath, user: SignedIn, scope: UserScope,
    draft: Annotated[bool, Query(description="Recompute now (admin and reviewer only)")] = False,
) -> dict[str, Any]:
    """The quarter's latest published review (schema sushasan.review/2), or a fresh draft."""
    reviews: ReviewCache = request.app.state.reviews
    return reviews.get(scope, quarter, draft)
