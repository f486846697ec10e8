"""Matcher data in data files: the one reader of pattern templates, public ``re`` API only.

Word lists and regex patterns (the grievance lexicon's cues, the informative-post lexicon, the
website audit's date labels and language-switch names) are data a cell reads and extends, so
they live in YAML files beside the module that matches with them, never as Python literals.
A file may define ``macros``; a template names one as ``{NAME}`` and may call a function the
module gives as ``{name:a|b}`` (the informative lexicon's ``{hi:...}`` spells Devanagari words
with their variant spellings). Macros are filled in file order, so one may use those above it.
Every pattern is compiled once at load, so a broken entry fails there, naming its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Functions", "compiled", "expand", "load", "macros", "words"]

#: ``{hi:a|b}`` → ``functions["hi"](["a", "b"], macros)``, with the macros known so far.
Functions = Mapping[str, Callable[[list[str], Mapping[str, str]], str]]

# ``{NAME}`` (capitals) or ``{name:args}``; regex quantifiers such as ``{0,3}`` never match.
_SLOT = re.compile(r"\{(?:([A-Z][A-Z0-9_]*)|([a-z]+):([^{}]*))\}")


#: libyaml's safe loader when it is built in (ten times faster on the large files), else Python's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path) -> Any:
    """A data file's document (safe YAML: plain data, no objects)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def expand(template: str, known: Mapping[str, str], functions: Functions | None = None) -> str:
    """``template`` with its ``{NAME}`` macros and ``{name:a|b}`` calls filled in; a name it does
    not know is left as written (a brace in a regex is not a macro)."""
    def fill(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return known.get(m.group(1), m.group(0))
        function = (functions or {}).get(m.group(2))
        return function(m.group(3).split("|"), known) if function else m.group(0)
    return _SLOT.sub(fill, template)


def macros(doc: Mapping[str, Any], functions: Functions | None = None) -> dict[str, str]:
    """The document's ``macros``, each filled in with those above it."""
    known: dict[str, str] = {}
    for name, text in (doc.get("macros") or {}).items():
        known[str(name)] = expand(str(text), known, functions)
    return known


def words(doc: Mapping[str, Any], key: str, path: Path) -> list[str]:
    """A list of words under ``key``, refusing anything else with the file's name."""
    found = doc.get(key)
    if not isinstance(found, list) or not all(isinstance(w, str) for w in found):
        raise ValueError(f"{path}: '{key}' must be a list of words")
    return found


def compiled(pattern: str, path: Path, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled, or an error naming the data file it came from."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"{path}: a pattern does not compile ({exc}): {pattern[:80]!r}") from exc
