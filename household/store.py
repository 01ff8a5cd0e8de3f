"""The household store: what a household keeps, in one SQLite file.

Kept: the partners' names, the breathing pace, the country of the help lines (when the
local mode was told it), whether the introduction was heard, the
answer to keeping check-ins (consent: NULL never asked, 0 no, 1 yes), and, only with
consent, for each check-in its date and each partner's weather and need value ids, and for
each trigger moment (a run of the trigger plan) its date and how strong the feeling was
before and after the breathing (0 to 10, NULL when not answered), and the date the coach
last suggested professional help (`help_suggested`, so it is said at most once a month),
and the trust contract (`contract`: the ids of the agreements kept, space-separated; ''
for a contract without agreements, NULL for none), its monthly reviews (table
`contract_review`: per review its date and, per agreement id, the answer JA, DEELS or NEE),
and the couple's own trigger plan (table `trigger_plan`, one row a household: each partner's
need ids and action id as one line of ids, `household.effects.trigger_plan_text`; no row for
none; never one's own words).
A store opened with `keeps_answers=False` (a public skill) keeps each check-in's date
only, never an answer nor a trigger moment, and deletes the answers and moments an earlier
setting kept of a household at its next write (only that household's: a file may hold the
local mode's household too). Never kept: gratitude, feelings and needs named in the
trigger plan, anything said in a safety turn. Refused or withdrawn consent deletes every
check-in and trigger moment of the household.

A file of an earlier version is migrated when opened, keeping its history: schema 1 gets
the consent column (its household is asked at its next check-in), schema 2 the country
column, schema 3 the trigger_moment table, schema 4 the help_suggested column (the date
professional help was last suggested: kept like the answers, only with consent), schema 5
the contract column (the trust contract: kept like the answers, only with consent), schema 7
the trigger_plan table (the couple's own trigger plan: kept like the answers, only with
consent; a table of its own, so it comes with the schema itself), schema 8
the contract_review table (the contract's monthly reviews: kept like the contract; a step of
its own, `_migrate_to_8`, from any version before it).

Every `apply` is one transaction, so a crash never leaves half a check-in. A file that
is not a healthy SQLite database is never written to; erasing deletes the rows with
`secure_delete` on and vacuums, so the words are gone from the file too.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Self

from dialogue import (
    CheckinEntry,
    ContractReview,
    Effect,
    EraseHousehold,
    Household,
    PartnerPlan,
    SaveConsent,
    TriggerMoment,
)
from dialogue.model import (
    COUNTRIES,
    DEFAULT_EXHALE_SECONDS,
    DEFAULT_INHALE_SECONDS,
    MAX_CONTRACT_REVIEWS,
    MAX_TRIGGER_MOMENTS,
    REVIEW_ANSWERS,
)
from household.effects import (
    LOCAL_HOUSEHOLD,
    InvalidEffect,
    StoreError,
    apply_effects,
    checkin_days,
    history_since,
    is_strength,
    parse_stored_date,
    recent_since,
    trigger_plan_from_text,
    trigger_plan_text,
)
from household.paths import STORE_FILE, private_dir, private_file

__all__ = ["LOCAL_HOUSEHOLD", "STORE_FILE", "HouseholdStore", "SqliteHouseholds", "StoreError"]

MAX_PACE_SECONDS = 60
SCHEMA_VERSION = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS household (
    id TEXT PRIMARY KEY,
    first_name TEXT,
    second_name TEXT,
    inhale_seconds INTEGER NOT NULL,
    exhale_seconds INTEGER NOT NULL,
    introduced INTEGER NOT NULL DEFAULT 0,
    consent INTEGER,
    country TEXT,
    help_suggested TEXT,
    contract TEXT
);
CREATE TABLE IF NOT EXISTS checkin (
    id INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL,
    date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checkin_by_household ON checkin (household_id, date);
CREATE TABLE IF NOT EXISTS checkin_entry (
    checkin_id INTEGER NOT NULL REFERENCES checkin (id) ON DELETE CASCADE,
    partner INTEGER NOT NULL,
    weather TEXT,
    need TEXT,
    PRIMARY KEY (checkin_id, partner)
);
CREATE TABLE IF NOT EXISTS trigger_moment (
    id INTEGER PRIMARY KEY,
    household_id TEXT NOT NULL,
    date TEXT NOT NULL,
    strength_before INTEGER,
    strength_after INTEGER
);
CREATE INDEX IF NOT EXISTS trigger_moment_by_household ON trigger_moment (household_id, date);
CREATE TABLE IF NOT EXISTS trigger_plan (
    household_id TEXT PRIMARY KEY,
    plan TEXT NOT NULL
);
"""


# SQLite's primary result codes (the low byte of an extended code) that say why a file failed.
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_UNWRITABLE_CODES = frozenset({3, 8, 14})  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN


def _reason(error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "failed"
    if code & 0xFF in _CORRUPT_CODES:
        return "corrupt"
    if code & 0xFF in _UNWRITABLE_CODES:
        return "unwritable"
    return "failed"


class HouseholdStore:
    """One SQLite file holding one or more households, keyed by household id (the local mode uses one).

    Opening checks the file: a file that is not a healthy SQLite database raises
    StoreError('corrupt') and is left byte for byte as it was; a file or folder that
    cannot be written raises StoreError('unwritable'). `keeps_answers=False` keeps the dates
    of check-ins only (see the module's docstring).
    """

    def __init__(self, path: str | Path, keeps_answers: bool = True) -> None:
        self.path = str(path)
        self.keeps_answers = keeps_answers
        self._broken: StoreError | None = None  # the whole file
        self._broken_households: dict[str, StoreError] = {}  # one household's rows
        if self.path != ":memory:":
            try:
                # Before SQLite creates it with the umask's mode (its journals copy this mode).
                private_file(Path(self.path))
            except OSError as error:
                raise StoreError("unwritable", self.path, error.strerror or str(error)) from None
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError("unwritable", self.path, str(error)) from None
        try:
            # Read-only checks first: nothing is written to a file that fails them.
            check = self._db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise StoreError("corrupt", self.path, "the integrity check failed")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA secure_delete = ON")
            # Setting user_version writes the first page, so a read-only file or folder
            # fails here, at open, rather than at the first thing the household says.
            self._db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA}")
            self._migrate()
            self._migrate_to_8()
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._abandon()
            raise StoreError(_reason(error), self.path, str(error)) from None
        except StoreError:
            self._abandon()
            raise

    def _migrate(self) -> None:
        """Bring a file of an earlier schema up to date, keeping what it holds (inside the
        opening transaction; a new table, such as schema 4's trigger_moment, comes with the
        schema itself)."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(household)")}
        if "consent" not in columns:  # schema 1: consent was never asked
            self._db.execute("ALTER TABLE household ADD COLUMN consent INTEGER")
        if "country" not in columns:  # schema 2: the help lines' country was not kept
            self._db.execute("ALTER TABLE household ADD COLUMN country TEXT")
        if "help_suggested" not in columns:  # schema 4: no suggestion of help was kept
            self._db.execute("ALTER TABLE household ADD COLUMN help_suggested TEXT")
        if "contract" not in columns:  # schema 5: no trust contract was kept
            self._db.execute("ALTER TABLE household ADD COLUMN contract TEXT")

    def _migrate_to_8(self) -> None:
        """Schema 8, from any version before it (a new file too): the table of the trust
        contract's monthly reviews, one row per agreement answered."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version >= 8:
            return
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS contract_review (household_id TEXT NOT NULL, date TEXT NOT NULL,"
            " agreement TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (household_id, date, agreement))")

    def _abandon(self) -> None:
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self._db.close()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> HouseholdStore:
        """The store file in a data directory, created if needed; raises StoreError."""
        try:
            private_dir(data_dir)
        except OSError as error:
            raise StoreError("unwritable", str(data_dir / STORE_FILE), error.strerror or str(error)) from None
        return cls(data_dir / STORE_FILE)

    @classmethod
    def in_memory(cls) -> HouseholdStore:
        """A store that keeps nothing after the process ends (used when the file can't be)."""
        return cls(":memory:")

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------------

    def load(self, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> Household:
        """The household as the core needs it: the check-in dates of the last week, and the
        look-back's history (the check-ins and trigger moments of the last HISTORY_DAYS days)."""
        since = recent_since(today)
        history = history_since(today).isoformat()
        try:
            row = self._db.execute(
                "SELECT first_name, second_name, inhale_seconds, exhale_seconds, introduced, consent, country,"
                " help_suggested, contract FROM household WHERE id = ?",
                (household_id,),
            ).fetchone()
            rows = self._db.execute(
                "SELECT c.id, c.date, e.partner, e.weather, e.need FROM checkin c LEFT JOIN checkin_entry e ON e.checkin_id = c.id"
                " WHERE c.household_id = ? AND c.date >= ? ORDER BY c.date, c.id, e.partner",
                (household_id, min(history, since.isoformat())),
            ).fetchall()
            moments = self._db.execute(
                "SELECT date, strength_before, strength_after FROM trigger_moment WHERE household_id = ? AND date >= ?"
                " ORDER BY date DESC, id DESC LIMIT ?",
                (household_id, history, MAX_TRIGGER_MOMENTS),
            ).fetchall() if self.keeps_answers else []
            plan_row = self._db.execute(
                "SELECT plan FROM trigger_plan WHERE household_id = ?", (household_id,)).fetchone()
            review_rows = self._db.execute(
                "SELECT date, agreement, answer FROM contract_review WHERE household_id = ? AND date IN"
                " (SELECT DISTINCT date FROM contract_review WHERE household_id = ? ORDER BY date DESC LIMIT ?)"
                " ORDER BY date, rowid",
                (household_id, household_id, MAX_CONTRACT_REVIEWS),
            ).fetchall() if self.keeps_answers and row is not None and row[5] == 1 else []
        except sqlite3.Error as error:
            raise StoreError(_reason(error), self.path, str(error)) from None
        checkins: dict[int, tuple[datetime.date, list[tuple[str | None, str | None]]]] = {}
        dates_read: dict[object, datetime.date | None] = {}  # each date parsed once
        for checkin_id, text, partner, weather, need in rows:
            date = dates_read[text] if text in dates_read else dates_read.setdefault(text, parse_stored_date(text))
            if date is None:
                raise self._found_corrupt(household_id, "a check-in has no valid date")
            if not all(v is None or isinstance(v, str) for v in (weather, need)):
                raise self._found_corrupt(household_id, "a check-in's answer is not a value id")
            entries = checkins.setdefault(checkin_id, (date, []))[1]
            if partner is not None and self.keeps_answers:  # (a check-in without answers has no entry row)
                entries.append((weather, need))
        checkin_dates = tuple(sorted({date for date, _ in checkins.values() if date >= since}))
        kept_moments = []
        for text, before, after in reversed(moments):
            date = dates_read[text] if text in dates_read else dates_read.setdefault(text, parse_stored_date(text))
            if date is None or not is_strength(before) or not is_strength(after):
                raise self._found_corrupt(household_id, "a trigger moment has no valid date or strength")
            if date <= today:
                kept_moments.append(TriggerMoment(date, before, after))
        first = history_since(today)
        history_days = checkin_days(c for c in checkins.values() if first <= c[0] <= today)
        if row is None:
            return Household(today=today, checkin_dates=checkin_dates, country=None, keeps_answers=self.keeps_answers,
                             checkin_days=history_days, trigger_moments=tuple(kept_moments))
        first, second, inhale, exhale, introduced, consent, country, suggested, agreements = row
        if agreements is not None and not isinstance(agreements, str):
            raise self._found_corrupt(household_id, "the contract is not a list of agreements")
        contract = tuple(agreements.split()) if agreements is not None and self.keeps_answers and consent == 1 else None
        trigger_plan = None
        if plan_row is not None and self.keeps_answers and consent == 1:
            trigger_plan = trigger_plan_from_text(plan_row[0]) if isinstance(plan_row[0], str) else None
            if trigger_plan is None:
                raise self._found_corrupt(household_id, "the trigger plan is not a list of ids")
        help_suggested = parse_stored_date(suggested) if self.keeps_answers else None
        if suggested is not None and self.keeps_answers and help_suggested is None:
            raise self._found_corrupt(household_id, "the date help was suggested is not a date")
        if consent not in (None, 0, 1):
            raise self._found_corrupt(household_id, "the consent is not yes, no or not asked")
        if not all(isinstance(v, int) and 1 <= v <= MAX_PACE_SECONDS for v in (inhale, exhale)):
            raise self._found_corrupt(household_id, "the breathing pace is not a number of seconds")
        if not all(n is None or isinstance(n, str) for n in (first, second)):
            raise self._found_corrupt(household_id, "a name is not text")
        return Household(
            today=today,
            names=(first, second) if first and second else None,
            inhale_seconds=inhale,
            exhale_seconds=exhale,
            checkin_dates=checkin_dates,
            introduced=bool(introduced),
            consent=None if consent is None else bool(consent),
            country=country if country in COUNTRIES else None,
            keeps_answers=self.keeps_answers,
            checkin_days=history_days,
            trigger_moments=tuple(kept_moments),
            help_suggested=help_suggested,
            contract=contract,
            trigger_plan=trigger_plan,
            contract_reviews=self._reviews(household_id, review_rows, today),
        )

    def _reviews(self, household_id: str, rows: Sequence[tuple[object, ...]],
                 today: datetime.date) -> tuple[ContractReview, ...]:
        """Rows of contract_review (date, agreement, answer), ordered, as the reviews up to today."""
        answers: dict[datetime.date, list[tuple[str, str]]] = {}
        for text, agreement, answer in rows:
            date = parse_stored_date(text)
            if date is None or not isinstance(agreement, str) or answer not in REVIEW_ANSWERS:
                raise self._found_corrupt(household_id, "a contract review has no valid date or answer")
            if date <= today:
                answers.setdefault(date, []).append((agreement, str(answer)))
        return tuple(ContractReview(date, tuple(found)) for date, found in answers.items())

    def contract_reviews(self, household_id: str = LOCAL_HOUSEHOLD) -> list[ContractReview]:
        """Every kept review of the trust contract, oldest first (none where answers are not
        kept); raises StoreError."""
        if not self.keeps_answers:
            return []
        try:
            rows = self._db.execute(
                "SELECT date, agreement, answer FROM contract_review WHERE household_id = ? ORDER BY date, rowid",
                (household_id,)).fetchall()
        except sqlite3.Error as error:
            raise StoreError(_reason(error), self.path, str(error)) from None
        return list(self._reviews(household_id, rows, datetime.date.max))

    def _found_corrupt(self, household_id: str, detail: str) -> StoreError:
        """A household whose rows hold impossible values is corrupt: report it, write no more
        to it. Other households in the file are not affected."""
        failure = StoreError("corrupt", self.path, detail)
        self._broken_households[household_id] = failure
        return failure

    def checkins(
        self, household_id: str = LOCAL_HOUSEHOLD
    ) -> list[tuple[datetime.date, list[tuple[str | None, str | None]]]]:
        """Every stored check-in: (date, [(weather, need) per partner]), oldest first; raises StoreError."""
        try:
            rows = self._db.execute(
                "SELECT c.id, c.date, e.partner, e.weather, e.need FROM checkin c"
                " JOIN checkin_entry e ON e.checkin_id = c.id WHERE c.household_id = ?"
                " ORDER BY c.id, e.partner",
                (household_id,),
            ).fetchall()
        except sqlite3.Error as error:
            raise StoreError(_reason(error), self.path, str(error)) from None
        result: dict[int, tuple[datetime.date, list[tuple[str | None, str | None]]]] = {}
        for checkin_id, text, _, weather, need in rows:
            date = parse_stored_date(text)
            if date is None:
                raise self._found_corrupt(household_id, "a check-in has no valid date")
            result.setdefault(checkin_id, (date, []))[1].append((weather, need))
        return list(result.values())

    def trigger_moments(self, household_id: str = LOCAL_HOUSEHOLD) -> list[TriggerMoment]:
        """Every stored trigger moment, oldest first (none where answers are not kept); raises
        StoreError."""
        if not self.keeps_answers:
            return []
        try:
            rows = self._db.execute(
                "SELECT date, strength_before, strength_after FROM trigger_moment WHERE household_id = ?"
                " ORDER BY date, id",
                (household_id,),
            ).fetchall()
        except sqlite3.Error as error:
            raise StoreError(_reason(error), self.path, str(error)) from None
        moments = []
        for text, before, after in rows:
            date = parse_stored_date(text)
            if date is None or not is_strength(before) or not is_strength(after):
                raise self._found_corrupt(household_id, "a trigger moment has no valid date or strength")
            moments.append(TriggerMoment(date, before, after))
        return moments

    # --- writing ------------------------------------------------------------------------------

    def apply(self, effects: Iterable[Effect], household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Store the effects of one turn, all or nothing; raises StoreError.

        Once the file has shown itself corrupt, nothing more is written to it; once one
        household's rows have, nothing more is written to that household's.
        """
        effects = list(effects)
        if not effects:
            return
        if self._broken is not None:
            raise self._broken
        if household_id in self._broken_households:
            raise self._broken_households[household_id]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if not self.keeps_answers:
                    self._db.execute(
                        "DELETE FROM checkin_entry WHERE checkin_id IN (SELECT id FROM checkin WHERE household_id = ?)",
                        (household_id,))
                    self._db.execute("DELETE FROM trigger_moment WHERE household_id = ?", (household_id,))
                    self._db.execute("UPDATE household SET help_suggested = NULL, contract = NULL WHERE id = ?",
                                     (household_id,))
                    self._db.execute("DELETE FROM trigger_plan WHERE household_id = ?", (household_id,))
                    self._db.execute("DELETE FROM contract_review WHERE household_id = ?", (household_id,))
                apply_effects(effects, _SqliteWriter(self._db, household_id, self.keeps_answers))
                self._db.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (e.g. on a full disk).
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            if any(isinstance(e, EraseHousehold) or e == SaveConsent(False) for e in effects):
                # secure_delete zeroed the rows; VACUUM also drops the freed pages.
                self._db.execute("VACUUM")
        except sqlite3.Error as error:
            failure = StoreError(_reason(error), self.path, str(error))
            if failure.reason == "corrupt":
                self._broken = failure
            raise failure from None
        except InvalidEffect as error:
            raise StoreError("failed", self.path, str(error)) from None

    def erase(self, household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Delete everything kept of the household, from the file too; raises StoreError."""
        self.apply([EraseHousehold()], household_id)


class _SqliteWriter:
    """The effects of one turn as SQL, inside the transaction `HouseholdStore.apply` opened."""

    def __init__(self, db: sqlite3.Connection, household_id: str, keeps_answers: bool) -> None:
        self.db = db
        self.household_id = household_id
        self.keeps_answers = keeps_answers

    def _update(self, assignments: str, *values: object) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO household (id, inhale_seconds, exhale_seconds) VALUES (?, ?, ?)",
            (self.household_id, DEFAULT_INHALE_SECONDS, DEFAULT_EXHALE_SECONDS),
        )
        if assignments:
            self.db.execute(f"UPDATE household SET {assignments} WHERE id = ?", (*values, self.household_id))

    def save_names(self, first: str, second: str) -> None:
        self._update("first_name = ?, second_name = ?", first, second)

    def save_pace(self, inhale_seconds: int, exhale_seconds: int) -> None:
        self._update("inhale_seconds = ?, exhale_seconds = ?", inhale_seconds, exhale_seconds)

    def mark_introduced(self) -> None:
        self._update("introduced = 1")

    def save_consent(self, given: bool) -> None:
        self._update("consent = ?", int(given))
        if not given:
            self._update("help_suggested = NULL, contract = NULL")
            self.db.execute("DELETE FROM trigger_plan WHERE household_id = ?", (self.household_id,))
            self.db.execute("DELETE FROM checkin WHERE household_id = ?", (self.household_id,))
            self.db.execute("DELETE FROM trigger_moment WHERE household_id = ?", (self.household_id,))
            self.db.execute("DELETE FROM contract_review WHERE household_id = ?", (self.household_id,))

    def save_country(self, country: str) -> None:
        self._update("country = ?", country)

    def add_checkin(self, date: datetime.date, entries: Sequence[CheckinEntry]) -> None:
        if self.keeps_answers:
            if not self._consented():
                return  # no consent: nothing of a check-in is kept
        else:
            entries = ()
        cursor = self.db.execute(
            "INSERT INTO checkin (household_id, date) VALUES (?, ?)", (self.household_id, date.isoformat())
        )
        self.db.executemany(
            "INSERT INTO checkin_entry (checkin_id, partner, weather, need) VALUES (?, ?, ?, ?)",
            [(cursor.lastrowid, index, e.weather, e.need) for index, e in enumerate(entries)],
        )

    def add_trigger_moment(self, date: datetime.date, before: int | None, after: int | None) -> None:
        if not self.keeps_answers or not self._consented():
            return  # mental-health data: kept only where answers are, after consent
        self.db.execute(
            "INSERT INTO trigger_moment (household_id, date, strength_before, strength_after) VALUES (?, ?, ?, ?)",
            (self.household_id, date.isoformat(), before, after),
        )

    def save_help_suggested(self, date: datetime.date) -> None:
        if self.keeps_answers and self._consented():  # drawn from the answers: kept as they are
            self._update("help_suggested = ?", date.isoformat())

    def save_contract(self, agreements: Sequence[str]) -> None:
        if self.keeps_answers and self._consented():  # the couple's agreements: kept as the answers are
            self._update("contract = ?", " ".join(agreements))

    def save_trigger_plan(self, partners: tuple[PartnerPlan, PartnerPlan]) -> None:
        if self.keeps_answers and self._consented():  # the couple's plan: kept as the answers are
            self.db.execute("INSERT OR REPLACE INTO trigger_plan (household_id, plan) VALUES (?, ?)",
                            (self.household_id, trigger_plan_text(partners)))
    def save_contract_review(self, date: datetime.date, answers: Sequence[tuple[str, str]]) -> None:
        if not (self.keeps_answers and self._consented()):
            return  # kept as the contract is
        self.db.execute("DELETE FROM contract_review WHERE household_id = ? AND date = ?",
                        (self.household_id, date.isoformat()))  # a second review that day replaces it
        self.db.executemany(
            "INSERT INTO contract_review (household_id, date, agreement, answer) VALUES (?, ?, ?, ?)",
            [(self.household_id, date.isoformat(), agreement, answer) for agreement, answer in answers])

    def _consented(self) -> bool:
        row = self.db.execute("SELECT consent FROM household WHERE id = ?", (self.household_id,)).fetchone()
        return row is not None and row[0] == 1

    def erase(self) -> None:
        self.db.execute("DELETE FROM checkin WHERE household_id = ?", (self.household_id,))
        self.db.execute("DELETE FROM trigger_moment WHERE household_id = ?", (self.household_id,))
        self.db.execute("DELETE FROM trigger_plan WHERE household_id = ?", (self.household_id,))
        self.db.execute("DELETE FROM contract_review WHERE household_id = ?", (self.household_id,))
        self.db.execute("DELETE FROM household WHERE id = ?", (self.household_id,))


class SqliteHouseholds:
    """`HouseholdStore` for a threaded server: one connection per thread (SQLite's rule), opened
    at first use; the constructor opens one at once, so an unusable file fails at start."""

    def __init__(self, path: str | Path, keeps_answers: bool = True) -> None:
        self.path = Path(path)
        self.keeps_answers = keeps_answers
        self._local = threading.local()
        self._store()

    def _store(self) -> HouseholdStore:
        store: HouseholdStore | None = getattr(self._local, "store", None)
        if store is None:
            try:
                private_dir(self.path.parent)
            except OSError as error:
                raise StoreError("unwritable", str(self.path), error.strerror or str(error)) from None
            store = HouseholdStore(self.path, self.keeps_answers)
            self._local.store = store
        return store

    def load(self, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> Household:
        """As HouseholdStore.load, on this thread's connection."""
        return self._store().load(today, household_id)

    def apply(self, effects: Iterable[Effect], household_id: str = LOCAL_HOUSEHOLD) -> None:
        """As HouseholdStore.apply, on this thread's connection."""
        effects = list(effects)
        if effects:
            self._store().apply(effects, household_id)

    def erase(self, household_id: str = LOCAL_HOUSEHOLD) -> None:
        """As HouseholdStore.erase, on this thread's connection."""
        self._store().erase(household_id)
