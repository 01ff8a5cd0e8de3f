"""The Alexa edge under attack: malformed Lambda events, forged session states, replays,
and effects that could not be kept. Each test reproduces an attack of the hardening run."""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import pytest
from skill_helpers import check_response, envelope

from skill import lambda_entry


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


# --- forged session states (finding 3) ---------------------------------------------------------


def _core_after_launch(store_path: Path) -> dict[str, Any]:
    result = lambda_entry.lambda_handler(envelope("launch"), None)
    core: dict[str, Any] = result["sessionAttributes"]["core"]
    return core


def _with_core(name: str, core: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(envelope(name))
    data["session"]["new"] = False
    data["session"]["attributes"] = {"core": core}
    return data


def _forged(core: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    core = copy.deepcopy(core)
    node: Any = core
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return core


BAD_STATES: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "basic_date": (("household", "today"), "20991231"),
    "far_date": (("household", "today"), "2099-12-31"),
    "date_with_time": (("household", "today"), "2026-11-27T10:00"),
    "checkin_date_text": (("household", "checkin_dates"), ["gisteren"]),
    "checkin_dates_many": (("household", "checkin_dates"), ["2026-11-20"] * 5000),
    "script_name": (("household", "names"), ["<script>alert(1)</script>", "Lotte"]),
    "long_name": (("household", "names"), ["A" * 5000, "Lotte"]),
    "huge_pace": (("household", "inhale_seconds"), 100_000_000),
    "negative_pace": (("household", "exhale_seconds"), -5),
    "pace_text": (("household", "exhale_seconds"), "6"),
    "step_unknown": (("step",), "nowhere"),
    "partners_many": (("partners",), 9),
    "script_weather": (("entries",), [{"weather": "<script>x</script>", "need": None}]),
    "long_need": (("entries",), [{"weather": None, "need": "N" * 5000}]),
    "entries_many": (("entries",), [{"weather": None, "need": None}] * 500),
    "feeling_unknown": (("feeling",), "VERVELING"),
    "trigger_need_list": (("trigger_need",), ["RUST"]),
    "concern_unknown": (("concern",), "IETS"),
    "counter_huge": (("misunderstood",), 10**12),
    "breath_rounds_negative": (("breath_rounds",), -1),
    "pause_huge": (("last_reply",), {"parts": [{"pause": 1e8}], "reprompt": None, "end_session": False}),
    "say_long": (("last_reply",), {"parts": [{"say": "x" * 20_000}], "reprompt": None, "end_session": False}),
    "parts_many": (("last_reply",), {"parts": [{"say": "x"}] * 10_000, "reprompt": None, "end_session": False}),
    # The look-back's history and a trigger run's moment (issue 10).
    "history_days_many": (("household", "checkin_days"), [["2026-11-20", []]] * 500),
    "history_day_future": (("household", "checkin_days"), [["2026-12-20", []]]),
    "history_day_old": (("household", "checkin_days"), [["2025-11-20", []]]),
    "history_weather_unknown": (("household", "checkin_days"), [["2026-11-20", [["HAGEL", None], [None, None]]]]),
    "history_entries_many": (("household", "checkin_days"), [["2026-11-20", [[None, None]] * 3]]),
    "moments_many": (("household", "trigger_moments"), [["2026-11-20", 5, 3]] * 5000),
    "moment_strength_huge": (("household", "trigger_moments"), [["2026-11-20", 11, 3]]),
    "moment_strength_text": (("household", "trigger_moments"), [["2026-11-20", "acht", None]]),
    "moment_strength_bool": (("household", "trigger_moments"), [["2026-11-20", True, None]]),
    "run_moment_other_day": (("moment",), ["2026-11-01", 5, None]),
    "run_moment_shape": (("moment",), {"date": "2026-11-27"}),
    "rating_text": (("rating",), "ja"),
}


@pytest.mark.parametrize("name", sorted(BAD_STATES))
def test_a_forged_session_state_is_refused_and_answered(
    name: str, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import datetime
    import time

    from household.store import HouseholdStore

    caplog.set_level(logging.INFO)
    path, value = BAD_STATES[name]
    core = _forged(_core_after_launch(store_path), path, value)
    started = time.monotonic()
    for request in ("intent_amazon_repeat", "intent_weather_matched", "intent_need_matched", "intent_amazon_stop",
                    "session_ended"):
        response = check_response(lambda_entry.lambda_handler(_with_core(request, core), None))
        assert "outputSpeech" in response or request == "session_ended"
    assert time.monotonic() - started < 2
    assert "session state refused" in caplog.text
    with HouseholdStore(store_path) as store:
        household = store.load(datetime.date(2026, 11, 27), envelope("launch")["session"]["user"]["userId"])
    assert household.names is None and household.inhale_seconds == 4
    assert all(str(value)[:20] not in caplog.text for value in (value,) if isinstance(value, str) and len(value) > 3)


def test_speech_over_alexas_limits_is_refused_before_it_is_built() -> None:
    import math
    import time

    from dialogue import Pause
    from skill.ssml import SpeechTooLong, to_ssml

    for seconds in (1e8, 1e300, math.inf, math.nan, -1.0):
        started = time.monotonic()
        with pytest.raises(SpeechTooLong):
            to_ssml((Pause(seconds),))
        assert time.monotonic() - started < 0.1


def test_a_bad_row_of_one_household_never_stops_another_households_writes(tmp_path: Path) -> None:
    import datetime
    import sqlite3

    from dialogue import SaveNames
    from household import StoreError
    from household.store import HouseholdStore

    path = tmp_path / "h.sqlite3"
    with HouseholdStore(path) as store:
        store.apply([SaveNames("Sam", "Lotte")], "a")
    db = sqlite3.connect(path)
    db.execute("INSERT INTO checkin (household_id, date) VALUES ('a', '20991231')")
    db.commit()
    db.close()
    with HouseholdStore(path) as store:
        with pytest.raises(StoreError) as raised:
            store.load(datetime.date(2100, 1, 1), "a")
        assert raised.value.reason == "corrupt"
        with pytest.raises(StoreError):
            store.apply([SaveNames("Kim", "Jo")], "a")  # the damaged household is not written to
        store.apply([SaveNames("Kim", "Jo")], "b")
        assert store.load(datetime.date(2026, 11, 27), "b").names == ("Kim", "Jo")


def test_a_replayed_request_does_not_store_its_checkin_again(store_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import datetime

    from skill_helpers import Alexa

    from household.store import HouseholdStore

    caplog.set_level(logging.INFO)
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    for name in ("intent_startcheckin", "intent_amazon_yes", "intent_alone", "intent_weather_matched",
                 "intent_need_matched"):
        alexa.say(name)
    final = copy.deepcopy(envelope("intent_gratitude_unmatched"))
    final["session"]["attributes"] = alexa.attributes
    final["session"]["new"] = False
    final["request"]["requestId"] = "amzn1.echo-api.request.replayed"
    answers = [check_response(lambda_entry.lambda_handler(final, None)) for _ in range(5)]
    assert all(a == answers[0] for a in answers)  # every replay is answered as the first was
    with HouseholdStore(store_path) as store:
        stored = store.checkins(envelope("launch")["session"]["user"]["userId"])
    assert stored == [(datetime.date(2026, 11, 27), [("ZONNIG", "KNUFFEL")])]
    assert caplog.text.count("replayed request") == 4


def test_request_ids_are_forgotten_after_the_replay_window() -> None:
    from skill.replay import REPLAY_WINDOW_SECONDS, RecentRequests

    now = [1000.0]
    recent = RecentRequests(clock=lambda: now[0])
    assert recent.first_time("a") and not recent.first_time("a") and recent.first_time("b")
    now[0] += REPLAY_WINDOW_SECONDS + 1
    assert recent.first_time("a")


def test_a_need_said_in_ones_own_words_survives_to_the_next_request(locale: Any) -> None:
    """A need in one's own words is kept in the state as OWN (never the words): the next
    request's state with it is one the skill sent, not a forgery."""
    import datetime

    from dialogue import CheckinEntry, Household, State, Step, state_to_json
    from skill.session_state import StateReader

    today = datetime.date(2026, 11, 27)
    state = State(household=Household(today=today, introduced=True, consent=True), step=Step.CHECKIN_GRATITUDE,
                  partners=1, entries=(CheckinEntry("ZONNIG", "OWN"),), trigger_need="OWN")
    assert StateReader(locale).read(state_to_json(state), today) == state
