"""Telling people about tickets: e-mail digests of what is overdue, per department.

``digest`` (render a bilingual, redacted digest; send digests over SMTP), ``overdue`` (gather a
department's overdue tickets from the ticket desk into its digest) and ``contacts`` (who
receives it). Uses :mod:`sushasan.grievances.tickets`; nothing there knows of mail.
"""

from __future__ import annotations

__all__: list[str] = []
