"""Raw pages and generated files rewritten without a subject: each platform's way of naming an
author, a mention in someone else's record, a UTF-16 export, an XLSX, an e-mail."""

from __future__ import annotations

import codecs
import email
import email.policy
import json
from email.message import EmailMessage
from pathlib import Path

import openpyxl

from sushasan.erasure.files import scrub_file
from sushasan.erasure.subject import Subject, Tombstones

HANDLE = "zq_citizen_7731"
NAME = "Zorawar Quixley"


def _subject() -> Subject:
    s = Subject.author(HANDLE)
    s.author_ids.add("UCzq7731")
    s.names.add(NAME)
    return s


def _run(path: Path, subject: Subject | None = None) -> tuple[int, int, int]:
    s = subject or _subject()
    r = scrub_file(path, s, s.matcher(), Tombstones())
    assert r.left == []
    return r.changed, r.records, r.values


def test_facebook_comments_go_by_their_from_and_replies_to_them_stay(tmp_path: Path) -> None:
    page = {"data": [
        {"id": "p_1", "message": "Road is broken", "from": {"id": "fb42", "name": HANDLE}},
        {"id": "p_2", "message": f"I agree with {NAME}", "from": {"id": "fb43", "name": "Asha"},
         "parent": {"id": "p_1", "from": {"name": HANDLE}}},
    ], "paging": {}}
    f = tmp_path / "comments.json"
    f.write_text(json.dumps({"fetched_at": "2024-08-01", "body": page}), encoding="utf-8")
    assert _run(f) == (1, 1, 2)  # the comment; the name in a reply and in its parent's from
    body = json.loads(f.read_text(encoding="utf-8"))["body"]
    assert [c["id"] for c in body["data"]] == ["p_2"]
    assert NAME not in f.read_text(encoding="utf-8") and HANDLE not in f.read_text(
        encoding="utf-8")
    assert "Asha" in f.read_text(encoding="utf-8")


def test_a_youtube_thread_by_the_subject_goes_and_a_thread_they_replied_in_stays(
        tmp_path: Path) -> None:
    def comment(cid: str, author: str, channel: str, text: str) -> dict:
        return {"id": cid, "snippet": {"authorDisplayName": author, "textOriginal": text,
                                       "authorChannelId": {"value": channel}}}

    page = {"items": [
        {"id": "t1", "snippet": {"topLevelComment": comment("t1", NAME, "UCzq7731", "no water")}},
        {"id": "t2", "snippet": {"topLevelComment": comment("t2", "Asha", "UCa", "same here")},
         "replies": {"comments": [comment("t2.r1", NAME, "UCzq7731", "me too"),
                                  comment("t2.r2", "Ravi", "UCr", "and me")]}},
    ]}
    f = tmp_path / "threads.json"
    f.write_text(json.dumps(page), encoding="utf-8")
    changed, records, _values = _run(f)
    assert (changed, records) == (1, 2)
    kept = json.loads(f.read_text(encoding="utf-8"))["items"]
    assert [t["id"] for t in kept] == ["t2"]
    assert [c["id"] for c in kept[0]["replies"]["comments"]] == ["t2.r2"]


def test_sushasan_jsonl_lines_of_the_subject_are_dropped(tmp_path: Path) -> None:
    f = tmp_path / "records.jsonl"
    lines = [{"record": "interaction", "interaction_id": "a", "author_handle": HANDLE},
             {"record": "interaction", "interaction_id": "b", "author_handle": "asha",
              "text": f"cc @{HANDLE}"}]
    f.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert _run(f) == (1, 1, 1)
    rows = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()]
    assert [r["interaction_id"] for r in rows] == ["b"]
    assert rows[0]["text"].startswith("cc erased:")


def test_a_docket_erasure_drops_only_that_message(tmp_path: Path) -> None:
    s = Subject.for_dockets(["SUS-2024-000001"])
    s.interactions.add(("x", "111"))
    s.add_texts(["ward 12 has had no water for five days, call 9811122334"])
    f = tmp_path / "page.json"
    f.write_text(json.dumps({"data": [{"id": "111", "author_id": "9", "text": "x"},
                                      {"id": "112", "author_id": "9", "text": "y"}]}),
                 encoding="utf-8")
    assert _run(f, s) == (1, 1, 0)
    assert [t["id"] for t in json.loads(f.read_text(encoding="utf-8"))["data"]] == ["112"]


def test_utf16_csv_xlsx_and_email_are_cleaned_in_their_own_form(tmp_path: Path) -> None:
    csv = tmp_path / "export.csv"
    csv.write_bytes(codecs.BOM_UTF16_LE + f"id,text\n1,hello @{HANDLE}\n".encode("utf-16-le"))
    assert _run(csv)[0] == 1
    assert csv.read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert HANDLE not in csv.read_text(encoding="utf-16") and "hello" in csv.read_text(
        encoding="utf-16")

    book = openpyxl.Workbook()
    book.active.append(["docket", "text"])  # type: ignore[union-attr]
    book.active.append(["SUS-1", f"from {NAME}"])  # type: ignore[union-attr]
    xlsx = tmp_path / "tickets.xlsx"
    book.save(xlsx)
    assert _run(xlsx)[0] == 1
    cells = [c.value for row in openpyxl.load_workbook(xlsx).active.iter_rows()  # type: ignore[union-attr]
             for c in row]
    assert "SUS-1" in cells and not any(NAME in str(c) for c in cells)

    msg = EmailMessage()
    msg["Subject"] = "Overdue tickets"
    msg.set_content(f"Ticket SUS-1 from {NAME}: no water " * 20)  # long: base64 or QP
    eml = tmp_path / "digest.eml"
    eml.write_bytes(bytes(msg))
    assert _run(eml)[0] == 1
    body = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    text = body.get_content()  # type: ignore[attr-defined]
    assert NAME not in text and "SUS-1" in text


def test_a_file_without_the_subject_is_left_byte_for_byte(tmp_path: Path) -> None:
    f = tmp_path / "other.json"
    f.write_text('{"data": [{"id": "1", "text": "nothing here"}]}', encoding="utf-8")
    before = f.read_bytes()
    assert _run(f) == (0, 0, 0)
    assert f.read_bytes() == before
