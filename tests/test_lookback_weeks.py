"""Eight simulated weeks through the local session over a real SQLite file (issue 10,
"Dates and testing"): the session's clock is a date the test moves, so weeks of daily
check-ins and trigger moments, each typed as a person would, pass in a second. Then the
look-back's counts and trend wording, and erasing, proved on the file itself."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

from dialogue import Coach, Understander
from household.store import STORE_FILE, HouseholdStore
from local_voice.session import Session

START = datetime.date(2026, 10, 5)  # a Monday


class Clock:
    def __init__(self) -> None:
        self.today = START

    def __call__(self) -> datetime.date:
        return self.today


def converse(session: Session, *said: str) -> str:
    """One conversation: opened, every sentence said, what the coach said last."""
    session.open()
    reply = ""
    for text in said:
        reply = session.hear(text).text()
    session.close()
    return reply


def test_eight_weeks_of_check_ins_and_trigger_moments_then_the_look_back_and_erase(
    coach: Coach, understander: Understander, tmp_path: Path
) -> None:
    clock = Clock()
    store = HouseholdStore.in_data_dir(tmp_path)
    session = Session(coach, understander, store, clock, report=lambda line: None)
    converse(session, "wij heten Sam en Lotte")
    for day in range(56):
        clock.today = START + datetime.timedelta(days=day)
        weekday = clock.today.weekday()
        if weekday != 6:  # six days a week, not on Sunday
            said = ["start de check-in"]
            if day == 0:
                said.append("ja")  # keep the check-ins (and trigger moments)
            said += ["samen", "storm" if weekday == 2 else "zonnig", "geruststelling", "dat je er bent",
                     "wisselvallig", "tijd samen", "dat je luistert", "ja"]
            reply = converse(session, *said)
            assert "gemist" not in reply
        # Three trigger moments a week in the first four weeks, one a week after: fewer, milder.
        if (day < 28 and weekday in (0, 2, 4)) or (day >= 28 and weekday == 3):
            strong = "negen" if day < 28 else "zes"
            converse(session, "ik raak in paniek", strong, "klaar", "vier", "stop")
    # Each Wednesday's storm ended with the coach's offer to breathe, and each Monday's first
    # check-in with the offer to look back, both left unanswered: only the moments someone
    # asked for ("ik raak in paniek") are kept, each with its strengths.
    db = sqlite3.connect(tmp_path / STORE_FILE)
    try:
        moments = db.execute("SELECT strength_before, strength_after FROM trigger_moment").fetchall()
        days = db.execute("SELECT count(DISTINCT date) FROM checkin").fetchone()[0]
    finally:
        db.close()
    assert len(moments) == 12 + 4 and moments[0] == (9, 4) and moments[-1] == (6, 4)
    assert days == 48

    clock.today = START + datetime.timedelta(days=55)  # the last Sunday
    week = converse(session, "hoe ging onze week?")
    assert week.startswith("De afgelopen week hebben jullie op zes dagen ingecheckt.")
    assert "Bij Sam was het vooral zonnig, met één dag storm." in week
    assert "Bij Lotte was het wisselvallig." in week
    assert "Er was één triggermoment." in week
    assert "Minder dan in de weken ervoor." not in week  # one a week, as in the three weeks before
    month = converse(session, "en hoe ging onze maand")
    assert month.startswith("De afgelopen vier weken hebben jullie op vierentwintig dagen ingecheckt.")
    assert "Er waren vier triggermomenten." in month
    assert "Minder dan in de weken ervoor." in month and "En ze waren minder heftig." in month
    assert "Dat is precies het teken dat het beter gaat." in month
    assert len(month.split()) <= 60 + 8  # and the menu's question

    converse(session, "wis onze gegevens", "ja")
    raw = (tmp_path / STORE_FILE).read_bytes()
    assert b"2026-11-" not in raw and b"GERUSTSTELLING" not in raw and b"Lotte" not in raw
    db = sqlite3.connect(tmp_path / STORE_FILE)
    try:
        assert db.execute("SELECT count(*) FROM trigger_moment").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM checkin").fetchone() == (0,)
    finally:
        db.close()
    after = converse(session, "hoe ging onze week?")
    assert "Terugkijken kan zodra" in after
    store.close()
