"""Find and redact personal data that citizens put in public complaints.

People post their mobile number, landline, e-mail or even Aadhaar number so that a department
can call back; the grievance desk must not copy those into exports, dashboards or model
training data. Redaction replaces each with a placeholder ("[phone]", "[landline]", "[email]",
"[aadhaar]") and leaves every other character (Devanagari, emoji, docket numbers) as written.

Aadhaar numbers are 12 digits, the first 2–9, whose last digit is a Verhoeff check digit. The
checksum matters: complaint dockets and electricity consumer numbers are also 12 digits, and
only about one random 12-digit number in ten passes, so a number that fails is left alone
(unless another rule, such as a phone number, matches it). Devanagari digits (०–९) are read as
ASCII digits for matching; the text itself is never transliterated.
"""

from __future__ import annotations

import re

__all__ = ["PII_KINDS", "find_pii", "redact", "verhoeff_check_digit", "verhoeff_valid"]

PII_KINDS = ("email", "phone", "aadhaar", "landline")

# Verhoeff's dihedral-group D5 multiplication, position permutation and inverse tables.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def verhoeff_valid(digits: str) -> bool:
    """True when the last digit of ``digits`` is the Verhoeff check digit of the rest."""
    check = 0
    for position, char in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(char)]]
    return check == 0


def verhoeff_check_digit(digits: str) -> str:
    """The digit to append to ``digits`` so that the result is Verhoeff-valid."""
    check = 0
    for position, char in enumerate(reversed(digits)):
        check = _D[check][_P[(position + 1) % 8][int(char)]]
    return str(_INV[check])


_DEVANAGARI_DIGITS = str.maketrans("".join(map(chr, range(0x966, 0x970))), "0123456789")
# A digit run must not continue on either side, even across one space or dash, so that ten
# digits inside a longer number are not taken for a phone number.
_START = r"(?<![\w@.])(?<!\d[ -])"
_END = r"(?![ -]?\d)"
_SEP = r"[ -]?"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_WITH_CODE = re.compile(
    rf"(?:(?<![\w+])\+|(?<!\w)00)91{_SEP}\(?[6-9](?:{_SEP}\d){{9}}{_END}"
)
_AADHAAR = re.compile(rf"{_START}[2-9]\d{{3}}{_SEP}\d{{4}}{_SEP}\d{{4}}{_END}")
_PHONE = re.compile(rf"{_START}(?:(?:91|0){_SEP})?[6-9](?:{_SEP}\d){{9}}{_END}")
_LANDLINE = re.compile(
    rf"(?:(?<![\w+])\+91{_SEP}\(?|{_START}\(?0)\d{{2,4}}\)?{_SEP}\d{{3,4}}{_SEP}?\d{{3,5}}{_END}"
)
_LANDLINE_DIGITS = 10  # STD code without its 0 plus subscriber number is always ten digits.

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", _EMAIL),
    ("phone", _PHONE_WITH_CODE),
    ("aadhaar", _AADHAAR),
    ("phone", _PHONE),
    ("landline", _LANDLINE),
)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _accept(kind: str, found: str) -> bool:
    if kind == "aadhaar":
        return verhoeff_valid(_digits(found))
    if kind == "landline":
        digits = _digits(found)
        national = digits[2:] if found.startswith("+") else digits[1:]
        return len(national) == _LANDLINE_DIGITS and national[0] not in "6789"
    return True


def find_pii(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every piece of personal data as ``(kind, (start, end))``, in text order, never overlapping.

    Rules run from most to least specific (e-mail, +91 phone, Aadhaar, phone, landline); a span
    already claimed by an earlier rule is not matched again.
    """
    if not text:
        return []
    haystack = text.translate(_DEVANAGARI_DIGITS)  # same length, so spans carry over
    found: list[tuple[str, tuple[int, int]]] = []
    claimed: list[tuple[int, int]] = []
    for kind, pattern in _RULES:
        for match in pattern.finditer(haystack):
            start, end = match.span()
            if any(start < c_end and c_start < end for c_start, c_end in claimed):
                continue
            if _accept(kind, match.group()):
                found.append((kind, (start, end)))
                claimed.append((start, end))
    found.sort(key=lambda item: item[1])
    return found


def redact(text: str) -> str:
    """``text`` with each piece of personal data replaced by ``[kind]``; all else kept as is."""
    parts: list[str] = []
    last = 0
    for kind, (start, end) in find_pii(text):
        parts.append(text[last:start])
        parts.append(f"[{kind}]")
        last = end
    parts.append(text[last:])
    return "".join(parts)
