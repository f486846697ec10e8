"""Overdue digests: bilingual, personal data removed, delivered through a real local SMTP server.

The server is aiosmtpd's Controller on 127.0.0.1 with a free port, so the messages go through
smtplib, the wire and a real SMTP parser; nothing is mocked.
"""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from sushasan.grievances.notify.digest import (
    DigestItem,
    DigestSendError,
    SmtpSettings,
    render_digest,
    safe_excerpt,
    send_digests,
)
from sushasan.grievances.tickets.calendar import IST
from sushasan.language.pii import redact, verhoeff_check_digit, verhoeff_valid
from tests.conftest import Inbox, free_port

BASE = "23456789012"
AADHAAR = BASE + verhoeff_check_digit(BASE)
NOT_AADHAAR = BASE + str((int(verhoeff_check_digit(BASE)) + 1) % 10)  # fails the checksum
PHONE = "+91 98765 43210"
EMAIL = "ramesh.k@example.com"


def spaced(number: str) -> str:
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def item(docket: str, text: str, days: int = 3, dept: str = "energy") -> DigestItem:
    return DigestItem(
        docket=docket, department_id=dept, text=text,
        received_at=datetime(2025, 2, 3, 10, 0, tzinfo=IST),
        due_at=datetime(2025, 3, 1, 23, 59, 59, tzinfo=IST),
        days_overdue=days, status="in_progress", level="head_of_department",
    )


def digest(to: tuple[str, ...] = ("nodal@energy.example",), dept: str = "energy") -> EmailMessage:
    texts = [
        f"बिजली 10 दिन से नहीं है। मेरा आधार {spaced(AADHAAR)} है, फ़ोन {PHONE}, "
        f"ईमेल {EMAIL}। उपभोक्ता संख्या {spaced(NOT_AADHAAR)}",
        "Transformer burnt in Kotdwar <script>alert(1)</script> & nobody came " + "x " * 300,
    ]
    items = [item("UK-2025-000123", texts[0], 5, dept), item("UK-2025-000124", texts[1], 2, dept)]
    return render_digest(dept, "Energy Department", "ऊर्जा विभाग", items,
                         datetime(2025, 3, 10, 9, 0, tzinfo=IST), to=to)


def parts(raw: bytes) -> tuple[EmailMessage, str, str]:
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    return msg, plain.get_content(), html.get_content()


def test_pii_rules_as_the_language_layer_has_them() -> None:
    assert verhoeff_valid(AADHAAR) and not verhoeff_valid(NOT_AADHAAR)
    # A 12-digit number that fails the checksum is a docket or consumer number: left alone.
    assert redact(f"consumer {spaced(NOT_AADHAAR)}") == f"consumer {spaced(NOT_AADHAAR)}"
    assert safe_excerpt(f"aadhaar {spaced(AADHAAR)}") == "aadhaar [aadhaar]"


def test_excerpt_redacts_before_cutting_and_keeps_letters_whole() -> None:
    # The phone number straddles the cut: redacting after cutting would leak its first digits.
    text = "क" * 270 + " " + PHONE + " अधिक"
    short = safe_excerpt(text, limit=280)
    assert "98765" not in short and "9876" not in short
    assert short.endswith(" …")
    # A cut inside a word never leaves a vowel sign without its letter.
    word = "कि" * 200
    cut = safe_excerpt(word, limit=101)
    assert cut.endswith(" …") and cut[:-2].endswith("कि")


def test_digest_arrives_bilingual_and_without_personal_data(
        smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="Sushasan <desk@uk.example>",
                            timeout=5)
    assert send_digests(settings, [digest()]) == 1

    [(rcpts, raw)] = inbox.received
    assert rcpts == ["nodal@energy.example"]
    msg, plain, html = parts(raw)
    assert msg["Subject"] == (
        "Overdue grievances / लंबित शिकायतें: Energy Department / ऊर्जा विभाग (2)")
    assert msg["From"] == "Sushasan <desk@uk.example>"
    assert msg["Message-ID"].endswith("@uk.example>")
    for body in (plain, html):
        assert "ऊर्जा विभाग" in body and "Energy Department" in body
        assert "बिजली 10 दिन से नहीं है।" in body  # Devanagari intact through the wire
        assert "विभागाध्यक्ष" in body and "Head of department" in body
        assert "कार्यवाही जारी" in body and "In progress" in body
        assert "UK-2025-000123" in body
        assert "[aadhaar]" in body and "[phone]" in body and "[email]" in body
        for secret in (AADHAAR, spaced(AADHAAR), "98765", "43210", EMAIL, "ramesh"):
            assert secret not in body
        assert spaced(NOT_AADHAAR) in body  # not an Aadhaar number, kept as pii.redact does
        assert "…" in body  # the long text was cut
    # Most overdue first.
    assert plain.index("UK-2025-000123") < plain.index("UK-2025-000124")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; nobody" in html
    assert "<script>" in plain  # plain text needs no escaping
    assert AADHAAR.encode() not in raw and EMAIL.encode() not in raw


def test_one_refused_recipient_does_not_stop_the_others(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="desk@uk.example", timeout=5)
    messages = [
        digest(to=("nodal@refused.example",)),
        digest(to=("nodal@health.example",), dept="health"),
        render_digest("roads", "Roads", "सड़क", [], datetime(2025, 3, 10, tzinfo=IST)),  # no To
    ]
    with pytest.raises(DigestSendError) as info:
        send_digests(settings, messages)
    err = info.value
    assert err.sent == 1
    assert [r for r, _ in inbox.received] == [["nodal@health.example"]]
    text = str(err)
    assert f"127.0.0.1:{port}" in text
    assert "nodal@refused.example" in text and "550" in text
    assert "no recipient" in text
    assert len(err.failures) == 2


def test_partly_refused_recipients_are_reported(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="desk@uk.example", timeout=5)
    msg = digest(to=("nodal@energy.example", "old@refused.example"))
    with pytest.raises(DigestSendError) as info:
        send_digests(settings, [msg])
    assert info.value.sent == 1
    assert [r for r, _ in inbox.received] == [["nodal@energy.example"]]
    assert "old@refused.example" in str(info.value)


def test_unreachable_server_names_host_and_every_recipient() -> None:
    port = free_port()  # nothing listens there
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="desk@uk.example", timeout=2)
    messages = [digest(to=("a@energy.example",)), digest(to=("b@health.example",), dept="health")]
    with pytest.raises(DigestSendError) as info:
        send_digests(settings, messages)
    text = str(info.value)
    assert info.value.sent == 0
    assert f"127.0.0.1:{port}" in text
    assert "a@energy.example" in text and "b@health.example" in text


def test_items_of_another_department_are_refused() -> None:
    with pytest.raises(ValueError, match="health"):
        render_digest("energy", "Energy", "ऊर्जा", [item("X-1", "t", dept="health")],
                      datetime(2025, 3, 10, tzinfo=IST))


def test_empty_digest_says_so_in_both_languages() -> None:
    msg = render_digest("roads", "Roads", "सड़क", [], datetime(2025, 3, 10, tzinfo=IST))
    _, plain, html = parts(msg.as_bytes())
    assert "No grievance is past its deadline." in plain
    assert "कोई शिकायत समय-सीमा से बाहर नहीं है।" in html


def test_password_is_not_in_repr() -> None:
    settings = SmtpSettings(host="mail", sender="desk@uk.example", password="hunter2")
    assert "hunter2" not in repr(settings)
