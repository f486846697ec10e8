"""Review cell only: the registry (departments, accounts, websites) and running/publishing
reviews. Both go through the core: registry edits use the same validation as a registry file,
publication the same freeze-and-version step as ``sushasan review --publish``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from sushasan.actions.accounts import User
from sushasan.errors import RegistryError, SushasanError
from sushasan.registry import KINDS, PLATFORMS, Department
from sushasan.web.deps import core, require
from sushasan.web.i18n import translations
from sushasan.web.render import language, render
from sushasan.web.reviews import ReviewCache, parse_quarter

router = APIRouter(prefix="/admin", include_in_schema=False)
Admin = Annotated[User, Depends(require("admin"))]


def _accounts_text(d: Department | None) -> str:
    if d is None:
        return ""
    return "\n".join(f"{a.platform} {a.handle}" for a in d.real_accounts())


def _form_row(form: dict[str, str]) -> dict[str, Any]:
    accounts = []
    for line in form.get("accounts", "").splitlines():
        parts = line.split()
        if parts:
            accounts.append({"platform": parts[0], "handle": " ".join(parts[1:])})
    return {
        "id": form.get("id", "").strip(),
        "name_en": form.get("name_en", ""),
        "name_hi": form.get("name_hi", ""),
        "kind": form.get("kind", "department"),
        "parent": form.get("parent") or None,
        "keywords": [k.strip() for k in form.get("keywords", "").split(",") if k.strip()],
        "website": form.get("website") or None,
        "accounts": accounts,
    }


def _kept(row: dict[str, Any], d: Department) -> dict[str, Any]:
    """What the form does not show stays as the registry has it: the approval step for public
    replies and the variable naming each account's posting token (and its platform id)."""
    known = {(a.platform, a.handle.lower()): a for a in d.real_accounts()}
    for acc in row["accounts"]:
        old = known.get((acc["platform"], acc["handle"].strip().lstrip("@").lower()))
        if old is not None:
            acc.update({k: v for k, v in (("token_env", old.token_env),
                                          ("platform_id", old.platform_id)) if v})
    if d.reply_approval is not None:
        row["reply_approval"] = d.reply_approval
    return row


def _save(request: Request, row: dict[str, Any], by: str) -> list[str]:
    """Validate and store one department through the core's registry import; problems or []."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "department.yaml"
        path.write_text(yaml.safe_dump({"departments": [row]}, allow_unicode=True),
                        encoding="utf-8")
        try:
            core(request).registry_import(path, by=by)
        except RegistryError as exc:
            return [p.reason for p in exc.problems]
    request.app.state.reviews.forget_drafts()
    return []


def _find(request: Request, department_id: str) -> Department:
    for d in core(request).departments():
        if d.id == department_id:
            return d
    raise HTTPException(404, "not found")


def _form(request: Request, d: Department | None, form: dict[str, str] | None,
          problems: list[str], status_code: int = 200) -> Response:
    values = form or {
        "id": d.id if d else "", "name_en": d.name_en if d else "",
        "name_hi": d.name_hi if d else "", "kind": d.kind if d else "department",
        "parent": (d.parent or "") if d else "", "website": (d.website or "") if d else "",
        "keywords": ", ".join(d.keywords) if d else "", "accounts": _accounts_text(d),
    }
    return render(request, "department_form.html", status_code=status_code, d=d, values=values,
                  problems=problems, kinds=KINDS, platforms=PLATFORMS,
                  departments=core(request).departments())


@router.get("/registry")
def registry(request: Request, user: Admin) -> Response:
    return render(request, "registry.html", departments=core(request).departments())


@router.get("/registry/new")
def new_department(request: Request, user: Admin) -> Response:
    return _form(request, None, None, [])


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form()
    keys = ("id", "name_en", "name_hi", "kind", "parent", "website", "keywords", "accounts")
    return {k: str(form.get(k) or "")[:4000] for k in keys}


@router.post("/registry")
async def create_department(request: Request, user: Admin) -> Response:
    form = await _fields(request)
    _ = translations(language(request)).gettext
    if form["id"].strip() in core(request).desk.department_ids():
        return _form(request, None, form, [_("A department with this id already exists.")], 422)
    problems = _save(request, _form_row(form), user.username)
    if problems:
        return _form(request, None, form, problems, 422)
    return RedirectResponse("/admin/registry", status_code=303)


@router.get("/registry/{department_id}")
def edit_department(request: Request, department_id: str, user: Admin) -> Response:
    return _form(request, _find(request, department_id), None, [])


@router.post("/registry/{department_id}")
async def update_department(request: Request, department_id: str, user: Admin) -> Response:
    d = _find(request, department_id)
    form = await _fields(request)
    form["id"] = d.id  # the id is the key stored scores refer to: never renamed here
    problems = _save(request, _kept(_form_row(form), d), user.username)
    if problems:
        return _form(request, d, form, problems, 422)
    return RedirectResponse("/admin/registry", status_code=303)


@router.get("/reviews")
def reviews_page(request: Request, user: Admin) -> Response:
    return render(request, "reviews_admin.html", snapshots=core(request).snapshots(),
                  outcome=None, error=None, quarter="")


@router.post("/reviews")
def publish(
    request: Request, user: Admin, quarter: Annotated[str, Form(max_length=16)],
) -> Response:
    """Publish the quarter's review (a new version only if something changed)."""
    q = parse_quarter(quarter.strip())
    app = core(request)
    try:
        outcome = app.review(q, publish=True, by=f"web:{user.username}")
    except SushasanError as exc:
        return render(request, "reviews_admin.html", status_code=422,
                      snapshots=app.snapshots(), outcome=None, error=str(exc), quarter=quarter)
    cache: ReviewCache = request.app.state.reviews
    cache.forget_drafts()
    return render(request, "reviews_admin.html", snapshots=app.snapshots(), outcome=outcome,
                  error=None, quarter=str(q))
