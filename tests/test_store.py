"""The household store, on real SQLite files."""

from __future__ import annotations

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dialogue import (
    CheckinEntry,
    EraseHousehold,
    Household,
    MarkIntroduced,
    SaveCheckin,
    SaveConsent,
    SaveNames,
    SavePace,
)
from household.store import STORE_FILE, HouseholdStore, StoreError

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 27)
TWO = (CheckinEntry("ZONNIG", "RUIMTE"), CheckinEntry("STORM", None))


def store_in(data_dir: Path) -> HouseholdStore:
    return HouseholdStore.in_data_dir(data_dir)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def run_python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- round trip ---------------------------------------------------------------------------


def test_a_new_store_knows_nothing_of_the_household(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        assert store.load(TODAY) == Household(country=None, today=TODAY)
        assert store.checkins() == []
    assert (tmp_path / STORE_FILE).is_file()


def test_names_pace_and_introduction_survive_reopening(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Sam", "Lotte"), MarkIntroduced()])
        store.apply([SavePace(5, 7)])
    with store_in(tmp_path) as store:
        household = store.load(TODAY)
    assert household == Household(country=None,
        today=TODAY, names=("Sam", "Lotte"), inhale_seconds=5, exhale_seconds=7, introduced=True
    )


def test_changed_names_replace_the_old_ones(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Sam", "Lotte")])
        store.apply([SaveNames("Noor", "Daan")])
        assert store.load(TODAY).names == ("Noor", "Daan")


def test_checkins_keep_date_and_each_partners_values(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([SaveConsent(True), SaveCheckin(datetime.date(2026, 11, 26), TWO)])
        store.apply([SaveConsent(True), SaveCheckin(TODAY, (CheckinEntry(None, "KNUFFEL"),))])
    with store_in(tmp_path) as store:
        assert store.checkins() == [
            (datetime.date(2026, 11, 26), [("ZONNIG", "RUIMTE"), ("STORM", None)]),
            (TODAY, [(None, "KNUFFEL")]),
        ]


def test_only_the_check_in_dates_of_the_last_week_are_loaded(tmp_path: Path) -> None:
    dates = [datetime.date(2026, 10, 1), *(datetime.date(2026, 11, day) for day in (19, 20, 24, 24)), TODAY]
    with store_in(tmp_path) as store:
        for date in dates:
            store.apply([SaveConsent(True), SaveCheckin(date, TWO)])
        household = store.load(TODAY)
    assert household.checkin_dates == (datetime.date(2026, 11, 20), datetime.date(2026, 11, 24), TODAY)
    assert household.names is None


def test_households_in_one_file_are_kept_apart(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Sam", "Lotte"), SaveConsent(True), SaveCheckin(TODAY, TWO)], household_id="amzn1.a")
        store.apply([SaveNames("Noor", "Daan"), SavePace(3, 5)], household_id="amzn1.b")
        a, b = store.load(TODAY, "amzn1.a"), store.load(TODAY, "amzn1.b")
    assert (a.names, a.checkin_dates, a.inhale_seconds) == (("Sam", "Lotte"), (TODAY,), 4)
    assert (b.names, b.checkin_dates, b.inhale_seconds) == (("Noor", "Daan"), (), 3)


# --- one turn, one transaction -----------------------------------------------------------


def test_when_a_later_effect_fails_nothing_of_the_turn_is_written(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Sam", "Lotte")])
        with pytest.raises(StoreError) as raised:
            store.apply([SaveNames("Noor", "Daan"), SaveConsent(True), SaveCheckin("not a date", TWO), MarkIntroduced()])
        assert raised.value.reason == "failed"
        assert store.load(TODAY) == Household(country=None, today=TODAY, names=("Sam", "Lotte"))
        assert store.checkins() == []
        # The store is still usable after the failed turn.
        store.apply([SaveConsent(True), SaveCheckin(TODAY, TWO)])
        assert store.load(TODAY).checkin_dates == (TODAY,)


@pytest.mark.parametrize(
    "bad",
    [
        SaveCheckin(None, TWO),  # type: ignore[arg-type]
        SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "RUIMTE"), CheckinEntry(["x"], None))),  # type: ignore[arg-type]
    ],
    ids=["no date", "a value that is not an id"],
)
def test_an_invalid_check_in_fails_the_whole_turn(tmp_path: Path, bad: SaveCheckin) -> None:
    with store_in(tmp_path) as store:
        with pytest.raises(StoreError):
            store.apply([SaveNames("Sam", "Lotte"), SaveConsent(True), SaveCheckin(TODAY, TWO), bad])
        assert store.load(TODAY) == Household(country=None, today=TODAY)
        assert store.checkins() == []


def test_a_database_error_in_the_second_effect_rolls_back_the_first(tmp_path: Path) -> None:
    # The second effect fails inside SQLite itself (a trigger stands in for a full disk).
    with store_in(tmp_path) as store:
        pass
    db = sqlite3.connect(tmp_path / STORE_FILE)
    db.execute("CREATE TRIGGER no_pace BEFORE UPDATE OF inhale_seconds ON household BEGIN SELECT RAISE(ABORT, 'no'); END")
    db.commit()
    db.close()
    with store_in(tmp_path) as store:
        with pytest.raises(StoreError) as raised:
            store.apply([SaveNames("Sam", "Lotte"), SavePace(5, 7), SaveConsent(True), SaveCheckin(TODAY, TWO)])
        assert raised.value.reason == "failed"
        assert store.load(TODAY) == Household(country=None, today=TODAY)
        assert store.checkins() == []
    assert rows(tmp_path / STORE_FILE, "SELECT count(*) FROM household") == [(0,)]


# --- crashes ------------------------------------------------------------------------------

_CRASH_INSIDE_A_TURN = """
    import datetime, os, signal, sys
    from pathlib import Path
    from dialogue import CheckinEntry, SaveCheckin, SaveConsent, SaveNames
    import household.store
    from household.store import HouseholdStore

    class Dies(household.store._SqliteWriter):
        # Killed after the check-in row is written and before its partners' answers are.
        def add_checkin(self, date, entries):
            self.db.execute("INSERT INTO checkin (household_id, date) VALUES (?, ?)", (self.household_id, date.isoformat()))
            os.kill(os.getpid(), signal.SIGKILL)

    household.store._SqliteWriter = Dies
    store = HouseholdStore.in_data_dir(Path(sys.argv[1]))
    store.apply([SaveNames("Sam", "Lotte"), SaveConsent(True), SaveCheckin(datetime.date(2026, 11, 27), (CheckinEntry("ZONNIG", "RUST"),))])
"""


def test_a_process_killed_inside_a_turn_leaves_nothing_of_it(tmp_path: Path) -> None:
    process = run_python(_CRASH_INSIDE_A_TURN, str(tmp_path))
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    with store_in(tmp_path) as store:
        assert store.load(TODAY) == Household(country=None, today=TODAY)
        assert store.checkins() == []
    assert rows(tmp_path / STORE_FILE, "PRAGMA integrity_check") == [("ok",)]
    assert rows(tmp_path / STORE_FILE, "SELECT count(*) FROM checkin") == [(0,)]


_WRITE_FOREVER = """
    import datetime, sys
    from pathlib import Path
    from dialogue import CheckinEntry, SaveCheckin, SaveConsent
    from household.store import HouseholdStore

    entries = tuple(CheckinEntry("ZONNIG", "RUIMTE") for _ in range(40))
    store = HouseholdStore.in_data_dir(Path(sys.argv[1]))
    count = 0
    while True:
        store.apply([SaveConsent(True), SaveCheckin(datetime.date(2026, 11, 27), entries)])
        count += 1
        if count == 20:
            print("written", flush=True)
"""


def test_a_process_killed_while_writing_check_ins_never_leaves_half_a_check_in(tmp_path: Path) -> None:
    process = run_python(_WRITE_FOREVER, str(tmp_path))
    assert process.stdout is not None
    assert process.stdout.readline() == "written\n"
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    with store_in(tmp_path) as store:
        checkins = store.checkins()
    assert len(checkins) >= 20
    assert all(len(entries) == 40 for _, entries in checkins)
    path = tmp_path / STORE_FILE
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(path, "SELECT count(*) FROM checkin c WHERE NOT EXISTS"
                      " (SELECT 1 FROM checkin_entry e WHERE e.checkin_id = c.id)") == [(0,)]


# --- files that cannot be used --------------------------------------------------------------


def _healthy_bytes(tmp_path: Path) -> bytes:
    source = tmp_path / "healthy"
    with store_in(source) as store:
        store.apply([SaveNames("Sam", "Lotte")])
        for day in range(1, 29):
            store.apply([SaveConsent(True), SaveCheckin(datetime.date(2026, 11, day), TWO)])
    return (source / STORE_FILE).read_bytes()


@pytest.mark.parametrize("damage", ["random bytes", "truncated to half", "truncated to one page", "torn header"])
def test_a_corrupt_file_is_reported_and_left_exactly_as_it_was(tmp_path: Path, damage: str) -> None:
    healthy = _healthy_bytes(tmp_path)
    content = {
        "random bytes": os.urandom(8192),
        "truncated to half": healthy[: len(healthy) // 2],
        "truncated to one page": healthy[:4096],
        "torn header": healthy[:100],
    }[damage]
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / STORE_FILE).write_bytes(content)
    with pytest.raises(StoreError) as raised:
        store_in(data_dir)
    assert raised.value.reason == "corrupt"
    assert raised.value.path == str(data_dir / STORE_FILE)
    assert (data_dir / STORE_FILE).read_bytes() == content
    assert sorted(p.name for p in data_dir.iterdir()) == [STORE_FILE]


def test_a_data_dir_below_a_file_is_unwritable(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    with pytest.raises(StoreError) as raised:
        store_in(tmp_path / "afile" / "sub")
    assert raised.value.reason == "unwritable"


def test_a_store_path_that_is_a_folder_is_unwritable(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).mkdir()
    with pytest.raises(StoreError) as raised:
        store_in(tmp_path)
    assert raised.value.reason == "unwritable"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
@pytest.mark.parametrize("existing", [False, True], ids=["new store", "existing store"])
def test_a_read_only_data_dir_is_unwritable_when_opened(tmp_path: Path, existing: bool) -> None:
    if existing:
        store_in(tmp_path).close()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StoreError) as raised:
            store_in(tmp_path)
        assert raised.value.reason == "unwritable"
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_read_only_store_file_is_unwritable_when_opened(tmp_path: Path) -> None:
    store_in(tmp_path).close()
    (tmp_path / STORE_FILE).chmod(0o400)
    with pytest.raises(StoreError) as raised:
        store_in(tmp_path)
    assert raised.value.reason == "unwritable"


# --- erasing --------------------------------------------------------------------------------


def test_erasing_removes_the_rows_and_the_words_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Zebediah", "Philomena"), MarkIntroduced(), SavePace(6, 8)])
        for day in range(1, 29):
            store.apply([SaveConsent(True), SaveCheckin(datetime.date(2026, 11, day), (CheckinEntry("WISSELVALLIG", "GERUSTSTELLING"),))])
        before = path.read_bytes()
        assert b"Zebediah" in before and b"Philomena" in before and b"GERUSTSTELLING" in before
        store.apply([EraseHousehold()])
        assert store.load(TODAY) == Household(country=None, today=TODAY)
        assert store.checkins() == []
    after = path.read_bytes()
    for word in (b"Zebediah", b"Philomena", b"GERUSTSTELLING", b"WISSELVALLIG", b"2026-11-1"):
        assert word not in after
    assert rows(path, "SELECT count(*) FROM household") == [(0,)]
    assert rows(path, "SELECT count(*) FROM checkin") == [(0,)]
    assert rows(path, "SELECT count(*) FROM checkin_entry") == [(0,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


def test_erasing_one_household_leaves_another_untouched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    with store_in(tmp_path) as store:
        store.apply([SaveNames("Zebediah", "Philomena"), SaveConsent(True), SaveCheckin(TODAY, TWO)], household_id="amzn1.a")
        store.apply([SaveNames("Marjolein", "Bartholomeus"), MarkIntroduced(), SavePace(3, 5)], household_id="amzn1.b")
        store.apply([SaveConsent(True), SaveCheckin(datetime.date(2026, 11, 25), (CheckinEntry("REGEN", "HULP"),))], household_id="amzn1.b")
        kept = store.load(TODAY, "amzn1.b"), store.checkins("amzn1.b")
        store.apply([EraseHousehold()], household_id="amzn1.a")
        assert store.load(TODAY, "amzn1.a") == Household(country=None, today=TODAY)
        assert store.checkins("amzn1.a") == []
        assert (store.load(TODAY, "amzn1.b"), store.checkins("amzn1.b")) == kept
    after = path.read_bytes()
    assert b"Zebediah" not in after and b"Philomena" not in after
    assert b"Marjolein" in after


def test_erasing_a_household_that_stored_nothing_is_fine(tmp_path: Path) -> None:
    with store_in(tmp_path) as store:
        store.apply([EraseHousehold()])
        assert store.load(TODAY) == Household(country=None, today=TODAY)


def test_an_in_memory_store_works_like_a_file(tmp_path: Path) -> None:
    with HouseholdStore.in_memory() as store:
        store.apply([SaveNames("Sam", "Lotte"), SaveConsent(True), SaveCheckin(TODAY, TWO)])
        assert store.load(TODAY).names == ("Sam", "Lotte")
        store.apply([EraseHousehold()])
        assert store.load(TODAY) == Household(country=None, today=TODAY)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE household SET inhale_seconds = 'x'",
        "UPDATE household SET exhale_seconds = -3",
        "UPDATE household SET first_name = x'00ff'",
        "INSERT INTO checkin (household_id, date) VALUES ('local', '2026-99-99')",
    ],
)
def test_impossible_values_in_a_healthy_file_count_as_corrupt_and_stop_writing(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "store.sqlite3"
    with HouseholdStore(path) as store:
        store.apply([SaveNames("Sam", "Lotte"), SavePace(4, 6)])
    with sqlite3.connect(path) as db:
        db.execute(damage)
        before = db.execute("SELECT * FROM household").fetchall(), db.execute("SELECT * FROM checkin").fetchall()
    with HouseholdStore(path) as store:
        with pytest.raises(StoreError) as raised:
            store.load(datetime.date(2026, 11, 27))
        assert raised.value.reason == "corrupt"
        with pytest.raises(StoreError):
            store.apply([SavePace(5, 7)])
    with sqlite3.connect(path) as db:
        after = db.execute("SELECT * FROM household").fetchall(), db.execute("SELECT * FROM checkin").fetchall()
    assert after == before


@pytest.fixture
def usual_umask() -> object:
    previous = os.umask(0o022)
    yield None
    os.umask(previous)


def test_the_data_folder_and_the_store_file_are_private(tmp_path: Path, usual_umask: object) -> None:
    data_dir = tmp_path / "share" / "samen-sterker"
    with store_in(data_dir) as store:
        store.apply([SaveNames("Sam", "Lotte")])
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / STORE_FILE).stat().st_mode & 0o777 == 0o600


def test_the_threaded_servers_store_file_is_private_too(tmp_path: Path, usual_umask: object) -> None:
    from household.store import SqliteHouseholds

    path = tmp_path / "new" / "households.sqlite3"
    SqliteHouseholds(path).apply([SaveNames("Sam", "Lotte")], "amzn1.ask.account.X")
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_store_file_readable_by_others_is_made_private(tmp_path: Path, usual_umask: object) -> None:
    path = tmp_path / STORE_FILE
    with HouseholdStore(path) as store:
        store.apply([SaveNames("Sam", "Lotte")])
    path.chmod(0o644)  # made by an earlier version
    HouseholdStore(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
