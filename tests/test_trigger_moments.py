"""Trigger moments, counted (issue 10, section 1): each run of the trigger plan keeps its
date and, if answered, how strong the feeling was before and after the breathing (0 to 10),
never the feeling or the need; only where check-in answers are kept, after consent. The
question never holds anyone up, and danger stops everything at its steps too.

The core's rows first, then both stores: SQLite (a new table, read back from the file
itself, a schema-3 file migrated with its history, erased and withdrawn from the bytes) and
DynamoDB's item attributes (the dynalite round trip is in tests/test_skill_dynamodb.py)."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_consent import table as rows

from dialogue import (
    CheckinDay,
    CheckinEntry,
    Coach,
    EraseHousehold,
    Household,
    Intent,
    SaveCheckin,
    SaveConsent,
    SaveNames,
    SaveTriggerMoment,
    Silence,
    State,
    Step,
    TriggerMoment,
    Unrecognized,
    state_from_json,
    state_to_json,
)
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.effects import InvalidEffect, check_effect
from household.history import export_document, read_history
from household.store import STORE_FILE, HouseholdStore

TODAY = datetime.date(2026, 11, 27)
H = Household(today=TODAY, introduced=True, consent=True)


def start(coach: Coach, household: Household = H) -> State:
    turn = coach.handle(coach.begin(household), Intent.of("StartTriggerPlanIntent"))
    assert turn.state.step is Step.TRIGGER_BEFORE
    return turn.state


def effects_of(turn: object) -> list[object]:
    return list(turn.effects)  # type: ignore[attr-defined]


# --- the core -----------------------------------------------------------------------------


def test_before_and_after_are_kept_as_one_moment_and_never_the_feeling_or_need(coach: Coach) -> None:
    state = start(coach)
    state = coach.handle(state, Intent.of("IntensityIntent", level="8")).state
    assert state.step is Step.BREATHING and state.moment == TriggerMoment(TODAY, 8)
    turn = coach.handle(state, Intent.of("AMAZON.NextIntent"))
    assert turn.state.step is Step.TRIGGER_AFTER and turn.effects == ()
    assert turn.reply.text() == coach.locale.say("ask_strength")
    turn = coach.handle(turn.state, Intent.of("IntensityIntent", level="5"))
    assert turn.effects == (SaveTriggerMoment(TODAY, 8, 5),)
    assert turn.reply.text().startswith("Van acht naar vijf: het ademen helpt.")
    assert turn.state.step is Step.TRIGGER_FEELING and turn.state.moment is None
    assert turn.state.household.trigger_moments == (TriggerMoment(TODAY, 8, 5),)
    for event in (Intent.of("FeelingIntent", feeling="PANIEK"), Intent.of("NeedIntent", need="GERUSTSTELLING"),
                  Intent.of("AMAZON.NoIntent")):
        turn = coach.handle(turn.state, event)
        assert not any(isinstance(e, SaveTriggerMoment) for e in turn.effects)
    assert turn.reply.end_session


@pytest.mark.parametrize("event", [Silence(), Unrecognized(), Intent.of("SkipIntent"), Intent.of("AMAZON.NextIntent"),
                                   Intent.of("IntensityIntent", level="11"), Intent.of("IntensityIntent", level="x"),
                                   Intent.of("FeelingIntent", feeling="PANIEK"), Intent.of("SlowerIntent")],
                         ids=["silence", "not understood", "skip", "verder", "eleven", "nonsense", "a feeling", "slower"])
def test_anything_but_a_number_before_the_breathing_goes_on_at_once(coach: Coach, event: object) -> None:
    turn = coach.handle(start(coach), event)  # type: ignore[arg-type]
    assert turn.state.step is Step.BREATHING, turn.reply.text()
    if event != Intent.of("FeelingIntent", feeling="PANIEK"):  # "ik ben in paniek": the plan's own opening
        assert turn.reply.text().startswith(coach.locale.say("breathing_start"))
    assert "Sorry" not in turn.reply.text()
    assert turn.state.moment == TriggerMoment(TODAY)


@pytest.mark.parametrize("event", [Silence(), Unrecognized(), Intent.of("SkipIntent"), Intent.of("AMAZON.NextIntent")],
                         ids=["silence", "not understood", "skip", "verder"])
def test_anything_but_a_number_after_the_breathing_goes_on_and_keeps_the_moment(coach: Coach, event: object) -> None:
    state = coach.handle(coach.handle(start(coach), Intent.of("IntensityIntent", level="6")).state,
                         Intent.of("AMAZON.NextIntent")).state
    turn = coach.handle(state, event)  # type: ignore[arg-type]
    assert turn.state.step is Step.TRIGGER_FEELING
    assert turn.effects == (SaveTriggerMoment(TODAY, 6, None),)


def test_more_breaths_where_the_strength_is_asked_after_asks_it_again_after_them(coach: Coach) -> None:
    state = coach.handle(start(coach), Silence()).state
    state = coach.handle(state, Intent.of("AMAZON.NextIntent")).state
    turn = coach.handle(state, Intent.of("MoreBreathsIntent"))
    assert turn.state.step is Step.BREATHING and turn.effects == ()
    assert coach.handle(turn.state, Intent.of("AMAZON.NextIntent")).state.step is Step.TRIGGER_AFTER


def test_a_run_that_stops_early_keeps_what_it_has(coach: Coach) -> None:
    state = coach.handle(start(coach), Intent.of("IntensityIntent", level="9")).state
    turn = coach.handle(state, Intent.of("AMAZON.StopIntent"))
    assert turn.reply.end_session and turn.effects == (SaveTriggerMoment(TODAY, 9, None),)
    # The session ended without a goodbye (Alexa's SessionEnded, the console's end of input).
    assert coach.interrupted(state) == (SaveTriggerMoment(TODAY, 9, None),)
    # Another exercise asked for in the middle: the moment is kept as it is.
    turn = coach.handle(state, Intent.of("StartCheckinIntent"))
    assert SaveTriggerMoment(TODAY, 9, None) in turn.effects


def test_said_again_within_a_run_it_is_the_same_moment(coach: Coach) -> None:
    state = coach.handle(start(coach), Intent.of("IntensityIntent", level="7")).state
    turn = coach.handle(state, Intent.of("StartTriggerPlanIntent"))
    # At "Hoe is het nu?" the words of the trigger plan name the feeling (Alexa sends them as
    # either intent: tests/test_model_conflicts.py); the run goes on, the same moment.
    assert turn.state.step is Step.TRIGGER_NEED and turn.state.moment == TriggerMoment(TODAY, 7)
    assert turn.effects == ()


@pytest.mark.parametrize("step", [Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER, Step.BREATHING, Step.TRIGGER_FEELING])
def test_danger_at_a_step_of_the_run_stops_everything_and_keeps_nothing(coach: Coach, step: Step) -> None:
    state = replace(start(coach), step=step)
    turn = coach.handle(state, Intent.of("SafetyIntent", concern="SUICIDE"))
    assert turn.state.step is Step.SAFETY and turn.effects == ()
    assert "113" in turn.reply.text()
    assert turn.state.moment is None
    assert coach.interrupted(turn.state) == ()
    ended = coach.handle(turn.state, Intent.of("AMAZON.StopIntent"))
    assert ended.effects == ()
    # Only sounding like harm: asked first, and the moment waits; nothing kept while asked.
    asked = coach.handle(state, Intent.of("SafetyIntent", concern="UNSURE"))
    assert asked.state.step is Step.SAFETY_CHECK and asked.effects == ()
    assert coach.interrupted(asked.state) == ()


def test_erased_or_withdrawn_in_a_run_nothing_of_it_is_kept(coach: Coach) -> None:
    state = coach.handle(start(coach), Intent.of("IntensityIntent", level="7")).state
    asked = coach.handle(state, Intent.of("EraseDataIntent")).state
    erased = coach.handle(asked, Intent.of("AMAZON.YesIntent"))
    assert erased.effects == (EraseHousehold(),)
    asked = coach.handle(state, Intent.of("WithdrawConsentIntent")).state
    withdrawn = coach.handle(asked, Intent.of("AMAZON.YesIntent"))
    assert withdrawn.effects == (SaveConsent(False),)
    assert withdrawn.state.household.trigger_moments == () and withdrawn.state.household.checkin_days == ()
    assert coach.handle(withdrawn.state, Intent.of("AMAZON.StopIntent")).effects == ()


@pytest.mark.parametrize("household", [replace(H, consent=None), replace(H, consent=False),
                                       Household(today=TODAY, introduced=True, keeps_answers=False)],
                         ids=["never asked", "refused", "public skill"])
def test_where_moments_are_not_kept_nothing_is_asked_and_consent_is_never_asked_in_a_run(
    coach: Coach, household: Household
) -> None:
    turn = coach.handle(coach.begin(household), Intent.of("StartTriggerPlanIntent"))
    assert turn.state.step is Step.BREATHING and turn.state.moment is None
    assert coach.locale.say("ask_strength") not in turn.reply.text()
    for event in (Intent.of("AMAZON.NextIntent"), Intent.of("FeelingIntent", feeling="ANGST"),
                  Intent.of("NeedIntent", need="RUIMTE"), Intent.of("AMAZON.NoIntent")):
        turn = coach.handle(turn.state, event)
        assert turn.effects == () and "bewaren" not in turn.reply.text()
    assert turn.reply.end_session


def test_breathing_the_coach_offered_itself_is_no_trigger_moment(coach: Coach) -> None:
    for step in (Step.STORM_OFFER, Step.DISTRESS_CHOICE):
        turn = coach.handle(State(household=H, step=step), Intent.of("AMAZON.YesIntent"))
        assert turn.state.step is Step.BREATHING and turn.state.moment is None


def test_a_partner_triggered_is_a_moment_without_a_strength(coach: Coach) -> None:
    turn = coach.handle(coach.begin(H), Intent.of("PartnerTriggeredIntent"))
    assert turn.state.moment == TriggerMoment(TODAY) and not turn.state.rating
    turn = coach.handle(turn.state, Intent.of("AMAZON.YesIntent"))  # breathe together
    turn = coach.handle(turn.state, Intent.of("AMAZON.NextIntent"))
    assert turn.state.step is Step.TRIGGER_FEELING  # the strength is asked of the triggered one only
    turn = coach.handle(turn.state, Intent.of("AMAZON.StopIntent"))
    assert turn.effects == (SaveTriggerMoment(TODAY),)


def test_the_run_survives_the_session_state_round_trip(coach: Coach) -> None:
    state = coach.handle(start(coach), Intent.of("IntensityIntent", level="4")).state
    state = replace(state, household=replace(state.household, checkin_days=(
        CheckinDay(TODAY, (CheckinEntry("ZONNIG", "OWN"), CheckinEntry(None, None))),),
        trigger_moments=(TriggerMoment(TODAY, 3, None),)))
    assert state_from_json(state_to_json(state)) == state


def test_stores_refuse_a_strength_out_of_range() -> None:
    for bad in (SaveTriggerMoment(TODAY, 11), SaveTriggerMoment(TODAY, None, -1), SaveTriggerMoment(TODAY, True),
                SaveTriggerMoment(datetime.datetime(2026, 11, 27, 20, 0))):  # type: ignore[arg-type]
        with pytest.raises(InvalidEffect):
            check_effect(bad)
    check_effect(SaveTriggerMoment(TODAY, 0, 10))


# --- SQLite ---------------------------------------------------------------------------------


def test_sqlite_keeps_moments_with_consent_and_loads_the_history(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with HouseholdStore.in_data_dir(tmp_path) as store:
        store.apply([SaveTriggerMoment(TODAY, 7, 4)])  # never asked: not kept
        store.apply([SaveConsent(True), SaveNames("Sam", "Lotte"),
                     SaveCheckin(TODAY - datetime.timedelta(days=60), (CheckinEntry("REGEN", "RUST"),) * 2),
                     SaveCheckin(TODAY - datetime.timedelta(days=3), (CheckinEntry("STORM", "HULP"), CheckinEntry("ZONNIG", None))),
                     SaveCheckin(TODAY - datetime.timedelta(days=3), (CheckinEntry(None, "KNUFFEL"), CheckinEntry(None, None))),
                     SaveCheckin(TODAY, (CheckinEntry("BEWOLKT", None),)),
                     SaveTriggerMoment(TODAY - datetime.timedelta(days=70), 9, 9),
                     SaveTriggerMoment(TODAY - datetime.timedelta(days=2), 7, 4),
                     SaveTriggerMoment(TODAY, None, 3)])
        household = store.load(TODAY)
        assert household.checkin_days == (
            CheckinDay(TODAY - datetime.timedelta(days=3), (CheckinEntry("STORM", "KNUFFEL"), CheckinEntry("ZONNIG", None))),
            CheckinDay(TODAY),  # alone: the day, not what was said
        )
        assert household.trigger_moments == (TriggerMoment(TODAY - datetime.timedelta(days=2), 7, 4),
                                              TriggerMoment(TODAY, None, 3))
        assert len(store.trigger_moments()) == 3  # everything, for the export
    assert rows(path, "SELECT date, strength_before, strength_after FROM trigger_moment ORDER BY id") == [
        ("2026-09-18", 9, 9), ("2026-11-25", 7, 4), ("2026-11-27", None, 3)]
    assert [c[0] for c in rows(path, "PRAGMA table_info(trigger_moment)")] == [0, 1, 2, 3, 4]
    assert rows(path, "PRAGMA user_version") == [(8,)]


def test_erase_and_withdrawn_consent_remove_the_moments_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    for last in (EraseHousehold(), SaveConsent(False)):
        with HouseholdStore.in_data_dir(tmp_path) as store:
            store.apply([SaveConsent(True), SaveTriggerMoment(TODAY, 7, 4),
                         SaveCheckin(TODAY, (CheckinEntry("HAGEL" * 3, "RUST"),))])
            assert rows(path, "SELECT count(*) FROM trigger_moment") == [(1,)]
            store.apply([last])
            assert store.load(TODAY).trigger_moments == ()
        assert rows(path, "SELECT count(*) FROM trigger_moment") == [(0,)]
        assert b"2026-11-27" not in path.read_bytes()  # no date of a moment or a check-in left on disk
        assert b"HAGELHAGEL" not in path.read_bytes()


def test_a_public_skill_never_keeps_a_moment_and_drops_those_kept_before(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveTriggerMoment(TODAY, 5, 2)], "someone")
    with HouseholdStore(path, keeps_answers=False) as store:
        assert store.load(TODAY, "someone").trigger_moments == ()
        store.apply([SaveTriggerMoment(TODAY, 8, 3), SaveCheckin(TODAY, ())], "someone")
        assert store.trigger_moments("someone") == []
    assert rows(path, "SELECT count(*) FROM trigger_moment") == [(0,)]


_SCHEMA_3 = """
CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
    inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL, introduced INTEGER NOT NULL DEFAULT 0,
    consent INTEGER, country TEXT);
CREATE TABLE checkin (id INTEGER PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL);
CREATE INDEX checkin_by_household ON checkin (household_id, date);
CREATE TABLE checkin_entry (checkin_id INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
    partner INTEGER NOT NULL, weather TEXT, need TEXT, PRIMARY KEY (checkin_id, partner));
INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 4, 6, 1, 1, 'nl');
INSERT INTO checkin VALUES (1, 'local', '2026-11-25');
INSERT INTO checkin_entry VALUES (1, 0, 'REGEN', 'RUST');
INSERT INTO checkin_entry VALUES (1, 1, 'ZONNIG', 'KNUFFEL');
PRAGMA user_version = 3;
"""


def test_a_schema_3_file_gets_the_moments_table_and_keeps_its_history(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_3)
    db.close()
    with HouseholdStore.in_data_dir(tmp_path) as store:
        household = store.load(TODAY)
        assert household.consent is True and household.names == ("Sam", "Lotte")
        assert household.checkin_days == (CheckinDay(datetime.date(2026, 11, 25),
                                                     (CheckinEntry("REGEN", "RUST"), CheckinEntry("ZONNIG", "KNUFFEL"))),)
        store.apply([SaveTriggerMoment(TODAY, 6, 2)])
        assert store.load(TODAY).trigger_moments == (TriggerMoment(TODAY, 6, 2),)
    assert rows(path, "PRAGMA user_version") == [(8,)]


def test_a_damaged_strength_in_the_file_is_reported_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with HouseholdStore.in_data_dir(tmp_path) as store:
        store.apply([SaveConsent(True), SaveTriggerMoment(TODAY, 6, 2)])
    db = sqlite3.connect(path)
    db.execute("UPDATE trigger_moment SET strength_before = 'heel erg'")
    db.commit()
    db.close()
    from household.store import StoreError

    with HouseholdStore.in_data_dir(tmp_path) as store, pytest.raises(StoreError) as error:
        store.load(TODAY)
    assert error.value.reason == "corrupt" and "heel erg" not in str(error.value)


def test_the_export_holds_every_moment(tmp_path: Path) -> None:
    with HouseholdStore.in_data_dir(tmp_path) as store:
        store.apply([SaveConsent(True), SaveTriggerMoment(TODAY - datetime.timedelta(days=90), 8, None),
                     SaveTriggerMoment(TODAY, 6, 2)])
        document = export_document(read_history(store, TODAY), datetime.datetime(2026, 11, 27, 20, 0))
    assert document["trigger_moments"] == [{"date": "2026-08-29", "before": 8, "after": None},
                                           {"date": "2026-11-27", "before": 6, "after": 2}]


# --- DynamoDB's item -----------------------------------------------------------------------


def test_dynamodb_attributes_keep_moments_with_consent_and_drop_them_as_sqlite_does() -> None:
    attributes = apply_to_attributes({}, [SaveTriggerMoment(TODAY, 7, 4)])
    assert attributes is not None and attributes["trigger_moments"] == []
    attributes = apply_to_attributes(attributes, [SaveConsent(True), SaveTriggerMoment(TODAY, 7, 4),
                                                  SaveTriggerMoment(TODAY - datetime.timedelta(days=80), 9, 8)])
    assert attributes is not None and len(attributes["trigger_moments"]) == 2
    household = household_from_attributes(attributes, TODAY)
    assert household.trigger_moments == (TriggerMoment(TODAY, 7, 4),)  # the look-back's weeks only
    public = apply_to_attributes(attributes, [SaveCheckin(TODAY, ())], keeps_answers=False)
    assert public is not None and public["trigger_moments"] == []
    assert household_from_attributes(attributes, TODAY, keeps_answers=False).trigger_moments == ()
    withdrawn = apply_to_attributes(attributes, [SaveConsent(False)])
    assert withdrawn is not None and withdrawn["trigger_moments"] == []
    assert apply_to_attributes(attributes, [EraseHousehold()]) is None
