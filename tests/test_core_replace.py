"""`dialogue.model.replace` and `state_from_json` make a State or a Household without its
`__init__`: the same object as `dataclasses.replace` and the constructor make."""

from __future__ import annotations

import dataclasses
import datetime
import pickle

import pytest

from dialogue import Household, Reply, Say, State, Step, state_from_json, state_to_json
from dialogue.model import CheckinEntry, replace

HOUSEHOLD = Household(today=datetime.date(2026, 3, 4), names=("Sam", "Lotte"), consent=True)
STATE = State(household=HOUSEHOLD, step=Step.CHECKIN_NEED, partners=2, entries=(CheckinEntry("ZONNIG", None),),
              last_reply=Reply((Say("Hoi"),), (Say("En?"),), end_session=False))


@pytest.mark.parametrize(("obj", "changes"), [
    (STATE, {"step": Step.MENU}),
    (STATE, {"step": Step.MENU, "misunderstood": 2, "household": HOUSEHOLD}),
    (STATE, {}),
    (HOUSEHOLD, {"introduced": True, "country": "be"}),
    (Say("Hoi"), {"text": "Dag"}),  # not made faster: dataclasses.replace itself
])
def test_replace_is_dataclasses_replace(obj: object, changes: dict[str, object]) -> None:
    made, expected = replace(obj, **changes), dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    assert made == expected and type(made) is type(expected) and made is not obj
    assert vars(made) == vars(expected) and list(vars(made)) == list(vars(expected))
    assert hash(made) == hash(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.step = Step.ENDED  # type: ignore[attr-defined]


def test_replace_refuses_what_dataclasses_replace_refuses() -> None:
    with pytest.raises(TypeError):
        replace(STATE, no_such_field=1)
    with pytest.raises(TypeError):
        dataclasses.replace(STATE, no_such_field=1)  # type: ignore[call-arg]


def test_a_state_read_back_from_json_is_the_state_the_constructor_makes() -> None:
    read = state_from_json(state_to_json(STATE))
    assert read == STATE and vars(read) == vars(STATE) and list(vars(read)) == list(vars(STATE))
    assert list(vars(read.household)) == list(vars(STATE.household))
