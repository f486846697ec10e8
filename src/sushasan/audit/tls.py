"""What a site's TLS certificate and connection look like, read the way a browser judges them.

Why a probe of our own beside the HTTP client: when verification fails, the client only says
"certificate verify failed" with the *first* problem OpenSSL met, and a webmaster needs all of them
(an expired, self-signed certificate for the wrong name is three fixes). So the probe shakes hands
up to three times: once as a browser would (full checks), and only if that fails, once without
checks to read the certificate itself and once to ask whether the chain is trusted regardless of
dates and names. The certificate is parsed with ``cryptography`` when it is installed; without it
the probe still reports OpenSSL's reason, just without dates and names for a rejected one.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["TlsFacts", "client_context", "inspect_tls", "is_cert_error"]

#: OpenSSL's X509_V_FLAG_NO_CHECK_TIME: "is the chain trusted?" apart from "is it in date?".
_NO_CHECK_TIME = 0x200000
#: OpenSSL verify codes, for when the certificate cannot be parsed here.
_HOSTNAME = 62
_SELF_SIGNED = {18, 19}


@dataclass
class TlsFacts:
    """One host's certificate and connection; ``error`` set means nothing else was measured."""

    host: str
    port: int
    error: str | None = None
    version: str | None = None  # negotiated protocol, e.g. "TLSv1.3"
    verified: bool = False  # a browser would accept it: trusted, in date, right name
    reason: str | None = None  # OpenSSL's first complaint when not verified
    trusted: bool | None = None  # chains to a trusted root (dates and names aside)
    self_signed: bool | None = None
    hostname_ok: bool | None = None
    not_before: str | None = None  # ISO 8601, UTC
    not_after: str | None = None
    subject: str | None = None
    issuer: str | None = None
    names: list[str] = field(default_factory=list)

    def days_left(self, now: datetime) -> int | None:
        """Whole days until expiry (negative once expired); None when the date is unknown."""
        if self.not_after is None:
            return None
        # toward zero, so "expired 5 days ago" is not shown as 6 a few seconds later
        return int((datetime.fromisoformat(self.not_after) - now).total_seconds() / 86400)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def client_context(
    ca_bundle: str | None = None, check_hostname: bool = True, check_time: bool = True,
    verify: bool = True,
) -> ssl.SSLContext:
    """A client context trusting ``ca_bundle``, else certifi's Mozilla roots, else the system's.

    The HTTP client and the probe share this, so "reachable" and "certificate valid" never
    disagree because they trusted different roots.
    """
    if not verify:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    cafile = ca_bundle
    if cafile is None:
        try:
            import certifi

            cafile = certifi.where()
        except ImportError:  # pragma: no cover - certifi comes with httpx2
            cafile = None
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.check_hostname = check_hostname
    if not check_time:
        ctx.verify_flags |= _NO_CHECK_TIME
    return ctx


def is_cert_error(exc: BaseException) -> bool:
    """Whether an HTTP client's exception was, underneath, a rejected certificate."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


async def _handshake(
    host: str, port: int, ctx: ssl.SSLContext, timeout: float,
) -> tuple[bytes | None, str | None, dict[str, Any]]:
    """(DER certificate, protocol version, decoded certificate — empty unless verified) of one
    TLS handshake; raises what it meets."""
    _, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, ssl=ctx, server_hostname=host), timeout)
    try:
        obj = writer.get_extra_info("ssl_object")
        return obj.getpeercert(binary_form=True), obj.version(), obj.getpeercert() or {}
    finally:
        writer.close()
        # the peer may hang up first: the handshake is what counted
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()


async def inspect_tls(
    host: str, port: int = 443, ca_bundle: str | None = None, timeout: float = 10.0,
) -> TlsFacts:
    """The certificate facts of ``host:port``; never raises (errors land in ``error``)."""
    facts = TlsFacts(host=host, port=port)
    try:
        der, facts.version, decoded = await _handshake(host, port, client_context(ca_bundle),
                                                       timeout)
        facts.verified = facts.trusted = facts.hostname_ok = True
        _from_decoded(facts, decoded)
    except ssl.SSLCertVerificationError as exc:
        facts.reason = str(exc.verify_message or exc.reason or exc)
        try:
            der, facts.version, _ = await _handshake(host, port, client_context(verify=False),
                                                     timeout)
            await _trust(facts, ca_bundle, timeout)
        except (OSError, ssl.SSLError, TimeoutError) as again:
            facts.error = f"{type(again).__name__}: {again}"[:200]
            return facts
        _from_code(facts, exc.verify_code)
    except (OSError, ssl.SSLError, TimeoutError) as exc:
        facts.error = f"{type(exc).__name__}: {exc}"[:200] or type(exc).__name__
        return facts
    if der:
        _read_certificate(facts, der)
    return facts


async def _trust(facts: TlsFacts, ca_bundle: str | None, timeout: float) -> None:
    """Trusted chain apart from dates and names (a third handshake, only for failed ones)."""
    ctx = client_context(ca_bundle, check_hostname=False, check_time=False)
    try:
        await _handshake(facts.host, facts.port, ctx, timeout)
        facts.trusted = True
    except ssl.SSLCertVerificationError as exc:
        facts.trusted = False
        facts.self_signed = exc.verify_code in _SELF_SIGNED or None


def _from_code(facts: TlsFacts, code: int | None) -> None:
    """What OpenSSL's code alone tells, kept when the certificate cannot be parsed; dates come
    from the parse, and ``reason`` already says "certificate has expired" without it."""
    if code == _HOSTNAME:
        facts.hostname_ok = False


def _from_decoded(facts: TlsFacts, cert: dict[str, Any]) -> None:
    """Dates and names from the standard library's view of a verified certificate, so a valid
    certificate's expiry is known even without ``cryptography``."""
    def dn(rdns: Any) -> str:
        return ",".join(f"{k}={v}" for rdn in rdns or () for k, v in rdn)

    if "notAfter" in cert:
        facts.not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]),
                                                 UTC).isoformat()
    if "notBefore" in cert:
        facts.not_before = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notBefore"]),
                                                  UTC).isoformat()
    facts.subject, facts.issuer = dn(cert.get("subject")), dn(cert.get("issuer"))
    facts.names = [v for _, v in cert.get("subjectAltName", ())]


def _read_certificate(facts: TlsFacts, der: bytes) -> None:
    try:
        from cryptography import x509
        from cryptography.x509.oid import ExtensionOID
    except ImportError:  # pragma: no cover - optional: the reason string still explains
        return
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return
    facts.not_before = cert.not_valid_before_utc.astimezone(UTC).isoformat()
    facts.not_after = cert.not_valid_after_utc.astimezone(UTC).isoformat()
    facts.subject = cert.subject.rfc4514_string()
    facts.issuer = cert.issuer.rfc4514_string()
    if facts.self_signed is None:
        facts.self_signed = cert.subject == cert.issuer
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        facts.names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
        facts.names += [str(n) for n in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        facts.names = []  # browsers ignore the CN since 2017: no SAN means no valid name
    if facts.hostname_ok is None:
        facts.hostname_ok = any(name_matches(n, facts.host) for n in facts.names)


def name_matches(name: str, host: str) -> bool:
    """RFC 6125 matching as browsers do it: exact IP, or DNS name with one left-most wildcard."""
    host = host.lower().rstrip(".")
    name = name.lower().rstrip(".")
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(name)
    except ValueError:
        pass
    if name.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == name[2:] and "." in rest
    return name == host
