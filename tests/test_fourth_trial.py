"""A fourth new user's trial of the typed console and the trigger plan (findings as table
rows; the console's own findings are in tests/test_console.py, whole flows in
tests/conversations/trial_*.toml)."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, State, Step, Understander, Unrecognized

TODAY = datetime.date(2026, 11, 27)
KEEPING = Household(today=TODAY, introduced=True, consent=True)


def at(coach: Coach, step: Step) -> State:
    return replace(coach.begin(KEEPING), step=step)


# --- 2. a number only when it is said as one -------------------------------------------------

@pytest.mark.parametrize(("said", "level"), [
    ("een tiental", None),  # "een" is the article here, not one
    ("een beetje minder", None),
    ("een, denk ik", None),
    ("heel erg sterk", None),
    ("ze ven", "7"),  # a number written in two pieces
    ("ne gen", "9"),
    ("zeven", "7"),
    ("een acht", "8"),
    ("ik zit op een", "1"),
    ("één", "1"),
    ("een één denk ik", "1"),
    ("een van de tien", "1"),
    ("acht van de tien", "8"),
])
@pytest.mark.parametrize("step", [Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER])
def test_a_strength_is_a_number_only_when_said_as_one(
    coach: Coach, understander: Understander, step: Step, said: str, level: str | None
) -> None:
    got = understander.understand(said, coach.expected_intents(at(coach, step)))
    if level is None:
        assert not (isinstance(got, Intent) and got.name == "IntensityIntent"), got
    else:
        assert got == Intent.of("IntensityIntent", level=level)
    assert not isinstance(got, Unrecognized) or level is None


# --- 3. "Hoe is het nu?" answered with how one is ------------------------------------------

@pytest.mark.parametrize(("said", "step", "heard"), [
    ("slecht", Step.BREATHING, "breathing_again_hard"),  # five more, started warmly
    ("niet goed", Step.BREATHING, "breathing_again_hard"),
    ("storm", Step.BREATHING, "breathing_again_hard"),
    ("weet ik niet", Step.BREATHING, "breathing_unsure"),  # five more, offered
    ("ik weet het niet meer", Step.BREATHING, "breathing_unsure"),
    ("gaat wel", Step.TRIGGER_FEELING, None),  # going on
    ("beter", Step.TRIGGER_FEELING, None),
])
def test_how_one_is_after_the_breathing_is_an_answer(
    coach: Coach, understander: Understander, said: str, step: Step, heard: str | None
) -> None:
    state = at(coach, Step.BREATHING)
    turn = coach.handle(state, understander.understand(said, coach.expected_intents(state)))
    assert turn.state.step is step
    text = turn.reply.text()
    assert coach.locale.say("out_of_step") not in text
    if heard is not None:
        assert text.startswith(coach.locale.say(heard))


# --- 4. own words said back as written (turned to the one who said them) -------------------------------------------------------

@pytest.mark.parametrize(("said", "back"), [
    ("dat ik eens mag zeggen wat ik denk zonder dat hij ontploft",
     "Dat je eens mag zeggen wat je denkt zonder dat hij ontploft."),  # "denk" is a filler elsewhere
    ("eh, dat hij toch eens echt naar me kijkt, hoor", "Dat hij toch eens echt naar je kijkt."),
    ("nou dat we gewoon eens om te lachen tijd hebben", "Dat we gewoon eens om te lachen tijd hebben."),
])
def test_own_words_are_said_back_as_written(coach: Coach, understander: Understander, said: str, back: str) -> None:
    state = at(coach, Step.TRIGGER_NEED)
    event = understander.understand(said, coach.expected_intents(state))
    assert isinstance(event, Intent) and event.slots == (("need", "OWN"),), event
    assert coach.handle(state, event).reply.text().startswith(back)


# --- 6. "samen of alleen?": what is no answer is not guessed -------------------------------

@pytest.mark.parametrize(("said", "expected"), [
    ("dat hij eens zijn mond houdt over zijn werk", None),  # no answer: the step's help
    ("zijn werk", None),
    ("alleen ik", "AloneIntent"),
    ("ik doe hem alleen", "AloneIntent"),
    ("hij is op zijn werk", "AloneIntent"),
    ("mijn partner is aan het werk", "AloneIntent"),
    ("in mijn eentje", "AloneIntent"),
    ("samen", "TogetherIntent"),
])
def test_together_or_alone_is_taken_only_when_said(
    coach: Coach, understander: Understander, said: str, expected: str | None
) -> None:
    got = understander.understand(said, coach.expected_intents(at(coach, Step.CHECKIN_WHO)))
    assert (got.name if isinstance(got, Intent) else None) == expected, got
