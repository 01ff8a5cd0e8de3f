"""Issue 14, point 2: a household's first request, whatever it is, hears the disclaimer and
what is kept, and "introduced" is stored only when it was spoken. Through lambda_handler,
on a real SQLite file."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from skill_helpers import Alexa, envelope, speech

import lambda_handler as entry
from locale_files import LOCALE_DIR, load_locale

USER = envelope("launch")["session"]["user"]["userId"]
MODEL = json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8"))
CUSTOM_INTENTS = sorted(
    i["name"] for i in MODEL["interactionModel"]["languageModel"]["intents"]
    if not i["name"].startswith("AMAZON.") and i["name"] != "SetReminderIntent"  # the reminder: see below
)
# A first request of these is danger (or may be): the help lines come first and alone.
SAFETY_FIRST = {"SafetyIntent", "AmbiguousIntent"}
# Intents with a slot: their envelope data file, slots filled as Alexa fills them.
WITH_SLOTS = {
    "WeatherIntent": "intent_weather_matched",
    "NeedIntent": "intent_need_matched",
    "FeelingIntent": "intent_feeling_matched",
    "GratitudeIntent": "intent_gratitude_matched",
    "SetNamesIntent": "intent_setnames_matched",
}


def one_shot(intent: str) -> dict[str, Any]:
    """"Alexa, vraag samen sterker ..." opening with `intent`: a new session."""
    env = envelope(WITH_SLOTS.get(intent, "intent_startcheckin"))
    env["session"]["new"] = True
    env["context"]["System"]["apiEndpoint"] = "http://127.0.0.1:9"  # no call leaves the machine
    if intent not in WITH_SLOTS:
        slots = {"who": {"name": "who", "value": "lotte", "confirmationStatus": "NONE"}} if intent == "TriggeredNameIntent" else {}
        env["request"]["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": slots}
    return env


def stored(path: Path) -> dict[str, Any] | None:
    """The household's row as the file holds it (None: nothing stored), with its check-ins."""
    if not path.exists():
        return None
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM household WHERE id = ?", (USER,)).fetchone()
        checkins = db.execute("SELECT COUNT(*) FROM checkin WHERE household_id = ?", (USER,)).fetchone()[0]
    if row is None:
        return {"checkins": checkins} if checkins else None
    return {**dict(row), "checkins": checkins}


def test_every_custom_intent_is_covered() -> None:
    assert {"StartCheckinIntent", "WeatherIntent", "SafetyIntent", "WhoAreYouIntent"} <= set(CUSTOM_INTENTS)


@pytest.mark.parametrize("intent", CUSTOM_INTENTS)
def test_a_one_shot_first_use_hears_the_disclaimer_before_anything_is_stored(store_path: Path, intent: str) -> None:
    locale = load_locale()
    alexa = Alexa(entry.lambda_handler)
    said = speech(alexa.send(one_shot(intent)))
    row = stored(store_path)
    if intent in SAFETY_FIRST:
        # Danger (or what may be) first: the help lines or the gentle question, alone; nothing stored.
        assert locale.say("disclaimer") not in said and locale.say("data_notice") not in said
        assert row is None
    else:
        intro = locale.say("data_notice") if intent == "WhoAreYouIntent" else (
            locale.say("disclaimer") + " " + locale.say("data_notice"))
        assert said.startswith(intro), said
        assert said.count("therapeut") == 1
        assert row is not None and row["introduced"] == 1  # spoken, so introduced
    # The device closes the session: nothing more is marked as heard.
    ended = copy.deepcopy(envelope("session_ended"))
    ended["session"]["attributes"] = alexa.last.get("sessionAttributes", {})
    alexa.send(ended)
    after = stored(store_path)
    if intent in SAFETY_FIRST:
        assert after is None
    # The next launch of a household that has not heard it yet introduces itself.
    relaunch = speech(Alexa(entry.lambda_handler).send(envelope("launch")))
    assert ("therapeut" in relaunch) is (intent in SAFETY_FIRST)


def test_a_one_shot_check_in_asks_consent_after_the_introduction_and_keeps_nothing_before(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    said = speech(alexa.send(one_shot("StartCheckinIntent")))
    assert said.index("therapeut") < said.index("bewaren")
    assert alexa.step == "checkin_consent"
    row = stored(store_path)
    assert row is not None and row["introduced"] == 1 and row["consent"] is None and row["checkins"] == 0


def test_a_session_that_ends_unheard_marks_nothing(store_path: Path) -> None:
    """A SessionEndedRequest with no conversation (or a safety one) stores nothing."""
    alexa = Alexa(entry.lambda_handler)
    alexa.send(envelope("session_ended"))
    assert stored(store_path) is None
    alexa.send(one_shot("SafetyIntent"))
    ended = envelope("session_ended")
    ended["session"]["attributes"] = alexa.last["sessionAttributes"]
    alexa.send(ended)
    assert stored(store_path) is None
