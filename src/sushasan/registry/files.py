"""Registry files in YAML (the default registry) and CSV (a cell's spreadsheet), both ways.

Every row is checked before anything is stored, and all problems are reported at once with file,
row and reason: a spreadsheet user fixes the whole sheet in one pass instead of one error per try.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from sushasan.errors import Problem, RegistryError
from sushasan.registry.model import (
    ENV_NAME,
    ID_PATTERN,
    KINDS,
    PLATFORMS,
    SAMPLE_PREFIX,
    Account,
    Department,
)
from sushasan.textio import read_text

__all__ = ["CSV_COLUMNS", "dump_csv", "dump_yaml", "load_registry_file", "parse_registry"]

CSV_COLUMNS = ("id", "name_en", "name_hi", "kind", "parent", "keywords", *PLATFORMS, "website")
_ID_COLUMNS = tuple(f"{p}_id" for p in PLATFORMS)
#: Replies: the variable naming each platform account's own token, and the approval step.
_REPLY_COLUMNS = (*(f"{p}_token_env" for p in PLATFORMS), "reply_approval")
_FREE_COLUMNS = ("notes",)
_YES = ("yes", "true", "1", "y")
_NO = ("no", "false", "0", "n")
_SEP = ";"


def load_registry_file(path: Path, known_ids: Iterable[str] = ()) -> list[Department]:
    """Read and validate a registry file; raise RegistryError listing every refused row."""
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(text, str(path))
    elif suffix in (".yaml", ".yml"):
        rows = _yaml_rows(text, str(path))
    else:
        raise RegistryError([Problem(str(path), 0, "use a .yaml, .yml or .csv file")])
    return parse_registry(rows, str(path), known_ids)


def parse_registry(
    rows: list[tuple[int, Mapping[str, Any]]], name: str, known_ids: Iterable[str] = ()
) -> list[Department]:
    problems: list[Problem] = []
    departments: list[Department] = []
    seen_ids: dict[str, int] = {}
    seen_handles: dict[tuple[str, str], int] = {}
    for row, raw in rows:
        if raw.get("_error"):
            problems.append(Problem(name, row, str(raw["_error"])))
            continue
        errs: list[str] = []
        dep_id = str(raw.get("id") or "").strip()
        if not dep_id:
            errs.append("missing id")
        elif not ID_PATTERN.match(dep_id):
            errs.append(f"id '{dep_id}' must be lowercase letters, digits and _")
        elif dep_id in seen_ids:
            errs.append(f"duplicate id '{dep_id}' (first at row {seen_ids[dep_id]})")
        else:
            seen_ids[dep_id] = row
        name_en = str(raw.get("name_en") or "").strip()
        name_hi = str(raw.get("name_hi") or "").strip()
        if not name_en:
            errs.append("missing English name (name_en)")
        if not name_hi:
            errs.append("missing Hindi name (name_hi)")
        elif not any("\u0900" <= ch <= "\u097f" for ch in name_hi):
            errs.append(f"Hindi name '{name_hi}' is not in Devanagari")
        kind = str(raw.get("kind") or "department").strip().lower().replace(" ", "_")
        if kind not in KINDS:
            errs.append(f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
        website = _opt(raw.get("website"))
        if website and not website.startswith(("http://", "https://")):
            errs.append(f"website '{website}' must start with https:// or http://")
        accounts: list[Account] = []
        for acc in raw.get("accounts") or []:
            platform = str(acc.get("platform") or "").strip().lower()
            handle = str(acc.get("handle") or "").strip().lstrip("@")
            if platform not in PLATFORMS:
                errs.append(f"unknown platform '{platform}' (use one of: {', '.join(PLATFORMS)})")
                continue
            if not handle:
                errs.append(f"empty {platform} handle")
                continue
            if handle.lower().startswith(SAMPLE_PREFIX):
                errs.append(f"handle '{handle}': '{SAMPLE_PREFIX}' is reserved for sample data")
                continue
            key = (platform, handle.lower())
            if key in seen_handles:
                errs.append(f"{platform} handle '{handle}' already used at row {seen_handles[key]}")
                continue
            seen_handles[key] = row
            token_env = _opt(acc.get("token_env"))
            if token_env and not ENV_NAME.match(token_env):
                errs.append(f"{platform} handle '{handle}': token_env must be the name of an "
                            "environment variable (capital letters, digits and _), never the "
                            "token itself; what was given is not shown")
                continue
            accounts.append(Account(platform, handle, _opt(acc.get("platform_id")),
                                    token_env=token_env))
        approval = _yes_no(raw.get("reply_approval"))
        if approval == "bad":
            errs.append(f"reply_approval '{raw.get('reply_approval')}' must be yes, no or empty "
                        "(empty: the replies_approval setting decides)")
        if errs:
            problems.extend(Problem(name, row, e) for e in errs)
            continue
        departments.append(
            Department(
                id=dep_id,
                name_en=name_en,
                name_hi=name_hi,
                kind=kind,
                parent=_opt(raw.get("parent")),
                keywords=tuple(_split(raw.get("keywords"))),
                website=website,
                accounts=tuple(accounts),
                reply_approval=None if approval == "bad" else approval,
            )
        )
    valid_parents = set(seen_ids) | set(known_ids)
    for row, raw in rows:
        parent = _opt(raw.get("parent"))
        if parent and parent not in valid_parents:
            problems.append(Problem(name, row, f"parent '{parent}' is not a department id"))
    if problems:
        raise RegistryError(sorted(problems, key=lambda p: p.row))
    return departments


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RegistryError([Problem(name, 1, "the file is empty")]) from None
    allowed = set(CSV_COLUMNS) | set(_ID_COLUMNS) | set(_REPLY_COLUMNS) | set(_FREE_COLUMNS)
    problems = [
        Problem(name, 1, f"unknown column '{h}': platforms are {', '.join(PLATFORMS)}; "
                f"other columns are {', '.join(CSV_COLUMNS[:6])}, website, notes")
        for h in header
        if h and h not in allowed
    ]
    missing = [c for c in ("id", "name_en", "name_hi") if c not in header]
    problems += [Problem(name, 1, f"missing column '{c}'") for c in missing]
    if problems:
        raise RegistryError(problems)
    rows: list[tuple[int, dict[str, Any]]] = []
    while True:
        row = reader.line_num + 1  # the spreadsheet row where this record starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise RegistryError([Problem(name, row, f"not valid CSV: {exc}")]) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            rows.append((row, {"id": "", "_error": "more cells than columns"}))
            continue
        rec: dict[str, Any] = dict(zip(header, cells, strict=False))
        accounts = []
        for platform in PLATFORMS:
            handles = list(_split(rec.get(platform)))
            ids = list(_split(rec.get(f"{platform}_id")))
            envs = list(_split(rec.get(f"{platform}_token_env")))
            for i, handle in enumerate(handles):
                accounts.append(
                    {"platform": platform, "handle": handle,
                     "platform_id": ids[i] if i < len(ids) else None,
                     "token_env": envs[i] if i < len(envs) else None}
                )
        rec["accounts"] = accounts
        rows.append((row, rec))
    return rows


def _yaml_rows(text: str, name: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else 0
        raise RegistryError([Problem(name, row, f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise RegistryError([Problem(name, 1, "expected a mapping with a 'departments:' list")])
    lines = [1] * len(data["departments"])
    for key, value in node.value:  # type: ignore[union-attr]
        if key.value == "departments":
            lines = [item.start_mark.line + 1 for item in value.value]
    rows = []
    for line, item in zip(lines, data["departments"], strict=True):
        if not isinstance(item, dict):
            item = {"id": "", "_error": "expected a mapping"}
        rows.append((line, item))
    return rows


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(_SEP) if v.strip()]


def _yes_no(value: Any) -> bool | str | None:
    """True, False, None (empty: the setting decides) or "bad"."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    return "bad"


def _opt(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _as_dict(d: Department) -> dict[str, Any]:
    return {
        "id": d.id,
        "name_en": d.name_en,
        "name_hi": d.name_hi,
        "kind": d.kind,
        "parent": d.parent,
        "keywords": list(d.keywords),
        "website": d.website,
        "accounts": [
            {"platform": a.platform, "handle": a.handle, "platform_id": a.platform_id,
             **({"token_env": a.token_env} if a.token_env else {})}
            for a in d.real_accounts()
        ],
        **({} if d.reply_approval is None else {"reply_approval": d.reply_approval}),
    }


def dump_yaml(departments: Iterable[Department], state: str | None = None) -> str:
    doc: dict[str, Any] = {}
    if state:
        doc["state"] = state
    doc["departments"] = [_as_dict(d) for d in departments]
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def dump_csv(departments: Iterable[Department]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *_ID_COLUMNS, *_REPLY_COLUMNS])
    for d in departments:
        accs = d.real_accounts()
        by_platform = {p: [a for a in accs if a.platform == p] for p in PLATFORMS}
        writer.writerow(
            [
                d.id, d.name_en, d.name_hi, d.kind, d.parent or "", _SEP.join(d.keywords),
                *(_SEP.join(a.handle for a in by_platform[p]) for p in PLATFORMS),
                d.website or "",
                *(_SEP.join(a.platform_id or "" for a in by_platform[p]).strip(_SEP)
                  for p in PLATFORMS),
                *(_SEP.join(a.token_env or "" for a in by_platform[p]).strip(_SEP)
                  for p in PLATFORMS),
                {None: "", True: "yes", False: "no"}[d.reply_approval],
            ]
        )
    return out.getvalue()
