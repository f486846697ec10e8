"""Language layer: script, language id (Hindi, English, Hinglish, mixed), normalisation, PII."""

from sushasan.language.detect import LanguageGuess, detect_labels, detect_language, detect_many
from sushasan.language.normalise import (
    normalise_roman,
    normalise_roman_text,
    normalise_text,
    repair_mojibake,
)
from sushasan.language.pii import find_pii, redact
from sushasan.language.script import script_language

__all__ = [
    "LanguageGuess",
    "detect_labels",
    "detect_language",
    "detect_many",
    "find_pii",
    "normalise_roman",
    "normalise_roman_text",
    "normalise_text",
    "redact",
    "repair_mojibake",
    "script_language",
]
