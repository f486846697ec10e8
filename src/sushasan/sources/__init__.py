"""Sources of records: one module per API or export format, each registered as a plugin."""
