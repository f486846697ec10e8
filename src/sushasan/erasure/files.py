"""Files that hold a subject's data: the raw landed copies, and anything generated into the data
folder (exports, digests), rewritten without it.

JSON (saved API pages, live pages, ``sushasan-jsonl`` lines) is read as structure: a record in a
list that *is* the subject's (its own ``id`` is one of the erased messages, or in author mode an
author field anywhere in its nested objects names the subject) is dropped whole, so the user
object of an X page goes with the tweets; then every remaining string holding a needle (a
mention of the handle, a quoted text, a phone number) has it replaced by its tombstone. Other
text files (CSV exports, HTML, JSON that does not parse) are scrubbed line by line in their own
encoding, e-mails part by part, XLSX cell by cell. Each changed file is written beside the old
one, fsynced and renamed over it, so a crash leaves the old file or the new, never half of one.
A file that holds a needle but cannot be read is listed as left behind, never skipped quietly.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sushasan.erasure.subject import Matcher, Subject, Tombstones

__all__ = ["FileResult", "atomic_write", "collect_names", "scrub_file", "walk_files"]

_TEXT = {".csv", ".tsv", ".txt", ".html", ".htm", ".md", ".xml", ".log"}
_JSON = {".json", ".jsonl", ".ndjson"}
#: Keys of a nested object that name someone else in relation to the record (the author it
#: replies to, the post it is under), not the record's own author.
_OTHERS = ("reply", "parent", "referenced", "mention", "conversation", "target", "quoted")
#: Keys whose values are a person's shown name, collected from the subject's own records.
_NAME_KEYS = {"name", "username", "screen_name", "authordisplayname", "display_name",
              "author_name", "author_handle", "handle", "owner_name"}


@dataclass
class FileResult:
    changed: int = 0  # files rewritten
    records: int = 0  # records dropped from them
    values: int = 0  # values replaced by tombstones
    left: list[str] = field(default_factory=list)  # files holding a needle that could not be read

    def __iadd__(self, other: FileResult) -> FileResult:
        self.changed += other.changed
        self.records += other.records
        self.values += other.values
        self.left += other.left
        return self


def walk_files(root: Path, skip: Callable[[Path], bool] = lambda p: False) -> Iterator[Path]:
    """Every regular file under ``root``, in a stable order, except those ``skip`` refuses."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not skip(path):
            yield path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: a new file beside it, fsynced, renamed over it, and the
    folder fsynced so the rename itself survives a power cut."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.erase")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- structure: who a record belongs to ---------------------------------------------------------
def _owned(value: Any, subject: Subject, top: bool = True) -> bool:
    """Whether a record (a dict in a list) is the subject's: its own id is an erased message, or
    (author mode) an author field in it or its nested objects (not lists) names the subject."""
    if not isinstance(value, dict):
        return False
    if subject.platform and value.get("platform") not in (None, subject.platform):
        return False  # a sushasan-jsonl record of another platform
    ids = {i for _p, i in subject.interactions}
    for key, v in value.items():
        k = str(key).lower()
        if isinstance(v, dict):
            if any(o in k for o in _OTHERS):
                continue
            if _owned(v, subject, top=False):
                return True
        elif isinstance(v, str | int) and not isinstance(v, bool):
            s = str(v)
            if top and k in ("id", "interaction_id") and s in ids:
                return True
            if subject.by_author and not any(o in k for o in _OTHERS) and (
                    s in subject.author_ids or s.lower().removeprefix("@") in subject.handles):
                return True
    return False


def _names(value: Any, out: set[str]) -> None:
    if isinstance(value, dict):
        for key, v in value.items():
            if isinstance(v, str) and str(key).lower() in _NAME_KEYS and len(v.strip()) >= 3:
                out.add(v.strip())
            elif isinstance(v, dict) and not any(o in str(key).lower() for o in _OTHERS):
                _names(v, out)


def _walk(value: Any, subject: Subject, found: Callable[[dict[str, Any]], None]) -> Any:
    """``value`` without the subject's records (``found`` sees each one dropped)."""
    if isinstance(value, list):
        kept = []
        for item in value:
            if _owned(item, subject):
                found(item)
            else:
                kept.append(_walk(item, subject, found))
        return kept
    if isinstance(value, dict):
        if _owned(value, subject) and "record" in value:  # a sushasan-jsonl line
            found(value)
            return None
        return {k: _walk(v, subject, found) for k, v in value.items()}
    return value


def _scrub_values(value: Any, matcher: Matcher, tomb: Tombstones, hits: list[int]) -> Any:
    if isinstance(value, str):
        new, n = matcher.scrub(value, tomb)
        hits[0] += n
        return new
    if isinstance(value, list):
        return [_scrub_values(v, matcher, tomb, hits) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_values(v, matcher, tomb, hits) for k, v in value.items()}
    return value


def collect_names(path: Path, subject: Subject) -> set[str]:
    """Display names the subject's own records carry in a JSON file (X's user objects, a
    Facebook comment's ``from``, a YouTube author): needles for the rest."""
    out: set[str] = set()
    if subject.by_author and path.suffix.lower() in _JSON:
        for doc in _json_docs(path.read_bytes()) or []:
            _walk(doc, subject, lambda rec: _names(rec, out))
    return out


def _json_docs(data: bytes) -> list[Any] | None:
    text = _decode(data)
    if text is None:
        return None
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    try:
        return [json.loads(line) if line.strip() else None for line in text.splitlines()]
    except ValueError:
        return None


def _decode(data: bytes) -> str | None:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


# -- one file -------------------------------------------------------------------------------------
def scrub_file(path: Path, subject: Subject, matcher: Matcher, tomb: Tombstones,
               dry_run: bool = False) -> FileResult:
    """Rewrite one file without the subject's records and needles; what changed."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    ids = {i for _p, i in subject.interactions}
    encoded = suffix in (".eml", ".xlsx")  # base64, quoted-printable, zip: look inside
    if not encoded and not matcher.maybe_in(data) and not (
            suffix in _JSON and any(i.encode() in data for i in ids)):
        return FileResult()
    result = FileResult()
    new: bytes | None = None
    if suffix in _JSON:
        new = _scrub_json(data, subject, matcher, tomb, result)
    if new is None and (suffix in _TEXT or suffix in _JSON):
        new = _scrub_text(data, matcher, tomb, result)
    elif suffix == ".eml":
        new = _scrub_email(data, matcher, tomb, result)
    elif suffix == ".xlsx":
        new = _scrub_xlsx(data, matcher, tomb, result)
    if new is None:
        if encoded or matcher.maybe_in(data):
            result.left.append(str(path))
        return result
    if new != data:
        result.changed = 1
        if not dry_run:
            atomic_write(path, new)
    return result


def _scrub_json(data: bytes, subject: Subject, matcher: Matcher, tomb: Tombstones,
                result: FileResult) -> bytes | None:
    docs = _json_docs(data)
    if docs is None:
        return None
    lines = len(docs) > 1 or not data.strip().startswith((b"{", b"["))
    out = []
    for doc in docs:
        if doc is None:
            continue

        def dropped(_rec: dict[str, Any]) -> None:
            result.records += 1

        kept = _walk(doc, subject, dropped)
        if kept is None:
            continue
        hits = [0]
        out.append(_scrub_values(kept, matcher, tomb, hits))
        result.values += hits[0]
    if lines:
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in out)
    else:
        text = json.dumps(out[0] if out else {}, ensure_ascii=False)
    return text.encode(_encoding(data))


def _scrub_text(data: bytes, matcher: Matcher, tomb: Tombstones,
                result: FileResult) -> bytes | None:
    text = _decode(data)
    if text is None:
        return None
    new, n = matcher.scrub(text, tomb)
    result.values += n
    return new.encode(_encoding(data)) if n else data


def _scrub_email(data: bytes, matcher: Matcher, tomb: Tombstones,
                 result: FileResult) -> bytes:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        body = part.get_content()  # type: ignore[attr-defined]
        new, n = matcher.scrub(body, tomb)
        if n:
            result.values += n
            part.set_content(new, subtype=part.get_content_subtype(),  # type: ignore[attr-defined]
                             charset="utf-8")
    for header in ("Subject",):
        if msg[header]:
            new, n = matcher.scrub(str(msg[header]), tomb)
            if n:
                result.values += n
                msg.replace_header(header, new)
    return bytes(msg) if result.values else data


def _scrub_xlsx(data: bytes, matcher: Matcher, tomb: Tombstones,
                result: FileResult) -> bytes | None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:
        return None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    new, n = matcher.scrub(cell.value, tomb)
                    if n:
                        cell.value = new
                        result.values += n
    if not result.values:
        return data
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
