"""Knowing when to seek help (issue 10, section 6): the decision `seek_help.due` at its
boundaries, where it is offered, and that both stores keep (and erase) its date."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, SaveHelpSuggested, State, Step, seek_help
from dialogue.model import CheckinDay, CheckinEntry, SaveCheckin, SaveConsent, TriggerMoment
from dialogue.seek_help import Reason, due
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import HouseholdStore

TODAY = datetime.date(2026, 12, 20)
NAMES = ("Sam", "Lotte")


def day(days_ago: int, first: str | None, second: str | None = "ZONNIG") -> CheckinDay:
    return CheckinDay(TODAY - datetime.timedelta(days=days_ago), (CheckinEntry(first, "RUST"), CheckinEntry(second, None)))


def weeks(last_week: list[str], week_before: list[str]) -> tuple[CheckinDay, ...]:
    """Sam's weather on days of the last week (0, 2, 4...) and the week before (7, 9, 11...)."""
    before = [day(7 + 2 * i, w) for i, w in enumerate(week_before)]
    last = [day(2 * i, w) for i, w in enumerate(last_week)]
    return tuple(sorted([*before, *last], key=lambda d: d.date))


def moments(last_month: int, month_before: int) -> tuple[TriggerMoment, ...]:
    """`last_month` moments in the last 28 days, `month_before` in the 28 before (from day 55)."""
    found = [TriggerMoment(TODAY - datetime.timedelta(days=1 + i * 27 // max(last_month, 1)), 7) for i in range(last_month)]
    found += [TriggerMoment(TODAY - datetime.timedelta(days=55 - i * 27 // max(month_before, 1)), 7)
              for i in range(month_before)]
    return tuple(sorted(found, key=lambda m: m.date))


def household(**changes: object) -> Household:
    base = Household(today=TODAY, names=NAMES, consent=True, introduced=True)
    return replace(base, **changes)  # type: ignore[arg-type]


STORMY = ["STORM", "REGEN", "ZONNIG"]
FIRST_DAY = (CheckinDay(TODAY - datetime.timedelta(days=55)),)

CASES = [
    # (why, household, expected)
    ("two weeks, most check-ins storm or regen", household(checkin_days=weeks(STORMY, STORMY)), Reason.WEATHER),
    ("the other partner", household(checkin_days=tuple(
        CheckinDay(d.date, (d.entries[1], d.entries[0])) for d in weeks(STORMY, STORMY))), Reason.WEATHER),
    ("half is not most", household(checkin_days=weeks(["STORM", "ZONNIG"], STORMY)), None),
    ("one hard week only", household(checkin_days=weeks(STORMY, ["ZONNIG", "ZONNIG", "REGEN"])), None),
    ("one check-in a week is too few", household(checkin_days=weeks(["STORM"], STORMY)), None),
    ("two a week are enough", household(checkin_days=weeks(["STORM", "REGEN"], ["REGEN", "STORM"])),
     Reason.WEATHER),
    ("the third week back does not count", household(checkin_days=tuple(
        replace(d, date=d.date - datetime.timedelta(days=7)) for d in weeks(STORMY, STORMY))), None),
    ("unnamed: both partners' weathers together", household(names=None, checkin_days=weeks(STORMY, STORMY)), None),
    ("unnamed, both stormy", household(names=None, checkin_days=tuple(
        CheckinDay(d.date, (d.entries[0], d.entries[0])) for d in weeks(STORMY, STORMY))), Reason.WEATHER),
    ("alone check-ins tell nothing", household(checkin_days=tuple(
        CheckinDay(d.date) for d in weeks(STORMY, STORMY))), None),
    # Trigger moments after two months: not fewer, fewer, not yet two months, too few.
    ("triggers as often after two months", household(trigger_moments=moments(5, 5), checkin_days=FIRST_DAY),
     Reason.TRIGGERS),
    ("triggers more often", household(trigger_moments=moments(6, 4), checkin_days=FIRST_DAY), Reason.TRIGGERS),
    ("triggers fewer", household(trigger_moments=moments(4, 8), checkin_days=FIRST_DAY), None),
    ("three a month is about none a week", household(trigger_moments=moments(3, 3), checkin_days=FIRST_DAY), None),
    ("known for 49 days: two months", household(trigger_moments=moments(5, 5), checkin_days=(
        CheckinDay(TODAY - datetime.timedelta(days=49)),)), Reason.TRIGGERS),
    ("known for 48 days: not yet", household(trigger_moments=tuple(
        m for m in moments(5, 5) if (TODAY - m.date).days <= 48), checkin_days=(
        CheckinDay(TODAY - datetime.timedelta(days=48)),)), None),
    # Once a month; only where answers are kept with consent.
    ("suggested 29 days ago", household(checkin_days=weeks(STORMY, STORMY),
                                        help_suggested=TODAY - datetime.timedelta(days=29)), None),
    ("suggested 30 days ago", household(checkin_days=weeks(STORMY, STORMY),
                                        help_suggested=TODAY - datetime.timedelta(days=30)), Reason.WEATHER),
    ("a public skill knows no weather", household(keeps_answers=False, checkin_days=weeks(STORMY, STORMY)), None),
    ("no consent", household(consent=False, checkin_days=weeks(STORMY, STORMY)), None),
    ("nothing kept yet", household(), None),
]


@pytest.mark.parametrize(("why", "found", "expected"), CASES, ids=[c[0] for c in CASES])
def test_when_help_is_due(why: str, found: Household, expected: Reason | None) -> None:
    assert due(found) == expected, why


HARD = household(checkin_days=weeks(STORMY, STORMY))


def test_offered_after_the_look_back_and_said_once_asked(coach: Coach) -> None:
    turn = coach.handle(State(household=HARD), Intent.of("LookBackIntent"))
    assert turn.state.step is Step.SEEK_HELP_OFFER
    assert turn.reply.text().endswith(coach.locale.say("seek_help_offer"))
    assert turn.effects == (SaveHelpSuggested(TODAY),)
    yes = coach.handle(turn.state, Intent.of("AMAZON.YesIntent"))
    text = yes.reply.text()
    assert yes.reply.end_session and yes.effects == ()
    assert "Professionele hulp is geen teken van zwakte." in text and "huisarts" in text and "NVRG" in text
    assert "CAW" not in text and len(text.split()) <= 40
    # Within the month it is not asked again.
    again = coach.handle(State(household=yes.state.household), Intent.of("LookBackIntent"))
    assert again.state.step is Step.MENU and SaveHelpSuggested(TODAY) not in again.effects


@pytest.mark.parametrize(("country", "heard", "not_heard"), [
    ("nl", ["NVRG"], ["CAW"]), ("be", ["CAW", "huisarts"], ["NVRG"]), (None, ["NVRG", "CAW", "België"], []),
])
def test_where_to_find_help_follows_the_country(
    coach: Coach, country: str | None, heard: list[str], not_heard: list[str]
) -> None:
    state = State(household=replace(HARD, country=country), step=Step.SEEK_HELP_OFFER)
    text = seek_help.yes(coach, state, Intent.of("AMAZON.YesIntent")).reply.text()
    assert all(h in text for h in heard) and not any(n in text for n in not_heard), text
    assert len(text.split()) <= 40 and text.count("therapeut") == 1


def test_no_goes_back_to_the_menu_after_a_look_back(coach: Coach) -> None:
    turn = coach.handle(State(household=HARD), Intent.of("LookBackIntent"))
    no = coach.handle(turn.state, Intent.of("AMAZON.NoIntent"))
    assert no.state.step is Step.MENU and not no.reply.end_session
    assert no.reply.text().endswith(coach.locale.say("menu_question"))


def test_never_in_the_trigger_plan(coach: Coach) -> None:
    turn = coach.handle(State(household=HARD, step=Step.TRIGGER_NEED), Intent.of("LookBackIntent"))
    assert turn.state.step is not Step.SEEK_HELP_OFFER
    assert not any(isinstance(e, SaveHelpSuggested) for e in turn.effects)


def test_the_sqlite_store_keeps_the_date_and_erases_it(tmp_path: object) -> None:
    with HouseholdStore(":memory:") as store:
        store.apply([SaveHelpSuggested(TODAY)])  # no consent yet: not kept
        assert store.load(TODAY).help_suggested is None
        store.apply([SaveConsent(True), SaveHelpSuggested(TODAY)])
        assert store._db.execute("SELECT help_suggested FROM household").fetchone() == (TODAY.isoformat(),)
        assert store.load(TODAY).help_suggested == TODAY
        store.apply([SaveConsent(False)])  # withdrawn: gone with the answers
        assert store.load(TODAY).help_suggested is None
        store.apply([SaveConsent(True), SaveHelpSuggested(TODAY)])
        store.erase()
        assert store._db.execute("SELECT count(*) FROM household").fetchone() == (0,)
    with HouseholdStore(":memory:", keeps_answers=False) as public:
        public.apply([SaveConsent(True), SaveHelpSuggested(TODAY), SaveCheckin(TODAY, ())])
        assert public._db.execute("SELECT help_suggested FROM household").fetchone() == (None,)


def test_an_older_file_gets_the_column_with_its_history(tmp_path: object) -> None:
    import sqlite3
    from pathlib import Path

    path = Path(str(tmp_path)) / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
            inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL,
            introduced INTEGER NOT NULL DEFAULT 0, consent INTEGER, country TEXT);
        CREATE TABLE checkin (id INTEGER PRIMARY KEY, household_id TEXT NOT NULL, date TEXT NOT NULL);
        CREATE TABLE checkin_entry (checkin_id INTEGER NOT NULL, partner INTEGER NOT NULL, weather TEXT,
            need TEXT, PRIMARY KEY (checkin_id, partner));
        INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 4, 6, 1, 1, 'nl');
        INSERT INTO checkin VALUES (1, 'local', '2026-12-19');
        INSERT INTO checkin_entry VALUES (1, 0, 'STORM', 'RUST');
        PRAGMA user_version = 4;
    """)
    db.close()
    with HouseholdStore(path) as store:
        loaded = store.load(TODAY)
        assert loaded.names == NAMES and loaded.help_suggested is None and len(store.checkins()) == 1
        store.apply([SaveHelpSuggested(TODAY)])
        assert store.load(TODAY).help_suggested == TODAY
        assert store._db.execute("PRAGMA user_version").fetchone() == (8,)  # schema 8: with the trigger_plan and contract_review tables


def test_the_dynamodb_attribute() -> None:
    attributes = apply_to_attributes({}, [SaveConsent(True), SaveHelpSuggested(TODAY)])
    assert attributes is not None and attributes["help_suggested"] == TODAY.isoformat()
    assert household_from_attributes(attributes, TODAY).help_suggested == TODAY
    withdrawn = apply_to_attributes(attributes, [SaveConsent(False)])
    assert withdrawn is not None and "help_suggested" not in withdrawn
    assert household_from_attributes(attributes, TODAY, keeps_answers=False).help_suggested is None
    public = apply_to_attributes(attributes, [SaveHelpSuggested(TODAY)], keeps_answers=False)
    assert public is not None and "help_suggested" not in public
    from dialogue import EraseHousehold

    assert apply_to_attributes(attributes, [EraseHousehold()]) is None
