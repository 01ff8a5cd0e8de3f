"""Verifying that a request really comes from Alexa, as Amazon requires of a web service.

`RequestVerifier.verify(headers, body)` checks, in order: the headers and the
SignatureCertChainUrl rules; then everything that needs no download (the body parsed,
the request timestamp, the application id); then the signing chain (downloaded once per
URL and cached until it expires) up to a trusted root, its validity now and the
echo-api.amazon.com name; then the Signature-256 over the raw body. A download that
failed (or gave a chain that is not valid) is remembered for FAILED_CHAIN_SECONDS, and
at most MAX_CONCURRENT_FETCHES downloads run at once: a request that would need another
is refused at once. So forged requests cannot make the service fetch again and again.
Any failure raises `Refused` with a short reason that holds nothing of the request.
Built on `cryptography` (x509.verification), not on ask-sdk-webservice-support.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import posixpath
import threading
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import DNSName
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
SIGNING_NAME = "echo-api.amazon.com"
TIMESTAMP_TOLERANCE = datetime.timedelta(seconds=150)
# Amazon's own SDK allows skill events (enable, permissions...) an hour.
EVENT_TIMESTAMP_TOLERANCE = datetime.timedelta(hours=1)
MAX_CHAIN_BYTES = 64 * 1024
FETCH_TIMEOUT_SECONDS = 5.0
FAILED_CHAIN_SECONDS = 60
MAX_CONCURRENT_FETCHES = 2
# The failures remembered at most (the oldest are forgotten first).
MAX_FAILED_URLS = 1024

FetchChain = Callable[[str], bytes]
Clock = Callable[[], datetime.datetime]


class HeaderLookup(Protocol):
    """Request headers, looked up case-insensitively (a werkzeug Headers object)."""

    def get(self, key: str) -> str | None: ...


class Refused(Exception):
    """The request is not verifiably from Alexa for this skill; `reason` is safe to log and return."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_cert_url(url: str) -> None:
    """Amazon's rules for SignatureCertChainUrl; raises Refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("certificate URL is malformed") from None
    if parts.scheme.lower() != "https":
        raise Refused("certificate URL must use https")
    if (parts.hostname or "").lower() != CERT_HOST or parts.username is not None or parts.password is not None:
        raise Refused("certificate URL host must be s3.amazonaws.com")
    if port is not None and port != 443:
        raise Refused("certificate URL port must be 443")
    if "%" in parts.path or "\\" in parts.path or parts.query or parts.fragment:
        raise Refused("certificate URL path is not plain")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if parts.path.endswith("/") and path != "/":
        path += "/"
    if not path.startswith(CERT_PATH_PREFIX):
        raise Refused("certificate URL path must start with /echo.api/")


def fetch_over_https(url: str) -> bytes:
    """Download a certificate chain (at most MAX_CHAIN_BYTES)."""
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
        data: bytes = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return data


def system_roots() -> list[x509.Certificate]:
    """The system's trusted root certificates (certifi's bundle if the system has none)."""
    import ssl

    for path in (ssl.get_default_verify_paths().cafile, ssl.get_default_verify_paths().openssl_cafile):
        if path:
            try:
                with open(path, "rb") as file:
                    return x509.load_pem_x509_certificates(file.read())
            except (OSError, ValueError):
                continue
    import certifi

    with open(certifi.where(), "rb") as file:
        return x509.load_pem_x509_certificates(file.read())


@dataclass(frozen=True)
class _Verified:
    leaf: x509.Certificate
    not_before: datetime.datetime
    not_after: datetime.datetime


class RequestVerifier:
    """Checks Alexa's request signatures for one skill; thread-safe; caches chains by URL."""

    def __init__(
        self,
        *,
        skill_id: str,
        roots: list[x509.Certificate],
        fetch_chain: FetchChain = fetch_over_https,
        now: Clock = lambda: datetime.datetime.now(datetime.UTC),
    ) -> None:
        if not roots:
            raise ValueError("no trusted root certificates")
        self.skill_id = skill_id
        self._store = Store(roots)
        self._fetch = fetch_chain
        self._now = now
        self._cache: dict[str, _Verified] = {}
        self._failed: dict[str, tuple[datetime.datetime, str]] = {}  # url -> (until, reason)
        self._lock = threading.Lock()
        self._fetches = threading.BoundedSemaphore(MAX_CONCURRENT_FETCHES)

    def verify(self, headers: HeaderLookup, body: bytes) -> dict[str, Any]:
        """The parsed request envelope if every check passes; raises Refused."""
        url = headers.get("SignatureCertChainUrl")
        signature = headers.get("Signature-256")
        if not url:
            raise Refused("missing SignatureCertChainUrl header")
        if not signature:
            raise Refused("missing Signature-256 header")
        check_cert_url(url)
        now = self._now()
        # Parsed before the signature is checked: the body is bounded and the parser
        # refuses deep nesting, and a forged request is refused here without a download.
        envelope = parse_envelope(body)
        _check_timestamp(envelope["request"], now)
        ids = application_ids(envelope)
        if not ids or any(i != self.skill_id for i in ids):
            raise Refused("wrong application id")
        leaf = self._chain(url, now)
        _check_signature(leaf, signature, body)
        return envelope

    def _chain(self, url: str, now: datetime.datetime) -> x509.Certificate:
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None:
            if cached.not_before <= now <= cached.not_after:
                return cached.leaf
            with self._lock:  # expired (or not yet valid): fetch again, Amazon may have renewed it
                self._cache.pop(url, None)
        with self._lock:
            failed = self._failed.get(url)
        if failed is not None and now < failed[0]:
            raise Refused(failed[1])
        if not self._fetches.acquire(blocking=False):
            raise Refused("certificate chain could not be downloaded")
        try:
            verified = self._download(url, now)
        except Refused as refused:
            with self._lock:
                self._failed.pop(url, None)
                while len(self._failed) >= MAX_FAILED_URLS:
                    del self._failed[next(iter(self._failed))]
                self._failed[url] = (now + datetime.timedelta(seconds=FAILED_CHAIN_SECONDS), refused.reason)
            raise
        finally:
            self._fetches.release()
        with self._lock:
            self._failed.pop(url, None)
            self._cache[url] = verified
        return verified.leaf

    def _download(self, url: str, now: datetime.datetime) -> _Verified:
        try:
            pem = self._fetch(url)
        except Exception:  # noqa: BLE001 (any download failure is a refusal)
            raise Refused("certificate chain could not be downloaded") from None
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise Refused("certificate chain is not PEM") from None
        leaf, intermediates = certificates[0], certificates[1:]
        verifier = PolicyBuilder().store(self._store).time(now).build_server_verifier(DNSName(SIGNING_NAME))
        try:
            chain = verifier.verify(leaf, intermediates)
        except VerificationError:
            raise Refused("certificate chain is not valid for echo-api.amazon.com now") from None
        not_before = max(c.not_valid_before_utc for c in chain)
        not_after = min(c.not_valid_after_utc for c in chain)
        return _Verified(leaf, not_before, not_after)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_envelope(body: bytes) -> dict[str, Any]:
    """The body as a request envelope (a JSON object with a `request` object); raises Refused.

    Nesting too deep for the parser (RecursionError), NaN and Infinity are refused like
    any other body that is not JSON."""
    try:
        envelope = json.loads(body, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused("body is not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("request"), dict):
        raise Refused("body is not an Alexa request")
    return envelope


def _check_signature(leaf: x509.Certificate, signature: str, body: bytes) -> None:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        raise Refused("Signature-256 is not base64") from None
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise Refused("signing certificate has no RSA key")
    try:
        key.verify(raw, body, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise Refused("signature does not match the body") from None


def _check_timestamp(request: Mapping[str, Any], now: datetime.datetime) -> None:
    stamp = request.get("timestamp")
    try:
        when = datetime.datetime.fromisoformat(str(stamp))
    except ValueError:
        raise Refused("request timestamp is missing or malformed") from None
    if when.tzinfo is None:
        raise Refused("request timestamp has no time zone")
    tolerance = TIMESTAMP_TOLERANCE
    if str(request.get("type", "")).startswith("AlexaSkillEvent."):
        tolerance = EVENT_TIMESTAMP_TOLERANCE
    if abs(now - when) > tolerance:
        raise Refused("request timestamp is too old or in the future")


def application_ids(envelope: Mapping[str, Any]) -> list[Any]:
    """Every application id a request envelope names (in its context and its session)."""
    found = []
    for path in (("context", "System", "application", "applicationId"), ("session", "application", "applicationId")):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            found.append(node)
    return found
