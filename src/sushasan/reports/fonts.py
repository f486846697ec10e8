"""Where the report fonts come from: Noto Sans and Noto Sans Devanagari, Regular and Bold.

The PDF reports and their charts must look the same on any machine with only Python, so the fonts
come from Python packages (``fontpkg-noto-sans``, ``fontpkg-noto-sans-devanagari``), not from the
system. Those packages ship variable fonts only; PDF viewers need static faces, and cutting one
with ``fontTools.varLib.instancer`` takes seconds, so the four static files are made once and kept
in a cache folder keyed by the package version and the source file's hash (a new font package
makes a new folder; a half-written file is never seen, writes are atomic).

``SUSHASAN_FONT_DIR`` names a folder of ready static files instead (e.g. Debian's
``/usr/share/fonts/truetype/noto``); ``SUSHASAN_CACHE_DIR`` moves the cache.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

from sushasan.config import env_value
from sushasan.errors import SushasanError

__all__ = ["FONT_FILES", "cache_dir", "font_paths"]

FONT_FILES = {
    "sans": "NotoSans-Regular.ttf",
    "sans-bold": "NotoSans-Bold.ttf",
    "deva": "NotoSansDevanagari-Regular.ttf",
    "deva-bold": "NotoSansDevanagari-Bold.ttf",
}
# key → (distribution, import name, variable file in its files/ folder, weight)
_SOURCES = {
    "sans": ("fontpkg-noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", 400),
    "sans-bold": ("fontpkg-noto-sans", "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", 700),
    "deva": ("fontpkg-noto-sans-devanagari", "fontpkg_noto_sans_devanagari",
             "NotoSansDevanagari[wdth,wght].ttf", 400),
    "deva-bold": ("fontpkg-noto-sans-devanagari", "fontpkg_noto_sans_devanagari",
                  "NotoSansDevanagari[wdth,wght].ttf", 700),
}
_lock = threading.Lock()


def cache_dir() -> Path:
    """SUSHASAN_CACHE_DIR, else $XDG_CACHE_HOME/sushasan, else ~/.cache/sushasan."""
    if explicit := env_value("cache_dir"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sushasan"


def _override() -> dict[str, Path] | None:
    folder = env_value("font_dir")
    if not folder:
        return None
    paths = {key: Path(folder) / name for key, name in FONT_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise SushasanError(
                f"font file {path} not found: SUSHASAN_FONT_DIR must hold "
                + ", ".join(FONT_FILES.values())
                + " (or unset it to use the fonts of the fontpkg-noto-sans packages)"
            )
    return paths


def _source(key: str) -> tuple[Path, str]:
    """The variable font file for `key` and its package's version."""
    dist, module, name, _ = _SOURCES[key]
    try:
        package = __import__(module)
        version = metadata.version(dist)
    except (ImportError, metadata.PackageNotFoundError) as e:
        raise SushasanError(
            f"PDF reports need the Python package {dist} (pip install {dist})"
        ) from e
    path = Path(package.__file__).resolve().parent / "files" / name
    if not path.is_file():
        raise SushasanError(f"font file {path} missing from the package {dist} {version}")
    return path, version


def _digest(path: Path) -> str:
    stat = path.stat()
    return _digest_of(path, stat.st_size, stat.st_mtime_ns)


@cache
def _digest_of(path: Path, size: int, mtime_ns: int) -> str:
    """The file's hash, computed once per process for a given size and modification time."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _instance(src: Path, weight: int, dst: Path) -> None:
    """Cut the static face at `weight` (width 100) out of the variable font, atomically."""
    from fontTools.ttLib import TTFont  # imported here: only the first run needs it
    from fontTools.varLib import instancer

    font = TTFont(src)
    axes = {a.axisTag: (a.minValue, a.maxValue) for a in font["fvar"].axes}
    location: dict[str, float] = {"wght": float(weight)}
    if "wdth" in axes:
        location["wdth"] = 100.0
    instancer.instantiateVariableFont(font, location, inplace=True, updateFontNames=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.", suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; fonts are no secret
        os.replace(tmp, dst)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def font_paths() -> dict[str, Path]:
    """The four static font files (made on first use), or a SushasanError saying what is missing.

    Returns {"sans", "sans-bold", "deva", "deva-bold"} → path.
    """
    if (paths := _override()) is not None:
        return paths
    out: dict[str, Path] = {}
    with _lock:
        for key, name in FONT_FILES.items():
            src, version = _source(key)
            folder = cache_dir() / "fonts" / f"{src.stem.split('[')[0]}-{version}-{_digest(src)}"
            dst = folder / name
            if not dst.is_file():
                try:
                    _instance(src, _SOURCES[key][3], dst)
                except OSError as e:
                    raise SushasanError(
                        f"cannot write the report fonts to {folder}: {e} "
                        "(set SUSHASAN_CACHE_DIR to a writable folder)"
                    ) from e
            out[key] = dst
    return out
