"""A third new user's trial of the couple's own trigger plan, the trust contract and its
monthly review, and the check-in (issue 10): one table per finding. Whole flows are
conversations as data (tests/conversations/trial_*.toml)."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, State, Step, Understander

TODAY = datetime.date(2026, 11, 27)
NAMES = ("Mirjam", "Koen")
KEPT = Household(today=TODAY, names=NAMES, introduced=True, consent=True)


def say(coach: Coach, understander: Understander, state: State, text: str) -> object:
    return understander.understand(text, coach.expected_intents(state), names=state.household.names)


# --- 6. the erase question names all that is erased, as it is kept ---------------------------

ERASE_CASES = [
    # (keep mode, words that must be heard, words that must not)
    (True, ("triggerplan", "contract", "evaluaties", "check-ins", "triggermomenten"), ()),
    (False, ("de dagen van jullie check-ins",), ("triggermomenten", "triggerplan", "contract")),
]


@pytest.mark.parametrize(("keeps", "heard", "not_heard"), ERASE_CASES, ids=["answers kept", "dates only"])
def test_the_erase_question_names_what_is_erased(
    coach: Coach, keeps: bool, heard: tuple[str, ...], not_heard: tuple[str, ...]
) -> None:
    state = State(household=replace(KEPT, keeps_answers=keeps))
    turn = coach.handle(state, Intent("EraseDataIntent"))
    text = turn.reply.text()
    assert turn.state.step is Step.CONFIRM_ERASE and len(text.split()) <= 40
    assert all(w in text for w in heard) and not any(w in text for w in not_heard), text
