"""A second new user's trial of the strength question and the letter (findings as table rows):
a line of the letter is no command, a feeling needs no number, a mark is a number, and a
feeling as strong as before the breathing is named and more breaths are offered."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, State, Step, Understander, Unrecognized
from dialogue.model import TriggerMoment

TODAY = datetime.date(2026, 11, 27)
KEEPING = Household(today=TODAY, introduced=True, consent=True)


def at(coach: Coach, step: Step) -> State:
    return replace(coach.begin(KEEPING), step=step)


@pytest.mark.parametrize(("said", "expected"), [
    ("ik ben klaar met geheimen", None),  # a line of the letter: it must not skip a part
    ("ik ga door met therapie, echt", None),
    ("ja, ik heb pen en papier", "AMAZON.NextIntent"),
    ("volgende graag", "AMAZON.NextIntent"),
    ("help me om rustig te worden", "StartTriggerPlanIntent"),
])
def test_at_a_writing_pause_only_a_command_said_as_one_counts(
    coach: Coach, understander: Understander, said: str, expected: str | None
) -> None:
    got = understander.understand(said, coach.expected_intents(at(coach, Step.LETTER_DEED)))
    assert (got.name if isinstance(got, Intent) else None) == expected, got
    if expected is None:
        assert isinstance(got, Unrecognized)


@pytest.mark.parametrize(("said", "level"), [("een achtje", "8"), ("zo'n zesje", "6"), ("een tientje", "10")])
def test_a_mark_is_a_number_at_the_strength_question(
    coach: Coach, understander: Understander, said: str, level: str
) -> None:
    got = understander.understand(said, coach.expected_intents(at(coach, Step.TRIGGER_AFTER)))
    assert got == Intent.of("IntensityIntent", level=level)


@pytest.mark.parametrize("event", [Intent.of("FeelingIntent", feeling="ANGST"), Intent.of("DistressIntent")])
def test_a_feeling_at_the_strength_question_needs_no_number(coach: Coach, event: Intent) -> None:
    state = replace(at(coach, Step.TRIGGER_BEFORE), moment=TriggerMoment(TODAY), rating=True)
    turn = coach.handle(state, event)
    assert turn.state.step is Step.BREATHING
    assert coach.locale.say("ask_strength") not in turn.reply.text()


@pytest.mark.parametrize(("before", "after", "step", "heard"), [
    (4, 9, Step.BREATHING, "strength_still_strong"),  # worse: named, and five more offered
    (8, 8, Step.BREATHING, "strength_still_strong"),
    (3, 3, Step.TRIGGER_FEELING, "strength_noted"),  # not strong: on to the feeling
])
def test_a_feeling_not_lower_after_the_breathing(
    coach: Coach, before: int, after: int, step: Step, heard: str
) -> None:
    state = replace(at(coach, Step.TRIGGER_AFTER), moment=TriggerMoment(TODAY, before), rating=True)
    turn = coach.handle(state, Intent.of("IntensityIntent", level=str(after)))
    assert turn.state.step is step and coach.locale.say(heard) in turn.reply.text()
    assert "Dank je" not in turn.reply.text()
    # The moment is kept either way; "nog vijf" then breathes again, "klaar" goes to the feeling.
    assert [type(e).__name__ for e in turn.effects] == ["SaveTriggerMoment"]


@pytest.mark.parametrize("step", [Step.MENU, Step.LETTER_DEED])
@pytest.mark.parametrize("said", ["wat moet ik nu zeggen?", "ik weet niet wat ik moet schrijven"])
def test_asking_what_to_say_or_write_gets_the_steps_help(
    coach: Coach, understander: Understander, step: Step, said: str
) -> None:
    state = at(coach, step)
    turn = coach.handle(state, understander.understand(said, coach.expected_intents(state)))
    assert coach.locale.say(f"help_{step.value}") in turn.reply.text()
