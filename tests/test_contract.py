"""The trust contract (issue 10, section 4; Oefening 2): the five areas one a turn, each
example agreement kept or dropped, the short confirmation, the read-back, replacing it,
danger at any contract step, and what both stores keep (and erase)."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from dialogue import Coach, Household, Intent, SaveContract, State, Step, contract
from dialogue.contract import AGREEMENTS, STEPS
from dialogue.model import EraseHousehold, SaveConsent, Turn, state_from_json, state_to_json
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import HouseholdStore

TODAY = datetime.date(2026, 12, 20)
KEPT = Household(today=TODAY, names=("Sam", "Lotte"), consent=True, introduced=True)
YES, NO, SKIP = Intent("AMAZON.YesIntent"), Intent("AMAZON.NoIntent"), Intent("SkipIntent")


def make(coach: Coach, household: Household, answers: list[Intent]) -> list[Turn]:
    turns = [coach.handle(State(household=household), Intent("MakeContractIntent"))]
    for answer in answers:
        turns.append(coach.handle(turns[-1].state, answer))
    return turns


CASES = [
    # (why, answers, agreements kept, words of the confirmation)
    ("all kept", [YES] * 5, AGREEMENTS, ("vijf afspraken, over communicatie, transparantie, sociale contacten, "
                                        "therapie en intimiteit.")),
    ("all dropped", [SKIP, NO, NO, NO, SKIP, SKIP, Intent("AMAZON.NextIntent")], (), "geen afspraak gekozen"),
    ("one kept", [SKIP, SKIP, SKIP, YES, SKIP], ("THERAPY",), "één afspraak, over therapie."),
    ("some kept", [YES, SKIP, YES, SKIP, YES], ("DAILY_CHECKIN", "DISCUSS_CONTACTS", "QUALITY_TIME"),
     "drie afspraken, over communicatie, sociale contacten en intimiteit."),
    ("others chosen", [NO, YES, SKIP, NO, NO, YES, SKIP, NO, YES], ("WEEKLY_TALK", "NO_CONTACT", "WEEKLY_DATE"),
     "drie afspraken, over communicatie, sociale contacten en intimiteit."),
]


@pytest.mark.parametrize(("why", "answers", "kept", "heard"), CASES, ids=[c[0] for c in CASES])
def test_each_area_is_kept_changed_or_dropped(coach: Coach, why: str, answers: list[Intent], kept: tuple[str, ...],
                                              heard: str) -> None:
    turns = make(coach, KEPT, answers)
    assert "vijf gebieden" in turns[0].reply.text() and "Communicatie: elke avond om acht uur" in turns[0].reply.text()
    assert list(dict.fromkeys(t.state.step for t in turns[:-1])) == list(STEPS)  # the five areas in order
    assert all(not t.effects for t in turns[:-1])
    last = turns[-1]
    assert heard in last.reply.text() and last.state.step is Step.MENU
    assert last.effects == (SaveContract(kept),)
    assert last.state.household.contract == kept


def test_after_nee_two_others_of_the_area_are_offered_one_a_turn(coach: Coach) -> None:
    turns = make(coach, KEPT, [NO, NO, NO])
    assert turns[1].reply.text() == "Of liever deze: elke zondag een gesprek van een half uur. Is dat iets voor jullie?"
    assert turns[2].reply.text() == "Of anders: elke week samen een dieper gesprek. Past die beter?"
    assert [t.state.step for t in turns] == [Step.CONTRACT_COMMUNICATION] * 3 + [Step.CONTRACT_TRANSPARENCY]
    assert turns[3].reply.text().startswith("Transparantie: telefoons open")
    assert state_from_json(state_to_json(turns[2].state)) == turns[2].state
    for agreement in contract.ALL_AGREEMENTS:
        assert contract.AREA_OF[agreement] in {area for _, area, _ in contract.AREAS}


def test_the_contract_is_read_back_and_making_it_again_replaces_it(coach: Coach) -> None:
    first = make(coach, KEPT, [YES, YES, SKIP, SKIP, SKIP])[-1]
    read = coach.handle(first.state, Intent("ReadContractIntent"))
    assert read.reply.text().startswith(
        "In jullie contract staat: elke avond om acht uur een check-in en telefoons open en wachtwoorden gedeeld.")
    assert read.effects == () and read.state.step is Step.MENU
    again = make(coach, first.state.household, [SKIP, SKIP, SKIP, YES, SKIP])[-1]
    assert again.effects == (SaveContract(("THERAPY",)),)
    assert "elke twee weken naar de relatietherapeut" in coach.handle(again.state, Intent("ReadContractIntent")).reply.text()


@pytest.mark.parametrize(("household", "said"), [
    (replace(KEPT, contract=None), "nog geen vertrouwenscontract"),
    (replace(KEPT, contract=()), "geen afspraken"),
    (replace(KEPT, keeps_answers=False), "bewaar ik niet"),
    (replace(KEPT, consent=False), "bewaar ik niet"),
])
def test_reading_without_a_kept_contract(coach: Coach, household: Household, said: str) -> None:
    assert said in coach.handle(State(household=household), Intent("ReadContractIntent")).reply.text()


# (Consent never asked: the check-in's consent question comes first; tests/test_third_trial.py.)
@pytest.mark.parametrize("household", [replace(KEPT, keeps_answers=False), replace(KEPT, consent=False)],
                         ids=["public skill", "refused"])
def test_without_keeping_the_contract_is_said_in_the_conversation_only(coach: Coach, household: Household) -> None:
    last = make(coach, household, [YES, SKIP, SKIP, SKIP, YES])[-1]
    assert last.effects == ()
    assert last.reply.text().count("Ik bewaar het contract niet; het geldt alleen in dit gesprek.") == 1
    read = coach.handle(last.state, Intent("ReadContractIntent"))  # still within this conversation
    assert "elke avond om acht uur een check-in en minstens één keer per week" in read.reply.text()
    assert "bewaar" not in read.reply.text()


@pytest.mark.parametrize("step", STEPS)
def test_danger_at_any_contract_step_gives_the_help_lines(coach: Coach, step: Step) -> None:
    turn = make(coach, KEPT, [YES] * STEPS.index(step))[-1]
    assert turn.state.step is step
    safety = coach.handle(turn.state, Intent.of("SafetyIntent", concern="SUICIDE"))
    assert "113" in safety.reply.text() and safety.effects == ()
    assert safety.state.step is Step.SAFETY


def test_a_stop_midway_keeps_nothing_and_the_state_round_trips(coach: Coach) -> None:
    turn = make(coach, KEPT, [YES, YES])[-1]
    assert state_from_json(state_to_json(turn.state)) == turn.state
    assert turn.state.contract == ("DAILY_CHECKIN", "OPEN_PHONE")
    stopped = coach.handle(turn.state, Intent("AMAZON.StopIntent"))
    assert not any(isinstance(e, SaveContract) for e in (*stopped.effects, *coach.interrupted(turn.state)))


def test_withdrawn_consent_forgets_the_contract_in_the_conversation(coach: Coach) -> None:
    state = State(household=replace(KEPT, contract=("THERAPY",)))
    asked = coach.handle(state, Intent("WithdrawConsentIntent"))
    done = coach.handle(asked.state, YES)
    assert SaveConsent(False) in done.effects and done.state.household.contract is None


def _contract_column(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT contract FROM household").fetchall()
    finally:
        db.close()


def test_the_sqlite_file_keeps_the_contract_and_erase_and_withdrawal_remove_it(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveContract(("DAILY_CHECKIN", "THERAPY"))])
        assert store.load(TODAY).contract == ("DAILY_CHECKIN", "THERAPY")
        store.apply([SaveContract(("QUALITY_TIME",))])  # made again: replaced
    assert _contract_column(path) == [("QUALITY_TIME",)]
    with HouseholdStore(path) as store:
        assert store.load(TODAY).contract == ("QUALITY_TIME",)
        store.apply([SaveContract(())])
        assert store.load(TODAY).contract == ()
        store.apply([SaveConsent(False)])
        assert store.load(TODAY).contract is None
        store.apply([SaveContract(("THERAPY",))])  # without consent: not kept
    assert _contract_column(path) == [(None,)]
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveContract(("THERAPY",))])
        store.apply([EraseHousehold()])
    assert _contract_column(path) == []


def test_a_public_skill_store_keeps_no_contract(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveContract(("THERAPY",))])
    with HouseholdStore(path, keeps_answers=False) as store:
        assert store.load(TODAY).contract is None
        store.apply([SaveContract(("THERAPY",))])
    assert _contract_column(path) == [(None,)]


def test_a_schema_5_file_gets_the_contract_column_keeping_its_history(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
    inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL, introduced INTEGER NOT NULL DEFAULT 0,
    consent INTEGER, country TEXT, help_suggested TEXT);
INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 4, 6, 1, 1, 'nl', '2026-12-01');
PRAGMA user_version = 5;
""")
    db.close()
    with HouseholdStore(path) as store:
        household = store.load(TODAY)
        assert household.names == ("Sam", "Lotte") and household.help_suggested == datetime.date(2026, 12, 1)
        assert household.contract is None
        store.apply([SaveContract(("OPEN_PHONE",))])
    assert _contract_column(path) == [("OPEN_PHONE",)]


def test_dynamodb_attributes_keep_the_contract_only_with_consent() -> None:
    attributes = apply_to_attributes({}, [SaveContract(("THERAPY",))])
    assert attributes is not None and "contract" not in attributes
    attributes = apply_to_attributes(attributes, [SaveConsent(True), SaveContract(("THERAPY", "OPEN_PHONE"))])
    assert attributes is not None and attributes["contract"] == ["THERAPY", "OPEN_PHONE"]
    assert household_from_attributes(attributes, TODAY).contract == ("THERAPY", "OPEN_PHONE")
    assert household_from_attributes(attributes, TODAY, keeps_answers=False).contract is None
    withdrawn = apply_to_attributes(attributes, [SaveConsent(False)])
    assert withdrawn is not None and "contract" not in withdrawn
    assert apply_to_attributes(attributes, [EraseHousehold()]) is None
