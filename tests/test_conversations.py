"""Whole conversations kept as data: tests/conversations/*.toml, run through the real core.

A file names the household and lists turns. Each turn is what the person types
(an empty string is silence), or an intent as an edge sends it, and what must be heard;
see README.md in that folder.
The conversation starts with `coach.launch(household)` and every sentence goes through
the real `Understander` with the intents the current step expects (and the household's
names, as the local session passes them).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dialogue import Coach, Event, Household, Intent, SaveCheckin, Silence, Turn, Understander

FOLDER = Path(__file__).parent / "conversations"
FILES = sorted(FOLDER.glob("*.toml"))
TURN_KEYS = {"say", "intent", "slots", "hear", "not_hear", "effects", "ends", "checkin"}


def household_of(data: dict[str, Any]) -> Household:
    names = data.get("names")
    return Household(
        today=data["today"],
        names=None if names is None else (names[0], names[1]),
        inhale_seconds=data.get("inhale_seconds", 4),
        exhale_seconds=data.get("exhale_seconds", 6),
        checkin_dates=tuple(data.get("checkin_dates", ())),
        introduced=data.get("introduced", True),
        # A household's consent to keep its check-ins; "none" for one never asked.
        consent=None if data.get("consent", True) == "none" else data.get("consent", True),
    )


def check_turn(turn: Turn, expected: dict[str, Any], where: str) -> None:
    unknown = set(expected) - TURN_KEYS
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
    text = turn.reply.text()
    assert text.strip(), f"{where}: the coach said nothing"
    for fragment in expected.get("hear", []):
        assert fragment in text, f"{where}: expected to hear {fragment!r} in {text!r}"
    for fragment in expected.get("not_hear", []):
        assert fragment not in text, f"{where}: did not expect {fragment!r} in {text!r}"
    if "effects" in expected:
        kinds = [type(effect).__name__ for effect in turn.effects]
        assert kinds == expected["effects"], f"{where}: effects {kinds}"
    if "checkin" in expected:
        saved = [e for e in turn.effects if isinstance(e, SaveCheckin)]
        assert len(saved) == 1, f"{where}: expected one SaveCheckin, got {turn.effects}"
        entries = [[entry.weather or "", entry.need or ""] for entry in saved[0].entries]
        assert entries == expected["checkin"], f"{where}: stored {entries}"
    ends = bool(expected.get("ends", False))
    assert turn.reply.end_session == ends, f"{where}: end_session is {turn.reply.end_session}; said {text!r}"
    if not ends:
        assert turn.reply.reprompt, f"{where}: listening without a reprompt"


def walk(coach: Coach, understander: Understander, path: Path) -> Iterator[tuple[str, Turn, dict[str, Any]]]:
    """Every turn of a conversation file, the launch first: where it is, the turn, what the file expects."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    turn = coach.launch(household_of(data["household"]))
    yield f"{path.name} launch", turn, data.get("launch", {})
    turns = data["turns"]
    assert turns, f"{path.name}: no turns"
    for number, expected in enumerate(turns, start=1):
        where = f"{path.name} turn {number} ({expected.get('say', expected.get('intent'))!r})"
        assert not turn.reply.end_session, f"{where}: the conversation had already ended"
        event: Event
        if "intent" in expected:
            event = Intent.of(expected["intent"], **expected.get("slots", {}))  # as an edge sends it, e.g. Alexa
        else:
            said = expected["say"]
            event = Silence() if not said.strip() else understander.understand(
                said, coach.expected_intents(turn.state), names=turn.state.household.names)
        turn = coach.handle(turn.state, event)
        yield where, turn, expected


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_conversation(coach: Coach, understander: Understander, path: Path) -> None:
    for where, turn, expected in walk(coach, understander, path):
        check_turn(turn, expected, where)


def test_there_are_enough_conversations() -> None:
    assert len(FILES) >= 15
