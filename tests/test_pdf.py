"""PDF review pack, meeting version and certificates: structure, fonts, fit, shaping, offline.

The PDFs are written by fpdf2 in pure Python; these tests need no system fonts, Pango or browser.
Pages are checked from the written files (pypdf for text and fonts, pypdfium2 for where each
character landed) and from the canvas's own bookkeeping of what ran past a page's bottom.
"""

from __future__ import annotations

import copy
import json
import socket
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from pypdf import PdfReader
from pypdf.generic import ContentStream

from sushasan.errors import SushasanError
from sushasan.reports import charts, fonts, pdf, pdf_department, write_reports
from sushasan.reports.certificate import render_certificate, write_certificates
from sushasan.reports.pdf_layout import Part, ReportPDF
from sushasan.words import both, has
from tests.conftest import Cli

LONG_EN = (
    "Uttarakhand State Infrastructure, Industrial Development and Investment Promotion "
    "Corporation Limited (Test Name Of Unusual Length)"
)
LONG_HI = (
    "उत्तराखण्ड राज्य अवसंरचना, औद्योगिक विकास एवं निवेश प्रोत्साहन निगम लिमिटेड "
    "(असामान्य लंबाई का परीक्षण नाम)"
)
MM = 72 / 25.4


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("pdfworld")
    s = Cli(root / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", "2024Q3", "--seed", "7")
    s("review", "--quarter", "2024Q3", "--out", str(root / "out"), "--format", "json")
    return json.loads((root / "out" / "review-2024Q3.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def written(review: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The full pack, the meeting version and the certificates, written once by write_reports."""
    out = tmp_path_factory.mktemp("pdf")
    paths = write_reports(review, out, ["pdf", "certificates"])
    return {"full": out / "review-2024Q3.pdf", "meeting": out / "review-2024Q3-meeting.pdf",
            "certificates": [p for p in paths if p.name.startswith("certificate-")]}  # type: ignore[dict-item]


def _ranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted((d for d in review["departments"] if d["rank"] is not None),
                  key=lambda d: d["rank"])


def _text(page: Any) -> str:
    return " ".join(page.extract_text().split())


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def _stray_chars(path: Path, margin_mm: float = 8.0) -> list[tuple[int, str]]:
    """(page, char) for every character drawn outside the page less `margin_mm` on each side."""
    stray = []
    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        w, h = page.get_size()
        text = page.get_textpage()
        for c in range(text.count_chars()):
            ch = text.get_text_range(c, 1)
            if not ch.strip():
                continue
            left, bottom, right, top = text.get_charbox(c)
            m = margin_mm * MM
            if left < m - 0.5 or right > w - m + 0.5 or bottom < m - 0.5 or top > h - m + 0.5:
                stray.append((i, ch))
    return stray


def _subset(review: dict[str, Any], ranked: int, unranked: int) -> dict[str, Any]:
    """A smaller review (quicker to render) with the same shape."""
    r = copy.deepcopy(review)
    keep = _ranked(r)[:ranked] + [d for d in r["departments"] if d["rank"] is None][:unranked]
    r["departments"] = keep
    r["top3"] = [d["id"] for d in _ranked(r)[:3]]
    r["summary"] = {**r["summary"], "departments": len(keep), "ranked": ranked,
                    "insufficient_data": len(keep) - ranked}
    return r


# ---- the pack -------------------------------------------------------------------------------


def test_one_summary_page_league_pages_a_page_per_department_and_the_annex(
    review: dict[str, Any], written: dict[str, Path]
) -> None:
    reader = PdfReader(written["full"])
    ranked = _ranked(review)
    league = len(pdf.league_pages(review))
    assert len(ranked) == review["summary"]["ranked"]
    assert len(reader.pages) == 1 + league + len(ranked) + 1 == pdf.page_count(review)
    first = _text(reader.pages[0])
    assert "SAMPLE DATA" in first and "Top 3 departments" in first
    assert "League table" in _text(reader.pages[1])
    for i, d in enumerate(ranked):  # each department on its own page, in rank order
        assert " ".join(d["name_en"].split()) in _text(reader.pages[1 + league + i])
    assert "Annex" in _text(reader.pages[-1])
    n = len(reader.pages)
    for i, page in enumerate(reader.pages):  # the footer on every page, with the right total
        text = _text(page)
        assert "Sushasan · Quarterly social-media review 2024Q3 · Uttarakhand" in text
        assert f"{i + 1} / {n}" in text and "SAMPLE DATA" in text


def test_league_table_names_every_department_and_repeats_its_heading(
    review: dict[str, Any], written: dict[str, Path]
) -> None:
    reader = PdfReader(written["full"])
    pages = [_text(reader.pages[1 + i]) for i in range(len(pdf.league_pages(review)))]
    assert len(pages) >= 2
    for text in pages:
        assert "League table" in text and "Department" in text and "Score (0–100)" in text
    league = " ".join(pages)
    for d in review["departments"]:
        assert " ".join(d["name_en"].split()) in league


def test_insufficient_data_is_a_block_after_the_ranked_never_ranked_last(
    review: dict[str, Any],
) -> None:
    for compact in (False, True):
        kinds = [row["kind"] for page in pdf.league_pages(review, compact) for row in page]
        first_divider = kinds.index("divider")
        assert set(kinds[:first_divider]) == {"ranked"}
        assert "ranked" not in kinds[first_divider:]
        assert kinds.count("unranked") == review["summary"]["insufficient_data"]


def test_only_the_packaged_noto_fonts_are_embedded(written: dict[str, Path]) -> None:
    for path in [written["full"], written["meeting"], *written["certificates"]]:  # type: ignore[misc]
        names = {f.split("+", 1)[1] for f in _fonts(PdfReader(path))}
        assert "NotoSansDevanagari" in names and "NotoSans" in names, names
        assert names <= {"NotoSans", "NotoSansBold", "NotoSansDevanagari",
                         "NotoSansDevanagariBold"}, names


def test_nothing_runs_past_a_page(review: dict[str, Any], written: dict[str, Path]) -> None:
    assert pdf.render(review).overflows == []
    assert _stray_chars(written["full"]) == []
    assert _stray_chars(written["meeting"]) == []


def test_the_overflow_check_does_catch_an_overfull_page(
    review: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _subset(review, ranked=3, unranked=0)
    flag = {"detail_en": "A long point to note. " * 30, "detail_hi": "ध्यान देने योग्य बात। " * 30}
    r["departments"][0]["flags"] = [flag] * 12
    monkeypatch.setattr(pdf_department, "MAX_FLAGS", 12)
    assert r["departments"][0]["id"] in pdf.render(r).overflows


def test_platforms_are_named_not_coded(review: dict[str, Any], written: dict[str, Path]) -> None:
    reader = PdfReader(written["full"])
    league = len(pdf.league_pages(review))
    text = _text(reader.pages[1 + league])
    coverage = _ranked(review)[0]["coverage"]
    for code, name in pdf.PLATFORMS.items():
        if code in coverage:
            assert name in text
    assert "facebook" not in text and "youtube" not in text


# ---- the meeting version --------------------------------------------------------------------


def test_meeting_version_is_summary_league_and_the_top3_in_six_pages(
    review: dict[str, Any], written: dict[str, Path]
) -> None:
    reader = PdfReader(written["meeting"])
    assert len(reader.pages) == pdf.meeting_page_count(review) <= 6
    league = len(pdf.league_pages(review, compact=True))
    assert "Top 3 departments" in _text(reader.pages[0])
    names = " ".join(_text(reader.pages[1 + i]) for i in range(league))
    for d in review["departments"]:  # every department is in the compact table too
        assert d["name_en"].split()[0] in names
    by_id = {d["id"]: d for d in review["departments"]}
    top = [by_id[i] for i in review["top3"]]
    for i, d in enumerate(top):
        assert " ".join(d["name_en"].split()) in _text(reader.pages[1 + league + i])
    assert len(reader.pages) == 1 + league + 3


def test_pdf_format_writes_both_files(review: dict[str, Any], tmp_path: Path) -> None:
    r = _subset(review, ranked=5, unranked=1)
    paths = write_reports(r, tmp_path, ["pdf"])
    assert [p.name for p in paths] == ["review-2024Q3.pdf", "review-2024Q3-meeting.pdf"]
    assert len(PdfReader(paths[0]).pages) == pdf.page_count(r)
    assert len(PdfReader(paths[1]).pages) == pdf.meeting_page_count(r)


# ---- top-3 note -----------------------------------------------------------------------------


def test_top3_note_is_shown_under_the_podium_when_given(review: dict[str, Any]) -> None:
    r = _subset(review, ranked=6, unranked=1)
    without = pdf.render(r)
    r["top3_note"] = {
        "en": "The point scores put Excise third, but the re-runs give Transport a larger chance.",
        "hi": "अंकों से आबकारी तीसरे स्थान पर है, पर पुनर्गणनाओं में परिवहन की संभावना अधिक है।",
    }
    with_note = pdf.render(r)
    assert with_note.overflows == [] and with_note.page_no() == without.page_no()
    text_with = _text(PdfReader(_bytes(with_note)).pages[0])
    text_without = _text(PdfReader(_bytes(without)).pages[0])
    assert "re-runs give Transport" in text_with and "About the top 3" in text_with
    assert "About the top 3" not in text_without
    r["top3_note"] = None
    assert "About the top 3" not in _text(PdfReader(_bytes(pdf.render(r))).pages[0])


def _bytes(doc: ReportPDF) -> Any:
    import io

    return io.BytesIO(bytes(doc.output()))


# ---- optional fields, worst cases -----------------------------------------------------------


def _bare(review: dict[str, Any]) -> dict[str, Any]:
    """The review as the walking skeleton wrote it: none of the optional fields."""
    r = _subset(review, ranked=6, unranked=2)
    for key in ("top3_confidence", "uncertainty", "unavailable_pillars"):
        r.pop(key, None)
    for d in r["departments"]:
        for key in pdf.OPTIONAL:
            d.pop(key, None)
    return r


def _crowded(review: dict[str, Any]) -> dict[str, Any]:
    """Every optional field at its fullest, with names as long as a department's can get."""
    r = _subset(review, ranked=24, unranked=9)
    indicators = list(r["method"]["weights"]["indicators"])
    effect = [{"indicator": i, "effect": 3.2 - k} for k, i in enumerate(indicators[:6])]
    flag = {
        "kind": "engagement_anomaly",
        "detail_en": "3 post(s) drew engagement far above this department's usual level, which "
                     "can mean bought likes or shares; the review cell should look at them.",
        "detail_hi": "3 पोस्ट पर विभाग के सामान्य स्तर से बहुत अधिक सहभागिता आई, जो ख़रीदे गए "
                     "लाइक या शेयर का संकेत हो सकता है; समीक्षा प्रकोष्ठ इन्हें देखे।",
    }
    for k, d in enumerate(r["departments"]):
        d["name_en"], d["name_hi"] = LONG_EN, LONG_HI
        if d["rank"] is None:
            continue
        d.update(
            median_rank=d["rank"] + 0.5, rank_interval=[max(1, d["rank"] - 3), d["rank"] + 9],
            tier=1 + d["rank"] // 5, top3_share=0.42, size_group="B", group_rank=2,
            explanation={
                "helped": effect, "hurt": [{**e, "effect": -e["effect"]} for e in effect],
                "to_top3": [{"indicator": i, "from": 0.4, "to": 0.55} for i in indicators[:5]],
            },
            trend={"previous_quarter": "2024Q2", "previous_rank": None if k == 0 else 9,
                   "rank_change": None, "score_change": -3.25},
            flags=[flag] * 4,
            reconciliation=[{"platform": "x", "metric": m, "per_post": 1_367_813,
                             "daily": 1_376_290, "difference": 8_477,
                             "difference_share": 0.006159, "flagged": True}
                            for m in ("impressions", "likes", "posts")],
        )
        steps = [{"reason": "near_duplicates_removed", "from": 85, "to": 77, "records": 8},
                 {"reason": "imputed_for_missing_days", "from": 77, "to": 80.4, "share": 0.04}]
        for ind in ("posts", "active_days", "consistency", "engagement_per_post_per_1k"):
            d["indicators"][ind].update(raw=85, counted=80.4, adjustments=steps)
    r["top3_note"] = {"en": "A note on the top 3. " * 8, "hi": "शीर्ष 3 पर एक टिप्पणी। " * 8}
    return r


def test_a_review_without_the_optional_fields_still_renders(
    review: dict[str, Any], tmp_path: Path
) -> None:
    r = _bare(review)
    path = pdf.write_pdf(r, tmp_path / "bare.pdf")
    assert len(PdfReader(path).pages) == pdf.page_count(r)
    assert _stray_chars(path) == []


def test_crowded_pages_and_long_names_still_fit(review: dict[str, Any], tmp_path: Path) -> None:
    r = _crowded(review)
    doc = pdf.render(r)
    assert doc.overflows == []
    path = tmp_path / "crowded.pdf"
    doc.output(str(path))
    reader = PdfReader(path)
    assert len(reader.pages) == pdf.page_count(r)
    assert len(pdf.league_pages(r)) >= 2  # long names: the table really did run over pages
    assert _stray_chars(path) == []
    # long names wrap in the league table (every word there, over several lines), not cut
    league = _text(reader.pages[1])
    assert " ".join(LONG_EN.split()) in league
    lines = reader.pages[1].extract_text().splitlines()
    assert not any(LONG_EN in line for line in lines)  # it did not fit on one line
    text = _text(reader.pages[-2])
    for words in ("Median rank", "Tier", "Chance of a top-3 place", "Points to note",
                  "To reach the top 3", "Previous rank", "more in the review data",
                  "What the records hold and what was counted", "80.4",
                  "Near-duplicate posts left out", "Daily account file against per-post",
                  "1,376,290", "1,367,813", "0.62%"):
        assert words in text
    meeting = pdf.render(r, meeting=True)
    assert meeting.overflows == [] and meeting.page_no() <= 6


def test_every_pillar_and_indicator_has_both_names(review: dict[str, Any]) -> None:
    weights = review["method"]["weights"]
    for key in [*weights["pillars"], *weights["indicators"]]:
        assert has(key) and all(both(key))


# ---- fonts ----------------------------------------------------------------------------------


def test_a_missing_font_in_the_override_folder_names_the_file(
    review: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUSHASAN_FONT_DIR", str(tmp_path))
    with pytest.raises(SushasanError, match=r"NotoSans-Regular\.ttf.*SUSHASAN_FONT_DIR"):
        pdf.write_pdf(_bare(review), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_static_faces_are_cut_once_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Path] = []

    def fake_instance(src: Path, weight: int, dst: Path) -> None:  # the real one takes seconds
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
        made.append(dst)

    monkeypatch.delenv("SUSHASAN_FONT_DIR", raising=False)
    monkeypatch.setenv("SUSHASAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fonts, "_instance", fake_instance)
    first = fonts.font_paths()
    assert len(made) == 4 and all(p.is_relative_to(tmp_path) for p in first.values())
    assert {p.name for p in first.values()} == set(fonts.FONT_FILES.values())
    assert fonts.font_paths() == first and len(made) == 4  # the second call cuts nothing


def test_a_cut_face_is_static_with_the_right_weight(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    src, _ = fonts._source("deva-bold")
    fonts._instance(src, 700, tmp_path / "b.ttf")
    font = TTFont(tmp_path / "b.ttf")
    assert "fvar" not in font and font["OS/2"].usWeightClass == 700
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, no leftovers


# ---- shaping and offline --------------------------------------------------------------------


def _drawn_glyphs(path: Path) -> int:
    """How many glyphs page 1 draws in the Devanagari face (2 bytes each, Identity-H).

    fpdf2 may split a shaped word into several strings where a glyph is offset (a matra placed
    under a conjunct), so the count is over all of them.
    """
    reader = PdfReader(path)
    page = reader.pages[0]
    fonts_ = {k: str(v.get_object()["/BaseFont"]) for k, v in page["/Resources"]["/Font"].items()}
    count, current = 0, ""
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"Tf":
            current = fonts_[operands[0]]
        elif op in (b"Tj", b"TJ") and "Devanagari" in current:
            strings = operands[0] if op == b"TJ" else [operands[0]]
            count += sum(len(s.original_bytes) // 2 for s in strings
                         if hasattr(s, "original_bytes"))
    return count


@pytest.mark.parametrize("word", ["श्रीक्षेत्र", "प्रत्युत्तरशीलता", "उत्तराखण्ड", "कर्मचारी"])
def test_devanagari_is_shaped_as_harfbuzz_shapes_it(word: str, tmp_path: Path) -> None:
    doc = ReportPDF()
    doc.add_page()
    doc.text_at(20, 20, 150, Part(word, 12))
    doc.output(str(tmp_path / "w.pdf"))
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(fonts.font_paths()["deva"]))))
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(font, buf)
    expected = len(buf.glyph_infos)
    assert expected < len(word)  # conjuncts and matras: fewer glyphs than code points
    assert _drawn_glyphs(tmp_path / "w.pdf") == expected


def test_nothing_is_fetched_from_the_network(
    review: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = _subset(review, ranked=4, unranked=0)
    url = "https://example.org/logo.png"
    r["departments"][0]["name_en"] = f"Tourism <img src='{url}'> {url}"

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network use while writing a PDF: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    path = pdf.write_pdf(r, tmp_path / "x.pdf")
    assert url in _text(PdfReader(path).pages[1])  # drawn as text, never followed


def test_chart_text_is_drawn_as_outlines() -> None:
    svg = charts.top_scores_chart([(1, "Excise Department", "आबकारी विभाग", 78.4)], 5, 1.5)
    assert b"<path" in svg and b"<text" not in svg


# ---- certificates ---------------------------------------------------------------------------


def test_a_certificate_for_each_of_the_top3(
    review: dict[str, Any], written: dict[str, Path]
) -> None:
    paths = written["certificates"]
    by_id = {d["id"]: d for d in review["departments"]}
    expected = [f"certificate-2024Q3-{by_id[i]['rank']}-{i}.pdf" for i in review["top3"]]
    assert [p.name for p in paths] == expected  # type: ignore[attr-defined]
    for path, dep_id in zip(paths, review["top3"], strict=True):  # type: ignore[call-overload]
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert box.width > box.height  # A4 landscape
        text = _text(reader.pages[0])
        assert by_id[dep_id]["name_en"] in text
        assert "in recognition of" in text and "CHIEF MINISTER" in text.upper()
        assert "SAMPLE" in text
        assert render_certificate(review, by_id[dep_id]).overflows == []
        assert _stray_chars(path) == []


def test_certificates_from_real_data_carry_no_sample_mark(
    review: dict[str, Any], tmp_path: Path
) -> None:
    r = {**review, "data": "real", "top3": review["top3"][:1]}
    (path,) = write_certificates(r, tmp_path)
    assert "SAMPLE" not in _text(PdfReader(path).pages[0])


def test_a_long_name_on_a_certificate_stays_inside_the_frame(
    review: dict[str, Any], tmp_path: Path
) -> None:
    r = copy.deepcopy(review)
    first = next(d for d in r["departments"] if d["id"] == r["top3"][0])
    first["name_en"], first["name_hi"] = LONG_EN, LONG_HI
    r["top3"] = r["top3"][:1]
    assert render_certificate(r, first).overflows == []
    (path,) = write_certificates(r, tmp_path)
    assert _stray_chars(path, margin_mm=11) == []


def test_reports_land_whole_or_not_at_all(review: dict[str, Any], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that fails half-way leaves the last good reports as they were; a changed top 3
    leaves no certificate of the old one behind."""
    out = tmp_path / "out"
    write_reports(review, out, ["json", "certificates"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    stale = out / "certificate-2024Q3-2-someone_else.pdf"
    stale.write_bytes(b"%PDF- an earlier top 3")

    def broken(*_args: object) -> Path:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf, "write_pdf", broken)
    changed = {**review, "summary": {**review["summary"], "ranked": -1}}
    with pytest.raises(RuntimeError):
        write_reports(changed, out, ["json", "pdf"])
    assert {p.name: p.read_bytes() for p in out.iterdir() if p != stale} == before
    assert not list(out.glob(".writing-*"))
    monkeypatch.undo()
    write_reports(review, out, ["certificates"])
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_the_measurement_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from cachetools import LRUCache

    from sushasan.reports import pdf_layout

    monkeypatch.setattr(pdf_layout, "_MEASURED", LRUCache(maxsize=100))
    for i in range(250):
        pdf_layout._remember(("text", i), float(i))
    assert len(pdf_layout._MEASURED) <= 100
    assert ("text", 249) in pdf_layout._MEASURED and ("text", 0) not in pdf_layout._MEASURED
