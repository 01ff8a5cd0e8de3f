"""The Alexa edge's pieces: the intent table against the model, slot reading, SSML, skill.toml,
and the interaction model against Alexa's rules."""

from __future__ import annotations

import copy
import datetime
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_model import Intent as AlexaIntent
from ask_sdk_model import Slot
from ask_sdk_model.slu.entityresolution import (
    Resolution,
    Resolutions,
    Status,
    StatusCode,
    Value,
    ValueWrapper,
)

from dialogue import Coach, Household, Intent, Locale, LocaleError, Pause, Say, Unrecognized
from dialogue.intents import FREE_WORD_SLOT_TYPES, NUMBER_SLOT_TYPES
from locale_files import LOCALE_DIR, load_locale
from skill.messages import SKILL_FILE, load_skill_messages
from skill.model_rules import problems
from skill.routes import SKILL_INTENTS, Routes, SlotReading, read_slot
from skill.ssml import MAX_AUDIO_SECONDS, MAX_SSML_CHARS, SpeechTooLong, breaks, to_ssml

MODEL = json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8"))
LANGUAGE = MODEL["interactionModel"]["languageModel"]
MODEL_INTENTS = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in LANGUAGE["intents"]}
# The routes are generated from the core's intents and the locale: here from the real one.
ROUTES = Routes.of(load_locale()).table


@pytest.fixture(scope="module")
def routes(locale: Locale) -> Routes:
    return Routes.of(locale)


# --- the table against the model ------------------------------------------------------


# Intents the skill handles that the interaction model does not have yet. The model is
# owned by the core's engineers; SetReminderIntent (slot `time`, AMAZON.TIME) is requested.
# When it lands, this set must shrink: the test below then fails until it is emptied.
AWAITING_THE_MODEL: set[str] = set()


def test_every_intent_in_the_model_is_handled() -> None:
    assert sorted(set(MODEL_INTENTS) - set(ROUTES) - SKILL_INTENTS) == []


def test_every_handled_intent_is_in_the_model() -> None:
    assert sorted(set(ROUTES) - set(MODEL_INTENTS)) == []
    assert SKILL_INTENTS - set(MODEL_INTENTS) == AWAITING_THE_MODEL


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_reads_exactly_the_model_slots_the_right_way(name: str) -> None:
    slots = MODEL_INTENTS[name]
    route = ROUTES[name]
    assert set(route.slots) == set(slots)
    for slot_name, reading in route.slots.items():
        free = slots[slot_name] in FREE_WORD_SLOT_TYPES
        if slots[slot_name] in NUMBER_SLOT_TYPES:
            assert reading is SlotReading.NUMBER, slot_name
            continue
        assert reading is (SlotReading.RAW if free else SlotReading.BY_ID), slot_name


def test_every_route_leads_to_an_intent_the_core_knows(coach: Coach) -> None:
    known = {i.name for i in coach.locale.intents}
    assert {r.core_intent for r in ROUTES.values() if r.core_intent is not None} <= known


# --- reading slots -----------------------------------------------------------------------


def _slot(value: str | None, *resolutions: tuple[str, str | None]) -> Slot:
    per_authority = [
        Resolution(authority="amzn1.er-authority.echo-sdk.x.T", status=Status(code=StatusCode(code)),
                   values=[ValueWrapper(value=Value(name=value, id=value_id))] if value_id else None)
        for code, value_id in resolutions
    ]
    return Slot(name="s", value=value, resolutions=Resolutions(resolutions_per_authority=per_authority) if per_authority else None)


@pytest.mark.parametrize(
    ("slot", "reading", "expected"),
    [
        (_slot("zonnetje", ("ER_SUCCESS_MATCH", "ZONNIG")), SlotReading.BY_ID, "ZONNIG"),
        (_slot("zonnetje", ("ER_SUCCESS_NO_MATCH", None), ("ER_SUCCESS_MATCH", "ZONNIG")), SlotReading.BY_ID, "ZONNIG"),
        (_slot("hagel", ("ER_SUCCESS_NO_MATCH", None)), SlotReading.BY_ID, None),
        (_slot("zonnig"), SlotReading.BY_ID, None),  # the raw value is never an id
        (_slot(None), SlotReading.BY_ID, None),
        (None, SlotReading.BY_ID, None),
        (_slot("lotte"), SlotReading.RAW, "Lotte"),
        (_slot("Anne-Marie"), SlotReading.RAW, "Anne-Marie"),
        (_slot("lotte", ("ER_SUCCESS_MATCH", "Lotte")), SlotReading.RAW, "Lotte"),
        (_slot("r2d2"), SlotReading.RAW, None),
        (_slot("x" * 31), SlotReading.RAW, None),
        (_slot("  "), SlotReading.RAW, None),
        # A number: Alexa writes what it heard in digits; anything else is no number.
        (_slot("7"), SlotReading.NUMBER, "7"),
        (_slot("07"), SlotReading.NUMBER, "7"),
        (_slot("?"), SlotReading.NUMBER, None),
        (_slot("zeven"), SlotReading.NUMBER, None),
        (_slot("12345"), SlotReading.NUMBER, None),
        (_slot(None), SlotReading.NUMBER, None),
    ],
)
def test_slots_are_read_by_resolution_id_with_raw_only_for_names(
    slot: Slot | None, reading: SlotReading, expected: str | None
) -> None:
    assert read_slot(slot, reading) == expected


def test_an_unmatched_slot_is_left_out_and_an_unknown_intent_is_not_understood(routes: Routes) -> None:
    weather = AlexaIntent(name="WeatherIntent", slots={"weather": _slot("hagel", ("ER_SUCCESS_NO_MATCH", None))})
    assert routes.event(weather) == Intent("WeatherIntent")
    assert routes.event(AlexaIntent(name="OrderPizzaIntent", slots={})) == Unrecognized()
    assert routes.event(AlexaIntent(name="AMAZON.FallbackIntent")) == Unrecognized()


def test_a_need_in_ones_own_words_is_routed_as_own_words_with_its_words_for_that_turn(routes: Routes) -> None:
    need = AlexaIntent(name="NeedIntent", slots={"need": _slot("dat hij eerlijk is", ("ER_SUCCESS_NO_MATCH", None))})
    event = routes.event(need)
    assert event == Intent.of("NeedIntent", need="OWN")
    assert isinstance(event, Intent) and event.said == "dat hij eerlijk is"
    assert routes.event(AlexaIntent(name="NeedIntent", slots={"need": _slot(None)})) == Intent("NeedIntent")


def test_a_denied_weather_and_the_words_a_value_was_heard_in_are_routed(routes: Routes) -> None:
    denied = AlexaIntent(name="WeatherIntent", slots={"negated": _slot("zonnig", ("ER_SUCCESS_MATCH", "ZONNIG"))})
    assert routes.event(denied) == Intent.of("WeatherIntent", negated="ZONNIG")
    heard = routes.event(AlexaIntent(name="WeatherIntent", slots={"weather": _slot("rot", ("ER_SUCCESS_MATCH", "REGEN"))}))
    assert heard == Intent.of("WeatherIntent", weather="REGEN")
    assert isinstance(heard, Intent) and heard.said == "rot"


# --- SSML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (4, '<break time="4s"/>'),
        (10, '<break time="10s"/>'),
        (12, '<break time="10s"/><break time="2s"/>'),
        (25, '<break time="10s"/><break time="10s"/><break time="5s"/>'),
        (4.5, '<break time="4500ms"/>'),
        (0, ""),
    ],
)
def test_pauses_become_breaks_of_at_most_ten_seconds(seconds: float, expected: str) -> None:
    assert breaks(seconds) == expected


def test_text_is_escaped_and_the_document_is_valid_xml() -> None:
    ssml = to_ssml((Say("Sam & Lotte <samen> \"zo\""), Pause(4), Say("uit")))
    assert ssml == '<speak>Sam &amp; Lotte &lt;samen&gt; "zo" <break time="4s"/> uit</speak>'
    ET.fromstring(ssml)


def test_speech_over_the_limits_is_refused() -> None:
    with pytest.raises(SpeechTooLong):
        to_ssml((Say("a" * MAX_SSML_CHARS),))
    with pytest.raises(SpeechTooLong):
        to_ssml((Pause(MAX_AUDIO_SECONDS + 1),))


@pytest.mark.parametrize(("inhale", "exhale"), [(4, 6), (8, 10)])
def test_five_breaths_fit_in_one_response_even_at_the_slowest_pace(coach: Coach, inhale: int, exhale: int) -> None:
    household = Household(today=datetime.date(2026, 11, 27), names=("Sam", "Lotte"), inhale_seconds=inhale,
                          exhale_seconds=exhale, introduced=True)
    turn = coach.handle(coach.begin(household), Intent("StartTriggerPlanIntent"))
    ssml = to_ssml(turn.reply.parts)
    assert ssml.count("<break") >= 10
    ET.fromstring(ssml)


# --- skill.toml -------------------------------------------------------------------------


def test_the_real_skill_messages_load() -> None:
    assert "112" in load_skill_messages().say("internal_error")


def _broken(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    text = (LOCALE_DIR / SKILL_FILE).read_text(encoding="utf-8")
    (tmp_path / SKILL_FILE).write_text(edit(text), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda t: t.replace("internal_error =", "internal_errr ="), "skill.internal_error"),
        (lambda t: t.replace("{time} aan de check-in", "{tijd} aan de check-in"), "skill.reminder_set"),
        (lambda t: t.replace("[skill]", "[skil]"), "skill"),
        (lambda t: t.replace("[skill]\n", "[skill]\nextra = \"x\"\n"), "skill.extra"),
        (lambda t: t.replace("reminder_text = \"", "reminder_text = \"{"), "skill.reminder_text"),
        (lambda t: t.replace("[skill]", "[skill"), "is not valid"),
    ],
)
def test_a_broken_skill_toml_fails_naming_file_and_key(tmp_path: Path, edit: Callable[[str], str], key: str) -> None:
    with pytest.raises(LocaleError) as failure:
        load_skill_messages(_broken(tmp_path, edit))
    assert str(failure.value).startswith(str(tmp_path / SKILL_FILE))
    assert key in str(failure.value)


def test_a_missing_skill_toml_fails_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(LocaleError, match="skill.toml: cannot be read"):
        load_skill_messages(tmp_path)


# --- the interaction model against Alexa's rules ----------------------------------------------


def test_the_model_follows_alexas_rules() -> None:
    assert problems(MODEL) == []


def _edit(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    model = copy.deepcopy(MODEL)
    change(model["interactionModel"]["languageModel"])
    return model


def _intent(language: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in language["intents"] if i["name"] == name)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda lm: lm.update(invocationName="Samen Sterker"), "invocationName"),
        (lambda lm: lm.update(invocationName="sterker"), "at least two words"),
        (lambda lm: lm.update(invocationName="open samen sterker"), "launch or wake word"),
        (lambda lm: lm.update(invocationName="alexa coach"), "launch or wake word"),
        (lambda lm: lm.update(invocationName="coach 2 samen"), "numbers spelled out"),
        (lambda lm: _intent(lm, "WeatherIntent")["samples"].append("het is {weer}"), "undeclared slot {weer}"),
        (lambda lm: _intent(lm, "WeatherIntent")["samples"].append("het is {zonnig|weather}"), "undeclared slot"),
        (lambda lm: _intent(lm, "AloneIntent")["samples"].append("samen"), "also a sample of TogetherIntent"),
        (lambda lm: _intent(lm, "AloneIntent")["samples"].append("alleen, ik!"), "punctuation"),
        (lambda lm: _intent(lm, "MoreBreathsIntent")["samples"].append("nog 5"), "digits"),
        (lambda lm: lm["types"][0]["values"][1]["name"]["synonyms"].append("zonnig"), "belongs to both"),
        (lambda lm: lm["types"][0]["values"][1].update(id="ZONNIG"), "used twice"),
        (lambda lm: lm["types"][0]["values"][1].pop("id"), "needs an id"),
        (lambda lm: lm["intents"].remove(_intent(lm, "AMAZON.FallbackIntent")), "AMAZON.FallbackIntent is required"),
        (lambda lm: _intent(lm, "NeedIntent")["slots"][0].update(type="NeedTipe"), "not declared"),
    ],
)
def test_each_broken_rule_is_found(change: Callable[[dict[str, Any]], None], expected: str) -> None:
    found = problems(_edit(change))
    assert any(expected in line for line in found), found


def test_a_breath_that_includes_its_cue_is_shortened_by_the_cue_in_ssml() -> None:
    from skill.ssml import CUE_CHARS_PER_SECOND, MIN_BREATH_PAUSE_SECONDS, breath_pause_seconds

    cue = "1. Adem rustig in."  # about 1.2 s said
    ssml = to_ssml((Say(cue), Pause(4.0, includes_cue=True), Say("In..."), Pause(6.0)))
    assert f'<break time="{round((4.0 - len(cue) / CUE_CHARS_PER_SECOND) * 1000)}ms"/>' in ssml
    assert '<break time="6s"/>' in ssml  # a pause without its cue is as long as it says
    assert breath_pause_seconds("x" * 200, 3.0) == MIN_BREATH_PAUSE_SECONDS


def test_a_strength_said_as_a_number_is_routed_with_its_digits(routes: Routes) -> None:
    strength = AlexaIntent(name="IntensityIntent", slots={"level": _slot("8")})
    assert routes.event(strength) == Intent.of("IntensityIntent", level="8")
    assert routes.event(AlexaIntent(name="IntensityIntent", slots={"level": _slot("?")})) == Intent("IntensityIntent")
