"""Whole conversations kept as data: tests/conversations/*.toml, run through the real core.

A file names the household and lists turns. Each turn is what the person types
(an empty string is silence), or an intent as an edge sends it, and what must be heard;
see README.md in that folder.
The conversation starts with `coach.launch(household)` and every sentence goes through
the real `Understander` with the intents the current step expects (and the household's
names, as the local session passes them).

Over many days: a turn with `today` starts a new conversation on that date once the one
before has ended (`launch = true` opens it with the welcome, as "Alexa, open samen
sterker"; otherwise its sentence opens it, as a one-shot request or the console after a
goodbye). With `store = true` the household lives in a real SQLite store in memory: every
turn's effects are kept there, and each new conversation loads the household from it on its
date, so weeks pass in a few lines without waiting, and what is kept can be checked.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dialogue import (
    CheckinEntry,
    Coach,
    Effect,
    Event,
    Household,
    Intent,
    MarkIntroduced,
    SaveCheckin,
    SaveConsent,
    SaveContract,
    SaveContractReview,
    SaveNames,
    SavePace,
    SaveTriggerMoment,
    Silence,
    Turn,
    Understander,
)
from household.store import HouseholdStore

FOLDER = Path(__file__).parent / "conversations"
FILES = sorted(FOLDER.glob("*.toml"))
TURN_KEYS = {"say", "intent", "slots", "hear", "not_hear", "effects", "ends", "checkin", "quiet", "today", "launch",
             "stored_checkins", "stored_moments", "words_at_most", "stored_help_suggested",
             "stored_contract", "stored_trigger_plan", "stored_reviews"}


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
        keeps_answers=data.get("keeps_answers", True),
        # Whose help lines: "nl" (the default) or "be"; "none" for a country not known.
        country=None if data.get("country", "nl") == "none" else data.get("country", "nl"),
    )


def seed(data: dict[str, Any], household: Household) -> list[Effect]:
    """What a store must hold for the household of the file: its names, pace, consent and
    introduction, the dates of `checkin_dates`, and the history of `checkins` (each a date
    and its entries, [weather, need] per partner, "" for skipped) and `trigger_moments` (each
    a date and its strengths before and after, 0 to 10, or left out), the trust contract of
    `contract` (agreement ids) and its reviews of `contract_reviews` (each a date and its
    answers, [agreement, JA / DEELS / NEE])."""
    effects: list[Effect] = []
    if household.names is not None:
        effects.append(SaveNames(*household.names))
    effects.append(SavePace(household.inhale_seconds, household.exhale_seconds))
    if household.introduced:
        effects.append(MarkIntroduced())
    if household.consent is not None:
        effects.append(SaveConsent(household.consent))
    effects += [SaveCheckin(date, ()) for date in household.checkin_dates]
    for checkin in data.get("checkins", ()):
        entries = tuple(CheckinEntry(w or None, n or None) for w, n in checkin.get("entries", ()))
        effects.append(SaveCheckin(checkin["date"], entries))
    for moment in data.get("trigger_moments", ()):
        effects.append(SaveTriggerMoment(moment["date"], moment.get("before"), moment.get("after")))
    if "contract" in data:
        effects.append(SaveContract(tuple(data["contract"])))
    for review in data.get("contract_reviews", ()):
        effects.append(SaveContractReview(review["date"], tuple((a, v) for a, v in review["answers"])))
    return effects


class Days:
    """The household over the days of one conversation file: its store (with `store = true`)
    or, without one, the household of the file carried from turn to turn."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.household = household_of(data)
        self.store: HouseholdStore | None = None
        if data.get("store", False):
            self.store = HouseholdStore(":memory:", keeps_answers=self.household.keeps_answers)
            self.store.apply(seed(data, self.household))

    def load(self, today: datetime.date, last: Household) -> Household:
        if self.store is None:
            return replace(last, today=today)
        return self.store.load(today)

    def keep(self, effects: tuple[Effect, ...]) -> None:
        if self.store is not None and effects:
            self.store.apply(effects)


def check_turn(turn: Turn, expected: dict[str, Any], where: str) -> None:
    store = expected.pop("_store", None) if "_store" in expected else None
    unknown = set(expected) - TURN_KEYS
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
    text = turn.reply.text()
    if expected.get("quiet", False):
        # A writing pause of the letter: the coach waits without a word, still listening.
        assert not turn.reply.parts and not turn.reply.end_session, f"{where}: expected quiet, heard {text!r}"
    else:
        assert text.strip(), f"{where}: the coach said nothing"
    for fragment in expected.get("hear", []):
        assert fragment in text, f"{where}: expected to hear {fragment!r} in {text!r}"
    for fragment in expected.get("not_hear", []):
        assert fragment not in text, f"{where}: did not expect {fragment!r} in {text!r}"
    if "effects" in expected:
        kinds = [type(effect).__name__ for effect in turn.effects]
        assert kinds == expected["effects"], f"{where}: effects {kinds}"
    if "words_at_most" in expected:
        words = len(text.split())
        assert words <= expected["words_at_most"], f"{where}: {words} words: {text!r}"
    if "checkin" in expected:
        saved = [e for e in turn.effects if isinstance(e, SaveCheckin)]
        assert len(saved) == 1, f"{where}: expected one SaveCheckin, got {turn.effects}"
        entries = [[entry.weather or "", entry.need or ""] for entry in saved[0].entries]
        assert entries == expected["checkin"], f"{where}: stored {entries}"
    if "stored_help_suggested" in expected:
        # Read from the file itself: the date professional help was last suggested ("" none).
        assert isinstance(store, HouseholdStore), f"{where}: what is stored is checked with store = true"
        row = store._db.execute("SELECT help_suggested FROM household").fetchone()
        kept = None if row is None else row[0]
        wanted = expected["stored_help_suggested"]
        assert kept == (None if wanted == "" else wanted.isoformat()), f"{where}: help suggested {kept}"
    if "stored_contract" in expected:
        # Read from the file itself: the trust contract's agreement ids ("none": no contract kept).
        assert isinstance(store, HouseholdStore), f"{where}: what is stored is checked with store = true"
        row = store._db.execute("SELECT contract FROM household").fetchone()
        kept = None if row is None else row[0]
        wanted = expected["stored_contract"]
        assert kept == (None if wanted == "none" else " ".join(wanted)), f"{where}: contract {kept}"
    if "stored_trigger_plan" in expected:
        # Read from the file itself: the couple's own trigger plan as its line of ids ("none": no plan kept).
        assert isinstance(store, HouseholdStore), f"{where}: what is stored is checked with store = true"
        row = store._db.execute("SELECT plan FROM trigger_plan").fetchone()
        kept = None if row is None else row[0]
        wanted = expected["stored_trigger_plan"]
        assert kept == (None if wanted == "none" else wanted), f"{where}: trigger plan {kept}"
    if "stored_reviews" in expected:
        # Read from the file itself: every row of the contract's reviews, [date, agreement, answer].
        assert isinstance(store, HouseholdStore), f"{where}: what is stored is checked with store = true"
        kept_rows = [list(r) for r in store._db.execute(
            "SELECT date, agreement, answer FROM contract_review ORDER BY date, rowid").fetchall()]
        wanted_rows = [[d.isoformat(), a, v] for d, a, v in expected["stored_reviews"]]
        assert kept_rows == wanted_rows, f"{where}: reviews {kept_rows}"
    if "stored_checkins" in expected or "stored_moments" in expected:
        assert isinstance(store, HouseholdStore), f"{where}: what is stored is checked with store = true"
        if "stored_checkins" in expected:
            assert len(store.checkins()) + _dates_only(store) == expected["stored_checkins"], where
        if "stored_moments" in expected:
            moments = [[m.date, m.before, m.after] for m in store.trigger_moments()]
            wanted = [[m[0], *(None if v == "" else v for v in m[1:])] for m in expected["stored_moments"]]
            assert moments == wanted, f"{where}: stored moments {moments}"
    ends = bool(expected.get("ends", False))
    assert turn.reply.end_session == ends, f"{where}: end_session is {turn.reply.end_session}; said {text!r}"
    if not ends:
        assert turn.reply.reprompt, f"{where}: listening without a reprompt"


def walk(coach: Coach, understander: Understander, path: Path) -> Iterator[tuple[str, Turn, dict[str, Any]]]:
    """Every turn of a conversation file, the launch first: where it is, the turn, what the file expects."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    days = Days(data["household"])
    turn = coach.launch(days.load(days.household.today, days.household))
    days.keep(turn.effects)
    yield f"{path.name} launch", turn, data.get("launch", {})
    turns = data["turns"]
    assert turns, f"{path.name}: no turns"
    for number, expected in enumerate(turns, start=1):
        where = f"{path.name} turn {number} ({expected.get('say', expected.get('intent', expected.get('today')))!r})"
        if "today" in expected or expected.get("launch"):
            # Another day (or another conversation): what the last one had is kept as the
            # edges keep it when a conversation ends without a goodbye, then the household is loaded.
            days.keep(coach.interrupted(turn.state))
            household = days.load(expected.get("today", turn.state.household.today), turn.state.household)
            if expected.get("launch"):
                turn = coach.launch(household)
                days.keep(turn.effects)
                yield where, turn, expected
                continue
            state = coach.begin(household)
        else:
            assert not turn.reply.end_session, f"{where}: the conversation had already ended"
            state = turn.state
        event: Event
        if "intent" in expected:
            event = Intent.of(expected["intent"], **expected.get("slots", {}))  # as an edge sends it, e.g. Alexa
        else:
            said = expected["say"]
            event = Silence() if not said.strip() else understander.understand(
                said, coach.expected_intents(state), names=state.household.names)
        turn = coach.handle(state, event)
        days.keep(turn.effects)
        if days.store is not None:
            expected = {**expected, "_store": days.store}
        yield where, turn, expected


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_conversation(coach: Coach, understander: Understander, path: Path) -> None:
    for where, turn, expected in walk(coach, understander, path):
        check_turn(turn, expected, where)


def test_there_are_enough_conversations() -> None:
    assert len(FILES) >= 15


def _dates_only(store: HouseholdStore) -> int:
    """Check-ins kept without answers (a date alone): `checkins()` lists only those with answers."""
    rows = store._db.execute("SELECT count(*) FROM checkin c WHERE NOT EXISTS"
                             " (SELECT 1 FROM checkin_entry e WHERE e.checkin_id = c.id)").fetchone()
    return int(rows[0])
