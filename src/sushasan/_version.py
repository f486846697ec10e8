"""The release number, in one place: packaging reads it (pyproject), the code imports it."""

__version__ = "0.1.0"
