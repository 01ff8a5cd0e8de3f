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


class _FailingHouseholds:
    """A store whose writes all fail (a locked file, a full disk, a throttled table)."""

    def __init__(self) -> None:
        from household.store import SqliteHouseholds

        self.inner = SqliteHouseholds(":memory:")

    def load(self, today: Any, household_id: str = "local") -> Any:
        return self.inner.load(today, household_id)

    def apply(self, effects: Any, household_id: str = "local") -> None:
        from household import StoreError

        if list(effects):
            raise StoreError("failed", "test", "database is locked")

    def erase(self, household_id: str = "local") -> None:
        self.apply([object()], household_id)


def _failing_alexa() -> Any:
    from skill_helpers import Alexa

    from skill.adapter import build_skill, make_conversation
    from skill.lambda_entry import handler_for

    return Alexa(handler_for(build_skill(make_conversation(_FailingHouseholds()))))  # type: ignore[arg-type]


def test_an_erase_the_store_refused_is_answered_as_not_erased(locale: Any) -> None:
    from skill_helpers import speech

    alexa = _failing_alexa()
    alexa.say("launch")
    alexa.say("intent_erasedata")
    result = alexa.say("intent_amazon_yes")
    assert speech(result) == locale.say("erase_failed")
    assert result["response"]["shouldEndSession"] is True


def test_names_and_pace_the_store_refused_are_not_claimed_kept(locale: Any) -> None:
    from skill_helpers import speech

    alexa = _failing_alexa()
    alexa.say("launch")
    named = speech(alexa.say("intent_setnames_matched"))
    assert locale.say("not_kept") in named
    alexa.say("intent_starttriggerplan")
    assert locale.say("not_kept") in speech(alexa.say("intent_slower"))
