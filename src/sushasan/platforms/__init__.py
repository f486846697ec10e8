"""One folder per platform: how to fetch from its API, how to read its answers and its exports.

``platforms/<name>/`` holds everything one platform needs, and its ``__init__`` is the plugin
that offers it through the hooks (``sushasan_importers``, ``sushasan_live_sources``):

* ``fetch.py``: the live source (incremental, polite, resumable) and ``make_source``, the
  factory that reads the platform's secret and budget from the settings;
* ``map.py``: the platform's API answers → normal records, how it says an answer failed
  (``<name>_api_error``; Graph's for Facebook and Instagram), its paging, and ``IMPORTER``, the
  ``<name>-api-json`` importer of saved answers;
* ``exports.py``: the hand-downloaded export files, when the platform has any.

The modules starting with ``_`` are plumbing the platforms share, not platforms: ``_http`` (one
HTTP client with retries, rate limits and a read budget), ``_api`` (what a mapping returns, JSON
readers, the error kinds), ``_pages`` (saved answers as import files), ``_csv`` (tolerant reading
of exports), ``_graph`` (what Facebook and Instagram share: Graph's errors, paging and cursor).
"""

#: The built-in platforms, each a folder here, in the order the registry's columns, the reports
#: and the sample list them. ``plugins.BUILTINS`` registers each folder.
PLATFORMS = ("x", "facebook", "instagram", "youtube")
