"""Ingestion: parse a source into normal records, resolve accounts, store, ledger, quarantine."""
