"""Tickets for the dashboard tests, opened straight through the desk service.

Opening tickets directly (rather than through triage and the detector) keeps every test
deterministic: the text, department and age are exactly what the test says.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from fastapi import FastAPI

from sushasan.grievances.tickets.desk import NewTicket
from sushasan.language.pii import verhoeff_check_digit

__all__ = ["AADHAAR_BAD", "AADHAAR_OK", "EMAIL", "PHONE", "PII_TEXT", "open_ticket"]

_ids = itertools.count(1)

AADHAAR_OK = "23456789012" + verhoeff_check_digit("23456789012")
# Same first eleven digits, wrong check digit: a 12-digit number that is not an Aadhaar.
AADHAAR_BAD = "23456789012" + str((int(verhoeff_check_digit("23456789012")) + 1) % 10)
PHONE = "+91 98765 43210"
EMAIL = "ramesh.kumar@example.in"
PII_TEXT = (f"बस सेवा बंद है, मेरा आधार {AADHAAR_OK}, उपभोक्ता संख्या {AADHAAR_BAD}, "
            f"फ़ोन {PHONE}, ईमेल {EMAIL}")


def open_ticket(
    web: FastAPI,
    department_id: str | None,
    text: str = "Bus to Pauri has not come for three days",
    *,
    days_ago: float = 3,
    language: str | None = "en",
) -> str:
    """Open one real (non-sample) ticket ``days_ago`` before the desk's clock (frozen in the
    tests); ``department_id=None`` puts it in the triage queue."""
    service = web.state.core.grievances.tickets
    [t] = service.open([NewTicket(
        platform="x", interaction_id=f"web-test-{next(_ids)}", text=text,
        received_at=service.clock() - timedelta(days=days_ago), department_id=department_id,
        needs_triage=department_id is None, routing_score=0.42 if department_id is None else 0.9,
        routing_reasons=("keyword: bus",), grievance_score=0.9, language=language,
        author_handle=None, addressed_department_id=None, place=None, district=None,
        sample=False,
    )])
    return str(t.docket)
