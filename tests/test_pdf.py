"""PDF review pack and certificates: structure, fonts, fit on the page, offline rendering.

Hindi text extracted from a PDF comes out scrambled (glyph order, not reading order), so the
Hindi checks here are about fonts and layout; the shaping itself was checked by eye on renders.
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from sushasan.errors import SushasanError
from sushasan.labels import LABELS
from sushasan.reports import charts, pdf
from sushasan.reports.certificate import write_certificates
from tests.conftest import Cli

LONG_EN = (
    "Uttarakhand State Infrastructure, Industrial Development and Investment Promotion "
    "Corporation Limited (Test Name Of Unusual Length)"
)
LONG_HI = (
    "उत्तराखण्ड राज्य अवसंरचना, औद्योगिक विकास एवं निवेश प्रोत्साहन निगम लिमिटेड "
    "(असामान्य लंबाई का परीक्षण नाम)"
)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("pdfworld")
    s = Cli(root / "data", env={"SUSHASAN_DATABASE_URL": ""})
    s("init")
    s("sample", "--quarter", "2024Q3", "--seed", "7")
    s("review", "--quarter", "2024Q3", "--out", str(root / "out"), "--format", "json")
    return json.loads((root / "out" / "review-2024Q3.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(
    review: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path]:
    """The full pack laid out once: the Document (for fit checks) and the PDF written from it."""
    path = tmp_path_factory.mktemp("pdf") / "review-2024Q3.pdf"
    document = pdf.render_document(pdf.render_pdf_html(review), "pdf.css")
    document.write_pdf(path)
    return document, path


def _ranked(review: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted((d for d in review["departments"] if d["rank"] is not None),
                  key=lambda d: d["rank"])


def _text(page: Any) -> str:
    return " ".join(page.extract_text().split())


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def _subset(review: dict[str, Any], ranked: int, unranked: int) -> dict[str, Any]:
    """A smaller review (quicker to render) with the same shape."""
    r = copy.deepcopy(review)
    keep = _ranked(r)[:ranked] + [d for d in r["departments"] if d["rank"] is None][:unranked]
    r["departments"] = keep
    r["summary"] = {**r["summary"], "departments": len(keep), "ranked": ranked,
                    "insufficient_data": len(keep) - ranked}
    return r


# ---- the pack -------------------------------------------------------------------------------


def test_one_summary_page_league_pages_a_page_per_department_and_the_annex(
    review: dict[str, Any], rendered: tuple[Any, Path]
) -> None:
    _, path = rendered
    reader = PdfReader(path)
    ranked = _ranked(review)
    league = len(pdf.league_pages(review))
    assert len(ranked) == review["summary"]["ranked"]
    assert len(reader.pages) == 1 + league + len(ranked) + 1 == pdf.page_count(review)
    assert "SAMPLE DATA" in _text(reader.pages[0])
    assert "League table" in _text(reader.pages[1])
    for i, d in enumerate(ranked):  # each department on its own page, in rank order
        assert " ".join(d["name_en"].split()) in _text(reader.pages[1 + league + i])
    assert "Annex" in _text(reader.pages[-1])


def test_league_table_names_every_department(
    review: dict[str, Any], rendered: tuple[Any, Path]
) -> None:
    _, path = rendered
    reader = PdfReader(path)
    league = " ".join(_text(reader.pages[1 + i]) for i in range(len(pdf.league_pages(review))))
    for d in review["departments"]:
        assert " ".join(d["name_en"].split()) in league


def test_insufficient_data_is_a_block_after_the_ranked_never_ranked_last(
    review: dict[str, Any],
) -> None:
    kinds = [row["kind"] for page in pdf.league_pages(review) for row in page]
    first_divider = kinds.index("divider")
    assert set(kinds[:first_divider]) == {"ranked"}
    assert "ranked" not in kinds[first_divider:]
    assert kinds.count("unranked") == review["summary"]["insufficient_data"]


def test_noto_devanagari_is_embedded(rendered: tuple[Any, Path]) -> None:
    fonts = _fonts(PdfReader(rendered[1]))
    assert any("NotoSansDevanagari" in f for f in fonts), fonts
    assert any("+NotoSans-" in f for f in fonts), fonts


def test_nothing_is_cut_off_a_one_page_section(rendered: tuple[Any, Path]) -> None:
    document, _ = rendered
    assert pdf.clipped_pages(document) == []


def test_summary_page_renders_as_an_image(rendered: tuple[Any, Path], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(rendered[1]),
         str(tmp_path / "page")],
        check=True, capture_output=True,
    )
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a page of text and a chart, not a blank sheet


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
        )
    return r


def test_a_review_without_the_optional_fields_still_renders(
    review: dict[str, Any], tmp_path: Path
) -> None:
    r = _bare(review)
    path = pdf.write_pdf(r, tmp_path / "bare.pdf")
    assert len(PdfReader(path).pages) == pdf.page_count(r)


def test_crowded_pages_still_fit_on_one_page_each(review: dict[str, Any], tmp_path: Path) -> None:
    r = _crowded(review)
    document = pdf.render_document(pdf.render_pdf_html(r), "pdf.css")
    assert pdf.clipped_pages(document) == []
    assert len(document.pages) == pdf.page_count(r)
    assert len(pdf.league_pages(r)) >= 2  # long names: the table really did run over pages
    document.write_pdf(tmp_path / "crowded.pdf")
    text = _text(PdfReader(tmp_path / "crowded.pdf").pages[-2])
    for words in ("Median rank", "Tier", "Chance of a top-3 place", "Points to note",
                  "To reach the top 3", "Previous rank"):
        assert words in text


def test_every_pillar_and_indicator_has_both_names(review: dict[str, Any]) -> None:
    weights = review["method"]["weights"]
    for key in [*weights["pillars"], *weights["indicators"]]:
        assert key in LABELS and all(LABELS[key])


def test_a_missing_font_names_the_file_and_the_package(
    review: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUSHASAN_FONT_DIR", str(tmp_path))
    with pytest.raises(SushasanError, match=r"NotoSans-Regular\.ttf.*fonts-noto-core"):
        pdf.write_pdf(_bare(review), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_nothing_is_fetched_from_the_network(tmp_path: Path) -> None:
    with pytest.raises(FatalURLFetchingError):
        pdf.OfflineFetcher().fetch("https://example.org/logo.png")
    html = '<p>x</p><img src="https://example.org/logo.png">'
    with pytest.raises(SushasanError, match="offline"):
        pdf.render_pdf(html, "pdf.css", tmp_path / "x.pdf")


def test_chart_text_is_drawn_as_outlines() -> None:
    uri = charts.top_scores_chart([(1, "Excise Department", "आबकारी विभाग", 78.4)], 5, 1.5)
    svg = base64.b64decode(uri.split(",", 1)[1])
    assert b"<path" in svg and b"<text" not in svg


# ---- certificates ---------------------------------------------------------------------------


def test_a_certificate_for_each_of_the_top3(review: dict[str, Any], tmp_path: Path) -> None:
    paths = write_certificates(review, tmp_path)
    by_id = {d["id"]: d for d in review["departments"]}
    expected = [
        f"certificate-2024Q3-{by_id[i]['rank']}-{i}.pdf" for i in review["top3"]
    ]
    assert [p.name for p in paths] == expected
    for path, dep_id in zip(paths, review["top3"], strict=True):
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert box.width > box.height  # A4 landscape
        text = _text(reader.pages[0])
        assert by_id[dep_id]["name_en"] in text
        # the title is letter-spaced capitals (extracted as "C E R T …"); the body is not
        assert "in recognition of" in text and "CHIEF MINISTER" in text.upper()
        assert "SAMPLE" in text
        assert any("NotoSansDevanagari" in f for f in _fonts(reader))


def test_certificates_from_real_data_carry_no_sample_mark(
    review: dict[str, Any], tmp_path: Path
) -> None:
    r = {**review, "data": "real", "top3": review["top3"][:1]}
    (path,) = write_certificates(r, tmp_path)
    assert "SAMPLE" not in _text(PdfReader(path).pages[0])
