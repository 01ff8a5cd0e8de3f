"""Safety at every step: the help lines, the end of the session, and nothing stored."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import (
    CheckinEntry,
    Coach,
    Event,
    Household,
    Intent,
    Locale,
    Silence,
    State,
    Step,
    Turn,
    Understander,
    Unrecognized,
)

TODAY = datetime.date(2026, 11, 27)
LISTENING = [step for step in Step if step is not Step.ENDED]
CONCERNS = {
    "mijn partner slaat me": "VIOLENCE",
    "ik ben bang voor mijn partner": "VIOLENCE",
    "ik wil niet meer leven": "SUICIDE",
    "Ehm, ik denk aan zelfmoord.": "SUICIDE",
}
SENTENCES = list(CONCERNS)


def state_at(step: Step, introduced: bool) -> State:
    """A state at `step` in the middle of things: a half-done check-in, named feelings, ..."""
    household = Household(today=TODAY, names=("Sam", "Lotte"), introduced=introduced, consent=True,
                          checkin_dates=(datetime.date(2026, 11, 25),))
    return State(
        household=household,
        step=step,
        partners=2,
        partner_index=1,
        entries=(CheckinEntry("ZONNIG", "KNUFFEL"), CheckinEntry("STORM", None)),
        feeling="PANIEK",
        trigger_need="GERUSTSTELLING",
        partner_present=True,
        return_step=Step.CHECKIN_NEED if step in (Step.PAUSED, Step.CONFIRM_ERASE) else None,
        misunderstood=2,
        silences=1,
    )


def assert_safety_turn(coach: Coach, state: State, event: Event, concern: str = "UNCLEAR") -> Turn:
    turn = coach.handle(state, event)
    text = turn.reply.text()
    numbers = {"SUICIDE": ("113", "0800-0113", "112"), "VIOLENCE": ("112", "0800-2000"),
               "UNCLEAR": ("112", "0800-2000", "113")}[concern]
    for number in numbers:
        assert number in text
    # The conversation stays open, so "herhaal" and "wat was het nummer?" still work.
    assert not turn.reply.end_session and turn.reply.reprompt
    assert turn.effects == ()
    if state.step in (Step.SAFETY, Step.SAFETY_STAY, Step.SAFETY_CHECK):
        # Danger said again by someone not safe, or as the answer to "Ben je nu veilig?"
        # (asked after danger, or before any was named):
        # the lines at once, and the coach stays;
        # "Ben je nu veilig?" is not asked again (tests/test_core_safety_stay.py).
        assert "Ben je nu veilig?" not in text and "Is er iemand die je nu kunt vragen om te komen" in text
        assert turn.state.step is Step.SAFETY_STAY and turn.state.concern == concern
    else:
        assert text.endswith("Ben je nu veilig?")
        assert turn.state.step is Step.SAFETY and turn.state.concern == concern
    # Nothing of the conversation is left in the state to be stored later.
    assert turn.state.entries == () and turn.state.feeling is None and turn.state.trigger_need is None
    assert coach.interrupted(turn.state) == ()
    assert turn.state.household == state.household
    return turn


@pytest.mark.parametrize("introduced", [True, False], ids=["introduced", "first-time"])
@pytest.mark.parametrize("step", LISTENING, ids=[s.value for s in LISTENING])
def test_safety_intent_at_every_step(coach: Coach, step: Step, introduced: bool) -> None:
    # After the gentle check ("ik kan niet meer"), danger not named leans to suicide: 113 first.
    concern = "SUICIDE" if step is Step.GENTLE_CHECK else "UNCLEAR"
    assert_safety_turn(coach, state_at(step, introduced), Intent("SafetyIntent"), concern)


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("step", LISTENING, ids=[s.value for s in LISTENING])
def test_a_safety_sentence_at_every_step(coach: Coach, understander: Understander, step: Step, sentence: str) -> None:
    state = state_at(step, introduced=True)
    event = understander.understand(sentence, coach.expected_intents(state))
    assert isinstance(event, Intent) and event.name == "SafetyIntent"
    assert_safety_turn(coach, state, event, CONCERNS[sentence])


def test_safety_right_after_launch(coach: Coach) -> None:
    state = coach.launch(Household(today=TODAY)).state
    assert_safety_turn(coach, state, Intent("SafetyIntent"))


def test_safety_after_a_check_in_step_stores_nothing_of_it(coach: Coach, understander: Understander) -> None:
    """A whole check-in walked up to the last question, then a safety sentence: no SaveCheckin."""
    turn = coach.launch(Household(today=TODAY, introduced=True, consent=True))
    effects = list(turn.effects)
    for text in ["start de check-in", "samen", "zonnig", "een knuffel", "dank je voor je geduld", "storm", "rust"]:
        turn = coach.handle(turn.state, understander.understand(text, coach.expected_intents(turn.state)))
        effects += turn.effects
    assert turn.state.step is Step.CHECKIN_GRATITUDE
    turn = coach.handle(turn.state, understander.understand("hij slaat me", coach.expected_intents(turn.state)))
    effects += turn.effects
    assert "0800-2000" in turn.reply.text() and "113" not in turn.reply.text()
    for text in ["herhaal", "ja", "stop"]:
        turn = coach.handle(turn.state, understander.understand(text, coach.expected_intents(turn.state)))
        effects += turn.effects
    assert turn.reply.end_session
    assert effects == []


def test_safety_ends_even_a_paused_or_erasing_conversation(coach: Coach) -> None:
    for step in (Step.PAUSED, Step.CONFIRM_ERASE):
        state = replace(state_at(step, True), return_step=Step.BREATHING)
        assert_safety_turn(coach, state, Intent("SafetyIntent"))


SUICIDE = Intent.of("SafetyIntent", concern="SUICIDE")
VIOLENCE = Intent.of("SafetyIntent", concern="VIOLENCE")


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("concern", ["SUICIDE", "VIOLENCE", "UNCLEAR"])
def test_the_first_safety_turn_is_short_and_numbers_come_first(coach: Coach, concern: str) -> None:
    turn = assert_safety_turn(coach, state_at(Step.MENU, True), Intent.of("SafetyIntent", concern=concern), concern)
    text = turn.reply.text()
    assert words(text) <= 32
    first = {"SUICIDE": "113", "VIOLENCE": "112", "UNCLEAR": "112"}[concern]
    assert words(text[: text.index(first)]) <= 6  # the number within the first few words


def test_suicide_hears_113_first_and_no_domestic_violence_line(coach: Coach) -> None:
    text = coach.handle(state_at(Step.CHECKIN_NEED, True), SUICIDE).reply.text()
    assert text.index("113") < text.index("112")
    assert "Veilig Thuis" not in text


def test_violence_hears_112_and_veilig_thuis_not_113(coach: Coach) -> None:
    text = coach.handle(state_at(Step.BREATHING, True), VIOLENCE).reply.text()
    assert "Veilig Thuis" in text and "0800-2000" in text and "113" not in text


def test_alexas_safety_intent_without_a_slot_hears_every_line(coach: Coach) -> None:
    assert_safety_turn(coach, state_at(Step.MENU, True), Intent("SafetyIntent"), "UNCLEAR")


@pytest.mark.parametrize("said", ["herhaal", "wat was het nummer?", "nog een keer", "welk nummer"])
def test_the_numbers_can_be_asked_again(coach: Coach, understander: Understander, said: str) -> None:
    turn = coach.handle(state_at(Step.CHECKIN_WEATHER, True), SUICIDE)
    for _ in range(2):
        turn = coach.handle(turn.state, understander.understand(said, coach.expected_intents(turn.state)))
        assert "113" in turn.reply.text() and "0800-0113" in turn.reply.text(), said
        assert not turn.reply.end_session and turn.effects == ()
        assert turn.state.step is Step.SAFETY


def test_safe_not_safe_and_stop(coach: Coach, understander: Understander) -> None:
    start = coach.handle(state_at(Step.MENU, False), VIOLENCE)
    safe = coach.handle(start.state, Intent("AMAZON.YesIntent"))
    assert "veilig" in safe.reply.text() and "huisarts" in safe.reply.text()
    assert safe.state.step is Step.SAFETY_FOLLOWUP and not safe.reply.end_session
    unsafe = coach.handle(start.state, Intent("AMAZON.NoIntent"))
    assert unsafe.reply.text().startswith("Bel nu 112.")
    again = coach.handle(unsafe.state, understander.understand("herhaal", coach.expected_intents(unsafe.state)))
    assert "0800-2000" in again.reply.text()
    stop = coach.handle(again.state, Intent("AMAZON.StopIntent"))
    assert stop.reply.end_session and "0800-2000" in stop.reply.text()
    # Nothing stored, not even that the household heard the introduction.
    assert start.effects == safe.effects == unsafe.effects == again.effects == stop.effects == ()
    assert "therapeut" not in stop.reply.text()


def test_silence_ends_a_safety_conversation_with_the_number_and_not_understood_repeats_it(coach: Coach) -> None:
    turn = coach.handle(state_at(Step.MENU, False), SUICIDE)
    quiet = coach.handle(coach.handle(turn.state, Silence()).state, Silence())
    assert quiet.reply.end_session and "113" in quiet.reply.text() and quiet.effects == ()
    for _ in range(5):  # never sent away: each unclear line gets the number again
        turn = coach.handle(turn.state, Unrecognized())
        assert turn.effects == () and not turn.reply.end_session and "113" in turn.reply.text()


def test_nothing_else_leads_out_of_a_safety_conversation(coach: Coach) -> None:
    turn = coach.handle(state_at(Step.MENU, True), SUICIDE)
    for name in ("StartCheckinIntent", "EraseDataIntent", "AMAZON.PauseIntent"):
        other = coach.handle(turn.state, Intent(name))
        assert other.state.step is Step.SAFETY and other.effects == ()
    # Panic said as the answer to "ben je nu veilig?" is not clearly safe: the coach stays.
    other = coach.handle(turn.state, Intent("StartTriggerPlanIntent"))
    assert other.state.step is Step.SAFETY_STAY and other.effects == ()


def test_danger_said_again_stays_in_safety_and_two_kinds_hear_every_line(coach: Coach) -> None:
    turn = coach.handle(state_at(Step.MENU, True), SUICIDE)
    turn = coach.handle(coach.handle(turn.state, Intent("AMAZON.YesIntent")).state, SUICIDE)
    assert turn.state.step is Step.SAFETY and turn.state.concern == "SUICIDE"
    turn = coach.handle(turn.state, VIOLENCE)
    assert turn.state.concern == "UNCLEAR" and "0800-2000" in turn.reply.text() and "113" in turn.reply.text()


def test_a_second_kind_of_danger_leads_with_its_own_line_and_keeps_the_first(coach: Coach) -> None:
    # Violence first, then thoughts of suicide while the coach stays: 113 first, Veilig Thuis after.
    turn = coach.handle(state_at(Step.MENU, True), VIOLENCE)
    turn = coach.handle(coach.handle(turn.state, Intent("AMAZON.NoIntent")).state, SUICIDE)
    text = turn.reply.text()
    assert turn.state.concern == "UNCLEAR" and text.index("113") < text.index("0800-2000") < text.index("Is er iemand")
    # The other way round, after "ja" (safe): the violence lines first, then 113.
    turn = coach.handle(state_at(Step.MENU, True), SUICIDE)
    turn = coach.handle(coach.handle(turn.state, Intent("AMAZON.YesIntent")).state, VIOLENCE)
    text = turn.reply.text()
    assert turn.state.concern == "UNCLEAR" and text.index("0800-2000") < text.index("113")


def test_thoughts_of_suicide_told_of_the_partner_ask_whether_the_partner_is_safe(coach: Coach, locale: Locale) -> None:
    said = Understander(locale).understand("mijn vrouw zegt dat ze er niet meer wil zijn",
                                                  coach.expected_intents(state_at(Step.TRIGGER_FEELING, True)))
    assert said == Intent.of("SafetyIntent", concern="SUICIDE_OTHER")
    turn = coach.handle(state_at(Step.TRIGGER_FEELING, True), said)
    text = turn.reply.text()
    assert text.index("113") < text.index("112") and "naaste" in text and text.endswith("Is je partner nu veilig?")
    safe = coach.handle(turn.state, Intent("AMAZON.YesIntent"))
    assert safe.state.step is Step.SAFETY_FOLLOWUP and "als naaste" in safe.reply.text()
    unsafe = coach.handle(turn.state, Intent("AMAZON.NoIntent"))
    assert unsafe.state.step is Step.SAFETY_STAY and unsafe.reply.text().startswith("Bel nu 112. Blijf bij je partner")
    helped = coach.handle(turn.state, Intent("AMAZON.HelpIntent"))
    assert "Is je partner nu veilig?" in helped.reply.text() and "Ben je nu veilig" not in helped.reply.text()


@pytest.mark.parametrize(("said", "concern"), [
    ("mijn man zegt dat hij er een eind aan wil maken", "SUICIDE_OTHER"),
    ("hij zegt dat hij niet meer wil leven", "SUICIDE_OTHER"),
    ("mijn vrouw zegt dat ze er niet meer wil zijn", "SUICIDE_OTHER"),
    # the speaker's own, though another is named
    ("ik wil er een eind aan maken", "SUICIDE"),
    ("hij is weg en ik wil er een eind aan maken", "SUICIDE"),
])
def test_thoughts_of_suicide_told_wholly_of_another_are_about_the_partner(
    coach: Coach, locale: Locale, said: str, concern: str
) -> None:
    state = state_at(Step.MENU, True)
    assert Understander(locale).understand(said, coach.expected_intents(state)) == Intent.of("SafetyIntent", concern=concern)


def test_a_threat_to_harm_oneself_told_of_the_partner_is_thoughts_of_suicide_of_the_partner(
    coach: Coach, locale: Locale
) -> None:
    state = state_at(Step.MENU, True)
    said = Understander(locale).understand("mijn vrouw dreigt zichzelf iets aan te doen", coach.expected_intents(state))
    assert said == Intent.of("SafetyIntent", concern="SUICIDE_OTHER")
