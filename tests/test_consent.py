"""Consent to keep the check-ins' weather and needs (health-related data), proved on the
SQLite file itself: without consent nothing of a check-in is in it, withdrawing erases what
was, and a file of the schema before consent opens with its history kept.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

from dialogue import CheckinEntry, Coach, EraseHousehold, SaveCheckin, SaveConsent, SaveNames, Understander
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import STORE_FILE, HouseholdStore
from local_voice.session import Session

TODAY = datetime.date(2026, 11, 27)
# Value ids said in the check-ins below, chosen so they appear nowhere else in the file.
STORM_AND_HELP = ["start de check-in", "alleen ik", "storm", "hulp", "dat je er was", "ja"]


def session_in(coach: Coach, understander: Understander, data_dir: Path) -> Session:
    return Session(coach, understander, HouseholdStore.in_data_dir(data_dir), today=lambda: TODAY,
                   report=lambda message: None)


def talk(session: Session, *said: str) -> str:
    """Say each sentence in turn; everything the coach said, joined."""
    heard = [session.open().text()]
    for text in said:
        heard.append(session.hear(text).text())
    return " ".join(heard)


def table(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def nothing_of_a_check_in_in(path: Path) -> bool:
    raw = path.read_bytes()
    return (table(path, "SELECT count(*) FROM checkin") == [(0,)]
            and table(path, "SELECT count(*) FROM checkin_entry") == [(0,)]
            and b"STORM" not in raw and b"HULP" not in raw)


def test_without_consent_the_check_in_works_and_nothing_of_it_is_in_the_file(
    coach: Coach, understander: Understander, tmp_path: Path
) -> None:
    session = session_in(coach, understander, tmp_path)
    heard = talk(session, "start de check-in", "nee", *STORM_AND_HELP[1:])
    assert coach.locale.say("consent_question") in heard and coach.locale.say("consent_refused") in heard
    assert coach.locale.say("summary_intro") in heard
    session.close()
    session.store.close()
    path = tmp_path / STORE_FILE
    assert nothing_of_a_check_in_in(path)
    assert table(path, "SELECT consent FROM household") == [(0,)]


def test_consent_is_asked_once_and_a_yes_keeps_the_check_ins(
    coach: Coach, understander: Understander, tmp_path: Path
) -> None:
    session = session_in(coach, understander, tmp_path)
    talk(session, "start de check-in", "ja", *STORM_AND_HELP[1:])
    second = talk(session, *STORM_AND_HELP)
    assert coach.locale.say("consent_question") not in second
    session.store.close()
    path = tmp_path / STORE_FILE
    assert table(path, "SELECT weather, need FROM checkin_entry") == [("STORM", "HULP")] * 2
    assert table(path, "SELECT consent FROM household") == [(1,)]


def test_withdrawing_by_voice_erases_the_check_ins_from_the_file(
    coach: Coach, understander: Understander, tmp_path: Path
) -> None:
    session = session_in(coach, understander, tmp_path)
    talk(session, "wij heten Sam en Lotte", "start de check-in", "ja", *STORM_AND_HELP[1:])
    heard = talk(session, "trek mijn toestemming in", "ja")
    assert coach.locale.say("withdraw_done") in heard
    # A check-in after it keeps nothing, and is not asked about again.
    after = talk(session, *STORM_AND_HELP)
    assert coach.locale.say("consent_question") not in after
    session.close()
    session.store.close()
    path = tmp_path / STORE_FILE
    assert nothing_of_a_check_in_in(path)
    # Names are not part of the consent: 'wis onze gegevens' erases them.
    assert table(path, "SELECT first_name, consent FROM household") == [("Sam", 0)]


def test_the_spoken_withdrawal_phrases_are_understood(coach: Coach, understander: Understander) -> None:
    for text in ("ik wil niet meer dat je iets bewaart", "trek mijn toestemming in"):
        assert understander.understand(text, ()).name == "WithdrawConsentIntent"  # type: ignore[union-attr]


def test_the_store_itself_keeps_no_check_in_without_consent(tmp_path: Path) -> None:
    with HouseholdStore.in_data_dir(tmp_path) as store:
        store.apply([SaveNames("Sam", "Lotte"), SaveCheckin(TODAY, (CheckinEntry("STORM", "HULP"),))])
        assert store.checkins() == [] and store.load(TODAY).consent is None
        store.apply([SaveConsent(True), SaveCheckin(TODAY, (CheckinEntry("STORM", "HULP"),))])
        assert store.load(TODAY).consent is True and store.load(TODAY).checkin_dates == (TODAY,)
        store.apply([SaveConsent(False), SaveCheckin(TODAY, (CheckinEntry("STORM", "HULP"),))])
        assert store.checkins() == [] and store.load(TODAY).consent is False
    assert nothing_of_a_check_in_in(tmp_path / STORE_FILE)


def test_erasing_forgets_the_consent_too(tmp_path: Path) -> None:
    with HouseholdStore.in_data_dir(tmp_path) as store:
        store.apply([SaveConsent(True)])
        store.apply([EraseHousehold()])
        assert store.load(TODAY).consent is None


_SCHEMA_1 = """
CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
    inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL, introduced INTEGER NOT NULL DEFAULT 0);
CREATE TABLE checkin (id INTEGER PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL);
CREATE INDEX checkin_by_household ON checkin (household_id, date);
CREATE TABLE checkin_entry (checkin_id INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
    partner INTEGER NOT NULL, weather TEXT, need TEXT, PRIMARY KEY (checkin_id, partner));
INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 5, 7, 1);
INSERT INTO checkin VALUES (1, 'local', '2026-11-25');
INSERT INTO checkin_entry VALUES (1, 0, 'REGEN', 'RUST');
PRAGMA user_version = 1;
"""


def test_a_file_of_the_schema_before_consent_opens_with_its_history(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1)
    db.close()
    with HouseholdStore.in_data_dir(tmp_path) as store:
        household = store.load(TODAY)
        assert household.names == ("Sam", "Lotte") and household.inhale_seconds == 5 and household.introduced
        assert household.checkin_dates == (datetime.date(2026, 11, 25),)
        assert household.consent is None  # asked at the next check-in
        assert store.checkins() == [(datetime.date(2026, 11, 25), [("REGEN", "RUST")])]
    assert table(path, "PRAGMA user_version") == [(8,)]  # schema 8: trigger moments, help_suggested, contract, trigger_plan, contract_review
    with HouseholdStore.in_data_dir(tmp_path) as store:  # opened again: nothing changes
        assert store.load(TODAY) == household


def test_dynamodb_attributes_keep_check_ins_only_with_consent() -> None:
    entry = (CheckinEntry("STORM", "HULP"),)
    attributes = apply_to_attributes({}, [SaveNames("Sam", "Lotte"), SaveCheckin(TODAY, entry)])
    assert attributes is not None and attributes["checkins"] == [] and attributes["consent"] is None
    attributes = apply_to_attributes(attributes, [SaveConsent(True), SaveCheckin(TODAY, entry)])
    assert attributes is not None and len(attributes["checkins"]) == 1
    assert household_from_attributes(attributes, TODAY).consent is True
    attributes = apply_to_attributes(attributes, [SaveConsent(False)])
    assert attributes is not None and attributes["checkins"] == [] and attributes["names"] == ["Sam", "Lotte"]
    assert household_from_attributes(attributes, TODAY).consent is False
    # A table filled before consent existed reads as never asked.
    assert household_from_attributes({"names": None, "checkins": []}, TODAY).consent is None
