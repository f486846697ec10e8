"""The concept model's weights as a file shipped inside the package, so no process trains it.

Training the concept router's model takes 15-25 s, and it used to happen at first use in every
process (each CLI call, each worker). The weights are now built once, by ``make concept-model``
(``python -m sushasan.grievances.classify.concept_model``), into ``data/concept_model.npz``,
and read at run time; nothing is downloaded. The file carries the hash of everything it was
trained from (:func:`key_of`): a process whose data or recipe differ from the artefact's sees a
different key and trains instead, so a stale file can cost time but never give stale answers,
and a test checks that the shipped file is what the training code produces now.

Format: a zip of ``.npy`` arrays (``numpy.load`` reads it with ``allow_pickle=False``; no
pickle), written byte for byte the same for the same weights (fixed member dates and order),
so rebuilding an unchanged model leaves the repository unchanged. Weights are stored as int8
with one scale per concept (:func:`quantised`; 0.7 MB instead of 10 MB as float32), and only
the hashed columns with a non-zero weight. The model uses the quantised weights whether it was
read from the file or trained in the process, so both give the same probabilities.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["ARTEFACT", "VERSION", "key_of", "quantised", "read", "write"]

_log = logging.getLogger(__name__)

ARTEFACT = Path(__file__).resolve().parent / "data" / "concept_model.npz"
#: Bump when the file's layout or the meaning of its arrays changes.
VERSION = "1"
_DATE = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: the same bytes on every rebuild


def key_of(files: Sequence[Path], recipe: str) -> str:
    """Hash of the training files' bytes and the recipe's description."""
    digest = hashlib.sha256(recipe.encode("utf-8"))
    for path in files:
        data = Path(path).read_bytes()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:32]


def _levels(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 levels and the per-row scale: the largest weight of a row is ±127 levels."""
    peak = np.abs(coef).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0)
    return np.round(coef / scale[:, None]).astype(np.int8), scale


def quantised(coef: np.ndarray) -> np.ndarray:
    """``coef`` rounded to its int8 levels (as float64). A weight moves by at most 1/254 of
    its row's largest one (about 0.02 in a logit of 5), which moves a probability by less
    than a rounding of the reported figures; quantising twice changes nothing."""
    levels, scale = _levels(coef)
    return levels * scale[:, None]


def write(path: str | Path, key: str, coef: np.ndarray, intercept: np.ndarray,
          concepts: Sequence[str]) -> None:
    """Store the weights (the non-zero columns of ``coef``) with their training key."""
    levels, scale = _levels(coef)
    columns = np.flatnonzero(np.any(levels != 0, axis=0)).astype(np.int32)
    arrays = {
        "key": np.array(key),
        "concepts": np.array(list(concepts)),
        "width": np.array(coef.shape[1], dtype=np.int64),
        "columns": columns,
        "levels": np.ascontiguousarray(levels[:, columns]),
        "scale": scale,
        "intercept": np.asarray(intercept, dtype=np.float64),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue(), compresslevel=9)
    Path(path).write_bytes(buffer.getvalue())


def read(path: str | Path, key: str, width: int
         ) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]] | None:
    """(coef, intercept, concepts) from the artefact, or None when it is missing, unreadable
    or trained from something else than ``key`` describes (a warning says what to run)."""
    try:
        # the file opened here, not by numpy: np.load leaves its own handle open when the
        # zip is damaged
        with Path(path).open("rb") as handle, np.load(handle, allow_pickle=False) as saved:
            found = str(saved["key"])
            if found != key or int(saved["width"]) != width:
                _log.warning("%s was built from other data or code (key %s, expected %s); "
                             "training the concept model now. Run `make concept-model` to "
                             "rebuild it.", path, found, key)
                return None
            coef = np.zeros((len(saved["concepts"]), width), dtype=np.float64)
            coef[:, saved["columns"]] = saved["levels"] * saved["scale"][:, None]
            return coef, saved["intercept"].copy(), tuple(str(c) for c in saved["concepts"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        _log.warning("cannot read %s (%s); training the concept model now. Run "
                     "`make concept-model` to rebuild it.", path, error)
        return None
