"""Erasure: one path that removes a citizen's personal data from every store that holds it.

A citizen's erasure request (``sushasan grievances erase --author`` or ``--docket``) and the
retention run (``grievances purge``, and the worker's daily ``retention`` job) both go through
:func:`sushasan.erasure.run.erase`, so there is one list of stores and it cannot drift:

- ``subject``: who is erased (handles, author ids, interactions, dockets) and the *needles*
  (their identifiers, texts and the personal data in them) searched for everywhere else; the
  tombstones that replace them (keyed hashes whose key is thrown away after the run);
- ``files``: raw landed copies and generated files rewritten without the subject's records
  (write a new file, fsync, rename);
- ``run``: the order (lake → desk → raw → other files → compaction) and the report, whose
  counts per store go into the audit trail as the erasure's own event (no personal data).

The desk's SQL lives in ``desk/erasure.py`` and the Parquet rewrite in ``lake/store.py``, the one
writer of each store.
"""

from sushasan.erasure.run import ErasureReport, erase
from sushasan.erasure.subject import Subject

__all__ = ["ErasureReport", "Subject", "erase"]
