"""What a deployment keeps (SAMEN_STERKER_KEEP): `history` (the local mode, a private skill)
keeps each check-in's weather and need after consent; `dates` (a public skill) keeps the
dates of check-ins only, asks no consent and uses the answers within the conversation.
Proved on the SQLite file and the DynamoDB item themselves, through the real skill.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from skill_helpers import Alexa, envelope, speech
from test_consent import table as rows

from dialogue import CheckinEntry, Coach, Household, Intent, SaveCheckin, SaveConsent, State, Step
from household import StoreConfigError
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import HouseholdStore
from skill import lambda_entry
from skill.adapter import make_households

TODAY = datetime.date(2026, 11, 27)
USER = envelope("launch")["session"]["user"]["userId"]


def check_in_alone(alexa: Alexa) -> str:
    """A whole check-in alone (the envelopes' weather ZONNIG, need KNUFFEL); all it said."""
    said = [speech(alexa.send(envelope("launch")))]
    for name in ("intent_startcheckin", "intent_alone", "intent_weather_matched", "intent_need_matched",
                 "intent_gratitude_unmatched", "intent_amazon_yes"):
        if name == "intent_alone" and alexa.step == Step.CHECKIN_CONSENT.value:
            said.append(speech(alexa.say("intent_amazon_yes")))
        said.append(speech(alexa.say(name)))
    return " ".join(said)


def test_a_public_skill_keeps_only_the_dates_of_check_ins_in_the_sqlite_file(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, coach: Coach
) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "dates")
    lambda_entry.reset()
    alexa = Alexa(lambda_entry.lambda_handler)
    said = check_in_alone(alexa)
    locale = coach.locale
    assert locale.say("data_notice_dates") in said and locale.say("data_notice") not in said
    assert locale.say("consent_question") not in said  # nothing to consent to: no answer is kept
    assert locale.say("checkin_first_tip") in said
    assert locale.say("progress_first") in said  # the week's count works on dates alone
    assert alexa.new
    assert rows(store_path, "SELECT date FROM checkin") == [("2026-11-27",)]
    assert rows(store_path, "SELECT count(*) FROM checkin_entry") == [(0,)]
    raw = store_path.read_bytes()
    assert b"ZONNIG" not in raw and b"KNUFFEL" not in raw
    # The next session knows the day, not the answers.
    alexa.send(envelope("launch"))
    assert alexa.last["sessionAttributes"]["core"]["household"]["checkin_dates"] == ["2026-11-27"]


def test_a_private_skill_keeps_the_history_after_consent(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, coach: Coach
) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "history")
    lambda_entry.reset()
    said = check_in_alone(Alexa(lambda_entry.lambda_handler))
    assert coach.locale.say("data_notice") in said and coach.locale.say("consent_given") in said
    assert rows(store_path, "SELECT weather, need FROM checkin_entry") == [("ZONNIG", "KNUFFEL")]


def test_an_unfinished_check_in_on_a_public_skill_keeps_the_day_and_says_so(coach: Coach) -> None:
    household = Household(today=TODAY, introduced=True, keeps_answers=False)
    turn = coach.handle(coach.begin(household), Intent.of("StartCheckinIntent"))
    assert turn.state.step is Step.CHECKIN_WHO
    turn = coach.handle(turn.state, Intent.of("AloneIntent"))
    turn = coach.handle(turn.state, Intent.of("WeatherIntent", weather="STORM"))
    turn = coach.handle(turn.state, Intent.of("AMAZON.StopIntent"))
    assert turn.effects == (SaveCheckin(TODAY, ()),)
    assert coach.locale.say("kept_date") in turn.reply.text()


def test_withdrawing_consent_on_a_public_skill_says_only_dates_are_kept(coach: Coach) -> None:
    state = State(household=Household(today=TODAY, introduced=True, keeps_answers=False), step=Step.MENU)
    turn = coach.handle(state, Intent.of("WithdrawConsentIntent"))
    assert coach.locale.say("withdraw_dates_only") in turn.reply.text()
    assert turn.state.step is Step.MENU and turn.effects == ()


def test_a_public_store_drops_the_answers_an_earlier_setting_kept_of_a_household_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HouseholdStore(path) as store:
        for household in ("alexa-user", "local"):
            store.apply([SaveConsent(True), SaveCheckin(TODAY, (CheckinEntry("STORM", "HULP"),))], household)
    with HouseholdStore(path, keeps_answers=False) as store:
        assert store.load(TODAY, "alexa-user").keeps_answers is False
        store.apply([SaveCheckin(TODAY + datetime.timedelta(days=1), (CheckinEntry("REGEN", "RUST"),))], "alexa-user")
        assert store.load(TODAY + datetime.timedelta(days=1), "alexa-user").checkin_dates == (
            TODAY, TODAY + datetime.timedelta(days=1))
    # Only the household written to lost its answers; the local mode's household in the same file kept them.
    assert rows(path, "SELECT c.household_id, e.weather FROM checkin c JOIN checkin_entry e ON e.checkin_id = c.id") == [
        ("local", "STORM")]
    assert b"REGEN" not in path.read_bytes()


def test_dynamodb_attributes_of_a_public_skill_hold_dates_only() -> None:
    kept_before = {"consent": True, "checkins": [{"date": "2026-11-26", "entries": [{"weather": "STORM", "need": "HULP"}]}]}
    attributes = apply_to_attributes(kept_before, [SaveCheckin(TODAY, (CheckinEntry("REGEN", "RUST"),))],
                                     keeps_answers=False)
    assert attributes is not None
    assert attributes["checkins"] == [{"date": "2026-11-26", "entries": []}, {"date": "2026-11-27", "entries": []}]
    household = household_from_attributes(attributes, TODAY, keeps_answers=False)
    assert household.keeps_answers is False and household.checkin_dates == (datetime.date(2026, 11, 26), TODAY)


def test_sharing_the_local_household_needs_the_whole_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "dates")
    monkeypatch.setenv("SAMEN_STERKER_HOUSEHOLD", "local")
    with pytest.raises(StoreConfigError, match="SAMEN_STERKER_KEEP=history"):
        make_households(f"sqlite:{tmp_path / 'h.sqlite3'}")


def test_a_way_of_keeping_that_is_not_known_stops_the_skill_with_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "alles")
    with pytest.raises(StoreConfigError, match="SAMEN_STERKER_KEEP must be dates or history"):
        make_households(f"sqlite:{tmp_path / 'h.sqlite3'}")


def test_trigger_moments_are_kept_only_by_a_private_skill_after_consent(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, coach: Coach
) -> None:
    """Issue 10: a trigger moment is mental-health data. A public skill asks no strength and
    keeps none; a private one keeps date and strengths once the household said yes."""
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "dates")
    lambda_entry.reset()
    alexa = Alexa(lambda_entry.lambda_handler)
    check_in_alone(alexa)
    said = speech(alexa.say("intent_starttriggerplan"))
    assert coach.locale.say("ask_strength") not in said and alexa.step == Step.BREATHING.value
    alexa.say("intent_amazon_stop")
    assert rows(store_path, "SELECT count(*) FROM trigger_moment") == [(0,)]
    said = speech(alexa.say("intent_lookback"))
    assert said.startswith(coach.locale.say("lookback_days_one", period="De afgelopen week"))
    assert "triggermoment" not in said.lower() and "Bij " not in said

    monkeypatch.setenv("SAMEN_STERKER_KEEP", "history")
    lambda_entry.reset()
    alexa = Alexa(lambda_entry.lambda_handler)
    said = speech(alexa.say("intent_starttriggerplan"))  # this household was never asked: no question now
    assert coach.locale.say("ask_strength") not in said and coach.locale.say("consent_question") not in said
    alexa.say("intent_amazon_stop")
    check_in_alone(alexa)  # the consent question comes with the check-in
    said = speech(alexa.say("intent_starttriggerplan"))
    assert said.endswith(coach.locale.say("ask_strength"))
    alexa.say("intent_intensity")
    alexa.say("intent_amazon_stop")
    assert rows(store_path, "SELECT date, strength_before, strength_after FROM trigger_moment") == [("2026-11-27", 8, None)]
