"""The household store: what a household keeps, in one SQLite file.

Kept: the partners' names, the breathing pace, whether the introduction was heard,
and for each check-in its date and each partner's weather and need value ids. Never
kept: gratitude, feelings named in the trigger plan, anything said in a safety turn.

Every `apply` is one transaction, so a crash never leaves half a check-in. A file that
is not a healthy SQLite database is never written to; erasing deletes the rows with
`secure_delete` on and vacuums, so the words are gone from the file too.
"""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path
from typing import Iterable

from dialogue.model import (
    DEFAULT_EXHALE_SECONDS,
    DEFAULT_INHALE_SECONDS,
    Effect,
    EraseHousehold,
    Household,
    MarkIntroduced,
    SaveCheckin,
    SaveNames,
    SavePace,
)

STORE_FILE = "samen-sterker.sqlite3"
LOCAL_HOUSEHOLD = "local"
RECENT_DAYS = 7

_SCHEMA = """
CREATE TABLE IF NOT EXISTS household (
    id TEXT PRIMARY KEY,
    first_name TEXT,
    second_name TEXT,
    inhale_seconds INTEGER NOT NULL,
    exhale_seconds INTEGER NOT NULL,
    introduced INTEGER NOT NULL DEFAULT 0
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
"""


class StoreError(Exception):
    """The store cannot be used. `reason` is 'unwritable', 'corrupt' or 'failed'; `path` is the file."""

    def __init__(self, reason: str, path: str, detail: str) -> None:
        super().__init__(f"{path}: {reason}: {detail}")
        self.reason = reason
        self.path = path
        self.detail = detail


class HouseholdStore:
    """One SQLite file holding one or more households (the local mode uses one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError("unwritable", self.path, str(error)) from None
        try:
            check = self._db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError("corrupt", self.path, str(error)) from None
        if check is None or check[0] != "ok":
            self._db.close()
            raise StoreError("corrupt", self.path, str(check))
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA secure_delete = ON")
            self._db.executescript(_SCHEMA)
        except sqlite3.OperationalError as error:
            self._db.close()
            raise StoreError("unwritable", self.path, str(error)) from None
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise StoreError("corrupt", self.path, str(error)) from None

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> HouseholdStore:
        """The store file in a data directory, created if needed; raises StoreError."""
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError("unwritable", str(data_dir / STORE_FILE), error.strerror or str(error)) from None
        return cls(data_dir / STORE_FILE)

    @classmethod
    def in_memory(cls) -> HouseholdStore:
        """A store that keeps nothing after the process ends (used when the file can't be)."""
        return cls(":memory:")

    def close(self) -> None:
        self._db.close()

    # --- reading ------------------------------------------------------------------------------

    def load(self, today: str, household_id: str = LOCAL_HOUSEHOLD) -> Household:
        """The household as the core needs it, with the check-in dates of the last week."""
        since = (datetime.date.fromisoformat(today) - datetime.timedelta(days=RECENT_DAYS)).isoformat()
        try:
            row = self._db.execute(
                "SELECT first_name, second_name, inhale_seconds, exhale_seconds, introduced"
                " FROM household WHERE id = ?",
                (household_id,),
            ).fetchone()
            dates = self._db.execute(
                "SELECT DISTINCT date FROM checkin WHERE household_id = ? AND date >= ? ORDER BY date",
                (household_id, since),
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError("failed", self.path, str(error)) from None
        checkin_dates = tuple(d for (d,) in dates)
        if row is None:
            return Household(today=today, checkin_dates=checkin_dates)
        first, second, inhale, exhale, introduced = row
        return Household(
            today=today,
            names=(first, second) if first and second else None,
            inhale_seconds=inhale,
            exhale_seconds=exhale,
            checkin_dates=checkin_dates,
            introduced=bool(introduced),
        )

    def checkins(self, household_id: str = LOCAL_HOUSEHOLD) -> list[tuple[str, list[tuple[str | None, str | None]]]]:
        """Every stored check-in: (date, [(weather, need) per partner]), oldest first."""
        rows = self._db.execute(
            "SELECT c.id, c.date, e.partner, e.weather, e.need FROM checkin c"
            " JOIN checkin_entry e ON e.checkin_id = c.id WHERE c.household_id = ?"
            " ORDER BY c.id, e.partner",
            (household_id,),
        ).fetchall()
        result: dict[int, tuple[str, list[tuple[str | None, str | None]]]] = {}
        for checkin_id, date, _, weather, need in rows:
            result.setdefault(checkin_id, (date, []))[1].append((weather, need))
        return list(result.values())

    # --- writing ------------------------------------------------------------------------------

    def apply(self, effects: Iterable[Effect], household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Store the effects of one turn, all or nothing; raises StoreError."""
        effects = list(effects)
        if not effects:
            return
        erase = any(isinstance(e, EraseHousehold) for e in effects)
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for effect in effects:
                    self._apply_one(effect, household_id)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if erase:
                self._db.execute("VACUUM")
        except sqlite3.DatabaseError as error:
            raise StoreError("failed", self.path, str(error)) from None

    def _apply_one(self, effect: Effect, household_id: str) -> None:
        db = self._db
        if isinstance(effect, EraseHousehold):
            db.execute("DELETE FROM checkin WHERE household_id = ?", (household_id,))
            db.execute("DELETE FROM household WHERE id = ?", (household_id,))
            return
        db.execute(
            "INSERT OR IGNORE INTO household (id, inhale_seconds, exhale_seconds) VALUES (?, ?, ?)",
            (household_id, DEFAULT_INHALE_SECONDS, DEFAULT_EXHALE_SECONDS),
        )
        if isinstance(effect, SaveNames):
            db.execute(
                "UPDATE household SET first_name = ?, second_name = ? WHERE id = ?",
                (effect.first, effect.second, household_id),
            )
        elif isinstance(effect, SavePace):
            db.execute(
                "UPDATE household SET inhale_seconds = ?, exhale_seconds = ? WHERE id = ?",
                (effect.inhale_seconds, effect.exhale_seconds, household_id),
            )
        elif isinstance(effect, MarkIntroduced):
            db.execute("UPDATE household SET introduced = 1 WHERE id = ?", (household_id,))
        elif isinstance(effect, SaveCheckin):
            cursor = db.execute(
                "INSERT INTO checkin (household_id, date) VALUES (?, ?)", (household_id, effect.date)
            )
            db.executemany(
                "INSERT INTO checkin_entry (checkin_id, partner, weather, need) VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, index, e.weather, e.need) for index, e in enumerate(effect.entries)],
            )
