"""Language layer: script detection now; Hinglish language id and normalisation come later."""

from sushasan.language.script import script_language

__all__ = ["script_language"]
