"""The catalogue cannot rot: every UI string extracted from the dashboard has a Hindi translation,
no entry is empty or fuzzy, plurals follow Hindi's rule, the loader reads the .po on disk (there
is no compiled .mo to go stale), and Indian number grouping equals Babel's."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from sushasan.web.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    babel_number,
    catalogue_problems,
    fmt_number,
    translations,
)
from sushasan.words import po_path

WEB = files("sushasan.web")


def _extracted() -> set[str]:
    found = extract_from_dir(
        str(WEB), [("**/templates/**.html", "jinja2"), ("**.py", "python")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None, "N_": None},
    )
    return {message for _f, _l, message, _c, _ctx in found if isinstance(message, str)}


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_ui_string_is_in_the_catalogue_and_translated_into_hindi() -> None:
    wanted = _extracted()
    assert len(wanted) > 50
    hi = _catalog("hi")
    missing = sorted(m for m in wanted if m not in hi or not hi[m].string)
    assert not missing, f"add Hindi for: {missing}"
    # English is the msgid itself: there is no English catalogue to keep in step.
    assert not po_path("en").exists()


def test_no_message_is_empty_or_fuzzy() -> None:
    for lang in LANGUAGES:
        assert list(catalogue_problems(lang)) == []
    hi = _catalog("hi")
    assert len([m for m in hi if m.id]) > 100  # the check ran on the real catalogue


def _copy(tmp_path: Path) -> Path:
    """The shipped catalogues in a scratch folder, to edit without touching the package."""
    return Path(shutil.copytree(LOCALE_DIR, tmp_path / "locale"))


def _add(po: Path, entry: str) -> None:
    po.write_text(po.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")


def test_the_loader_reads_the_po_on_disk_and_no_mo(tmp_path: Path) -> None:
    locale = _copy(tmp_path)
    po = po_path("hi", locale)
    assert translations("hi", locale).gettext("Please sign in.") == "कृपया लॉग इन करें।"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "कृपया लॉग इन करें।"', 'msgstr "कृपया पहले लॉग इन करें।"'), encoding="utf-8")
    # A stale compiled file beside the .po must not be what the user sees.
    (po.with_suffix(".mo")).write_bytes(b"\x00not a catalogue")
    translations.cache_clear()
    assert translations("hi", locale).gettext("Please sign in.") == "कृपया पहले लॉग इन करें।"
    translations.cache_clear()
    assert translations("hi").gettext("Please sign in.") == "कृपया लॉग इन करें।"
    assert not list(LOCALE_DIR.rglob("*.mo")), "catalogues are compiled at run time, not shipped"


def test_a_fuzzy_or_empty_entry_is_reported_and_not_shown(tmp_path: Path) -> None:
    locale = _copy(tmp_path)
    po = po_path("hi", locale)
    _add(po, '#, fuzzy\nmsgid "Guessed"\nmsgstr "अनुमान"\n\nmsgid "Forgotten"\nmsgstr ""\n')
    assert list(catalogue_problems("hi", locale)) == [
        "hi: fuzzy: 'Guessed'", "hi: not translated: 'Forgotten'"]
    assert translations("hi", locale).gettext("Guessed") == "Guessed"


def test_plural_forms_follow_each_language(tmp_path: Path) -> None:
    hi = _catalog("hi")
    assert hi.plural_forms == get_plural("hi").plural_forms  # CLDR: 0 and 1 take the singular
    locale = _copy(tmp_path)
    entry = ('msgid "%(n)s ticket"\nmsgid_plural "%(n)s tickets"\n'
             'msgstr[0] "{one}"\nmsgstr[1] "{many}"\n')
    _add(po_path("hi", locale), entry.format(one="%(n)s टिकट (एक)", many="%(n)s टिकट (अनेक)"))
    t = translations("hi", locale)
    assert [t.ngettext("%(n)s ticket", "%(n)s tickets", n) for n in (0, 1, 2)] == [
        "%(n)s टिकट (एक)", "%(n)s टिकट (एक)", "%(n)s टिकट (अनेक)"]
    en = translations("en", locale)
    assert [en.ngettext("%(n)s ticket", "%(n)s tickets", n) for n in (0, 1, 2)] == [
        "%(n)s tickets", "%(n)s ticket", "%(n)s tickets"]


@given(
    st.one_of(st.integers(-10**13, 10**13), st.floats(-1e12, 1e12, allow_nan=False)),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(LANGUAGES),
)
def test_indian_grouping_equals_babel(value: float, digits: int, lang: str) -> None:
    ours, babel = fmt_number(value, lang, digits), babel_number(value, lang, digits)
    # Babel writes "-0.0" for tiny negatives that round to zero; we write "0.0".
    assert ours == babel or ("-" + ours == babel and not ours.strip("0.,"))
