"""The catalogues cannot rot: every UI string extracted from the code has a Hindi translation,
the compiled .mo files match their .po, and Indian number grouping equals Babel's."""

from __future__ import annotations

import io
from importlib.resources import files

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from sushasan.web.i18n import LANGUAGES, babel_number, fmt_number

WEB = files("sushasan.web")


def _extracted() -> set[str]:
    found = extract_from_dir(
        str(WEB), [("**/templates/**.html", "jinja2"), ("**.py", "python")],
        {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None, "N_": None},
    )
    return {message for _f, _l, message, _c, _ctx in found if isinstance(message, str)}


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (WEB / "locale" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_ui_string_is_in_both_catalogues_and_translated_into_hindi() -> None:
    wanted = _extracted()
    assert len(wanted) > 50
    hi = _catalog("hi")
    missing = sorted(m for m in wanted if m not in hi or not hi[m].string)
    assert not missing, f"add Hindi for: {missing}"
    en = _catalog("en")
    assert not sorted(m for m in wanted if m not in en)


def test_compiled_catalogues_match_their_sources() -> None:
    for lang in LANGUAGES:
        buf = io.BytesIO()
        write_mo(buf, _catalog(lang))
        mo = (WEB / "locale" / lang / "LC_MESSAGES" / "messages.mo").read_bytes()
        assert mo == buf.getvalue(), f"run: python -m sushasan.web.i18n ({lang})"


@given(
    st.one_of(st.integers(-10**13, 10**13), st.floats(-1e12, 1e12, allow_nan=False)),
    st.sampled_from([0, 1, 2]),
    st.sampled_from(LANGUAGES),
)
def test_indian_grouping_equals_babel(value: float, digits: int, lang: str) -> None:
    ours, babel = fmt_number(value, lang, digits), babel_number(value, lang, digits)
    # Babel writes "-0.0" for tiny negatives that round to zero; we write "0.0".
    assert ours == babel or ("-" + ours == babel and not ours.strip("0.,"))
