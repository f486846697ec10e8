"""Reading text files that people exported by hand, with errors they can act on.

Exports arrive as UTF-8, UTF-8 with a BOM (Excel, Meta) or UTF-16 (Meta page files), and now and
then as a legacy 8-bit encoding after a spreadsheet round trip. We never guess silently: a file that
is not valid in the encoding its BOM (or UTF-8) promises is refused with the line of the first bad
byte, so nothing half-decoded reaches the lake.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from sushasan.errors import ImportFileError

__all__ = ["decode_text", "read_text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ImportFileError(f"{path}: is a folder; give the files inside it") from exc
    return decode_text(data, str(path))


def decode_text(data: bytes, name: str) -> str:
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{name}, line {line}: not valid {encoding.upper().replace('-SIG', '')} "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}). Nothing was imported. "
            "Save the file again as 'CSV UTF-8' (or UTF-8 text) and import it again."
        ) from exc
