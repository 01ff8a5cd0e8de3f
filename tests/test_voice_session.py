"""The local session both the typed console and the hands-free loop talk through."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialogue import Coach, Intent, Locale, State, Step, Understander
from household.store import HouseholdStore
from local_voice.session import Session, open_session
from local_voice.speech_cache import CACHE_DIR_NAME


class CountingCoach(Coach):
    def __init__(self, locale: Locale) -> None:
        super().__init__(locale)
        self.expected_calls = 0

    def expected_intents(self, state: State) -> tuple[str, ...]:
        self.expected_calls += 1
        return super().expected_intents(state)


@pytest.fixture
def store() -> Iterator[HouseholdStore]:
    with HouseholdStore.in_memory() as s:
        yield s


def session_over(coach: Coach, understander: Understander, store: HouseholdStore) -> Session:
    return Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27), report=lambda message: None)


def test_the_step_before_during_and_after_a_conversation(
    coach: Coach, understander: Understander, store: HouseholdStore
) -> None:
    session = session_over(coach, understander, store)
    assert session.step is None and session.state is None and session.expected_intents == ()
    session.open()
    assert session.step is Step.MENU
    session.hear("start de check-in")
    assert session.step is Step.CHECKIN_CONSENT  # a household never asked
    assert session.expected_intents == coach.expected_intents(session.state)  # type: ignore[arg-type]
    session.close()
    assert session.step is Step.ENDED


def test_the_expected_intents_are_computed_once_per_turn(
    locale: Locale, understander: Understander, store: HouseholdStore
) -> None:
    coach = CountingCoach(locale)
    session = session_over(coach, understander, store)
    session.open()
    session.hear("start de check-in")
    session.hear("ja")
    calls = coach.expected_calls
    expected = session.expected_intents  # the voice loop: the grammar for this step
    assert session.expected_intents == expected
    session.hear("alleen ik")  # understood against the same, kept value
    assert coach.expected_calls == calls + 1
    assert session.step is Step.CHECKIN_WEATHER
    assert session.expected_intents != expected  # a new turn, a new step
    assert coach.expected_calls == calls + 2


def test_taking_an_understood_event_is_hearing_its_words(
    coach: Coach, understander: Understander, store: HouseholdStore
) -> None:
    heard, taken = session_over(coach, understander, store), session_over(coach, understander, store)
    heard.open()
    taken.open()
    for text in ("start de check-in", "alleen ik", "zonnig"):
        event = taken.understand(text, taken.expected_intents)
        assert isinstance(event, Intent)
        assert taken.take(event) == heard.hear(text)
        assert taken.state == heard.state


def test_a_turn_without_an_open_conversation_begins_one(
    coach: Coach, understander: Understander, store: HouseholdStore
) -> None:
    session = session_over(coach, understander, store)
    expected = coach.handle(coach.begin(store.load(datetime.date(2026, 11, 27))), understander.understand("start de check-in"))
    reply = session.take(understander.understand("start de check-in"))
    assert session.step is Step.CHECKIN_CONSENT
    assert reply == expected.reply


def test_danger_is_recognised_without_taking_a_turn(
    coach: Coach, understander: Understander, store: HouseholdStore
) -> None:
    session = session_over(coach, understander, store)
    assert session.is_danger("ik wil dood")
    assert not session.is_danger("hé coach")
    assert session.state is None


def test_a_kept_erase_removes_the_spoken_sentences_cached_on_disk(tmp_path: Path, locale: Locale) -> None:
    cached = tmp_path / CACHE_DIR_NAME / "personal"
    cached.mkdir(parents=True)
    (cached / "0123abcd.wav").write_bytes(b"RIFF")  # a sentence with the household's names
    session = open_session(locale, tmp_path, lambda message: None)
    session.open()
    session.hear("wis onze gegevens")
    session.hear("ja")
    session.store.close()
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_a_bare_first_name_answers_who_is_triggered(
    coach: Coach, understander: Understander, store: HouseholdStore
) -> None:
    """The understanding knows no household's names; the session does: at "Wie van jullie is
    getriggerd?" a bare "Lotte" (or "Lotte is getriggerd") is that answer."""
    from dialogue import SaveNames

    store.apply([SaveNames("Sam", "Lotte")])
    for answer in ("Lotte", "lotte!", "Lotte is getriggerd"):
        session = session_over(coach, understander, store)
        session.open()
        session.hear("mijn partner is getriggerd")
        assert session.step is Step.WHO_TRIGGERED
        session.hear(answer)
        assert session.step is Step.SUPPORT_OFFER and session.state is not None
        assert session.state.triggered == 1, answer
        assert "Sam, leg alles weg en kijk Lotte aan." in session.hear("nee").text()
    # Elsewhere a name is no answer to anything, and nothing is made of it.
    session = session_over(coach, understander, store)
    session.open()
    assert not isinstance(session.understand("Lotte", session.expected_intents), Intent)


def test_the_help_lines_follow_the_machines_time_zone_when_no_country_is_kept(tmp_path: Path) -> None:
    """Found in a new user's trial: a Flemish household without --country heard Veilig Thuis."""
    from local_voice.session import machine_country

    missing = tmp_path / "none"
    assert machine_country({"TZ": "Europe/Brussels"}, missing, missing) == "be"
    assert machine_country({"TZ": ":Europe/Amsterdam"}, missing, missing) == "nl"
    zone_file = tmp_path / "timezone"
    zone_file.write_text("Europe/Brussels\n", encoding="utf-8")
    assert machine_country({}, zone_file, missing) == "be"
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Brussels")
    assert machine_country({}, missing, link) == "be"
    assert machine_country({"TZ": "America/New_York"}, missing, missing) == "nl"  # the default
