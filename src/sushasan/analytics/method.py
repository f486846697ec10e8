"""The review method as a versioned file: pillars, indicators, weights, directions, thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sushasan.analytics.indicators import INDICATORS
from sushasan.errors import ConfigError

__all__ = ["DEFAULT_METHOD", "Method", "Pillar", "load_method"]

DEFAULT_METHOD = Path(__file__).resolve().parent / "methods" / "sushasan-2024.1.yaml"
NORMALISATIONS = ("minmax",)
AGGREGATIONS = ("arithmetic",)


@dataclass(frozen=True)
class Pillar:
    name: str
    weight: float
    indicators: dict[str, tuple[float, int]]  # indicator → (weight, direction)


@dataclass(frozen=True)
class Method:
    version: str
    coverage_threshold: float
    normalisation: str
    aggregation: str
    pillars: tuple[Pillar, ...]
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "coverage_threshold": self.coverage_threshold,
            "normalisation": self.normalisation,
            "aggregation": self.aggregation,
            "weights": {
                "pillars": {p.name: p.weight for p in self.pillars},
                "indicators": {
                    name: {"pillar": p.name, "weight": w, "direction": d}
                    for p in self.pillars
                    for name, (w, d) in p.indicators.items()
                },
            },
        }


def load_method(path: Path | None = None, coverage_threshold: float | None = None) -> Method:
    path = path or DEFAULT_METHOD
    where = str(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"method file {where}: {exc}") from exc
    if not isinstance(doc, dict):
        raise ConfigError(f"method file {where}: expected a mapping")
    try:
        pillars = []
        for name, spec in doc["pillars"].items():
            inds = {}
            for ind, ispec in spec["indicators"].items():
                if ind not in INDICATORS:
                    raise ConfigError(
                        f"method file {where}: unknown indicator '{ind}' "
                        f"(known: {', '.join(INDICATORS)})"
                    )
                direction = int(ispec.get("direction", 1))
                if direction not in (1, -1):
                    raise ConfigError(f"method file {where}: {ind}.direction must be 1 or -1")
                inds[ind] = (float(ispec["weight"]), direction)
            pillars.append(Pillar(str(name), float(spec["weight"]), inds))
        method = Method(
            version=str(doc["version"]),
            coverage_threshold=float(
                coverage_threshold
                if coverage_threshold is not None
                else doc.get("coverage_threshold", 0.6)
            ),
            normalisation=str(doc.get("normalisation", "minmax")),
            aggregation=str(doc.get("aggregation", "arithmetic")),
            pillars=tuple(pillars),
            source=where,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"method file {where}: missing or malformed entry ({exc})") from exc
    if method.normalisation not in NORMALISATIONS:
        raise ConfigError(f"method file {where}: normalisation must be one of {NORMALISATIONS}")
    if method.aggregation not in AGGREGATIONS:
        raise ConfigError(f"method file {where}: aggregation must be one of {AGGREGATIONS}")
    if not 0 <= method.coverage_threshold <= 1:
        raise ConfigError(f"method file {where}: coverage_threshold must be between 0 and 1")
    if sum(p.weight for p in method.pillars) <= 0:
        raise ConfigError(f"method file {where}: pillar weights sum to zero")
    return method
