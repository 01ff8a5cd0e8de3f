"""The Alexa skill through lambda_handler: every envelope data file, and whole conversations."""

from __future__ import annotations

import datetime
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from skill_helpers import ENVELOPES, Alexa, check_response, envelope, speech

import lambda_handler as entry
from dialogue import Coach, Locale
from household.store import HouseholdStore
from skill import lambda_entry
from skill.messages import load_skill_messages

USER = envelope("launch")["session"]["user"]["userId"]
ALL_ENVELOPES = sorted(p.stem for p in ENVELOPES.glob("*.json"))
PRIVATE_WORDS = ("bloemen", "slaat", "hagelbui", "fiets", "hongerig")


def checkins(path: Path) -> list[tuple[str, list[tuple[str | None, str | None]]]]:
    with HouseholdStore(path) as store:
        return store.checkins(USER)


@pytest.mark.parametrize("name", ALL_ENVELOPES)
def test_every_envelope_gets_a_well_formed_answer_and_nothing_heard_is_logged(
    name: str, store_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    data = envelope(name)
    data["context"]["System"]["apiEndpoint"] = "http://127.0.0.1:9"  # nothing listens: no calls leave the machine
    result = entry.lambda_handler(data, None)
    check_response(result)
    logged = caplog.text.lower()
    assert not any(word in logged for word in PRIVATE_WORDS)
    assert "amzn1.ask.account" not in logged


# What each envelope, sent on its own (a one-shot request or a fresh session), must do.
EXPECTED: dict[str, tuple[str | None, bool]] = {
    # name: (core step afterwards, session ends)
    "launch": ("menu", False),
    "launch_screen_device": ("menu", False),
    "intent_startcheckin": ("checkin_consent", False),  # a household never asked: consent first
    "intent_starttriggerplan": ("breathing", False),
    "intent_partnertriggered": ("support_offer", False),
    "intent_amazon_help": ("menu", False),
    "intent_amazon_stop": ("ended", True),
    "intent_amazon_cancel": ("ended", True),
    "intent_amazon_navigatehome": ("ended", True),
    "intent_amazon_fallback": ("menu", False),
    "intent_unknown": ("menu", False),
    "intent_safety": ("safety", False),
    "intent_gratitude_danger": ("safety", False),
    "intent_setnames_matched": ("menu", False),
    "intent_setnames_missing": ("menu", False),
    "intent_erasedata": ("confirm_erase", False),
    "session_ended": (None, True),
    "session_ended_error": (None, True),
    "reminder_started_event": (None, True),
    "permission_accepted_event": (None, True),
    "intent_setreminder_no_permission": (None, True),
    "intent_setreminder_no_time": (None, False),
    "consent_response_denied": (None, True),
    # Issue 10: the look-back, asked at once (a fresh household: nothing kept yet), and a
    # strength said where none was asked.
    "intent_lookback": ("menu", False),
    "intent_lookback_month": ("menu", False),
    "intent_intensity": ("menu", False),
    "intent_intensity_missing": ("menu", False),
    # The contract's review asked for by a fresh household (no contract kept), and its answers
    # said where no review is going on: the menu, with what can be said there.
    "intent_makecontract": ("checkin_consent", False),  # consent never asked: the check-in's question first
    "intent_reviewcontract": ("menu", False),
    "intent_partly": ("menu", False),
    "intent_adjustagreement": ("menu", False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_request_alone_does_what_it_should(name: str, store_path: Path) -> None:
    step, ends = EXPECTED[name]
    result = entry.lambda_handler(envelope(name), None)
    response = check_response(result)
    assert response["shouldEndSession"] is ends
    core = result.get("sessionAttributes", {}).get("core")
    assert (None if core is None else core["step"]) == step


def test_events_and_session_end_have_no_speech(store_path: Path) -> None:
    for name in ("session_ended", "session_ended_error", "reminder_started_event", "permission_accepted_event"):
        response = entry.lambda_handler(envelope(name), None)["response"]
        assert "outputSpeech" not in response and "reprompt" not in response


def test_the_screen_device_gets_the_same_speech(store_path: Path) -> None:
    plain = entry.lambda_handler(envelope("launch"), None)
    lambda_entry.reset()
    store_path.unlink()
    screen = entry.lambda_handler(envelope("launch_screen_device"), None)
    assert speech(screen) == speech(plain)
    assert "directives" not in screen["response"]


def test_a_whole_checkin_for_two_is_carried_in_session_attributes_and_stored(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_setnames_matched")
    assert alexa.step == "menu"
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent to keep the check-ins
    alexa.say("intent_together")
    assert "Sam" in speech(alexa.last)
    alexa.say("intent_weather_unmatched")  # "hagelbui": not a weather the coach knows
    assert alexa.step == "checkin_weather"
    alexa.say("intent_weather_matched")
    alexa.say("intent_need_matched")
    assert alexa.step == "checkin_gratitude"
    alexa.say("intent_amazon_fallback")  # a free gratitude Alexa could not match
    assert alexa.step == "checkin_weather"
    assert "Lotte" in speech(alexa.last)
    alexa.say("intent_weather_matched", weather="STORM")
    alexa.say("intent_skip")
    result = alexa.say("intent_gratitude_unmatched")
    assert alexa.step == "checkin_give"  # kept already; "lukt het om dat te geven?"
    assert checkins(store_path) == [(datetime.date(2026, 11, 27), [("ZONNIG", "KNUFFEL"), ("STORM", None)])]
    alexa.say("intent_amazon_yes")
    assert alexa.step == "storm_offer"  # after a storm, the offer to breathe
    result = alexa.say("intent_amazon_no")
    assert result["response"]["shouldEndSession"] is True
    assert checkins(store_path) == [(datetime.date(2026, 11, 27), [("ZONNIG", "KNUFFEL"), ("STORM", None)])]
    # The next session starts afresh but knows the household.
    alexa.send(envelope("launch"))
    assert "Sam" in speech(alexa.last) and alexa.new is False


def breath_ms(cue: str, seconds: float) -> int:
    from skill.ssml import breath_pause_seconds

    return round(breath_pause_seconds(cue, seconds) * 1000)


def test_a_whole_trigger_plan_keeps_the_pace_and_stores_no_feelings(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    result = alexa.say("intent_starttriggerplan")  # "Alexa, vraag samen sterker om een ademoefening"
    # Five breaths in; each cue is said inside its breath, so its silence is shorter.
    assert result["response"]["outputSpeech"]["ssml"].count(f'<break time="{breath_ms("In...", 4)}ms"/>') == 3
    alexa.say("intent_slower")
    assert alexa.last["response"]["outputSpeech"]["ssml"].count(f'<break time="{breath_ms("In...", 5)}ms"/>') == 3
    alexa.say("intent_amazon_pause")
    alexa.say("intent_amazon_resume")
    alexa.say("intent_amazon_next")
    assert alexa.step == "trigger_feeling"
    alexa.say("intent_feeling_matched")
    alexa.say("intent_need_matched", need="GERUSTSTELLING")
    assert alexa.step == "partner_present"
    result = alexa.say("intent_amazon_yes")
    assert alexa.step == "partner_say"  # the partner speaks; Alexa hears something
    alexa.say("intent_gratitude_unmatched")
    assert alexa.step == "partner_listen"
    result = alexa.say("intent_unknown")  # the triggered partner's answer, in their own words
    assert result["response"]["shouldEndSession"] is True
    with HouseholdStore(store_path) as store:
        household = store.load(datetime.date(2026, 11, 27), USER)
    assert (household.inhale_seconds, household.exhale_seconds) == (5, 7)
    assert b"PANIEK" not in store_path.read_bytes()


def test_danger_in_a_free_gratitude_stops_at_once_and_nothing_of_the_checkin_is_kept(
    store_path: Path, locale: Locale
) -> None:
    alexa = Alexa(entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent to keep the check-ins
    alexa.say("intent_alone")
    alexa.say("intent_weather_matched")
    alexa.say("intent_need_matched")
    result = alexa.say("intent_gratitude_danger")
    # The device's time zone is not known here: the Dutch lines, then the Belgian ones.
    said = f'{locale.say("safety_violence")} {locale.say("belgium_violence")} {locale.say("safety_question")}'
    assert speech(result) == said.replace("0800-2000", "08002000").replace("1712", "17 12")  # digit groups apart, with a break
    assert '<say-as interpret-as="digits">112</say-as>' in result["response"]["outputSpeech"]["ssml"]
    assert result["response"]["shouldEndSession"] is False  # "herhaal" still works
    result = alexa.say("intent_amazon_stop")
    assert result["response"]["shouldEndSession"] is True
    assert checkins(store_path) == []
    assert b"slaat" not in store_path.read_bytes()


def test_a_session_ended_by_silence_keeps_the_checkin_so_far(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent to keep the check-ins
    alexa.say("intent_alone")
    alexa.say("intent_weather_matched")
    alexa.send(envelope("session_ended"))
    assert checkins(store_path) == [(datetime.date(2026, 11, 27), [("ZONNIG", None)])]


def test_unreadable_session_attributes_start_afresh(store_path: Path) -> None:
    env = envelope("intent_startcheckin")
    env["session"]["attributes"] = {"core": {"step": "nonsense"}}
    result = entry.lambda_handler(env, None)
    assert result["sessionAttributes"]["core"]["step"] == "checkin_consent"


def test_an_internal_error_is_answered_in_spoken_dutch(store_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("secret words")

    monkeypatch.setattr(Coach, "handle", broken)
    result = entry.lambda_handler(envelope("intent_weather_matched"), None)
    response = check_response(result)
    assert speech(result) == load_skill_messages().say("internal_error")
    assert response["shouldEndSession"] is True
    assert "RuntimeError" in caplog.text and "secret" not in caplog.text


def test_a_wrong_store_setting_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from household import StoreConfigError
    from skill.adapter import make_households

    with pytest.raises(StoreConfigError, match="sqlite:PATH or dynamodb:TABLE"):
        make_households("postgres:somewhere")


def test_the_envelopes_are_real_alexa_json() -> None:
    for name in ALL_ENVELOPES:
        data = json.loads((ENVELOPES / f"{name}.json").read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["request"]["locale"] == "nl-NL"
        assert data["context"]["System"]["user"]["userId"] == USER


def test_a_self_hosted_skill_can_share_the_local_modes_household(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from household.store import LOCAL_HOUSEHOLD

    monkeypatch.setenv("SAMEN_STERKER_HOUSEHOLD", LOCAL_HOUSEHOLD)
    with HouseholdStore(store_path) as store:
        from dialogue import SaveNames

        store.apply([SaveNames("Sam", "Lotte")], LOCAL_HOUSEHOLD)
    result = entry.lambda_handler(envelope("launch"), None)
    assert "Sam" in speech(result) or "Sam" in json.dumps(result["sessionAttributes"])
    with HouseholdStore(store_path) as store:
        assert store.load(datetime.date(2026, 11, 27), LOCAL_HOUSEHOLD).introduced
        assert store.load(datetime.date(2026, 11, 27), USER).introduced is False


def test_a_free_gratitude_that_sounds_like_harm_is_asked_about_first(store_path: Path, locale: Locale) -> None:
    """No danger rule knows the words, the worry model does: "ben je nu veilig?", and "ja"
    goes on with the gratitude question; nothing of what was said is kept."""
    alexa = Alexa(entry.lambda_handler)
    alexa.send(envelope("launch"))
    for name in (
        "intent_startcheckin", "intent_amazon_yes", "intent_alone", "intent_weather_matched", "intent_need_matched"
    ):
        alexa.say(name)
    worrying = envelope("intent_gratitude_danger")
    worrying["request"]["intent"]["slots"]["gratitude"]["value"] = "hij drukte me in een hoek en ik kon geen kant op"
    result = alexa.send(worrying)
    assert speech(result) == locale.say("safety_check")
    assert alexa.step == "safety_check"
    result = alexa.say("intent_amazon_yes")
    assert alexa.step == "checkin_gratitude"
    assert locale.say("safety_check_fine").replace("0800-2000", "08002000") in speech(result)  # (digit groups apart)
    assert b"greep" not in store_path.read_bytes()


def test_a_response_is_the_json_the_sdk_makes_of_it(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`to_json` puts the session attributes in as they are (JSON data already): the same
    JSON as the SDK's serializer walking them, the response envelope left as it was."""
    made = lambda_entry.to_json
    compared: list[dict[str, Any]] = []

    def checked(response: Any) -> dict[str, Any]:
        before = lambda_entry._serializer.serialize(response)
        result = made(response)
        assert result == before == lambda_entry._serializer.serialize(response)
        assert json.dumps(result) == json.dumps(before)  # the same keys in the same order too
        compared.append(result)
        return result

    monkeypatch.setattr(lambda_entry, "to_json", checked)
    alexa = Alexa(entry.lambda_handler)
    for name in ("launch", "intent_startcheckin", "intent_amazon_yes", "intent_together", "intent_weather_matched",
                 "intent_need_matched", "intent_gratitude_matched", "intent_starttriggerplan", "intent_amazon_next",
                 "intent_feeling_matched", "intent_amazon_stop", "session_ended"):
        if name in ALL_ENVELOPES:
            alexa.say(name)
    assert sum("sessionAttributes" in r and bool(r["sessionAttributes"]) for r in compared) >= 5


def test_the_garbage_collector_is_off_for_the_cold_start_only(tmp_path: Path) -> None:
    """A fresh process, as Lambda starts one: the collector is off from the import to the end of
    the first request, then on again, with what the cold start built frozen out of its walks."""
    code = (
        "import gc, json, sys, lambda_handler as h\n"
        "off = not gc.isenabled()\n"
        "h.lambda_handler(json.load(open(sys.argv[1])), None)\n"
        "print(off, gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    environ = {**os.environ, "SAMEN_STERKER_STORE": f"sqlite:{tmp_path / 'h.sqlite3'}"}
    run = subprocess.run([sys.executable, "-c", code, str(ENVELOPES / "launch.json")], cwd=Path(entry.__file__).parent,
                         env=environ, capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.split() == ["True", "True", "True"]
