"""Safety at every step: the help lines, the end of the session, and nothing stored."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import CheckinEntry, Coach, Event, Household, Intent, State, Step, Understander

TODAY = datetime.date(2026, 11, 27)
LISTENING = [step for step in Step if step is not Step.ENDED]
SENTENCES = [
    "mijn partner slaat me",
    "ik ben bang voor mijn partner",
    "ik wil niet meer leven",
    "Ehm, ik denk aan zelfmoord.",
]


def state_at(step: Step, introduced: bool) -> State:
    """A state at `step` in the middle of things: a half-done check-in, named feelings, ..."""
    household = Household(today=TODAY, names=("Sam", "Lotte"), introduced=introduced, checkin_dates=(datetime.date(2026, 11, 25),))
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


def assert_safety_turn(coach: Coach, state: State, event: Event) -> None:
    turn = coach.handle(state, event)
    text = turn.reply.text()
    for number in ("112", "0800-2000", "113"):
        assert number in text
    assert turn.reply.end_session
    assert turn.reply.reprompt is None
    assert turn.effects == ()
    assert turn.state.step is Step.ENDED
    # Nothing of the conversation is left in the state to be replayed or stored later.
    assert turn.state.entries == () and turn.state.feeling is None and turn.state.trigger_need is None
    assert turn.state.last_reply is None
    assert turn.state.household == state.household


@pytest.mark.parametrize("introduced", [True, False], ids=["introduced", "first-time"])
@pytest.mark.parametrize("step", LISTENING, ids=[s.value for s in LISTENING])
def test_safety_intent_at_every_step(coach: Coach, step: Step, introduced: bool) -> None:
    assert_safety_turn(coach, state_at(step, introduced), Intent("SafetyIntent"))


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("step", LISTENING, ids=[s.value for s in LISTENING])
def test_a_safety_sentence_at_every_step(coach: Coach, understander: Understander, step: Step, sentence: str) -> None:
    state = state_at(step, introduced=True)
    event = understander.understand(sentence, coach.expected_intents(state))
    assert event == Intent("SafetyIntent")
    assert_safety_turn(coach, state, event)


def test_safety_right_after_launch(coach: Coach) -> None:
    state = coach.launch(Household(today=TODAY)).state
    assert_safety_turn(coach, state, Intent("SafetyIntent"))


def test_safety_after_a_check_in_step_stores_nothing_of_it(coach: Coach, understander: Understander) -> None:
    """A whole check-in walked up to the last question, then a safety sentence: no SaveCheckin."""
    turn = coach.launch(Household(today=TODAY, introduced=True))
    effects = list(turn.effects)
    for text in ["start de check-in", "samen", "zonnig", "een knuffel", "dank je voor je geduld", "storm", "rust"]:
        turn = coach.handle(turn.state, understander.understand(text, coach.expected_intents(turn.state)))
        effects += turn.effects
    assert turn.state.step is Step.CHECKIN_GRATITUDE
    turn = coach.handle(turn.state, understander.understand("hij slaat me", coach.expected_intents(turn.state)))
    effects += turn.effects
    assert turn.reply.end_session and "0800-2000" in turn.reply.text()
    assert effects == []


def test_safety_ends_even_a_paused_or_erasing_conversation(coach: Coach) -> None:
    for step in (Step.PAUSED, Step.CONFIRM_ERASE):
        state = replace(state_at(step, True), return_step=Step.BREATHING)
        assert_safety_turn(coach, state, Intent("SafetyIntent"))
