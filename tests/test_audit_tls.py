"""TLS checks against real HTTPS servers on 127.0.0.1 with throwaway certificates.

A test CA made with ``cryptography`` signs a valid, an expiring, an expired and a wrong-name
certificate; a second, untrusted CA and a self-signed certificate cover the rest. Each server
answers plain HTTP and TLS on the same port (it peeks at the first byte), so the http→https
redirect is tested with the same socket code the audit uses in production.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sushasan.audit import AuditSettings, SiteReport, SiteTarget, run_audit
from sushasan.audit.checks import SiteData, tls
from sushasan.audit.crawl import Fetched
from sushasan.audit.score import score
from sushasan.audit.tls import inspect_tls, name_matches
from tests.sites import SITES, Handler, Site

NOW = datetime.now(UTC)  # real time: OpenSSL checks the dates against the real clock
LOCAL = ipaddress.ip_address("127.0.0.1")
Key = ec.EllipticCurvePrivateKey


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(
    cn: str, key: Key, issuer: tuple[x509.Name, Key] | None, days: tuple[float, float],
    names: list[x509.GeneralName] | None = None, ca: bool = False,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer or (_name(cn), key)
    b = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW + timedelta(days=days[0]))
         .not_valid_after(NOW + timedelta(days=days[1]))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        b = b.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    if names is not None:
        b = b.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _pem(obj: x509.Certificate | Key) -> bytes:
    if isinstance(obj, x509.Certificate):
        return obj.public_bytes(serialization.Encoding.PEM)
    return obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


class TlsSite(Site):
    """The good fixture site over TLS (with HSTS); plain HTTP on the same port redirects."""

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(SITES / "good", soft404=False, gone=set())
        self.RequestHandlerClass = TlsHandler
        self.context = context

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server_address[1]}/"

    def finish_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        request.settimeout(5)
        try:
            tls = request.recv(1, socket.MSG_PEEK) == b"\x16"  # a TLS ClientHello
        except OSError:
            return
        if not tls:
            return super().finish_request(request, client_address)  # type: ignore[arg-type]
        try:
            wrapped = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # the client rejected our certificate: what the test is about
        try:
            self.RequestHandlerClass(wrapped, client_address, self)
        except (ssl.SSLError, OSError):
            pass
        finally:
            wrapped.close()


class TlsHandler(Handler):
    def _serve(self, body: bool) -> None:
        if not isinstance(self.connection, ssl.SSLSocket):
            port = self.server.server_address[1]
            return self._send(301, b"", "text/html", body,
                              Location=f"https://127.0.0.1:{port}{self.path}")
        return super()._serve(body)

    def end_headers(self) -> None:
        if isinstance(self.connection, ssl.SSLSocket):
            self.send_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        super().end_headers()


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PEM files: the trusted CA bundle and a chain + key for each kind of certificate."""
    root = tmp_path_factory.mktemp("pki")
    ca_key, rogue_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = _cert("Sushasan Test CA", ca_key, None, (-30, 3650), ca=True)
    rogue = _cert("Unknown CA", rogue_key, None, (-30, 3650), ca=True)
    ip = [x509.IPAddress(LOCAL)]
    kinds: dict[str, tuple[tuple[x509.Name, Key] | None, tuple[float, float],
                           list[x509.GeneralName]]] = {
        "valid": ((ca.subject, ca_key), (-1, 365), ip),
        "expiring": ((ca.subject, ca_key), (-300, 10.05), ip),
        "expired": ((ca.subject, ca_key), (-400, -5), ip),
        "wrong_host": ((ca.subject, ca_key), (-1, 365), [x509.DNSName("other.example")]),
        "self_signed": (None, (-1, 365), ip),
        "untrusted": ((rogue.subject, rogue_key), (-1, 365), ip),
    }
    files = {"ca": root / "ca.pem"}
    files["ca"].write_bytes(_pem(ca))
    for kind, (issuer, days, names) in kinds.items():
        key = ec.generate_private_key(ec.SECP256R1())
        leaf = _cert(f"{kind}.test", key, issuer, days, names)
        files[kind] = root / f"{kind}.pem"
        files[kind].write_bytes(_pem(leaf) + _pem(key))
    return files


@pytest.fixture(scope="module")
def sites(pki: dict[str, Path]) -> Iterator[dict[str, TlsSite]]:
    made = {}
    for kind in ("valid", "expiring", "expired", "wrong_host", "self_signed", "untrusted"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pki[kind])
        made[kind] = TlsSite(ctx)
    for s in made.values():
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield made
    for s in made.values():
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="module")
def reports(sites: dict[str, TlsSite], pki: dict[str, Path]) -> dict[str, SiteReport]:
    settings = AuditSettings(min_interval=0.002, site_deadline=20, connect_timeout=3,
                             read_timeout=5, trust_env=False, accessibility=False,
                             ca_bundle=str(pki["ca"]))
    accounts = (("x", "ukgoodgov"), ("facebook", "UKGoodGov"), ("youtube", "ukgoodgov"))
    got = run_audit([SiteTarget(s.url, kind, accounts) for kind, s in sites.items()], settings,
                    now=NOW)
    return {r.department_id or "": r for r in got}


def _f(report: SiteReport, check: str) -> tuple[bool, str]:
    f = report.finding(check)
    assert f is not None, (check, [x.id for x in report.findings])
    return f.passed, f.evidence


def test_valid_certificate_passes_every_https_check(reports: dict[str, SiteReport]) -> None:
    r = reports["valid"]
    for check in ("https", "http_redirect", "hsts", "tls_certificate", "tls_renewal",
                  "tls_version"):
        assert _f(r, check)[0], (check, _f(r, check)[1])
    assert "CN=valid.test issued by CN=Sushasan Test CA" in _f(r, "tls_certificate")[1]
    assert "364 days left" in _f(r, "tls_renewal")[1]
    assert "TLSv1.3" in _f(r, "tls_version")[1]
    assert "→ https://127.0.0.1" in _f(r, "http_redirect")[1]
    assert "365 days" in _f(r, "hsts")[1]
    assert r.details["tls"]["verified"] is True and r.details["tls"]["names"] == ["127.0.0.1"]
    # the home page's own findings (the old fixture's inner pages are bare)
    assert {f.id for f in r.failed if f.page == r.final_url} <= {
        "freshness", "gigw_help", "gigw_screen_reader", "gigw_hyperlinking", "gigw_copyright"}
    assert r.score is not None and r.score > 75


@pytest.mark.parametrize(("kind", "says"), [
    ("expired", "5 days ago"),
    ("wrong_host", "not valid for 127.0.0.1 (names: other.example)"),
    ("self_signed", "self-signed"),
    ("untrusted", "not issued by a trusted authority"),
])
def test_each_certificate_defect_is_named(
    reports: dict[str, SiteReport], kind: str, says: str,
) -> None:
    r = reports[kind]
    passed, evidence = _f(r, "tls_certificate")
    assert not passed and says in evidence, evidence
    assert "OpenSSL:" in evidence
    # read on past the warning: the page checks still ran, and the site is not a zero
    assert _f(r, "reachability")[0] and _f(r, "title")[0] and _f(r, "https")[0]
    assert r.score is not None and 70 < r.score < reports["valid"].score  # type: ignore[operator]


def test_only_the_real_defects_are_reported(reports: dict[str, SiteReport]) -> None:
    assert _f(reports["expired"], "tls_renewal")[0] is False
    for kind in ("wrong_host", "self_signed", "untrusted"):
        assert _f(reports[kind], "tls_renewal")[0], kind  # in date: not a renewal problem
        assert "expired" not in _f(reports[kind], "tls_certificate")[1]
    assert "not valid for" not in _f(reports["self_signed"], "tls_certificate")[1]
    assert "self-signed" not in _f(reports["untrusted"], "tls_certificate")[1]


def test_certificate_near_expiry_is_valid_but_due_for_renewal(
    reports: dict[str, SiteReport],
) -> None:
    r = reports["expiring"]
    assert _f(r, "tls_certificate")[0]
    passed, evidence = _f(r, "tls_renewal")
    assert not passed and "10 days left (renew at least 30 days ahead)" in evidence


def test_probe_failure_is_not_measured_not_failed() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    facts = asyncio.run(inspect_tls("127.0.0.1", port, timeout=2))
    assert facts.error and not facts.verified and facts.trusted is None
    # the three certificate checks then say "not checked" and why, instead of vanishing
    home = Fetched("https://dept.example/", "https://dept.example/", status=200)
    found = tls(SiteData("https://dept.example/", home, tls=facts), AuditSettings(), NOW)
    assert [f.id for f in found] == ["tls_certificate", "tls_renewal", "tls_version"]
    assert all(f.outcome == "not_checked" and "probe failed" in f.reason for f in found)
    assert score(found) is None  # nothing judged: no score, not a zero


def test_name_matching_follows_browsers() -> None:
    assert name_matches("*.uk.gov.in", "health.uk.gov.in")
    assert not name_matches("*.uk.gov.in", "a.health.uk.gov.in")
    assert not name_matches("*.uk.gov.in", "uk.gov.in")
    assert name_matches("UK.gov.in.", "uk.gov.in")
    assert name_matches("127.0.0.1", "127.0.0.1") and not name_matches("127.0.0.2", "127.0.0.1")


@pytest.mark.browser
def test_accessibility_is_measured_past_a_rejected_certificate(
    sites: dict[str, TlsSite], pki: dict[str, Path],
) -> None:
    """Chromium, like the crawl, reads on past the certificate the TLS checks already failed."""
    settings = AuditSettings(min_interval=0.002, site_deadline=60, trust_env=False,
                             ca_bundle=str(pki["ca"]))
    [r] = run_audit([SiteTarget(sites["self_signed"].url, "self_signed")], settings, now=NOW)
    assert not _f(r, "tls_certificate")[0]
    assert r.details["accessibility"]["measured"] is True, r.details["accessibility"]
    assert _f(r, "a11y_critical")[0]
