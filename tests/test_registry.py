"""Registry files and commands, as a review cell uses them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from sushasan.app import DEFAULT_REGISTRY
from tests.conftest import Cli

HEADER = "id,name_en,name_hi,kind,keywords,x,facebook,instagram,youtube,website\n"


def test_default_registry_is_uttarakhand_with_the_honoured_three() -> None:
    doc = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    deps = {d["id"]: d for d in doc["departments"]}
    assert len(deps) >= 55
    for honoured in ("bktc", "smart_city_dehradun", "home_guards_civil_defence"):
        assert honoured in deps
    assert all(d["name_hi"] and d["name_en"] for d in deps.values())
    kinds = {d["kind"] for d in deps.values()}
    assert {"department", "temple_committee", "corporation", "undertaking"} <= kinds
    # Keywords in Devanagari and in Latin script for every department.
    for d in deps.values():
        assert any(any("\u0900" <= c <= "\u097f" for c in k) for k in d["keywords"]), d["id"]
        assert any(k.isascii() for k in d["keywords"]), d["id"]


def test_init_loads_the_default_registry(initialised: Cli) -> None:
    rows = json.loads(initialised("registry", "list", "--json").output)
    assert len(rows) >= 55
    bktc = next(r for r in rows if r["id"] == "bktc")
    assert bktc["name_hi"] == "श्री बदरीनाथ-केदारनाथ मंदिर समिति"


def test_init_empty_starts_with_no_departments(sushasan: Cli) -> None:
    sushasan("init", "--empty")
    assert json.loads(sushasan("registry", "list", "--json").output) == []


def test_csv_import_export_round_trip(sushasan: Cli, tmp_path: Path) -> None:
    sushasan("init", "--empty")
    src = tmp_path / "cell.csv"
    src.write_text(
        HEADER
        + "energy,Energy Department,ऊर्जा विभाग,department,bijli;बिजली;power,UK_Energy;uk_energy2,"
        "ukenergy,,,https://energy.uk.gov.in\n"
        + "upcl,Uttarakhand Power Corporation,उत्तराखण्ड पावर कॉर्पोरेशन लिमिटेड,corporation,"
        "upcl;बिजली बिल,,,,,\n",
        encoding="utf-8",
    )
    out = sushasan("registry", "import", str(src)).output
    assert "2 departments added" in out
    exported = sushasan("registry", "export", "--format", "csv").output
    assert "UK_Energy;uk_energy2" in exported
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    assert "0 departments added, 2 updated" in sushasan("registry", "import", str(again)).output
    assert sushasan("registry", "export", "--format", "csv").output == exported
    yaml_out = tmp_path / "reg.yaml"
    sushasan("registry", "export", "--out", str(yaml_out))
    assert yaml.safe_load(yaml_out.read_text(encoding="utf-8"))["departments"][0]["keywords"] == [
        "bijli", "बिजली", "power"
    ]


def test_bad_rows_are_refused_with_file_row_and_reason_and_nothing_changes(
    initialised: Cli, tmp_path: Path
) -> None:
    before = initialised("registry", "export", "--format", "csv").output
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "new_ok,New Department,नया विभाग,department,,,,,,\n"
        + "tourism,Tourism again,पर्यटन,department,,,,,,\n"
        + "tourism,Tourism twice,पर्यटन,department,,,,,,\n"
        + "nohindi,No Hindi,,department,,,,,,\n"
        + "latin,Latin Hindi,Paryatan,department,,,,,,\n"
        + "kind,Bad kind,विभाग,ministry,,,,,,\n",
        encoding="utf-8",
    )
    result = initialised("registry", "import", str(bad), ok=False)
    assert result.exit_code == 1
    out = result.output
    assert f"{bad}, row 4: duplicate id 'tourism' (first at row 3)" in out
    assert f"{bad}, row 5: missing Hindi name" in out
    assert f"{bad}, row 6: Hindi name 'Paryatan' is not in Devanagari" in out
    assert f"{bad}, row 7: unknown kind 'ministry'" in out
    assert "nothing was changed" in out
    assert initialised("registry", "export", "--format", "csv").output == before


def test_unknown_platform_is_refused(initialised: Cli, tmp_path: Path) -> None:
    csv_file = tmp_path / "tiktok.csv"
    csv_file.write_text("id,name_en,name_hi,tiktok\nx1,X One,एक,foo\n", encoding="utf-8")
    out = initialised("registry", "import", str(csv_file), ok=False).output
    assert f"{csv_file}, row 1: unknown column 'tiktok'" in out
    yml = tmp_path / "r.yaml"
    yml.write_text(
        "departments:\n"
        "  - id: ok1\n    name_en: One\n    name_hi: एक\n    accounts: []\n"
        "  - id: bad1\n    name_en: Two\n    name_hi: दो\n"
        "    accounts: [{platform: tiktok, handle: two}]\n",
        encoding="utf-8",
    )
    out = initialised("registry", "import", str(yml), ok=False).output
    assert f"{yml}, row 6: unknown platform 'tiktok'" in out


def test_sample_prefix_and_taken_handles_are_refused(initialised: Cli, tmp_path: Path) -> None:
    f = tmp_path / "r.csv"
    f.write_text(HEADER + "a1,A,अ,department,,sample_a1,,,,\n", encoding="utf-8")
    assert "reserved for sample data" in initialised("registry", "import", str(f), ok=False).output
    f.write_text(HEADER + "a1,A,अ,department,,deptA,,,,\n", encoding="utf-8")
    initialised("registry", "import", str(f))
    f.write_text(HEADER + "b1,B,ब,department,,DEPTA,,,,\n", encoding="utf-8")
    assert "already belongs to 'a1'" in initialised("registry", "import", str(f), ok=False).output


def test_wrong_encoding_names_the_file_and_line(initialised: Cli, tmp_path: Path) -> None:
    f = tmp_path / "latin1.csv"
    # A spreadsheet saved the second row in Latin-1: é becomes the lone byte 0xE9.
    f.write_bytes((HEADER + "a1,A,अ,department,,,,,,\n").encode() + b"b1,B\xe9,x,department\n")
    out = initialised("registry", "import", str(f), ok=False).output
    assert f"{f}, line 3: not valid UTF-8" in out
    assert "Save the file again" in out


def test_reply_settings_round_trip_and_a_pasted_token_is_refused_unshown(
        sushasan: Cli, tmp_path: Path) -> None:
    """Issue 21: a department's approval step and the *name* of the variable holding its page
    token travel through CSV and YAML; a token pasted where the name belongs is refused without
    being echoed."""
    sushasan("init", "--empty")
    src = tmp_path / "cell.csv"
    src.write_text(
        "id,name_en,name_hi,facebook,facebook_token_env,reply_approval\n"
        "energy,Energy Department,ऊर्जा विभाग,UKEnergyPage,ENERGY_PAGE_TOKEN,yes\n"
        "upcl,Uttarakhand Power Corporation,उत्तराखण्ड पावर कॉर्पोरेशन लिमिटेड,,,no\n",
        encoding="utf-8")
    sushasan("registry", "import", str(src))
    exported = sushasan("registry", "export", "--format", "csv").output
    assert "ENERGY_PAGE_TOKEN" in exported and ",yes" in exported and ",no" in exported
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    sushasan("registry", "import", str(again))
    assert sushasan("registry", "export", "--format", "csv").output == exported
    listed = yaml.safe_load(sushasan("registry", "export").output)["departments"]
    assert listed[0]["reply_approval"] is True and listed[1]["reply_approval"] is False
    assert listed[0]["accounts"][0]["token_env"] == "ENERGY_PAGE_TOKEN"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name_en,name_hi,facebook,facebook_token_env,reply_approval\n"
        "energy,Energy Department,ऊर्जा विभाग,UKEnergyPage,EAABsbCS1iHgBAZBZC9x,perhaps\n",
        encoding="utf-8")
    out = sushasan("registry", "import", str(bad), ok=False).output
    assert "token_env must be the name of an environment variable" in out
    assert "EAABsbCS1iHgBAZBZC9x" not in out
    assert "reply_approval 'perhaps' must be yes, no or empty" in out
