"""Live sources: platform APIs fetched incrementally, politely and resumably.

Every fetched page is landed verbatim under ``raw/api/`` and imported through the same pipeline as
a saved page (``x-api-json`` and friends), so live and hand-saved data map identically; the
account's cursor moves only after the page's records are stored.
"""
