"""The shape of the code, checked: one direction of imports, modules of a readable size, and
every environment variable in the settings table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "sushasan"

#: Modules allowed over the size limit (none now), with their size: each may only shrink.
MAX_CODE_LINES = 500
OVERSIZED: dict[str, int] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of the project this one imports at run time (lazy imports included, typing-only
    imports not: they never execute)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                       else node.module for a in node.names]
        else:
            continue
        out.update(t for t in targets if t in modules and t != name)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _package_edges_ok(a: str, b: str) -> bool:
    # A package's __init__ re-exporting its own modules is not a cycle of ideas.
    return b.startswith(a + ".")


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {
        name: {t for t in _imports(name, path, modules) if not _package_edges_ok(name, t)}
        for name, path in modules.items()
    }
    assert _cycles(graph) == []


#: The grievance jobs, in the one direction they may import each other: each may use those before
#: it, never one after (classify knows nothing of tickets; notify reads tickets, not the reverse).
GRIEVANCE_JOBS = ("classify", "tickets", "notify", "pillar", "wiring")


def _grievance_job(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["sushasan", "grievances"] else None


def test_grievance_jobs_import_one_way() -> None:
    modules = _modules()
    rank = {job: i for i, job in enumerate(GRIEVANCE_JOBS)}
    jobs = {name: job for name in modules if (job := _grievance_job(name)) is not None}
    assert set(jobs.values()) <= set(rank), "every module under grievances/ belongs to a job"
    backwards = [f"{name} -> {target}" for name, job in jobs.items()
                 for target in sorted(_imports(name, modules[name], modules))
                 if target in jobs and rank[jobs[target]] > rank[job]]
    assert backwards == []


def _code_lines(path: Path) -> int:
    """Lines that are neither blank, comments nor docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
            getattr(body[0], "value", None), ast.Constant
        ) and isinstance(body[0].value.value, str):
            doc.update(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    lines = path.read_text(encoding="utf-8").splitlines()
    return sum(1 for i, line in enumerate(lines, start=1)
               if line.strip() and not line.strip().startswith("#") and i not in doc)


def test_modules_stay_readable_in_size() -> None:
    too_big = {}
    for name, path in _modules().items():
        size = _code_lines(path)
        if size > OVERSIZED.get(name, MAX_CODE_LINES):
            too_big[name] = size
    assert not too_big, f"split these by job (limit {MAX_CODE_LINES} lines of code): {too_big}"


def test_environment_variables_are_read_only_through_the_settings_table() -> None:
    pattern = re.compile(r"""(?:environ(?:\.get)?\s*[\[(]|getenv\s*\()\s*["']SUSHASAN_""")
    offenders = [
        str(path.relative_to(SRC)) for name, path in _modules().items()
        if name != "sushasan.config" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_one_definition_of_ist() -> None:
    pattern = re.compile(r"hours=5, minutes=30|ZoneInfo\(\s*[\"']Asia/Kolkata")
    offenders = [
        str(path.relative_to(SRC)) for name, path in _modules().items()
        if name != "sushasan.quarters" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


#: Where SQL that writes may live: the desk's store modules, and the grievance desk's ticket
#: actions (``GrievanceDesk``: one transaction per action, with its event and audit rows).
WRITERS = ("sushasan.desk.", "sushasan.grievances.tickets.desk", "sushasan.migrations")
_SQL_WRITE = re.compile(
    r"(?<![.\w])(?:insert|update|delete)\(\s*[a-z_]+\s*\)"  # sqlalchemy's insert(table)
    r"|\.(?:insert|update|delete)\(\)"  # table.update()
)


def test_sql_that_writes_lives_in_the_store_and_actions_only() -> None:
    offenders = []
    for name, path in _modules().items():
        if name.startswith(WRITERS):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _SQL_WRITE.search(line) and "sqlalchemy" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert offenders == []


#: Modules that still spell Devanagari in string literals, with how many; each may only shrink.
#: None is left: matcher data (patterns, month tables, word lists) and sample templates live in
#: data files read through ``sushasan/language/patterns.py``, and a word shown to users goes in
#: the catalogue (``sushasan/words.py``). Keyed by file name, so a moved module keeps its entry.
DEVANAGARI_LITERALS: dict[str, int] = {}
_DEVANAGARI = re.compile("[\u0900-\u097f]")


def _devanagari_literals(path: Path) -> int:
    """String literals spelled with Devanagari letters (escapes such as \\u0900 do not count),
    docstrings aside."""
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    return sum(
        1 for node in ast.walk(tree)
        if (isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                                and isinstance(node.value, str)))
        and id(node) not in skip and _DEVANAGARI.search(ast.get_source_segment(src, node) or "")
    )


def test_hindi_words_live_in_the_catalogue_not_in_code() -> None:
    found = {path.name: n for path in _modules().values() if (n := _devanagari_literals(path))}
    grown = {name: n for name, n in found.items() if n > DEVANAGARI_LITERALS.get(name, 0)}
    assert not grown, (
        "Hindi spelled in code: put the sentence in the catalogue (English msgid, Hindi msgstr; "
        f"see sushasan/words.py), or matcher data in a data file: {grown}")
