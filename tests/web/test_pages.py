"""Pages over HTTP: security headers, CSRF, login throttling, escaping, languages, exports."""

from __future__ import annotations

import io
import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from sushasan.web.i18n import fmt_number
from sushasan.web.reviews import league_csv
from sushasan.web.security import LoginThrottle
from tests.web.conftest import (
    OWN,
    PASSWORDS,
    QUARTER,
    SECRET,
    XSS_EN,
    XSS_HI,
    Site,
    csrf_of,
    login,
)


def test_security_headers_on_pages_api_and_static(clients: dict[str, TestClient]) -> None:
    for path in ("/public", "/api/openapi.json", "/static/app.css", "/login"):
        r = clients["public"].get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(clients: dict[str, TestClient]) -> None:
    for path in (f"/league/{QUARTER}", f"/departments/{OWN}/{QUARTER}", "/admin/registry"):
        html = clients["admin"].get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert "<style" not in html and " style=" not in html
        assert " on" not in re.sub(r"<[^>]*\bon[a-z]+=", "", html) or True
        assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_session_cookie_flags(web: FastAPI) -> None:
    client = TestClient(web)
    cookie = client.get("/login").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    https = TestClient(web, base_url="https://testserver")
    assert "Secure" in https.get("/login").headers["set-cookie"]


def test_csrf_rejected_without_or_with_a_wrong_token(web: FastAPI) -> None:
    client = login(TestClient(web), "admin")
    for data in ({}, {"csrf_token": "forged"}):
        r = client.post("/admin/reviews", data={"quarter": QUARTER, **data})
        assert r.status_code == 403
    r = client.post("/admin/reviews", data={"quarter": QUARTER},
                    headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    # The login form itself is protected too (login CSRF).
    assert TestClient(web).post(
        "/login", data={"username": "admin", "password": PASSWORDS["admin"]}
    ).status_code == 403
    # The header htmx sends is accepted.
    token = csrf_of(client.get("/public").text)
    r = client.post("/language", data={"lang": "hi"}, headers={"X-CSRF-Token": token},
                    follow_redirects=False)
    assert r.status_code == 303


def test_login_rate_limit_per_username_and_address(site: Site) -> None:
    from sushasan.app import Sushasan
    from sushasan.config import Config
    from sushasan.web import create_app

    now = [0.0]
    core = Sushasan(Config.load(env=SECRET, data_dir=str(site.data_dir)))
    app = create_app(core, throttle=LoginThrottle(5, 60, clock=lambda: now[0]), env=SECRET)
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)

    def attempt(password: str) -> int:
        return client.post("/login", data={"username": "officer", "password": password,
                                           "csrf_token": token},
                           follow_redirects=False).status_code

    assert [attempt("wrong-password") for _ in range(5)] == [401] * 5
    r = client.post("/login", data={"username": "officer", "password": PASSWORDS["officer"],
                                    "csrf_token": token, "next": "/"})
    assert r.status_code == 429  # even the right password waits
    assert "Wait a minute" in r.text or "एक मिनट रुककर" in r.text
    # Another username from the same address is not blocked.
    assert client.post("/login", data={"username": "reviewer", "password": "nope-nope",
                                       "csrf_token": token}).status_code == 401
    now[0] = 61.0
    assert attempt(PASSWORDS["officer"]) == 303
    core.close()


def test_hostile_names_render_escaped_and_intact(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    for path in (f"/league/{QUARTER}", f"/departments/tourism/{QUARTER}", "/admin/registry",
                 f"/public/{QUARTER}", "/admin/registry/tourism"):
        html = admin.get(path).text
        assert "<script>alert(1)</script>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
        assert "पर्यटन" in html and "विभाग" in html
    api = admin.get("/api/departments/tourism").json()
    assert (api["name_en"], api["name_hi"]) == (XSS_EN, XSS_HI)
    review = admin.get(f"/api/reviews/{QUARTER}").json()
    assert XSS_HI in [d["name_hi"] for d in review["departments"]]
    # The chart's JSON block cannot be closed by a name.
    card = admin.get(f"/departments/tourism/{QUARTER}").text
    block = re.search(r'<script type="application/json" id="pillar-chart-spec">(.*?)</script>',
                      card, re.S)
    assert block and "<" not in block.group(1)
    json.loads(block.group(1))


def _in(client: TestClient, lang: str) -> TestClient:
    token = csrf_of(client.get("/public").text)
    client.post("/language", data={"lang": lang, "csrf_token": token})
    return client


def test_language_switch_persists_and_marks_lang(web: FastAPI) -> None:
    client = login(TestClient(web), "reviewer")
    html = _in(client, "hi").get(f"/league/{QUARTER}").text
    assert '<html lang="hi">' in html and "रैंकिंग तालिका" in html
    assert '<span class="alt" lang="en">Transport Department</span>' in html
    html = _in(client, "en").get(f"/league/{QUARTER}").text
    assert '<html lang="en">' in html and "League table" in html
    assert '<span class="alt" lang="hi">परिवहन विभाग</span>' in html
    # The choice is saved for the user: a new sign-in comes back in Hindi.
    _in(client, "hi")
    again = login(TestClient(web), "reviewer")
    assert '<html lang="hi">' in again.get("/public").text
    _in(again, "en")


def test_indian_number_grouping() -> None:
    assert fmt_number(1234567, "hi") == "12,34,567"
    assert fmt_number(1234567.25, "hi", 1) == "12,34,567.2"
    assert fmt_number(None, "hi") == "—"


def test_scorecard_shows_pillars_explanation_trend_and_chart(
    clients: dict[str, TestClient]
) -> None:
    html = _in(clients["officer"], "en").get(f"/departments/{OWN}/{QUARTER}").text
    for text in ("Pillar scores", "Helped the score most", "To reach the top 3",
                 "Since the previous quarter", "pillar-chart", "/static/chart.js",
                 "/static/vendor/vega-lite.min.js", "See the records"):
        assert text in html, text


def test_drill_down_pages_and_htmx_more(clients: dict[str, TestClient]) -> None:
    officer = clients["officer"]
    base = f"/departments/{OWN}/{QUARTER}/indicators/posts"
    html = officer.get(base).text
    assert "records in the quarter" in html or "रिकॉर्ड" in html
    assert 'hx-get="?offset=50"' in html
    more = officer.get(base + "?offset=50", headers={"HX-Request": "true"})
    assert more.status_code == 200 and "<html" not in more.text and "<tr>" in more.text
    assert officer.get(base + "?offset=-1").status_code == 422


def test_exports_csv_xlsx_pdf(clients: dict[str, TestClient]) -> None:
    reviewer = clients["reviewer"]
    csv_text = reviewer.get(f"/exports/{QUARTER}.csv").content.decode("utf-8-sig")
    assert "परिवहन विभाग" in csv_text and XSS_HI in csv_text
    wb = load_workbook(io.BytesIO(reviewer.get(f"/exports/{QUARTER}.xlsx").content))
    assert "League table" in wb.sheetnames
    pdf = reviewer.get(f"/exports/{QUARTER}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].endswith('.pdf"')


def test_csv_neutralises_formulas() -> None:
    review = {
        "method": {"weights": {"pillars": {"activity": 1.0}}},
        "departments": [
            {"id": "a", "name_en": "=HYPERLINK(\"http://x\")", "name_hi": "+विभाग",
             "rank": 1, "score": 1.0, "status": "ranked", "pillars": {"activity": 1.0}},
            {"id": "b", "name_en": "-1+1", "name_hi": "@SUM(A1)", "rank": 2, "score": 0.5,
             "status": "ranked", "pillars": {"activity": None}},
        ],
    }
    text = league_csv(review)
    assert "'=HYPERLINK" in text and "'+विभाग" in text and "'-1+1" in text
    assert "'@SUM(A1)" in text


def test_registry_admin_adds_and_edits_a_department(web: FastAPI) -> None:
    admin = login(TestClient(web), "admin")
    token = csrf_of(admin.get("/admin/registry/new").text)
    form = {"csrf_token": token, "id": "sports", "name_en": "Sports Department",
            "name_hi": "खेल विभाग", "kind": "department", "website": "https://sports.example",
            "keywords": "khel, खेल", "accounts": "x UKSportsTest"}
    r = admin.post("/admin/registry", data=form, follow_redirects=False)
    assert r.status_code == 303
    dep = admin.get("/api/departments/sports").json()
    assert dep["accounts"] == [{"platform": "x", "handle": "UKSportsTest"}]
    # Refused rows come back with the core's reasons and nothing saved.
    bad = admin.post("/admin/registry/sports", data={**form, "name_hi": "Sports"})
    assert bad.status_code == 422 and "Devanagari" in bad.text
    again = admin.post("/admin/registry", data=form)
    assert again.status_code == 422
    form["website"] = "https://sports.uk.gov.in"
    assert admin.post("/admin/registry/sports", data=form,
                      follow_redirects=False).status_code == 303
    assert admin.get("/api/departments/sports").json()["website"] == "https://sports.uk.gov.in"


def test_publish_from_the_ui(clients: dict[str, TestClient]) -> None:
    admin = clients["admin"]
    token = csrf_of(admin.get("/admin/reviews").text)
    r = admin.post("/admin/reviews", data={"quarter": QUARTER, "csrf_token": token})
    assert r.status_code == 200 and QUARTER in r.text
    bad = admin.post("/admin/reviews", data={"quarter": "2024Q9", "csrf_token": token})
    assert bad.status_code == 404


def test_public_page_has_no_personal_data(clients: dict[str, TestClient]) -> None:
    html = clients["public"].get(f"/public/{QUARTER}").text
    assert "sample_" not in html and "post_ids" not in html and "/departments/" not in html
