"""The Alexa edge under attack: malformed Lambda events, forged session states, replays,
and effects that could not be kept. Each test reproduces an attack of the hardening run."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from skill_helpers import check_response, envelope

from skill import lambda_entry


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "households.sqlite3"
    monkeypatch.setenv("SAMEN_STERKER_STORE", f"sqlite:{path}")
    monkeypatch.delenv("SAMEN_STERKER_SKILL_ID", raising=False)
    lambda_entry.reset()
    yield path
    lambda_entry.reset()


def _changed(name: str, *changes: tuple[tuple[str, ...], Any]) -> dict[str, Any]:
    data = copy.deepcopy(envelope(name))
    for path, value in changes:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return data


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    root = node
    for _ in range(depth):
        node["x"] = {}
        node = node["x"]
    return root


def _without(name: str, *path: str) -> dict[str, Any]:
    data = copy.deepcopy(envelope(name))
    node = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return data


# Events a broken or hostile caller could hand the Lambda function.
MALFORMED_EVENTS: dict[str, Any] = {
    "none": None,
    "empty": {},
    "list": [],
    "text": "hallo",
    "bytes": b'{"request": {}}',
    "number": 42,
    "request_none": {"version": "1.0", "request": None},
    "request_text": {"version": "1.0", "request": "LaunchRequest"},
    "request_empty": {"version": "1.0", "request": {}},
    "unknown_request_type": _changed("launch", (("request", "type"), "Nonsense.Request")),
    "bad_timestamp": _changed("launch", (("request", "timestamp"), "gisteren")),
    "number_timestamp": _changed("launch", (("request", "timestamp"), 12)),
    "nested_attributes": _changed("intent_startcheckin", (("session", "attributes"), _nested(100_000))),
    "attributes_none": _changed("intent_startcheckin", (("session", "attributes"), None)),
    "attributes_list": _changed("intent_startcheckin", (("session", "attributes"), [1, 2])),
    "session_text": _changed("intent_startcheckin", (("session",), "x")),
    "context_none": _changed("launch", (("context",), None)),
    "no_context": _without("launch", "context"),
    "no_user": _without("launch", "context", "System", "user"),
    "intent_none": _changed("intent_startcheckin", (("request", "intent"), None)),
    "intent_text": _changed("intent_startcheckin", (("request", "intent"), "StartCheckinIntent")),
    "slots_list": _changed("intent_weather_matched", (("request", "intent", "slots"), [1])),
    "core_garbage": _changed("intent_startcheckin", (("session", "attributes"), {"core": {"step": 5}})),
    "huge_slot": _changed("intent_weather_matched", (("request", "intent", "slots", "weather", "value"), "x" * 100_000)),
}


@pytest.mark.parametrize("name", sorted(MALFORMED_EVENTS))
def test_a_malformed_lambda_event_gets_a_valid_response_never_an_exception(
    name: str, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    result = lambda_entry.lambda_handler(MALFORMED_EVENTS[name], None)
    response = check_response(result)
    assert response["shouldEndSession"] is True or "reprompt" in response
    assert "Traceback" not in caplog.text


def test_a_wrong_application_id_gets_a_valid_refusal(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMEN_STERKER_SKILL_ID", "amzn1.ask.skill.another")
    result = lambda_entry.lambda_handler(envelope("launch"), None)
    assert check_response(result)["shouldEndSession"] is True


def test_without_a_skill_id_the_lambda_warns_once_at_cold_start(
    store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        lambda_entry.lambda_handler(envelope("launch"), None)
    assert caplog.text.count("SAMEN_STERKER_SKILL_ID is not set") == 1
