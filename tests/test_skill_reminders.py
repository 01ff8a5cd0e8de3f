"""The daily reminder against a local HTTPS server standing in for the Alexa API (the
request's apiEndpoint points to it; its certificate comes from a test CA the client is
told to trust), checking the exact requests the skill makes."""

from __future__ import annotations

import datetime
import json
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ca_helpers import intermediate, leaf, root
from cryptography.hazmat.primitives import serialization
from skill_helpers import Alexa, check_response, envelope, speech

from skill import lambda_entry
from skill.messages import load_skill_messages
from skill.reminders import REMINDER_INTENT, parse_time, reminder_body
from skill.routes import SKILL_INTENTS

TOKEN = envelope("intent_setreminder_granted")["context"]["System"]["apiAccessToken"]
DEVICE = envelope("intent_setreminder_granted")["context"]["System"]["device"]["deviceId"]
MESSAGES = load_skill_messages()


@dataclass
class FakeAlexaApi:
    """Records every call; keeps the skill's reminders like the Reminders API does."""

    calls: list[tuple[str, str, str, Any]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    fail_with: int | None = None
    time_zone: str = "Europe/Brussels"


def _server(api: FakeAlexaApi) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            api.calls.append((self.command, self.path, self.headers.get("Authorization", ""), body))
            if api.fail_with and self.path.startswith("/v1/"):
                self._answer(api.fail_with, {"code": "ERROR"})
            elif self.path.endswith("/settings/System.timeZone"):
                self._answer(200, api.time_zone)
            elif self.command == "GET" and self.path == "/v1/alerts/reminders":
                self._answer(200, {"totalCount": str(len(api.alerts)),
                                   "alerts": [{"alertToken": t, "status": "ON"} for t in api.alerts]})
            elif self.command == "POST" and self.path == "/v1/alerts/reminders":
                api.alerts.append(f"alert-{len(api.alerts) + 1}")
                self._answer(201, {"alertToken": api.alerts[-1], "status": "ON"})
            elif self.command == "PUT" and self.path.startswith("/v1/alerts/reminders/"):
                self._answer(200, {"alertToken": self.path.rsplit("/", 1)[1], "status": "ON"})
            else:
                self._answer(404, {})

        do_GET = do_POST = do_PUT = _handle

        def log_message(self, *args: Any) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def _serve_tls(server: ThreadingHTTPServer, folder: Path) -> Path:
    """Serve HTTPS as `localhost` with a certificate of a test CA; the CA's file is returned."""
    now = datetime.datetime.now(datetime.UTC)
    ca = root(now)
    middle = intermediate(ca, now)
    cert = leaf(middle, now, name="localhost")
    (folder / "ca.pem").write_bytes(ca.pem())
    (folder / "server.pem").write_bytes(cert.pem() + middle.pem())
    (folder / "server.key").write_bytes(cert.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return folder / "ca.pem"


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeAlexaApi, str]]:
    monkeypatch.setenv("SAMEN_STERKER_STORE", f"sqlite:{tmp_path / 'h.sqlite3'}")
    lambda_entry.reset()
    fake = FakeAlexaApi()
    server = _server(fake)
    # The skill's API client (ask-sdk's, over `requests`) speaks HTTPS only, as Alexa's API does.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(_serve_tls(server, tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"https://localhost:{server.server_port}"
    server.shutdown()
    thread.join()
    lambda_entry.reset()


def _at(name: str, endpoint: str) -> dict[str, Any]:
    data = envelope(name)
    data["context"]["System"]["apiEndpoint"] = endpoint
    return data


EXPECTED_BODY = {
    "requestTime": "2026-11-27T19:30:00.000",
    "trigger": {
        "type": "SCHEDULED_ABSOLUTE",
        "timeZoneId": "Europe/Brussels",
        "recurrence": {
            "startDateTime": "2026-11-27T00:00:00.000",
            "recurrenceRules": ["FREQ=DAILY;BYHOUR=20;BYMINUTE=0;BYSECOND=0;INTERVAL=1;"],
        },
    },
    "alertInfo": {"spokenInfo": {"content": [{"locale": "nl-NL", "text": MESSAGES.say("reminder_text")}]}},
    "pushNotification": {"status": "ENABLED"},
}


def test_a_daily_reminder_is_created_in_the_devices_time_zone(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    result = lambda_entry.lambda_handler(_at("intent_setreminder_granted", endpoint), None)
    check_response(result)
    assert speech(result) == MESSAGES.say("reminder_set", time="20.00 uur")
    assert [(m, p) for m, p, _, _ in fake.calls] == [
        ("GET", f"/v2/devices/{DEVICE}/settings/System.timeZone"),
        ("GET", "/v1/alerts/reminders"),
        ("POST", "/v1/alerts/reminders"),
    ]
    assert all(auth == f"Bearer {TOKEN}" for _, _, auth, _ in fake.calls)
    assert fake.calls[-1][3] == EXPECTED_BODY


def test_saying_it_again_moves_the_reminder_instead_of_adding_one(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    lambda_entry.lambda_handler(_at("intent_setreminder_granted", endpoint), None)
    again = _at("intent_setreminder_granted", endpoint)
    again["request"]["intent"]["slots"]["time"]["value"] = "21:30"
    result = lambda_entry.lambda_handler(again, None)
    assert speech(result) == MESSAGES.say("reminder_changed", time="21.30 uur")
    assert fake.alerts == ["alert-1"]
    method, path, _, body = fake.calls[-1]
    assert (method, path) == ("PUT", "/v1/alerts/reminders/alert-1")
    assert body["trigger"]["recurrence"]["recurrenceRules"] == ["FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0;INTERVAL=1;"]


def test_without_permission_consent_is_asked_by_voice_then_the_reminder_is_set(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    result = lambda_entry.lambda_handler(_at("intent_setreminder_no_permission", endpoint), None)
    response = check_response(result)
    assert fake.calls == []
    [directive] = response["directives"]
    assert directive == {
        "type": "Connections.SendRequest",
        "name": "AskFor",
        "payload": {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                    "permissionScope": "alexa::alerts:reminders:skill:readwrite"},
        "token": "samen-sterker-reminder:20:00",
    }
    result = lambda_entry.lambda_handler(_at("consent_response_accepted", endpoint), None)
    assert speech(result) == MESSAGES.say("reminder_set", time="20.00 uur")
    assert fake.calls[-1][3] == EXPECTED_BODY


def test_consent_refused_gives_an_explanation_and_a_permissions_card(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    result = lambda_entry.lambda_handler(_at("consent_response_denied", endpoint), None)
    response = check_response(result)
    assert speech(result) == MESSAGES.say("reminder_no_permission")
    assert response["card"] == {"type": "AskForPermissionsConsent", "permissions": ["alexa::alerts:reminders:skill:readwrite"]}
    assert response["shouldEndSession"] is True
    assert fake.calls == []


def test_a_permission_withdrawn_in_the_app_gives_the_card_too(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    fake.fail_with = 401
    result = lambda_entry.lambda_handler(_at("intent_setreminder_granted", endpoint), None)
    assert check_response(result)["card"]["type"] == "AskForPermissionsConsent"


def test_an_api_failure_is_said_and_the_conversation_goes_on(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    fake.fail_with = 500
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(_at("launch", endpoint))
    alexa.send(_at("intent_startcheckin", endpoint))
    result = alexa.send(_at("intent_setreminder_granted", endpoint))
    assert speech(result).startswith(MESSAGES.say("reminder_failed"))
    assert result["response"]["shouldEndSession"] is False
    assert result["sessionAttributes"]["core"]["step"] == "checkin_consent"



@pytest.mark.parametrize(("value", "expected"), [("20:00", (20, 0)), ("07:45", (7, 45)), ("EV", (20, 0)),
                                                  ("NI", (21, 0)), ("24:00", None), ("acht", None), ("", None)])
def test_amazon_time_values_are_read(value: str, expected: tuple[int, int] | None) -> None:
    assert parse_time(value) == expected


def test_the_body_uses_local_time_of_the_zone() -> None:
    now = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)  # 00:30 next day in summer
    body = reminder_body(8, 5, "Europe/Amsterdam", now, "x")
    assert body["requestTime"] == "2026-07-01T00:30:00.000"
    assert body["trigger"]["recurrence"]["startDateTime"] == "2026-07-01T00:00:00.000"


def test_the_reminder_intent_is_the_skills_own() -> None:
    assert REMINDER_INTENT in SKILL_INTENTS


def test_without_a_time_the_skill_asks_for_one(api: tuple[FakeAlexaApi, str]) -> None:
    fake, endpoint = api
    result = lambda_entry.lambda_handler(_at("intent_setreminder_no_time", endpoint), None)
    assert check_response(result)["shouldEndSession"] is False
    assert speech(result) == MESSAGES.say("reminder_no_time")
    assert fake.calls == []
