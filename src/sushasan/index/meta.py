"""Index structure in the metadata layout COINr uses (iMeta), so an index built there can be
recomputed here: ``Level, iCode, iName, Direction, Weight, Parent, Type`` plus optional goalpost
columns. Level 1 rows are indicators; each higher level aggregates its children.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sushasan.errors import IndexSpecError

__all__ = ["Goalposts", "IndexSpecError", "Meta", "Node"]


@dataclass(frozen=True)
class Goalposts:
    """Goalposts in natural units: lower < upper also for negative-direction indicators."""

    lower: float
    upper: float
    scale: float = 100.0
    trunc: bool = True


@dataclass(frozen=True)
class Node:
    code: str
    level: int
    parent: str | None
    weight: float = 1.0
    direction: int = 1
    name: str = ""
    goalposts: Goalposts | None = None
    #: Natural-units target for distance-to-target normalisation (COINr iMeta ``Target``).
    target: float | None = None


@dataclass(frozen=True)
class Meta:
    nodes: tuple[Node, ...]
    _by_code: dict[str, Node] = field(init=False, repr=False, compare=False)
    _children: dict[str, list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {n.code: n for n in self.nodes}
        children: dict[str, list[str]] = {n.code: [] for n in self.nodes}
        for n in self.nodes:
            if n.parent is not None:
                children[n.parent].append(n.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", children)

    @classmethod
    def build(cls, nodes: Iterable[Node]) -> Meta:
        """Validate the hierarchy: unique codes, known parents, no cycles, levels that rise."""
        nodes = tuple(nodes)
        problems: list[str] = []
        seen: set[str] = set()
        for n in nodes:
            if n.code in seen:
                problems.append(f"'{n.code}' appears twice")
            seen.add(n.code)
            if n.direction not in (1, -1):
                problems.append(f"'{n.code}': Direction must be 1 or -1, not {n.direction}")
            if not math.isfinite(n.weight) or n.weight < 0:
                problems.append(f"'{n.code}': Weight must be a number of zero or more")
            if n.goalposts and not n.goalposts.lower < n.goalposts.upper:
                problems.append(f"'{n.code}': goalpost_lower must be below goalpost_upper")
        by_code = {n.code: n for n in nodes}
        for n in nodes:
            if n.parent is not None and n.parent not in by_code:
                problems.append(f"'{n.code}': parent '{n.parent}' does not exist")
            elif n.parent is not None and by_code[n.parent].level <= n.level:
                problems.append(
                    f"'{n.code}' (level {n.level}): parent '{n.parent}' must be at a higher "
                    f"level, not {by_code[n.parent].level}"
                )
        for n in nodes:  # cycles
            path = [n.code]
            cur = n
            while cur.parent is not None and cur.parent in by_code:
                if cur.parent in path:
                    problems.append(f"cycle: {' → '.join([*path, cur.parent])}")
                    break
                path.append(cur.parent)
                cur = by_code[cur.parent]
        if problems:
            raise IndexSpecError("index metadata refused:\n  " + "\n  ".join(sorted(set(problems))))
        if not any(n.level == 1 for n in nodes):
            raise IndexSpecError("index metadata has no indicators (Level 1 rows)")
        meta = cls(nodes)
        for code in meta.aggregates:
            if not meta.children(code):
                raise IndexSpecError(f"aggregate '{code}' has no children")
        return meta

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Meta:
        """Rows of a COINr-style META.csv; types other than Indicator/Aggregate are skipped."""
        nodes = []
        for i, r in enumerate(rows, start=2):
            kind = str(r.get("Type") or "").strip()
            if kind not in ("Indicator", "Aggregate"):
                continue
            try:
                gp = None
                if _present(r.get("goalpost_lower")) and _present(r.get("goalpost_upper")):
                    gp = Goalposts(
                        float(r["goalpost_lower"]),
                        float(r["goalpost_upper"]),
                        float(r["goalpost_scale"]) if _present(r.get("goalpost_scale")) else 1.0,
                        _bool(r.get("goalpost_trunc2posts"), True),
                    )
                nodes.append(
                    Node(
                        code=str(r["iCode"]).strip(),
                        level=int(float(r["Level"])),
                        parent=str(r["Parent"]).strip() if _present(r.get("Parent")) else None,
                        weight=float(r["Weight"]) if _present(r.get("Weight")) else 1.0,
                        direction=int(float(r["Direction"])) if _present(r.get("Direction")) else 1,
                        name=str(r.get("iName") or ""),
                        goalposts=gp,
                        target=float(r["Target"]) if _present(r.get("Target")) else None,
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise IndexSpecError(
                    f"metadata row {i}: {exc!r} — check Level, iCode, Weight"
                ) from None
        return cls.build(nodes)

    # -- queries ------------------------------------------------------------------------------
    def node(self, code: str) -> Node:
        return self._by_code[code]

    def children(self, code: str) -> list[str]:
        return self._children[code]

    @property
    def indicators(self) -> list[str]:
        return [n.code for n in self.nodes if n.level == 1]

    @property
    def aggregates(self) -> list[str]:
        """Aggregates ordered bottom-up (level 2 first), so children are computed first."""
        return [n.code for n in sorted(self.nodes, key=lambda n: n.level) if n.level > 1]

    @property
    def top(self) -> str:
        tops = [n.code for n in self.nodes if n.parent is None and n.level > 1]
        if len(tops) != 1:
            raise IndexSpecError(
                f"the index needs exactly one top aggregate (no parent); found {tops or 'none'}"
            )
        return tops[0]

    def weights(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        w = {n.code: n.weight for n in self.nodes}
        if overrides:
            unknown = set(overrides) - set(w)
            if unknown:
                raise IndexSpecError(
                    f"weights given for unknown codes: {', '.join(sorted(unknown))}"
                )
            w.update(overrides)
        return w


def _present(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, float) and math.isnan(v):
        return False
    return str(v).strip() not in ("", "NA", "nan")


def _bool(v: Any, default: bool) -> bool:
    if not _present(v):
        return default
    return str(v).strip().lower() in ("true", "1", "yes", "t")
