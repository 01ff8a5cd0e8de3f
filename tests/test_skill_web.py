"""The self-hosted web service through a real HTTP server on localhost, with requests signed
by a test certificate authority: a valid request passes, every broken rule gets a 400 and
leaves the store unchanged."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import logging
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from ca_helpers import Authority, chain_pem, intermediate, leaf, root, sign
from skill_helpers import envelope
from werkzeug.serving import make_server

from skill.privacy import KeepSettingError, keep_mode
from skill.serving import READ_DEADLINE_SECONDS
from skill.verification import FAILED_CHAIN_SECONDS, MAX_CONCURRENT_FETCHES, Refused, RequestVerifier
from skill.web import MAX_BODY_BYTES, create_app

NOW = datetime.datetime(2026, 11, 27, 18, 30, 0, tzinfo=datetime.UTC)
SKILL_ID = envelope("launch")["session"]["application"]["applicationId"]
URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"


@dataclass
class Service:
    base: str
    store: Path
    signer: Authority
    chains: dict[str, bytes]
    clock: list[datetime.datetime]
    fetched: list[str] = field(default_factory=list)

    def post(self, body: bytes, *, url: str | None = URL, signature: bytes | None = None,
             signer: Authority | None = None, headers: dict[str, str] | None = None) -> requests.Response:
        sent = {"Content-Type": "application/json"}
        if url is not None:
            sent["SignatureCertChainUrl"] = url
        if signature is None:
            signature = base64.b64encode(sign(signer or self.signer, body))
        if signature:
            sent["Signature-256"] = signature.decode()
        sent.update(headers or {})
        return requests.post(self.base, data=body, headers=sent, timeout=10)

    def store_bytes(self) -> bytes:
        return self.store.read_bytes() if self.store.exists() else b""


def body(name: str = "launch", *, timestamp: datetime.datetime = NOW, **changes: Any) -> bytes:
    data = envelope(name)
    data["request"]["timestamp"] = timestamp.isoformat().replace("+00:00", "Z")
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return json.dumps(data).encode()


@pytest.fixture(scope="module")
def pki() -> dict[str, Authority]:
    ca = root(NOW)
    middle = intermediate(ca, NOW)
    return {"root": ca, "intermediate": middle, "leaf": leaf(middle, NOW)}


@pytest.fixture
def service(tmp_path: Path, pki: dict[str, Authority]) -> Iterator[Service]:
    store = tmp_path / "households.sqlite3"
    chains = {URL: chain_pem(pki["leaf"], pki["intermediate"])}
    clock = [NOW + datetime.timedelta(seconds=5)]
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        if url not in chains:
            raise OSError("404 not found")
        return chains[url]

    app = create_app(skill_id=SKILL_ID, store=f"sqlite:{store}", trusted_roots_pem=pki["root"].pem(),
                     fetch_cert_chain=fetch, now=lambda: clock[0])
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Service(f"http://127.0.0.1:{server.server_port}/", store, pki["leaf"], chains, clock, fetched)
    finally:
        server.shutdown()
        thread.join()


def test_a_valid_request_passes_and_is_answered(service: Service) -> None:
    response = service.post(body())
    assert response.status_code == 200
    assert response.json()["response"]["shouldEndSession"] is False
    assert service.store_bytes()  # the launch marked the household introduced


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-12.pem",
    ],
)
def test_every_allowed_form_of_the_certificate_url_passes(service: Service, url: str) -> None:
    service.chains[url] = service.chains[URL]  # S3 serves the same file under each form
    assert service.post(body(), url=url).status_code == 200


def test_the_chain_is_downloaded_once_and_again_after_it_expires(service: Service, pki: dict[str, Authority]) -> None:
    for _ in range(3):
        assert service.post(body("intent_amazon_help", timestamp=service.clock[0])).status_code == 200
    assert service.fetched == [URL]
    service.clock[0] = NOW + datetime.timedelta(days=101)  # past the leaf's expiry
    renewed = leaf(pki["intermediate"], service.clock[0])
    service.chains[URL] = chain_pem(renewed, pki["intermediate"])
    assert service.post(body("intent_amazon_help", timestamp=service.clock[0]), signer=renewed).status_code == 200
    assert service.fetched == [URL, URL]


def _refused(service: Service, payload: bytes, reason: str, **post: Any) -> None:
    before = service.store_bytes()
    response = service.post(payload, **post)
    assert response.status_code == 400, response.text
    assert reason in response.json()["error"]
    assert service.store_bytes() == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem", "https"),
        ("https://notamazon.com/echo.api/echo-api-cert-12.pem", "host"),
        ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem", "host"),
        ("https://evil@s3.amazonaws.com/echo.api/echo-api-cert-12.pem", "host"),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem", "port"),
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem", "/echo.api/"),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem", "/echo.api/"),
        ("https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-12.pem", "/echo.api/"),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/x.pem", "plain"),
        ("https://s3.amazonaws.com:99999/echo.api/x.pem", "malformed"),
    ],
)
def test_each_certificate_url_rule_is_enforced(service: Service, url: str, reason: str) -> None:
    _refused(service, body(), reason, url=url)
    assert service.fetched == []


def _with_chain(service: Service, pem: bytes) -> str:
    url = "https://s3.amazonaws.com/echo.api/other.pem"
    service.chains[url] = pem
    return url


def test_an_expired_certificate_is_refused(service: Service, pki: dict[str, Authority]) -> None:
    old = leaf(pki["intermediate"], NOW, not_before=NOW - datetime.timedelta(days=60),
               not_after=NOW - datetime.timedelta(days=1))
    _refused(service, body(), "not valid", url=_with_chain(service, chain_pem(old, pki["intermediate"])), signer=old)


def test_a_certificate_not_yet_valid_is_refused(service: Service, pki: dict[str, Authority]) -> None:
    early = leaf(pki["intermediate"], NOW, not_before=NOW + datetime.timedelta(days=1))
    _refused(service, body(), "not valid", url=_with_chain(service, chain_pem(early, pki["intermediate"])), signer=early)


def test_a_wrongly_named_certificate_is_refused(service: Service, pki: dict[str, Authority]) -> None:
    other = leaf(pki["intermediate"], NOW, name="echo-api.example.com")
    _refused(service, body(), "not valid", url=_with_chain(service, chain_pem(other, pki["intermediate"])), signer=other)


def test_a_chain_to_an_untrusted_root_is_refused(service: Service) -> None:
    stranger = root(NOW, key_index=3, name="Test Root CA")  # same name, other key
    forged = leaf(intermediate(stranger, NOW, key_index=4), NOW, key_index=2)
    _refused(service, body(), "not valid", url=_with_chain(service, chain_pem(forged)), signer=forged)


def test_a_chain_without_its_intermediate_is_refused(service: Service, pki: dict[str, Authority]) -> None:
    _refused(service, body(), "not valid", url=_with_chain(service, chain_pem(pki["leaf"])))


def test_a_chain_that_is_not_pem_or_cannot_be_downloaded_is_refused(service: Service) -> None:
    _refused(service, body(), "not PEM", url=_with_chain(service, b"not a certificate"))
    _refused(service, body(), "downloaded", url="https://s3.amazonaws.com/echo.api/missing.pem")


def test_a_tampered_body_is_refused(service: Service) -> None:
    original = body()
    signature = base64.b64encode(sign(service.signer, original))
    _refused(service, original.replace(b"LaunchRequest", b"IntentRequest"), "signature", signature=signature)


def test_a_signature_by_another_key_or_not_base64_is_refused(service: Service, pki: dict[str, Authority]) -> None:
    _refused(service, body(), "signature", signer=pki["intermediate"])
    _refused(service, body(), "base64", signature=b"!!!not base64!!!")


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_headers_are_refused(service: Service, missing: str) -> None:
    if missing == "SignatureCertChainUrl":
        _refused(service, body(), missing, url=None)
    else:
        _refused(service, body(), missing, signature=b"")


@pytest.mark.parametrize("offset", [-151, 151, -3600])
def test_a_stale_or_future_timestamp_is_refused(service: Service, offset: int) -> None:
    _refused(service, body(timestamp=service.clock[0] + datetime.timedelta(seconds=offset)), "timestamp")


def test_a_timestamp_within_150_seconds_passes(service: Service) -> None:
    assert service.post(body(timestamp=service.clock[0] - datetime.timedelta(seconds=149))).status_code == 200
    assert service.post(body(timestamp=service.clock[0] + datetime.timedelta(seconds=149))).status_code == 200


def test_a_skill_event_may_be_an_hour_old(service: Service) -> None:
    old = service.clock[0] - datetime.timedelta(minutes=30)
    assert service.post(body("permission_accepted_event", timestamp=old)).status_code == 200


def test_a_malformed_timestamp_is_refused(service: Service) -> None:
    data = json.loads(body())
    data["request"]["timestamp"] = "gisteren"
    _refused(service, json.dumps(data).encode(), "timestamp")


def test_a_wrong_application_id_is_refused(service: Service) -> None:
    _refused(service, body(context__System__application__applicationId="amzn1.ask.skill.other"), "application id")
    _refused(service, body(session__application__applicationId="amzn1.ask.skill.other"), "application id")


def test_a_huge_body_is_refused_before_parsing(service: Service) -> None:
    _refused(service, b"{" + b" " * MAX_BODY_BYTES + b"}", "too large")


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", b'{"version": "1.0"}', b"\xff\xfe"])
def test_malformed_json_is_refused_even_when_signed(service: Service, payload: bytes) -> None:
    _refused(service, payload, "body is not")


def test_refusals_are_logged_without_the_body(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    _refused(service, body("intent_gratitude_danger"), "signature", signer=service.signer,
             signature=base64.b64encode(b"x" * 256))
    assert "refused request: signature" in caplog.text
    assert "slaat" not in caplog.text and "amzn1" not in caplog.text


def test_without_a_skill_id_the_service_does_not_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SAMEN_STERKER_SKILL_ID", raising=False)
    monkeypatch.delenv("SAMEN_STERKER_DEV_NO_VERIFY", raising=False)
    with pytest.raises(ValueError, match="SAMEN_STERKER_SKILL_ID"):
        create_app(store=f"sqlite:{tmp_path / 'h.sqlite3'}")


def test_the_development_flag_warns_at_every_request(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    app = create_app(store=f"sqlite:{tmp_path / 'h.sqlite3'}", dev_no_verify=True)
    client = app.test_client()
    for _ in range(2):
        assert client.post("/", data=body()).status_code == 200
    assert caplog.text.count("verification is OFF") == 2


@contextlib.contextmanager
def make_serve(tmp_path: Path) -> Iterator[int]:
    """`make serve` on a free port, as the README runs it; yields the port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, SAMEN_STERKER_SKILL_ID=SKILL_ID, SAMEN_STERKER_STORE=f"sqlite:{tmp_path / 'h.sqlite3'}",
               PORT=str(port))
    env.pop("SAMEN_STERKER_DEV_NO_VERIFY", None)
    root_dir = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.ready", "serve"], cwd=root_dir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_make_serve_runs_the_service_under_gunicorn_with_verification_on(tmp_path: Path) -> None:
    with make_serve(tmp_path) as port:
        response = requests.post(f"http://127.0.0.1:{port}/", data=body(), timeout=10)
        assert response.status_code == 400
        assert response.json() == {"error": "missing SignatureCertChainUrl header"}


def _drip(sock: socket.socket, data: bytes, stop: threading.Event, every: float = 2.0) -> None:
    """Send `data` a byte at a time, one byte every `every` seconds, until told to stop or cut off."""
    for byte in data:
        if stop.wait(every):
            return
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            return


def test_slow_clients_do_not_hold_the_service_and_are_cut_off(tmp_path: Path) -> None:
    payload = body()
    head = (f"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode()
    stop = threading.Event()
    with make_serve(tmp_path) as port:
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
        try:
            # One sends its header line by line, the other a whole header and then its body byte by byte.
            slow[1].sendall(head)
            drips = [threading.Thread(target=_drip, args=(slow[0], head, stop), daemon=True),
                     threading.Thread(target=_drip, args=(slow[1], payload, stop), daemon=True)]
            for drip in drips:
                drip.start()
            time.sleep(3)
            started = time.monotonic()
            response = requests.post(f"http://127.0.0.1:{port}/", data=payload, timeout=10)
            assert response.status_code == 400  # unsigned: refused, but answered
            assert time.monotonic() - started < 2
            # Neither may take more than the read deadline: the service closes both.
            for sock in slow:
                sock.settimeout(READ_DEADLINE_SECONDS + 5)
                try:
                    while sock.recv(1024):  # a refusal may come first; then the connection must close
                        pass
                except ConnectionResetError:
                    pass
            assert time.monotonic() - started < READ_DEADLINE_SECONDS + 5
        finally:
            stop.set()
            for sock in slow:
                sock.close()


DEEP = b"[" * 60_000 + b"]" * 60_000


def test_deeply_nested_json_is_refused_with_one_log_line(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    _refused(service, DEEP, "body is not JSON")
    _refused(service, b'{"request": ' + DEEP + b"}", "body is not JSON")
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text


def test_deeply_nested_json_is_refused_in_development_mode(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(store=f"sqlite:{tmp_path / 'h.sqlite3'}", dev_no_verify=True)
    response = app.test_client().post("/", data=DEEP)
    assert response.status_code == 400
    assert response.json == {"error": "body is not JSON"}
    assert caplog.text.count("refused request") == 1 and "Traceback" not in caplog.text


def test_what_can_be_checked_without_the_chain_is_checked_before_any_download(service: Service) -> None:
    fresh = "https://s3.amazonaws.com/echo.api/never-fetched.pem"
    stale = body(timestamp=service.clock[0] - datetime.timedelta(seconds=400))
    _refused(service, stale, "timestamp", url=fresh, signature=base64.b64encode(b"x" * 256))
    _refused(service, body(session__application__applicationId="amzn1.ask.skill.other"), "application id", url=fresh,
             signature=base64.b64encode(b"x" * 256))
    _refused(service, b"{not json", "not JSON", url=fresh, signature=base64.b64encode(b"x" * 256))
    assert service.fetched == []


def test_a_failed_download_is_remembered_so_forged_requests_cause_one_fetch(service: Service) -> None:
    missing = "https://s3.amazonaws.com/echo.api/missing.pem"
    for _ in range(100):
        _refused(service, body(), "downloaded", url=missing, signature=base64.b64encode(b"x" * 256))
    assert service.fetched == [missing]
    service.clock[0] += datetime.timedelta(seconds=FAILED_CHAIN_SECONDS + 1)
    _refused(service, body(timestamp=service.clock[0]), "downloaded", url=missing)
    assert service.fetched == [missing, missing]


def test_downloads_at_once_are_bounded_and_the_rest_refused_without_waiting(pki: dict[str, Authority]) -> None:
    release = threading.Event()
    running: list[str] = []
    most = [0]
    lock = threading.Lock()

    def slow_fetch(url: str) -> bytes:
        with lock:
            running.append(url)
            most[0] = max(most[0], len(running))
        release.wait(5)
        with lock:
            running.remove(url)
        raise OSError("unreachable")

    verifier = RequestVerifier(skill_id=SKILL_ID, roots=[pki["root"].cert], fetch_chain=slow_fetch,
                               now=lambda: NOW + datetime.timedelta(seconds=5))
    reasons: list[str] = []

    def attempt(index: int) -> None:
        headers = {"SignatureCertChainUrl": f"https://s3.amazonaws.com/echo.api/{index}.pem", "Signature-256": "eA=="}
        try:
            verifier.verify(headers, body())
        except Refused as refused:
            with lock:
                reasons.append(refused.reason)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(10)
    assert most[0] <= MAX_CONCURRENT_FETCHES
    assert len(reasons) == 10 and time.monotonic() - started < 3
    assert reasons.count("certificate chain could not be downloaded") >= 10 - MAX_CONCURRENT_FETCHES


@pytest.mark.parametrize(("keep", "says", "never"), [
    ("", "weerbericht (bijvoorbeeld", "alleen de datum"),
    ("history", "weerbericht (bijvoorbeeld", "alleen de datum"),
    ("dates", "per check-in alleen de datum", "trek mijn toestemming in"),
])
def test_the_privacy_policy_is_served_unsigned_as_the_deployment_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: str, says: str, never: str
) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", keep)
    app = create_app(skill_id=SKILL_ID, store=f"sqlite:{tmp_path / 'h.sqlite3'}", trusted_roots_pem=None,
                     fetch_cert_chain=lambda url: b"")
    page = app.test_client().get("/privacy")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "Privacyverklaring Samen Sterker" in text and "Privacy policy of Samen Sterker" in text and says in text
    assert never not in text
    assert app.test_client().post("/privacy").status_code == 405


def test_a_way_of_keeping_that_is_not_known_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "alles")
    with pytest.raises(KeepSettingError, match="dates or history"):
        keep_mode()
