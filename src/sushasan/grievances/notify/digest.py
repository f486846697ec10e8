"""E-mail digests of overdue grievances, one per department, in Hindi and English.

A digest leaves the desk: it goes to a department's nodal officer through ordinary mail
servers, gets forwarded and printed. So the citizen's text is passed through
:func:`sushasan.language.pii.redact` (phone numbers, e-mail addresses, Aadhaar numbers) *before*
it is shortened and before it goes into any part of the message, and each text is cut short:
the digest points to the desk, it does not replace it.

Rendering and sending are separate so the desk can render, show and log a digest, then send;
:func:`send_digests` keeps going past a refused recipient and reports every failure at the end.
"""

from __future__ import annotations

import contextlib
import html
import smtplib
import ssl
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from sushasan.config import Secret
from sushasan.errors import DigestSendError
from sushasan.language.pii import redact
from sushasan.quarters import IST
from sushasan.words import N_, both, pair, slashed

__all__ = [
    "DigestItem",
    "DigestSendError",
    "SendFailure",
    "SmtpSettings",
    "render_digest",
    "safe_excerpt",
    "send_digests",
]

TEXT_LIMIT = 280  # characters of the citizen's text shown per ticket, after redaction

@dataclass(frozen=True)
class DigestItem:
    """One overdue ticket as the desk hands it over; ``text`` is raw and is redacted here."""

    docket: str
    department_id: str
    text: str
    received_at: datetime
    due_at: datetime
    days_overdue: int
    status: str
    level: str


def safe_excerpt(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` with personal data redacted, whitespace folded, cut to about ``limit`` chars.

    Redaction comes first: cutting first could split a phone number so that the rest no longer
    looks like one and leaks. The cut falls on a space where it can, and never between a
    Devanagari letter and its vowel sign or virama (which would show a broken letter).
    """
    clean = " ".join(redact(text).split())
    if len(clean) <= limit:
        return clean
    cut = clean.rfind(" ", limit // 2, limit + 1)
    if cut == -1:
        cut = limit
        while cut > 0 and unicodedata.category(clean[cut])[0] == "M":
            cut -= 1
    return clean[:cut].rstrip() + " …"


def _label(code: str, kind: str) -> tuple[str, str]:
    """A stored code in words: the dashboard's own (the catalogue's ``state:`` and ``level:``
    words), so a ticket goes by one name everywhere; an unknown code is shown as it is."""
    return both(f"{kind}:{code}", (code, code))


_COUNT = N_("Grievances past their deadline: {n}")
_NONE = N_("No grievance is past its deadline.")
_REDACTED = N_("Phone numbers, e-mail addresses and Aadhaar numbers are removed; see the full "
               "ticket on the grievance desk.")


def _head(key: str) -> str:
    """A field's name as the plain-text digest gives it: "हिन्दी / English"."""
    en, hi = both(f"digest:{key}")
    return f"{hi} / {en}"


def _when(value: datetime) -> str:
    return value.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")


def _day(value: datetime) -> str:
    return value.astimezone(IST).strftime("%d-%m-%Y")


def render_digest(
    department_id: str,
    name_en: str,
    name_hi: str,
    items: Iterable[DigestItem],
    generated_at: datetime,
    *,
    to: Sequence[str] = (),
    sender: str | None = None,
) -> EmailMessage:
    """A bilingual digest (plain text, with an HTML alternative) of one department's items.

    Items of other departments are refused rather than silently dropped, since mixing them up
    would show one department's citizens to another. Recipients may be given here or added to
    the message's ``To`` header later; :func:`send_digests` fills ``From`` if it is missing.
    """
    rows = sorted(items, key=lambda i: (-i.days_overdue, i.due_at, i.docket))
    strays = sorted({i.department_id for i in rows} - {department_id})
    if strays:
        raise ValueError(f"digest for {department_id} got items of {', '.join(strays)}")
    n = len(rows)
    msg = EmailMessage()
    msg["Subject"] = f"{slashed('Overdue grievances')}: {name_en} / {name_hi} ({n})"
    if to:
        msg["To"] = ", ".join(to)
    if sender:
        msg["From"] = sender
    msg["Date"] = format_datetime(generated_at.astimezone(IST))
    # base64 keeps Devanagari intact through servers without 8BITMIME, at a third more bytes
    # (quoted-printable would triple them).
    msg.set_content(_text(department_id, name_en, name_hi, rows, generated_at), cte="base64")
    msg.add_alternative(_html(department_id, name_en, name_hi, rows, generated_at),
                        subtype="html", cte="base64")
    return msg


def _text(department_id: str, name_en: str, name_hi: str, rows: list[DigestItem],
          generated_at: datetime) -> str:
    count_en, count_hi = (t.format(n=len(rows)) for t in pair(_COUNT))
    lines = [
        f"{name_hi} / {name_en} ({department_id})",
        count_hi,
        count_en,
        f"{_head('generated')}: {_when(generated_at)}",
        "",
    ]
    if not rows:
        lines += reversed(pair(_NONE))
    for i, item in enumerate(rows, start=1):
        status_en, status_hi = _label(item.status, "state")
        level_en, level_hi = _label(item.level, "level")
        lines += [
            f"{i}. {_head('docket')} {item.docket}",
            f"   {_head('received')}: {_when(item.received_at)}",
            f"   {_head('due')}: {_day(item.due_at)}",
            f"   {_head('overdue')}: {item.days_overdue}",
            f"   {_head('status')}: {status_hi} / {status_en}",
            f"   {_head('level')}: {level_hi} / {level_en}",
            f"   {_head('grievance')}: {safe_excerpt(item.text)}",
            "",
        ]
    lines += reversed(pair(_REDACTED))
    return "\n".join(lines) + "\n"


def _html(department_id: str, name_en: str, name_hi: str, rows: list[DigestItem],
          generated_at: datetime) -> str:
    e = html.escape
    head = "".join(
        "<th>{1}<br>{0}</th>".format(*map(e, both(f"digest:{key}")))
        for key in ("docket", "received", "due", "overdue-short", "status", "level", "grievance")
    )
    count_en, count_hi = (e(t.format(n=len(rows))) for t in pair(_COUNT))
    none_en, none_hi = map(e, pair(_NONE))
    generated_en, generated_hi = map(e, both("digest:generated"))
    redacted_en, redacted_hi = map(e, pair(_REDACTED))
    body = []
    for item in rows:
        status_en, status_hi = _label(item.status, "state")
        level_en, level_hi = _label(item.level, "level")
        body.append(
            f"<tr><td>{e(item.docket)}</td><td>{e(_when(item.received_at))}</td>"
            f"<td>{e(_day(item.due_at))}</td><td>{item.days_overdue}</td>"
            f"<td>{e(status_hi)}<br>{e(status_en)}</td><td>{e(level_hi)}<br>{e(level_en)}</td>"
            f"<td>{e(safe_excerpt(item.text))}</td></tr>"
        )
    table = (
        f"<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr>{head}</tr>"
        f"{''.join(body)}</table>"
        if rows else f"<p>{none_hi}<br>{none_en}</p>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"hi\"><head><meta charset=\"utf-8\">"
        f"<title>{e(name_en)}</title></head><body>"
        f"<h1>{e(name_hi)} / <span lang=\"en\">{e(name_en)}</span> ({e(department_id)})</h1>"
        f"<p>{count_hi}<br>"
        f"<span lang=\"en\">{count_en}</span><br>"
        f"{generated_hi} / <span lang=\"en\">{generated_en}</span>: {e(_when(generated_at))}</p>"
        f"{table}"
        f"<p>{redacted_hi}<br><span lang=\"en\">{redacted_en}</span></p>"
        "</body></html>\n"
    )


# -- sending ----------------------------------------------------------------------------------


@dataclass(kw_only=True)
class SmtpSettings:
    """Where and how to send. ``ssl`` is implicit TLS (port 465); ``starttls`` upgrades port 587."""

    host: str
    port: int = 25
    username: str | None = None
    password: str | Secret | None = field(default=None, repr=False)
    starttls: bool = False
    ssl: bool = False
    sender: str
    timeout: float = 30.0


@dataclass(frozen=True)
class SendFailure:
    """One digest (or some of its recipients) that did not go out, and why."""

    recipients: str
    subject: str
    reason: str

    def __str__(self) -> str:
        return f"to {self.recipients or '(no recipient)'}: {self.reason}"


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.ssl:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.starttls and not settings.ssl:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            password = settings.password
            if isinstance(password, Secret):
                password = password.reveal()
            smtp.login(settings.username, password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _sender_domain(sender: str) -> str | None:
    """The sender's domain for Message-IDs (so no slow host-name lookup is needed)."""
    _, addr = parseaddr(sender)
    domain = addr.rpartition("@")[2]
    return domain or None


def send_digests(settings: SmtpSettings, messages: Iterable[EmailMessage]) -> int:
    """Send each message over one SMTP session; returns how many went out.

    A refused recipient or message is recorded and the rest are still sent; a dropped
    connection is re-opened once. If anything failed, :class:`DigestSendError` is raised at the
    end, naming the server, each recipient and the reason, with ``sent`` for the rest. ``From``,
    ``Message-ID`` and ``Date`` are filled in on messages that lack them.
    """
    host = f"{settings.host}:{settings.port}"
    failures: list[SendFailure] = []
    sent = 0
    smtp: smtplib.SMTP | None = None
    pending = list(messages)
    try:
        for index, msg in enumerate(pending):
            to = str(msg.get("To", "") or "")
            subject = str(msg.get("Subject", ""))
            if not to.strip():
                failures.append(SendFailure(to, subject, "the message has no recipient (To)"))
                continue
            if "From" not in msg:
                msg["From"] = settings.sender
            if "Message-ID" not in msg:
                msg["Message-ID"] = make_msgid(domain=_sender_domain(settings.sender))
            if "Date" not in msg:
                msg["Date"] = format_datetime(datetime.now(IST))
            for attempt in (1, 2):
                if smtp is None:
                    try:
                        smtp = _connect(settings)
                    except smtplib.SMTPAuthenticationError as exc:
                        reason = f"login as {settings.username} refused ({exc.smtp_code})"
                        failures.extend(_all_failed(pending[index:], reason))
                        return _finish(host, sent, failures)
                    except (OSError, smtplib.SMTPException) as exc:
                        reason = f"cannot reach or talk to the mail server ({exc})"
                        failures.extend(_all_failed(pending[index:], reason))
                        return _finish(host, sent, failures)
                try:
                    refused = smtp.send_message(msg)
                except smtplib.SMTPRecipientsRefused as exc:
                    failures.append(SendFailure(to, subject, _refusals(exc.recipients)))
                except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
                    _close(smtp)
                    smtp = None
                    if attempt == 1:
                        continue  # re-open the session and try this message once more
                    failures.append(SendFailure(to, subject, f"connection lost ({exc})"))
                except smtplib.SMTPResponseException as exc:
                    failures.append(SendFailure(
                        to, subject, f"refused ({exc.smtp_code} {_text_of(exc.smtp_error)})"))
                except (OSError, smtplib.SMTPException) as exc:
                    # A timeout mid-message leaves the session unusable: start a new one.
                    _close(smtp)
                    smtp = None
                    failures.append(SendFailure(to, subject, f"not sent ({exc})"))
                else:
                    sent += 1
                    if refused:
                        failures.append(
                            SendFailure(", ".join(refused), subject, _refusals(refused)))
                break
    finally:
        _quit(smtp)
    return _finish(host, sent, failures)


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{rcpt} refused ({code} {_text_of(text)})"
                     for rcpt, (code, text) in refused.items())


def _text_of(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _all_failed(messages: list[EmailMessage], reason: str) -> list[SendFailure]:
    return [SendFailure(str(m.get("To", "") or ""), str(m.get("Subject", "")), reason)
            for m in messages]


def _finish(host: str, sent: int, failures: list[SendFailure]) -> int:
    if failures:
        raise DigestSendError(host, sent, failures)
    return sent


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError):
            smtp.close()


def _quit(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        _close(smtp)
