"""Issue 14, point 4: a phrase two intents claim once every sample is written out with every
slot value and synonym ("samen": together, and the need "tijd samen"; "ik ben moe": a weather
and a feeling). Alexa sends it down one route, without knowing the step, and which one is
not up to us: at every step the coach must answer each route the same way, and never with
"not understood".

Each claimant goes in as the IntentRequest Alexa would send (its slots with the resolved
value id and the words heard), through the Lambda entry, from a session at that step. The
local understanding, told what the step expects, must come to the same answer.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from skill_helpers import check_response, envelope, speech

import lambda_handler as entry
from dialogue import CheckinEntry, Coach, Household, Locale, State, Step, state_to_json
from dialogue.understanding import Understander
from locale_files import LOCALE_DIR
from skill import lambda_entry
from skill.model_phrases import Phrases
from skill.ssml import to_ssml

MODEL = json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8"))
PHRASES = Phrases.of(MODEL)
CONFLICTS = sorted(PHRASES.conflicts())
SLOTS = {i["name"]: [s["name"] for s in i.get("slots", [])] for i in MODEL["interactionModel"]["languageModel"]["intents"]}
VALUE_NAMES = {
    (t["name"], v["id"]): v["name"]["value"] for t in MODEL["interactionModel"]["languageModel"]["types"] for v in t["values"]
}
SLOT_TYPES = {
    (i["name"], s["name"]): s["type"] for i in MODEL["interactionModel"]["languageModel"]["intents"] for s in i.get("slots", [])
}
HOUSEHOLD = Household(today=datetime.date(2026, 11, 27), introduced=True, consent=True, names=("Sam", "Lotte"))
STEPS = [step for step in Step if step is not Step.ENDED]
_REQUESTS = itertools.count()


def at(step: Step) -> State:
    """A state at `step` as a conversation reaches it: a check-in of two with answers so far,
    the trigger plan with a feeling named, an aside that returns to the menu."""
    state = State(household=HOUSEHOLD, step=step)
    if step in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE, Step.CHECKIN_GIVE,
                Step.DISTRESS_CHOICE):
        weather = None if step is Step.CHECKIN_WEATHER else "REGEN"
        need = "RUST" if step in (Step.CHECKIN_GRATITUDE, Step.CHECKIN_GIVE, Step.DISTRESS_CHOICE) else None
        state = replace(state, partners=2, entries=(CheckinEntry(weather, need), CheckinEntry(None, None)))
    if step in (Step.TRIGGER_NEED, Step.PARTNER_PRESENT):
        state = replace(state, feeling="ANGST")
    if step in (Step.PARTNER_SAY, Step.PARTNER_LISTEN):
        state = replace(state, feeling="ANGST", trigger_need="KNUFFEL", partner_present=True)
    if step in (Step.PAUSED, Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW, Step.SAFETY_CHECK, Step.GENTLE_CHECK):
        state = replace(state, return_step=Step.MENU)
    if step in (Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY):
        state = replace(state, concern="UNCLEAR")
    if step in (Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN, Step.CONTRACT_ADJUST, Step.CONTRACT_CHANGE):
        # A review of a two-agreement contract, at its first agreement (answered deels when adjusting).
        state = state.with_household(contract=("DAILY_CHECKIN", "THERAPY"))
        if step in (Step.CONTRACT_ADJUST, Step.CONTRACT_CHANGE):
            state = replace(state, review=(("DAILY_CHECKIN", "DEELS"), ("THERAPY", "JA")))
    return state


def request(intent: str, slots: dict[str, tuple[str, str]], state: State) -> dict[str, Any]:
    """The IntentRequest Alexa sends for `intent` heard with these slot values ((value id, words)),
    in a session at `state`: every declared slot, the filled ones resolved (ER_SUCCESS_MATCH)."""
    env = envelope("intent_weather_matched")
    skill_id = env["session"]["application"]["applicationId"]
    filled: dict[str, Any] = {}
    for slot in SLOTS[intent]:
        if slot not in slots:
            filled[slot] = {"name": slot, "confirmationStatus": "NONE"}
            continue
        value_id, words = slots[slot]
        slot_type = SLOT_TYPES[(intent, slot)]
        filled[slot] = {
            "name": slot, "value": words, "confirmationStatus": "NONE", "source": "USER",
            "resolutions": {"resolutionsPerAuthority": [{
                "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}",
                "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": VALUE_NAMES[(slot_type, value_id)], "id": value_id}}],
            }]},
        }
    env["request"]["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": filled}
    env["request"]["requestId"] = f"amzn1.echo-api.request.conflict-{next(_REQUESTS)}"
    env["session"]["new"] = False
    env["session"]["attributes"] = {"core": state_to_json(state)}
    return env


def answer(result: dict[str, Any]) -> tuple[str, object, bool, str | None]:
    """What the coach did: what it said, its reprompt, whether it ended, and the step after."""
    response = check_response(result)
    core = result.get("sessionAttributes", {}).get("core")
    return (speech(result), copy.deepcopy(response.get("reprompt")), response["shouldEndSession"],
            None if core is None else core["step"])


@pytest.fixture(scope="module")
def alexa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The Lambda entry over one SQLite file for the module (the skill, and the understanding
    it checks raw slot values with, built once: thousands of requests follow)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SAMEN_STERKER_STORE", f"sqlite:{tmp_path_factory.mktemp('conflicts') / 'households.sqlite3'}")
        patch.delenv("SAMEN_STERKER_SKILL_ID", raising=False)
        lambda_entry.reset()
        yield
        lambda_entry.reset()


def not_understood(locale: Locale) -> tuple[str, ...]:
    return tuple(locale.say(p) for p in ("not_understood", "not_understood_again", "not_understood_patient"))


def test_the_model_has_phrases_two_intents_claim() -> None:
    # Kept on purpose (each routed below): the test is not empty.
    assert {"samen", "rustig aan", "goed", "ik ben in paniek", "ik ben moe", "ik voel me verdrietig"} <= set(CONFLICTS)


@pytest.mark.parametrize("phrase", CONFLICTS)
def test_a_phrase_two_intents_claim_is_answered_the_same_way_at_every_step(
    phrase: str, alexa: None, locale: Locale
) -> None:
    claims = PHRASES.values[phrase]
    different: list[str] = []
    for step in STEPS:
        state = at(step)
        answers = []
        for intent, slots in claims:
            said = answer(entry.lambda_handler(request(intent, slots, state), None))
            assert not said[0].startswith(not_understood(locale)), f"{phrase!r} as {intent} at {step.value}: {said[0]}"
            answers.append((intent, said))
        if len({repr(said) for _, said in answers}) > 1:
            different.append(f"{step.value}: " + "; ".join(f"{i} -> {a[3]}: {a[0][:90]}" for i, a in answers))
    assert not different, f"{phrase!r} is answered differently by the intents that claim it:\n" + "\n".join(different)


@pytest.mark.parametrize("phrase", CONFLICTS)
def test_the_local_understanding_answers_a_shared_phrase_as_alexa_does(
    phrase: str, coach: Coach, understander: Understander, alexa: None
) -> None:
    intent, slots = PHRASES.values[phrase][0]
    different: list[str] = []
    for step in STEPS:
        state = at(step)
        heard = answer(entry.lambda_handler(request(intent, slots, state), None))
        event = understander.understand(phrase, expect=coach.expected_intents(state), names=HOUSEHOLD.names)
        turn = coach.handle(state, event)
        local = ("".join(ET.fromstring(to_ssml(turn.reply.parts)).itertext()), turn.state.step.value)
        if local != (heard[0], heard[3]):
            different.append(f"{step.value}: locally {event} -> {local[1]}: {local[0][:80]} | "
                             f"Alexa -> {heard[3]}: {heard[0][:80]}")
    assert not different, f"{phrase!r}:\n" + "\n".join(different)
