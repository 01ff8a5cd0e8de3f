"""The trust contract's monthly review (issue 10, section 4; Oefening 2: "Evalueer dit
contract elke maand: wat werkt, wat moet aangepast?"): each agreement's question answered ja,
deels or nee, the daily check-in answered from the kept dates, keep / change / drop, the
offer once a month after a check-in, the third sign for seeking help, and what both stores
keep (and erase)."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from dialogue import (
    CheckinDay,
    Coach,
    ContractReview,
    Household,
    Intent,
    SaveContract,
    SaveContractReview,
    State,
    Step,
    contract,
    contract_review,
    seek_help,
)
from dialogue.model import (
    CheckinEntry,
    EraseHousehold,
    SaveCheckin,
    SaveConsent,
    SaveHelpSuggested,
    Turn,
    state_from_json,
    state_to_json,
)
from dialogue.prompt_catalog import _AGREEMENTS
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.effects import InvalidEffect, apply_effects
from household.store import SCHEMA_VERSION, HouseholdStore

TODAY = datetime.date(2027, 1, 4)  # a Monday, the first check-in day of January
KEPT = Household(today=TODAY, names=("Sam", "Lotte"), consent=True, introduced=True,
                 contract=("OPEN_PHONE", "THERAPY", "QUALITY_TIME"))
YES, NO, SKIP = Intent("AMAZON.YesIntent"), Intent("AMAZON.NoIntent"), Intent("SkipIntent")
PARTLY, REVIEW = Intent("PartlyIntent"), Intent("ReviewContractIntent")
KEEP, CHANGE, DROP = (Intent.of("AdjustAgreementIntent", choice=c) for c in ("KEEP", "CHANGE", "DROP"))


def days(count: int, today: datetime.date = TODAY) -> tuple[CheckinDay, ...]:
    """`count` days with a check-in in the last month, the latest yesterday, and one the month
    before (the coach has known the household for weeks: it proposes what it saw)."""
    return (CheckinDay(today - datetime.timedelta(days=40)),
            *(CheckinDay(today - datetime.timedelta(days=n)) for n in range(count, 0, -1)))


def run(coach: Coach, household: Household, said: list[Intent]) -> list[Turn]:
    turns = [coach.handle(State(household=household), REVIEW)]
    for intent in said:
        turns.append(coach.handle(turns[-1].state, intent))
    return turns


def effects(turns: list[Turn]) -> list[object]:
    return [e for t in turns for e in t.effects]


def test_every_agreement_is_said_and_asked_about(coach: Coach) -> None:
    assert contract.ALL_AGREEMENTS == _AGREEMENTS
    assert len(contract.ALL_AGREEMENTS) == len(set(contract.ALL_AGREEMENTS)) == 15
    for agreement in contract.ALL_AGREEMENTS:
        assert coach.locale.say(f"review_question_{agreement}").endswith("?")
        assert len(contract.others(agreement)) == 2 and agreement not in contract.others(agreement)


ANSWERS = [
    # (why, answers to the three agreements, kept answers, contract after, words heard last)
    ("all worked", [YES, YES, YES], (("OPEN_PHONE", "JA"), ("THERAPY", "JA"), ("QUALITY_TIME", "JA")),
     ("OPEN_PHONE", "THERAPY", "QUALITY_TIME"), "Alles lukte."),
    ("one skipped", [YES, SKIP, YES], (("OPEN_PHONE", "JA"), ("QUALITY_TIME", "JA")),
     ("OPEN_PHONE", "THERAPY", "QUALITY_TIME"), "Over een maand kijken we weer."),
    ("all skipped", [SKIP, SKIP, Intent("AMAZON.NextIntent")], None, ("OPEN_PHONE", "THERAPY", "QUALITY_TIME"),
     "Dan evalueren we een andere keer."),
]


@pytest.mark.parametrize(("why", "said", "kept", "after", "heard"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_answers_that_need_no_adjusting(coach: Coach, why: str, said: list[Intent],
                                        kept: tuple[tuple[str, str], ...] | None, after: tuple[str, ...],
                                        heard: str) -> None:
    turns = run(coach, KEPT, said)
    assert "Telefoons open en wachtwoorden gedeeld: kun je het altijd vragen?" in turns[0].reply.text()
    assert "Zijn jullie geweest?".lower() in turns[1].reply.text().lower()
    assert [t.state.step for t in turns[:3]] == [Step.CONTRACT_REVIEW] * 3
    last = turns[-1]
    assert heard in last.reply.text() and last.state.step is Step.MENU
    # Each answer is kept as it is given, with those before it (the last holds them all).
    reviews = [e for e in effects(turns) if isinstance(e, SaveContractReview)]
    assert reviews[-1:] == ([] if kept is None else [SaveContractReview(TODAY, kept)])
    assert all(e.answers == kept[: len(e.answers)] for e in reviews if kept is not None)
    assert last.state.household.contract == after


ADJUSTED = [
    # (why, what is said after the three answers (nee, deels, nee), the contract after)
    ("kept", [KEEP, SKIP], ("OPEN_PHONE", "THERAPY", "QUALITY_TIME")),
    ("dropped", [DROP, DROP], ("THERAPY",)),
    ("changed to the first other", [CHANGE, YES, KEEP], ("CALL_IF_LATE", "THERAPY", "QUALITY_TIME")),
    ("changed to the second other", [DROP, CHANGE, NO, YES], ("THERAPY", "MONTHLY_ADVENTURE")),
    ("no other chosen: the old one stays", [CHANGE, NO, NO, DROP], ("OPEN_PHONE", "THERAPY")),
]


@pytest.mark.parametrize(("why", "said", "after"), ADJUSTED, ids=[a[0] for a in ADJUSTED])
def test_what_did_not_work_is_kept_changed_or_dropped(coach: Coach, why: str, said: list[Intent],
                                                      after: tuple[str, ...]) -> None:
    turns = run(coach, KEPT, [NO, YES, PARTLY, *said])
    answered = turns[3]
    assert answered.effects == (SaveContractReview(TODAY, (("OPEN_PHONE", "NEE"), ("THERAPY", "JA"),
                                                           ("QUALITY_TIME", "DEELS"))),)
    assert "Wat willen jullie aanpassen? Telefoons open en wachtwoorden gedeeld: lukte niet." in answered.reply.text()
    assert answered.state.step is Step.CONTRACT_ADJUST
    last = turns[-1]
    assert last.state.step is Step.MENU and last.state.household.contract == after
    changed = after != KEPT.contract
    # Each change or drop is kept as it is made: the last one kept is the contract after.
    saved = [e for e in effects(turns) if isinstance(e, SaveContract)]
    assert saved[-1:] == ([SaveContract(after)] if changed else []) and not any(isinstance(e, SaveContract)
                                                                                for e in last.effects[1:])
    assert ("Jullie contract staat nu:" in last.reply.text()) is changed
    assert state_from_json(state_to_json(turns[-2].state)) == turns[-2].state


SEEN = [
    # (days with a check-in in the last month, what the coach proposes, words of what it saw)
    (27, "JA", "op zevenentwintig dagen een check-in met mij. Dat is bijna elke dag."),
    (25, "JA", "op vijfentwintig dagen"),
    (24, "DEELS", "op vierentwintig dagen een check-in met mij. Dat is een deel van de dagen."),
    (8, "DEELS", "op acht dagen"),
    (7, "NEE", "op zeven dagen"),
    (1, "NEE", "op één dag een check-in"),
    (0, "NEE", "geen check-in met mij. Misschien deden jullie het zonder mij."),
]


@pytest.mark.parametrize(("count", "proposed", "heard"), SEEN)
def test_the_daily_checkin_is_answered_from_the_kept_dates(coach: Coach, count: int, proposed: str,
                                                           heard: str) -> None:
    household = replace(KEPT, contract=("DAILY_CHECKIN",), checkin_days=days(count))
    first = run(coach, household, [])[0]
    assert first.state.step is Step.CONTRACT_REVIEW_SEEN and heard in first.reply.text()
    assert first.reply.text().endswith(f"Zet ik de check-in op {proposed.lower()}?")
    confirmed = coach.handle(first.state, YES)
    assert SaveContractReview(TODAY, (("DAILY_CHECKIN", proposed),)) in confirmed.effects
    partly = coach.handle(first.state, PARTLY)
    assert SaveContractReview(TODAY, (("DAILY_CHECKIN", "DEELS"),)) in partly.effects
    asked = coach.handle(first.state, NO)  # not the whole story: asked after all
    assert asked.state.step is Step.CONTRACT_REVIEW and asked.effects == ()
    assert "Elke avond om acht uur een check-in: gebeurt het elke dag?" in asked.reply.text()
    assert SaveContractReview(TODAY, (("DAILY_CHECKIN", "JA"),)) in coach.handle(asked.state, YES).effects


def test_a_month_is_thirty_days_and_both_date_lists_count_once(coach: Coach) -> None:
    household = replace(KEPT, checkin_days=days(40), checkin_dates=(TODAY - datetime.timedelta(days=1), TODAY))
    assert contract_review.seen(household, "DAILY_CHECKIN") == (30, "JA")  # today's check-in counts
    assert contract_review.seen(household, "THERAPY") is None
    assert contract_review.seen(replace(household, consent=False), "DAILY_CHECKIN") is None


NO_CONTRACT = [
    (replace(KEPT, contract=None), "nog geen vertrouwenscontract"),
    (replace(KEPT, contract=()), "geen afspraken om te evalueren"),
    (replace(KEPT, contract=None, consent=False), "bewaar ik niet"),
]


@pytest.mark.parametrize(("household", "heard"), NO_CONTRACT)
def test_without_agreements_there_is_nothing_to_review(coach: Coach, household: Household, heard: str) -> None:
    turn = run(coach, household, [])[0]
    assert heard in turn.reply.text() and turn.state.step is Step.MENU and turn.effects == ()


def test_a_contract_not_kept_is_reviewed_in_the_conversation_only(coach: Coach) -> None:
    household = replace(KEPT, keeps_answers=False)
    turns = run(coach, household, [NO, YES, YES, DROP])
    assert effects(turns) == []
    assert turns[-1].state.household.contract == ("THERAPY", "QUALITY_TIME")
    assert "Ik bewaar het contract niet" in turns[-1].reply.text()


STEPS = [
    ("contract_review", []),
    ("contract_adjust", [NO, YES, YES]),
    ("contract_change", [NO, YES, YES, CHANGE]),
]


@pytest.mark.parametrize(("step", "said"), STEPS, ids=[s[0] for s in STEPS])
def test_danger_help_repeat_and_stop_at_every_review_step(coach: Coach, step: str, said: list[Intent]) -> None:
    at = run(coach, KEPT, said)[-1]
    assert at.state.step.value == step
    safety = coach.handle(at.state, Intent.of("SafetyIntent", concern="VIOLENCE"))
    assert "112" in safety.reply.text() and safety.effects == () and safety.state.step is Step.SAFETY
    helped = coach.handle(at.state, Intent("AMAZON.HelpIntent"))
    assert helped.reply.text() == coach.locale.say(f"help_{step}") and helped.state.step is at.state.step
    assert coach.handle(at.state, Intent("AMAZON.RepeatIntent")).reply == at.reply
    stopped = coach.handle(at.state, Intent("AMAZON.StopIntent"))
    assert stopped.reply.end_session and not any(isinstance(e, SaveContract) for e in stopped.effects)


def test_danger_where_what_was_seen_is_confirmed(coach: Coach) -> None:
    at = run(coach, replace(KEPT, contract=("DAILY_CHECKIN",), checkin_days=days(12)), [])[0]
    assert at.state.step is Step.CONTRACT_REVIEW_SEEN
    safety = coach.handle(at.state, Intent.of("SafetyIntent", concern="SUICIDE"))
    assert "113" in safety.reply.text() and safety.effects == ()
    assert "Ik vertel wat ik zelf zag." in coach.handle(at.state, Intent("AMAZON.HelpIntent")).reply.text()


def test_withdrawn_consent_midway_forgets_the_contract_and_its_reviews(coach: Coach) -> None:
    household = replace(KEPT, contract_reviews=(ContractReview(TODAY - datetime.timedelta(days=31),
                                                               (("THERAPY", "NEE"),)),))
    at = run(coach, household, [NO])[-1]
    asked = coach.handle(at.state, Intent("WithdrawConsentIntent"))
    done = coach.handle(asked.state, YES)
    assert SaveConsent(False) in done.effects and done.state.step is Step.MENU
    assert done.state.household.contract is None and done.state.household.contract_reviews == ()


# --- the offer, once a month after a check-in ------------------------------------------------

LAST_MONTH = datetime.date(2026, 12, 28)
OFFER = [
    # (why, the household before today's check-in, offered)
    ("first check-in of the month", replace(KEPT, checkin_days=days(20, datetime.date(2027, 1, 1))), True),
    ("a check-in earlier this month", replace(KEPT, today=datetime.date(2027, 1, 5), checkin_days=days(20)), False),
    ("reviewed less than four weeks ago", replace(KEPT, contract_reviews=(ContractReview(LAST_MONTH),)), False),
    ("reviewed four weeks ago", replace(KEPT, contract_reviews=(ContractReview(TODAY - datetime.timedelta(days=28)),)),
     True),
    ("no contract", replace(KEPT, contract=None), False),
    ("a contract without agreements", replace(KEPT, contract=()), False),
    ("no consent", replace(KEPT, consent=False), False),
    ("a public skill", replace(KEPT, keeps_answers=False), False),
]


@pytest.mark.parametrize(("why", "household", "offered"), OFFER, ids=[o[0] for o in OFFER])
def test_the_review_is_offered_after_a_new_months_first_checkin(why: str, household: Household,
                                                                offered: bool) -> None:
    assert contract_review.offer_due(household) is offered
    counted = replace(household, checkin_dates=(*household.checkin_dates, household.today))
    assert contract_review.offer_due(counted, counted=True) is offered


def checkin_alone(coach: Coach, household: Household, weather: str = "ZONNIG") -> Turn:
    turn = coach.handle(State(household=household), Intent("StartCheckinIntent"))
    for intent in (Intent("AloneIntent"), Intent.of("WeatherIntent", weather=weather), SKIP, SKIP):
        turn = coach.handle(turn.state, intent)
    return turn


def test_after_the_checkin_yes_starts_the_review_and_no_waits_for_next_month(coach: Coach) -> None:
    household = replace(KEPT, checkin_days=(CheckinDay(datetime.date(2026, 12, 20)),))
    closed = checkin_alone(coach, household)
    assert closed.state.step is Step.CONTRACT_REVIEW_OFFER
    assert "Zullen we samen jullie vertrouwenscontract evalueren?" in closed.reply.text()
    started = coach.handle(closed.state, YES)
    assert started.state.step is Step.CONTRACT_REVIEW and "We kijken per afspraak" in started.reply.text()
    turn = started
    for intent in (YES, YES, YES):
        turn = coach.handle(turn.state, intent)
    assert turn.reply.end_session and turn.reply.text().endswith("Tot de volgende keer.")  # the check-in's goodbye
    assert SaveContractReview(TODAY, tuple((a, "JA") for a in KEPT.contract or ())) in turn.effects
    declined = coach.handle(closed.state, NO)
    assert declined.reply.end_session and "volgende maand vraag ik het weer" in declined.reply.text()
    again = checkin_alone(coach, declined.state.household)  # a second check-in today: no offer
    assert again.reply.end_session and "evalueren" not in again.reply.text()


def test_after_a_storm_the_breathing_is_offered_not_the_review(coach: Coach) -> None:
    closed = checkin_alone(coach, replace(KEPT, checkin_days=days(3, datetime.date(2027, 1, 1))), "STORM")
    assert closed.state.step is Step.STORM_OFFER


def test_after_the_weeks_lookback_offer_the_review_follows(coach: Coach) -> None:
    household = replace(KEPT, checkin_days=(CheckinDay(datetime.date(2026, 12, 29)),))  # last week, last month
    closed = checkin_alone(coach, household)
    assert closed.state.step is Step.LOOKBACK_OFFER
    for answer in (YES, NO):
        after = coach.handle(closed.state, answer)
        assert after.state.step is Step.CONTRACT_REVIEW_OFFER, answer


# --- the third sign for seeking help ------------------------------------------------------------

FAILED = (("OPEN_PHONE", "NEE"), ("THERAPY", "DEELS"), ("QUALITY_TIME", "JA"))
WORKED = (("OPEN_PHONE", "JA"), ("THERAPY", "DEELS"), ("QUALITY_TIME", "JA"))
HALF = (("OPEN_PHONE", "NEE"), ("THERAPY", "JA"))
SIGNS = [
    # (why, the reviews kept, seek help for the contract)
    ("two failed in a row", (ContractReview(datetime.date(2026, 11, 30), FAILED),
                             ContractReview(datetime.date(2026, 12, 31), FAILED)), True),
    ("one failed", (ContractReview(datetime.date(2026, 12, 31), FAILED),), False),
    ("the latest worked", (ContractReview(datetime.date(2026, 11, 30), FAILED),
                           ContractReview(datetime.date(2026, 12, 31), WORKED)), False),
    ("failed, worked, failed", (ContractReview(datetime.date(2026, 10, 30), FAILED),
                                ContractReview(datetime.date(2026, 11, 30), WORKED),
                                ContractReview(datetime.date(2026, 12, 31), FAILED)), False),
    ("half is not most", (ContractReview(datetime.date(2026, 11, 30), HALF),
                          ContractReview(datetime.date(2026, 12, 31), HALF)), False),
    ("long ago", (ContractReview(datetime.date(2026, 9, 30), FAILED),
                  ContractReview(datetime.date(2026, 10, 31), FAILED)), False),
]


@pytest.mark.parametrize(("why", "reviews", "due"), SIGNS, ids=[s[0] for s in SIGNS])
def test_a_review_that_keeps_failing_is_a_sign_to_seek_help(why: str, reviews: tuple[ContractReview, ...],
                                                            due: bool) -> None:
    household = replace(KEPT, contract_reviews=reviews)
    assert (seek_help.due(household) == seek_help.Reason.CONTRACT) is due
    assert seek_help.due(replace(household, help_suggested=TODAY - datetime.timedelta(days=29))) is None


def test_the_second_failing_review_ends_with_the_offer_of_help_once(coach: Coach) -> None:
    household = replace(KEPT, contract_reviews=(ContractReview(datetime.date(2026, 12, 3), FAILED),))
    turns = run(coach, household, [NO, PARTLY, YES, KEEP, KEEP])
    last = turns[-1]
    assert last.state.step is Step.SEEK_HELP_OFFER and "Mag ik nog iets voorstellen?" in last.reply.text()
    assert SaveHelpSuggested(TODAY) in last.effects
    said = coach.handle(last.state, YES)
    assert "Twee maanden op rij ging het contract moeizaam." in said.reply.text()
    assert "Professionele hulp is geen teken van zwakte." in said.reply.text()
    again = run(coach, last.state.household, [NO, PARTLY, YES, KEEP, KEEP])[-1]  # the same day again
    assert again.state.step is Step.MENU and "voorstellen" not in again.reply.text()


# --- what is kept ------------------------------------------------------------------------------

REVIEW_1 = SaveContractReview(datetime.date(2026, 12, 3), FAILED)
REVIEW_2 = SaveContractReview(TODAY, WORKED)


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_the_sqlite_file_keeps_the_reviews_and_erase_and_withdrawal_remove_them(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveContract(KEPT.contract or ()), REVIEW_1, REVIEW_2])
        store.apply([SaveContractReview(TODAY, (("THERAPY", "NEE"),))])  # the same day again: replaced
        loaded = store.load(TODAY)
        assert loaded.contract_reviews == (ContractReview(REVIEW_1.date, FAILED),
                                           ContractReview(TODAY, (("THERAPY", "NEE"),)))
        assert store.load(datetime.date(2026, 12, 20)).contract_reviews == (ContractReview(REVIEW_1.date, FAILED),)
    assert rows(path, "SELECT date, agreement, answer FROM contract_review ORDER BY rowid") == [
        ("2026-12-03", "OPEN_PHONE", "NEE"), ("2026-12-03", "THERAPY", "DEELS"), ("2026-12-03", "QUALITY_TIME", "JA"),
        ("2027-01-04", "THERAPY", "NEE")]
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(False)])
        assert store.load(TODAY).contract_reviews == ()
        store.apply([REVIEW_2])  # without consent: not kept
    assert rows(path, "SELECT * FROM contract_review") == []
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), REVIEW_1])
        assert rows(path, "SELECT count(*) FROM contract_review") == [(3,)]
        store.apply([EraseHousehold()])
    assert rows(path, "SELECT * FROM contract_review") == []


def test_only_the_latest_reviews_are_loaded_and_the_export_reads_them_all(tmp_path: Path) -> None:
    with HouseholdStore(tmp_path / "households.sqlite") as store:
        store.apply([SaveConsent(True)])
        first = datetime.date(2025, 1, 1)
        dates = [first + datetime.timedelta(days=30 * n) for n in range(15)]
        store.apply([SaveContractReview(d, (("THERAPY", "JA"),)) for d in dates])
        assert [r.date for r in store.load(TODAY).contract_reviews] == dates[-12:]
        assert [r.date for r in store.contract_reviews()] == dates


def test_the_export_holds_the_contract_and_every_review(tmp_path: Path) -> None:
    from household.history import export_document, read_history

    with HouseholdStore(tmp_path / "households.sqlite") as store:
        old = SaveContractReview(datetime.date(2025, 1, 3), (("THERAPY", "NEE"),))
        store.apply([SaveConsent(True), SaveContract(("THERAPY",)), old, REVIEW_1])
        document = export_document(read_history(store, TODAY), datetime.datetime(2027, 1, 4, 20, 0))
    assert document["contract"] == ["THERAPY"]
    assert [r["date"] for r in document["contract_reviews"]] == ["2025-01-03", "2026-12-03"]
    assert document["contract_reviews"][0]["answers"] == [{"agreement": "THERAPY", "answer": "NEE"}]


def test_a_public_skill_store_keeps_no_review(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), REVIEW_1])
    with HouseholdStore(path, keeps_answers=False) as store:
        assert store.load(TODAY).contract_reviews == ()
        store.apply([REVIEW_2])
    assert rows(path, "SELECT * FROM contract_review") == []


@pytest.mark.parametrize("version", [6, 7])
def test_an_older_file_gets_the_review_table_keeping_its_history(tmp_path: Path, version: int) -> None:
    """Schema 8 is a step of its own from any version before it: a file of schema 6, or of a
    schema 7 made elsewhere, gets the table and keeps what it holds."""
    path = tmp_path / "households.sqlite"
    db = sqlite3.connect(path)
    db.executescript(f"""
CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
    inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL, introduced INTEGER NOT NULL DEFAULT 0,
    consent INTEGER, country TEXT, help_suggested TEXT, contract TEXT);
INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 4, 6, 1, 1, 'nl', NULL, 'THERAPY');
PRAGMA user_version = {version};
""")
    db.close()
    with HouseholdStore(path) as store:
        household = store.load(TODAY)
        assert household.names == ("Sam", "Lotte") and household.contract == ("THERAPY",)
        assert household.contract_reviews == ()
        store.apply([REVIEW_2])
        assert store.load(TODAY).contract_reviews == (ContractReview(TODAY, WORKED),)
    assert SCHEMA_VERSION == 8
    assert rows(path, "PRAGMA user_version") == [(8,)]
    with HouseholdStore(path) as store:  # opened again: nothing changes
        assert store.load(TODAY).contract_reviews == (ContractReview(TODAY, WORKED),)


def test_a_damaged_review_in_the_file_is_reported_not_loaded(tmp_path: Path) -> None:
    from household.effects import StoreError

    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), REVIEW_1])
    db = sqlite3.connect(path)
    db.execute("UPDATE contract_review SET answer = 'MISSCHIEN' WHERE agreement = 'THERAPY'")
    db.commit()
    db.close()
    with HouseholdStore(path) as store, pytest.raises(StoreError) as failed:
        store.load(TODAY)
    assert failed.value.reason == "corrupt"


@pytest.mark.parametrize("review", [
    SaveContractReview(TODAY, (("THERAPY", "MISSCHIEN"),)),
    SaveContractReview(TODAY, (("THERAPY", "JA"), ("THERAPY", "NEE"))),
    SaveContractReview(datetime.datetime(2027, 1, 4, 20, 0), (("THERAPY", "JA"),)),  # type: ignore[arg-type]
    SaveContractReview(TODAY, (("niet een id", "JA"),)),
])
def test_a_review_no_store_can_keep_is_refused(review: SaveContractReview) -> None:
    with pytest.raises(InvalidEffect):
        apply_effects([review], object())  # type: ignore[arg-type]


def test_dynamodb_attributes_keep_the_reviews_only_with_consent() -> None:
    attributes = apply_to_attributes({}, [REVIEW_1])
    assert attributes is not None and "contract_reviews" not in attributes
    attributes = apply_to_attributes(attributes, [SaveConsent(True), REVIEW_2, REVIEW_1])
    assert attributes is not None
    assert [r["date"] for r in attributes["contract_reviews"]] == ["2026-12-03", "2027-01-04"]
    assert attributes["contract_reviews"][1]["answers"][0] == {"agreement": "OPEN_PHONE", "answer": "JA"}
    loaded = household_from_attributes(attributes, TODAY)
    assert loaded.contract_reviews == (ContractReview(REVIEW_1.date, FAILED), ContractReview(TODAY, WORKED))
    assert household_from_attributes(attributes, REVIEW_1.date).contract_reviews == (
        ContractReview(REVIEW_1.date, FAILED),)
    assert household_from_attributes(attributes, TODAY, keeps_answers=False).contract_reviews == ()
    withdrawn = apply_to_attributes(attributes, [SaveConsent(False)])
    assert withdrawn is not None and "contract_reviews" not in withdrawn
    assert apply_to_attributes(attributes, [EraseHousehold()]) is None
    public = apply_to_attributes(attributes, [SaveCheckin(TODAY, (CheckinEntry("ZONNIG", None),))], keeps_answers=False)
    assert public is not None and "contract_reviews" not in public


# --- Alexa --------------------------------------------------------------------------------------


def test_a_whole_review_through_the_lambda_entry(store_path: Path) -> None:
    """Real envelopes through lambda_handler: "evalueer ons contract" (ReviewContractIntent),
    what was seen confirmed (AMAZON.YesIntent), "deels" (PartlyIntent), "veranderen" and
    "schrappen" (AdjustAgreementIntent, its slot resolved by Alexa); carried in the session's
    attributes, the answers and the new contract kept in the file."""
    from skill_helpers import Alexa, envelope, speech

    import lambda_handler as entry

    user = envelope("launch")["session"]["user"]["userId"]
    day = datetime.date(2026, 11, 27)  # the envelopes' date
    with HouseholdStore(store_path) as store:
        # (a check-in the month before: the coach has known them for weeks, and says what it saw)
        store.apply([SaveConsent(True), SaveContract(("DAILY_CHECKIN", "THERAPY")),
                     SaveCheckin(day - datetime.timedelta(days=40), ())], user)
    alexa = Alexa(entry.lambda_handler)
    alexa.say("intent_reviewcontract")
    assert alexa.step == "contract_review_seen"
    assert "geen check-in met mij" in speech(alexa.last) and "Zet ik de check-in op nee?" in speech(alexa.last)
    alexa.say("intent_amazon_yes")
    assert alexa.step == "contract_review" and "zijn jullie geweest?" in speech(alexa.last)
    alexa.say("intent_partly")
    assert alexa.step == "contract_adjust" and "Wat willen jullie aanpassen?" in speech(alexa.last)
    alexa.say("intent_adjustagreement")  # "een andere": CHANGE
    assert alexa.step == "contract_change" and "elke zondag een gesprek" in speech(alexa.last)
    alexa.say("intent_amazon_yes")
    assert alexa.step == "contract_adjust"
    result = alexa.say("intent_adjustagreement", choice="DROP")
    assert alexa.step == "menu" and result["response"]["shouldEndSession"] is False
    assert "Jullie contract staat nu: één afspraak, over communicatie." in speech(result)
    with HouseholdStore(store_path) as store:
        household = store.load(day, user)
    assert household.contract == ("WEEKLY_TALK",)
    assert household.contract_reviews == (ContractReview(day, (("DAILY_CHECKIN", "NEE"), ("THERAPY", "DEELS"))),)


def test_a_forged_review_in_the_session_is_refused(locale: object) -> None:
    from skill.session_state import BadState, StateReader

    reader = StateReader(locale)  # type: ignore[arg-type]
    state = replace(State(household=replace(KEPT, today=TODAY)), step=Step.CONTRACT_ADJUST,
                    review=(("OPEN_PHONE", "DEELS"),))
    assert reader.read(state_to_json(state), TODAY) == state
    for forged in ({"review": [["OPEN_PHONE", "MISSCHIEN"]]}, {"review_index": 9}, {"contract": ["NIET_EEN_ID"]}):
        with pytest.raises(BadState):
            reader.read({**state_to_json(state), **forged}, TODAY)
    data = state_to_json(state)
    data["household"]["contract_reviews"] = [["2099-01-01", [["THERAPY", "JA"]]]]
    with pytest.raises(BadState):
        reader.read(data, TODAY)
