"""The review method as a versioned file, turned into the index engine's terms.

The file says what a review cell decides (pillars, indicators, weights, goalposts, thresholds,
uncertainty); this module checks it and builds the engine's metadata and methods from it, so the
review and ``sushasan index`` share one engine. Files of older versions stay loadable: what they
do not mention takes the value that version used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sushasan.analytics.indicators import INDICATORS
from sushasan.analytics.top3 import Top3Rule
from sushasan.errors import ConfigError
from sushasan.index import Goalposts, IndexMethod, Meta, MonteCarlo, Node, Treatment
from sushasan.index.uncertainty import alternatives_from, norm_params

__all__ = ["DEFAULT_METHOD", "METHODS_DIR", "Method", "Pillar", "load_method"]

METHODS_DIR = Path(__file__).resolve().parent / "methods"
DEFAULT_METHOD = METHODS_DIR / "sushasan-2024.3.yaml"
NORMALISATIONS = ("goalposts", "minmax", "zscore")
IMPUTATIONS = ("covered_pace",)
AGGREGATIONS = ("arithmetic", "geometric")
TOP = "index"


@dataclass(frozen=True)
class IndicatorSpec:
    weight: float
    direction: int
    goalposts: tuple[float, float] | None


@dataclass(frozen=True)
class Pillar:
    name: str
    weight: float
    indicators: dict[str, IndicatorSpec]


@dataclass(frozen=True)
class Method:
    version: str
    coverage_threshold: float
    normalisation: str
    aggregation: str
    pillars: tuple[Pillar, ...]
    source: str
    treatment: Treatment | None = None
    rates: dict[str, dict[str, float]] = field(default_factory=dict)
    viral_cap: float | None = None
    gaming: dict[str, Any] = field(default_factory=dict)
    size_groups: tuple[str, ...] = ()
    uncertainty: dict[str, Any] = field(default_factory=dict)
    #: Scale counts to the days sources covered (2024.2 on): a department covered for two of
    #: three months is judged on the pace it showed in those months, not penalised for the gap.
    coverage_scaling: bool = False
    #: Who is awarded the top 3 and when the review notes that the uncertainty disagrees.
    top3: Top3Rule = field(default_factory=Top3Rule)
    #: The imputation policy (2024.3 on): ``coverage_floor`` (a platform covered on fewer of
    #: the quarter's days is not scaled up) and ``method``. Empty for older files, which
    #: scaled every platform whatever its coverage.
    imputation: dict[str, Any] = field(default_factory=dict)

    @property
    def coverage_floor(self) -> float:
        """Share of the quarter's days below which a platform's counts are not imputed."""
        return float(self.imputation.get("coverage_floor", 0.0))

    @property
    def indicators(self) -> list[str]:
        return [i for p in self.pillars for i in p.indicators]

    def meta(self) -> Meta:
        """Three levels: indicators → pillars → the index."""
        nodes = []
        for p in self.pillars:
            for code, spec in p.indicators.items():
                gp = Goalposts(*spec.goalposts, scale=100.0) if spec.goalposts else None
                nodes.append(Node(code, 1, p.name, spec.weight, spec.direction, goalposts=gp))
        nodes += [Node(p.name, 2, TOP, p.weight) for p in self.pillars]
        nodes.append(Node(TOP, 3, None))
        return Meta.build(nodes)

    def index_method(self, **changes: Any) -> IndexMethod:
        base = IndexMethod(
            treatment=self.treatment,
            normalisation=self.normalisation,
            norm_params=norm_params(self.normalisation),
            aggregation=self.aggregation,
            geometric_floor=float(self.uncertainty.get("geometric_floor", 1.0)),
        )
        return _replace(base, **changes)

    def monte_carlo(self) -> MonteCarlo | None:
        u = self.uncertainty
        if not u or int(u.get("runs", 0)) <= 0:
            return None
        return MonteCarlo(
            runs=int(u["runs"]),
            seed=int(u.get("seed", 0)),
            weight_noise=float(u.get("weight_noise", 0.25)),
            alternatives=alternatives_from(u, self.treatment),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "coverage_threshold": self.coverage_threshold,
            "normalisation": self.normalisation,
            "aggregation": self.aggregation,
            "treatment": None if self.treatment is None else {
                "method": "winsorise_log",
                "winmax": self.treatment.winmax,
                "skew_threshold": self.treatment.skew_threshold,
                "kurtosis_threshold": self.treatment.kurtosis_threshold,
                "log_fallback": self.treatment.log_fallback,
            },
            "rates": self.rates,
            "viral_cap": self.viral_cap,
            "gaming": self.gaming,
            "size_groups": list(self.size_groups),
            "uncertainty": self.uncertainty,
            "coverage_scaling": self.coverage_scaling,
            "top3_rule": self.top3.as_json(),
            "imputation": self.imputation or None,
            "weights": {
                "pillars": {p.name: p.weight for p in self.pillars},
                "indicators": {
                    name: {
                        "pillar": p.name,
                        "weight": s.weight,
                        "direction": s.direction,
                        "goalposts": list(s.goalposts) if s.goalposts else None,
                    }
                    for p in self.pillars
                    for name, s in p.indicators.items()
                },
            },
        }


def _replace(m: IndexMethod, **changes: Any) -> IndexMethod:
    from dataclasses import replace

    return replace(m, **changes) if changes else m


def load_method(
    path: Path | None = None, coverage_threshold: float | None = None,
    extra_indicators: Sequence[str] = (),
) -> Method:
    """Read and check a method file. ``extra_indicators`` are those plugin pillars provide
    (``sushasan_review_indicator_names``); any other unknown name is a typo and refused."""
    path = path or DEFAULT_METHOD
    where = f"method file {path}"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    if not isinstance(doc, dict):
        raise ConfigError(f"{where}: expected a mapping")
    try:
        method = _parse(doc, str(path), coverage_threshold)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{where}: missing or malformed entry ({exc!r})") from exc
    _check(method, where, (*INDICATORS, *extra_indicators))
    return method


def _parse(doc: dict[str, Any], source: str, threshold: float | None) -> Method:
    pillars = []
    for name, spec in doc["pillars"].items():
        inds = {}
        for ind, ispec in spec["indicators"].items():
            gp = ispec.get("goalposts")
            inds[ind] = IndicatorSpec(
                float(ispec["weight"]),
                int(ispec.get("direction", 1)),
                (float(gp[0]), float(gp[1])) if gp else None,
            )
        pillars.append(Pillar(str(name), float(spec["weight"]), inds))
    norm = doc.get("normalisation", "minmax")
    agg = doc.get("aggregation", "arithmetic")
    treat = doc.get("treatment")
    treatment = None
    if isinstance(treat, dict) and treat.get("method", "none") != "none":
        treatment = Treatment(
            int(treat.get("winmax", 5)),
            float(treat.get("skew_threshold", 2.0)),
            float(treat.get("kurtosis_threshold", 3.5)),
            str(treat.get("log_fallback", "auto")),
        )
    groups = doc.get("size_groups") or {}
    return Method(
        version=str(doc["version"]),
        coverage_threshold=float(
            threshold if threshold is not None else doc.get("coverage_threshold", 0.6)
        ),
        normalisation=str(norm["method"] if isinstance(norm, dict) else norm),
        aggregation=str(agg["method"] if isinstance(agg, dict) else agg),
        pillars=tuple(pillars),
        source=source,
        treatment=treatment,
        rates={
            k: {kk: float(vv) for kk, vv in v.items()} for k, v in (doc.get("rates") or {}).items()
        },
        viral_cap=float(doc["viral_cap"]) if doc.get("viral_cap") else None,
        gaming=dict(doc.get("gaming") or {}),
        size_groups=tuple(groups.get("labels", ())),
        uncertainty=dict(doc.get("uncertainty") or {}),
        coverage_scaling=bool(doc.get("coverage_scaling", False)),
        top3=Top3Rule.from_doc(doc.get("top3")),
        imputation=_imputation(doc.get("imputation")),
    )


def _imputation(block: Any) -> dict[str, Any]:
    """The imputation block with its defaults filled in (an absent block stays empty)."""
    if not block:
        return {}
    return {
        "coverage_floor": float(block.get("coverage_floor", 0.75)),
        "method": str(block.get("method", "covered_pace")),
    }


def _check(m: Method, where: str, known: Sequence[str] = INDICATORS) -> None:
    for p in m.pillars:
        for ind, spec in p.indicators.items():
            if ind not in known:
                raise ConfigError(
                    f"{where}: unknown indicator '{ind}' (known: {', '.join(known)})"
                )
            if spec.direction not in (1, -1):
                raise ConfigError(f"{where}: {ind}.direction must be 1 or -1")
            if m.normalisation == "goalposts" and spec.goalposts is None:
                raise ConfigError(f"{where}: {ind} needs goalposts: [lower, upper]")
    if m.normalisation not in NORMALISATIONS:
        raise ConfigError(f"{where}: normalisation must be one of {', '.join(NORMALISATIONS)}")
    if m.aggregation not in AGGREGATIONS:
        raise ConfigError(f"{where}: aggregation must be one of {', '.join(AGGREGATIONS)}")
    if not 0 <= m.coverage_threshold <= 1:
        raise ConfigError(f"{where}: coverage_threshold must be between 0 and 1")
    if not 0 <= m.coverage_floor <= 1:
        raise ConfigError(f"{where}: imputation.coverage_floor must be between 0 and 1")
    if m.imputation and m.imputation["method"] not in IMPUTATIONS:
        raise ConfigError(f"{where}: imputation.method must be one of {', '.join(IMPUTATIONS)}")
    if not 0 <= m.top3.note_below_share <= 1:
        raise ConfigError(f"{where}: top3.note_below_share must be between 0 and 1")
    if sum(p.weight for p in m.pillars) <= 0:
        raise ConfigError(f"{where}: pillar weights sum to zero")
