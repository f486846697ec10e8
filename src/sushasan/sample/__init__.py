"""Seeded, clearly labelled sample quarters for demos and tests (never mixed with real records)."""
