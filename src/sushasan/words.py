"""Every word a user sees, in English and Hindi, from one gettext catalogue.

The catalogue is ``locale/hi/LC_MESSAGES/sushasan.po``: English is the msgid, Hindi the msgstr,
and every layer reads it through this module: the web (its Jinja ``_()`` too), the reports, the
e-mail digests, the audit's evidence and fixes, the CLI. It holds two kinds of entry:

- **a sentence written where it is used**: a msgid alone. Code asks with :func:`hindi`,
  :func:`say` or :func:`pair`; templates with ``_()``; plurals go through :func:`plural` and
  :func:`counted`. A sentence kept in a constant is marked ``N_("…")``.
- **a word named by a code** (a pillar or indicator id, a ticket state, an audit check): the
  code is the entry's msgctxt (``rank``, ``state:received``, ``fix:https``) and code asks with
  :func:`both` or :func:`word`. Bare codes are the review's words; ``kind:code`` the others.

Whole sentences only, never glued fragments, so a translator sees each one entire. Placeholders
are ``{name}`` (``str.format``) in code and ``%(name)s`` in templates; a test checks that the
Hindi keeps every placeholder of its English, that every entry is translated, and that every word
the code asks for is in the catalogue.

There is no ``.mo`` in git or in the package: each process compiles the ``.po`` in memory with
Babel the first time a word is asked for (a few milliseconds) and keeps the result, so an edited
``.po`` needs no build step and a fresh clone works as it is. ``python -m sushasan.words`` lists
entries that still lack a translation or are marked fuzzy (fuzzy ones are not used).
"""

from __future__ import annotations

import gettext
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "both",
    "catalogue_problems",
    "counted",
    "has",
    "hindi",
    "named",
    "pair",
    "plural",
    "po_path",
    "say",
    "slashed",
    "translations",
    "word",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "sushasan"
LANGUAGES = ("hi", "en")
_MISSING = object()


def po_path(lang: str = "hi", locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class _Words:
    """The catalogue read once: sentences by msgid, words by code, plurals by their English."""

    sentences: dict[str, str]
    named: dict[str, tuple[str, str]]
    plurals: dict[tuple[str, str], tuple[str, ...]]
    mo: bytes


def _read(po: Path) -> Catalog:
    # Babel is imported here, not at the top: most commands print English only and never pay
    # for it (importing it takes longer than reading the catalogue).
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        return read_po(fh, locale="hi")


@cache
def _words(locale_dir: Path = LOCALE_DIR) -> _Words:
    catalog = _read(po_path("hi", locale_dir))
    sentences: dict[str, str] = {}
    named: dict[str, tuple[str, str]] = {}
    plurals: dict[tuple[str, str], tuple[str, ...]] = {}
    for m in catalog:
        if not m.id or m.fuzzy:  # fuzzy entries are guesses: not shown, as msgfmt does
            continue
        if isinstance(m.id, tuple):
            forms = tuple(m.string) if isinstance(m.string, (tuple, list)) else (m.string,)
            if all(forms) and m.context is None:
                plurals[(m.id[0], m.id[1])] = forms
        elif m.context is not None:
            named[m.context] = (m.id, m.string or m.id)
        elif m.string:
            sentences[m.id] = str(m.string)
    return _Words(sentences, named, plurals, _compiled(catalog))


def _compiled(catalog: Catalog) -> bytes:
    """The catalogue as .mo bytes, in memory (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


# -- sentences written where they are used -----------------------------------------------------


def N_(text: str) -> str:
    """Marks a sentence kept in a constant for the catalogue's checks; it is translated where it
    is shown."""
    return text


def hindi(text: str) -> str:
    """The Hindi of an English sentence (the English itself until it is translated)."""
    return _words().sentences.get(text, text)


def say(text: str, lang: str) -> str:
    """An English sentence in ``lang``."""
    return hindi(text) if lang == "hi" else text


def pair(text: str, **values: object) -> tuple[str, str]:
    """(English, Hindi) of a sentence, for the places that print both; with ``values``, each
    filled in (``str.format``)."""
    en, hi = text, hindi(text)
    return (en.format(**values), hi.format(**values)) if values else (en, hi)


def slashed(text: str, **values: object) -> str:
    """"English / हिन्दी": the CLI's and the progress bars' way of giving both at once."""
    return " / ".join(pair(text, **values))


def plural(one: str, many: str, n: int, lang: str) -> str:
    """The sentence in the form ``n`` takes in ``lang`` (a plural entry of the catalogue):
    English takes ``one`` for 1 only, Hindi its singular for 0 and 1."""
    if lang == "hi":
        forms = _words().plurals.get((one, many))
        if forms is not None:
            return forms[0] if n in (0, 1) else forms[-1]
    return one if n == 1 else many


def counted(n: int, one: str, many: str, lang: str = "en") -> str:
    """A count with the word in the form the count takes: "1 group", "3 groups"; in Hindi
    "1 समूह", "3 समूहों" (Hindi takes the singular for 0 and 1, English only for 1). Never
    "group(s)": a reader should not have to decode the sentence.

    ``one`` and ``many`` are English; in Hindi their catalogue entry gives the forms (words
    with no entry are taken as already written in the language asked for)."""
    single = n in (0, 1) if lang == "hi" else n == 1
    if lang == "hi":
        forms = _words().plurals.get((one, many))
        if forms is not None:
            one, many = forms[0], forms[-1]
    return f"{n:,} {one if single else many}"


# -- words named by a code ---------------------------------------------------------------------


def both(code: str, default: object = _MISSING) -> tuple[str, str]:
    """(English, Hindi) of the word the catalogue names ``code``; a ``KeyError`` for an unknown
    code unless a ``default`` pair is given."""
    found = _words().named.get(code)
    if found is None:
        if default is _MISSING:
            raise KeyError(code)
        return default  # type: ignore[return-value]
    return found


def word(code: str, lang: str, default: str | None = None) -> str:
    """The word named ``code`` in ``lang``; an unknown code is ``default`` or, without one, the
    code itself without its kind (a new indicator or state shows its id, not a broken page)."""
    found = _words().named.get(code)
    if found is None:
        return (code.partition(":")[2] or code) if default is None else default
    return found[1] if lang == "hi" else found[0]


def has(code: str) -> bool:
    return code in _words().named


def named() -> dict[str, tuple[str, str]]:
    """Every word named by a code, code → (English, Hindi) (a template's lookup table)."""
    return dict(_words().named)


# -- the web's gettext -------------------------------------------------------------------------


@cache
def translations(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """The catalogue for gettext users (the web's Jinja ``_()``), compiled from the .po on disk
    once per process. English is the msgid itself, so it needs no catalogue."""
    if lang != "hi":
        return gettext.NullTranslations()
    mo = _words().mo if locale_dir == LOCALE_DIR else _compiled(_read(po_path(lang, locale_dir)))
    return gettext.GNUTranslations(io.BytesIO(mo))


def catalogue_problems(lang: str = "hi", locale_dir: Path = LOCALE_DIR) -> Iterator[str]:
    """Entries a user would see untranslated: an empty msgstr (or plural form), or a fuzzy entry,
    which the loader skips. English is the source language: it has no catalogue to check."""
    if lang == "en":
        return
    for message in _read(po_path(lang, locale_dir)):
        if not message.id:
            continue
        ident = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.context:
            ident = f"{message.context}: {ident}"
        if message.fuzzy:
            yield f"{lang}: fuzzy: {ident!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            yield f"{lang}: not translated: {ident!r}"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    problems = list(catalogue_problems("hi"))
    for problem in problems:
        sys.stdout.write(problem + "\n")
    sys.exit(1 if problems else 0)
