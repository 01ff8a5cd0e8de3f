"""The couple's own trigger plan (issue 10, section 3; Oefening 4): made for each partner in
turn, confirmed and read back, replaced when made again; used in a trigger moment (the usual
need offered, the partner's guidance following what was asked); danger at every step; and
what both stores keep (only ids) and erase."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from skill_helpers import Alexa, envelope, speech

import lambda_handler as entry
from dialogue import Coach, Household, Intent, PartnerPlan, SaveTriggerPlan, Silence, State, Step
from dialogue.intents import OWN_WORDS
from dialogue.model import EraseHousehold, SaveConsent, SaveNames, Turn, state_from_json, state_to_json
from dialogue.own_plan import MAKING
from household.dynamodb import apply_to_attributes, household_from_attributes
from household.store import HouseholdStore

TODAY = datetime.date(2026, 12, 20)
KEPT = Household(today=TODAY, names=("Sam", "Lotte"), consent=True, introduced=True)
YES, NO, SKIP = Intent("AMAZON.YesIntent"), Intent("AMAZON.NoIntent"), Intent("SkipIntent")
MAKE, READ = Intent("MakeTriggerPlanIntent"), Intent("ReadTriggerPlanIntent")


def need(value: str) -> Intent:
    return Intent.of("NeedIntent", need=value)


def action(value: str) -> Intent:
    return Intent.of("PlanActionIntent", action=value)


def run(coach: Coach, state: State, said: list[Intent | Silence]) -> list[Turn]:
    turns: list[Turn] = []
    for event in said:
        turns.append(coach.handle(state, event))
        state = turns[-1].state
    return turns


PLAN = (PartnerPlan(("GERUSTSTELLING", "RUST"), ("HOLD",)), PartnerPlan(("RUIMTE",), ("SPACE",)))

MAKING_CASES = [
    # (why, answers after "maak ons triggerplan", the plan, words of the confirmation)
    ("two needs and an action each",
     [need("GERUSTSTELLING"), need("RUST"), action("HOLD"), need("RUIMTE"), NO, action("SPACE")], PLAN,
     "Jullie plan staat. Sam: geruststelling en rust; Lotte houdt je vast. Lotte: ruimte; Sam geeft je ruimte."),
    ("a need said as an action: the action it asks for",
     [need("KNUFFEL"), SKIP, need("RUIMTE"), need("AANDACHT"), NO, need("GESPREK")],
     (PartnerPlan(("KNUFFEL",), ("SPACE",)), PartnerPlan(("AANDACHT",), ("ASK",))),
     "Sam: een knuffel; Lotte geeft je ruimte. Lotte: aandacht; Sam vraagt wat je nodig hebt."),
    ("own words kept as OWN only, the same need twice once",
     [replace(need(OWN_WORDS), said="dat hij naast me komt zitten"), need("RUST"), action("EMPATHY"),
      need("RUST"), need("RUST"), SKIP],
     (PartnerPlan((OWN_WORDS, "RUST"), ("EMPATHY",)), PartnerPlan(("RUST",), ())),
     "Sam: je eigen woorden en rust; Lotte zegt: ik ben hier. Lotte: rust."),
    ("only actions", [SKIP, action("ATTENTION"), NO, action("ASK")],
     (PartnerPlan((), ("ATTENTION",)), PartnerPlan((), ("ASK",))),
     "Sam: Lotte geeft je volle aandacht. Lotte: Sam vraagt wat je nodig hebt."),
    ("an action said where what helps is asked answers that part", [action("HOLD"), need("RUST"), NO, action("ASK")],
     (PartnerPlan((), ("HOLD",)), PartnerPlan(("RUST",), ("ASK",))),
     "Sam: Lotte houdt je vast. Lotte: rust; Sam vraagt wat je nodig hebt."),
    ("all skipped", [SKIP, SKIP, NO, NO], (PartnerPlan(), PartnerPlan()), "Jullie plan is nu nog leeg."),
]


@pytest.mark.parametrize(("why", "answers", "plan", "heard"), MAKING_CASES, ids=[c[0] for c in MAKING_CASES])
def test_each_partner_in_turn(coach: Coach, why: str, answers: list[Intent], plan: object, heard: str) -> None:
    turns = run(coach, State(household=KEPT), [MAKE, *answers])
    assert "Sam, wat helpt jou meestal als je getriggerd bent?" in turns[0].reply.text()
    assert all(t.state.step in MAKING for t in turns[:-1]) and all(not t.effects for t in turns[:-1])
    assert any("Lotte, wat helpt jou meestal" in t.reply.text() for t in turns)
    last = turns[-1]
    assert heard in last.reply.text() and last.state.step is Step.MENU
    assert last.effects == (SaveTriggerPlan(plan),)  # type: ignore[arg-type]
    assert last.state.household.trigger_plan == plan
    assert "naast me" not in repr(last.effects)  # own words never leave the conversation


def test_the_questions_name_whose_turn_it_is(coach: Coach) -> None:
    turns = run(coach, State(household=KEPT), [MAKE, need("RUST"), NO, action("HOLD")])
    assert [t.state.step for t in turns] == [Step.PLAN_NEED, Step.PLAN_NEED_MORE, Step.PLAN_ACTION, Step.PLAN_NEED]
    assert "Sam, wat doet Lotte dan het best?" in turns[2].reply.text()
    unnamed = run(coach, State(household=replace(KEPT, names=None)), [MAKE, SKIP, SKIP])
    assert "Eerst een van jullie" in unnamed[0].reply.text() and "Nu de ander" in unnamed[2].reply.text()


def test_read_back_and_made_again_it_replaces(coach: Coach) -> None:
    first = run(coach, State(household=KEPT), [MAKE, need("GERUSTSTELLING"), NO, action("HOLD"), SKIP, SKIP])[-1]
    read = coach.handle(first.state, READ)
    assert read.reply.text().startswith("In jullie plan staat: Sam: geruststelling; Lotte houdt je vast.")
    assert read.effects == () and read.state.step is Step.MENU
    again = run(coach, first.state, [MAKE, SKIP, SKIP, need("RUIMTE"), NO, action("SPACE")])[-1]
    assert again.effects == (SaveTriggerPlan((PartnerPlan(), PartnerPlan(("RUIMTE",), ("SPACE",)))),)
    assert coach.handle(again.state, READ).reply.text().startswith("In jullie plan staat: Lotte: ruimte; Sam geeft")


@pytest.mark.parametrize(("household", "said"), [
    (KEPT, "nog geen eigen triggerplan"),
    (replace(KEPT, trigger_plan=(PartnerPlan(), PartnerPlan())), "nog leeg"),
    (replace(KEPT, keeps_answers=False), "bewaar ik niet"),
    (replace(KEPT, consent=False), "bewaar ik niet"),
])
def test_reading_without_a_kept_plan(coach: Coach, household: Household, said: str) -> None:
    assert said in coach.handle(State(household=household), READ).reply.text()


# (Consent never asked: the check-in's consent question comes first; tests/test_third_trial.py.)
@pytest.mark.parametrize("household", [replace(KEPT, keeps_answers=False), replace(KEPT, consent=False)],
                         ids=["public skill", "refused"])
def test_without_keeping_the_plan_lives_in_the_conversation_only(coach: Coach, household: Household) -> None:
    turns = run(coach, State(household=household), [MAKE, need("RUST"), NO, action("HOLD"), SKIP, SKIP])
    assert all(not t.effects for t in turns)
    said = " ".join(t.reply.text() for t in turns)
    assert said.count("Ik bewaar het plan niet; het geldt alleen in dit gesprek.") == 1
    assert "Ik bewaar het plan niet" in turns[0].reply.text()
    read = coach.handle(turns[-1].state, READ)  # still within this conversation
    assert "Sam: rust; Lotte houdt je vast." in read.reply.text() and "bewaar" not in read.reply.text()


@pytest.mark.parametrize("step", MAKING)
def test_danger_help_repeat_and_stop_at_every_making_step(coach: Coach, step: Step) -> None:
    answers = {Step.PLAN_NEED: [], Step.PLAN_NEED_MORE: [need("RUST")], Step.PLAN_ACTION: [need("RUST"), NO]}[step]
    turn = run(coach, State(household=KEPT), [MAKE, *answers])[-1]
    assert turn.state.step is step
    safety = coach.handle(turn.state, Intent.of("SafetyIntent", concern="SUICIDE"))
    assert "113" in safety.reply.text() and safety.effects == () and safety.state.step is Step.SAFETY
    helped = coach.handle(turn.state, Intent("AMAZON.HelpIntent"))
    assert coach.locale.say(f"help_{step.value}") in helped.reply.text() and helped.state.step is step
    assert coach.handle(turn.state, Intent("AMAZON.RepeatIntent")).reply == turn.reply
    stopped = coach.handle(turn.state, Intent("AMAZON.StopIntent"))
    assert stopped.reply.end_session and not any(isinstance(e, SaveTriggerPlan) for e in stopped.effects)
    assert state_from_json(state_to_json(turn.state)) == turn.state


def test_the_start_of_the_breathing_is_not_the_making(coach: Coach) -> None:
    assert coach.handle(State(household=KEPT), Intent("StartTriggerPlanIntent")).state.step is Step.TRIGGER_BEFORE
    assert coach.handle(State(household=KEPT), MAKE).state.step is Step.PLAN_NEED


# --- the plan in a trigger moment -------------------------------------------------------

WITH_PLAN = replace(KEPT, trigger_plan=PLAN)
SAME = replace(KEPT, trigger_plan=(PartnerPlan(("GERUSTSTELLING",), ("EMPATHY",)),
                                   PartnerPlan(("GERUSTSTELLING",), ("EMPATHY",))))


def at_need(household: Household, triggered: int | None = None, partner: bool | None = None) -> State:
    return State(household=household, step=Step.TRIGGER_NEED, feeling="ANGST", triggered=triggered,
                 partner_present=partner)


MOMENT_CASES = [
    # (why, state, what is said, steps after each, words heard in the last turn)
    ("a skip: who, then their usual need; yes takes it", at_need(WITH_PLAN), [SKIP, Intent.of("TriggeredNameIntent",
     who="Lotte"), YES], [Step.PLAN_WHO_NEED, Step.PLAN_NEED_OFFER, Step.PARTNER_PRESENT], "Je hebt ruimte nodig."),
    ("silence: the usual need offered", at_need(WITH_PLAN, triggered=0), [Silence()], [Step.PLAN_NEED_OFFER],
     "In jullie plan staat dat geruststelling je dan helpt. Klopt dat nu ook?"),
    ("no: the open question, and a skip then goes on", at_need(WITH_PLAN, triggered=0), [SKIP, NO, SKIP],
     [Step.PLAN_NEED_OFFER, Step.TRIGGER_NEED, Step.PARTNER_PRESENT], "Is je partner nu bij je?"),
    ("the same need in both parts: offered without asking who", at_need(SAME), [SKIP], [Step.PLAN_NEED_OFFER],
     "geruststelling je dan helpt"),
    ("a need named at the offer is taken", at_need(WITH_PLAN, triggered=0), [SKIP, need("GESPREK")],
     [Step.PLAN_NEED_OFFER, Step.PARTNER_PRESENT], "Je hebt een gesprek nodig."),
    ("no plan: on without a need, as before", at_need(KEPT), [SKIP], [Step.PARTNER_PRESENT], "Is je partner"),
    ("a name that is not theirs: the open question", at_need(WITH_PLAN),
     [SKIP, Intent.of("TriggeredNameIntent", who="Kim")], [Step.PLAN_WHO_NEED, Step.TRIGGER_NEED], "Wat heb je nu nodig?"),
    ("silence where who is asked: on without a need", at_need(WITH_PLAN), [SKIP, Silence()],
     [Step.PLAN_WHO_NEED, Step.PARTNER_PRESENT], "Is je partner"),
    # The partner's guidance follows what the triggered partner asked for.
    ("hold me: the guidance leads with it", at_need(WITH_PLAN, triggered=0, partner=True), [need("RUST")],
     [Step.PARTNER_SAY], "Sam vroeg in jullie plan om vastgehouden te worden. Lotte, houd Sam vast"),
    ("space: the guidance gives space and ends with the door open", at_need(WITH_PLAN, triggered=1, partner=True),
     [need("RUST")], [Step.ENDED], "Lotte vroeg in jullie plan om ruimte. Sam, blijf dichtbij"),
    ("the empathic sentence of the plan", at_need(SAME, partner=True), [need("RUST")], [Step.PARTNER_SAY],
     "Zeg dan: Ik zie dat je pijn hebt. Ik ben hier."),
    ("who asked before the guidance where the parts differ", at_need(WITH_PLAN), [need("RUST"), YES,
     Intent.of("TriggeredNameIntent", who="Lotte")], [Step.PARTNER_PRESENT, Step.PLAN_WHO_PARTNER, Step.ENDED],
     "Lotte vroeg in jullie plan om ruimte."),
    ("no plan: the default guidance", at_need(KEPT, partner=True), [need("RUST")], [Step.PARTNER_SAY],
     "leg alles weg, kijk je partner aan"),
]


@pytest.mark.parametrize(("why", "state", "said", "steps", "heard"), MOMENT_CASES, ids=[c[0] for c in MOMENT_CASES])
def test_the_plan_in_a_trigger_moment(coach: Coach, why: str, state: State, said: list[Intent | Silence],
                                      steps: list[Step], heard: str) -> None:
    turns = run(coach, state, said)
    assert [t.state.step for t in turns] == steps
    assert heard in turns[-1].reply.text()
    assert not any(isinstance(e, SaveTriggerPlan) for t in turns for e in t.effects)


def test_the_ask_plan_goes_straight_to_the_question(coach: Coach) -> None:
    household = replace(KEPT, trigger_plan=(PartnerPlan((), ("ASK",)), PartnerPlan()))
    turn = coach.handle(at_need(household, triggered=0, partner=True), need("RUST"))
    assert turn.state.step is Step.PARTNER_LISTEN
    assert "Sam vroeg in jullie plan dat je vraagt wat nodig is. Lotte, vraag dan: Wat heb je nu van mij nodig?" \
        in turn.reply.text()


@pytest.mark.parametrize("step", [Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER, Step.PLAN_NEED_OFFER])
def test_danger_at_the_plans_steps_in_a_trigger_moment(coach: Coach, step: Step) -> None:
    state = replace(at_need(WITH_PLAN, triggered=0 if step is Step.PLAN_NEED_OFFER else None), step=step)
    safety = coach.handle(state, Intent.of("SafetyIntent", concern="VIOLENCE"))
    assert "112" in safety.reply.text() and safety.state.step is Step.SAFETY and safety.effects == ()
    assert coach.locale.say(f"help_{step.value}") in coach.handle(state, Intent("AMAZON.HelpIntent")).reply.text()


def test_withdrawn_consent_forgets_the_plan_in_the_conversation(coach: Coach) -> None:
    asked = coach.handle(State(household=WITH_PLAN), Intent("WithdrawConsentIntent"))
    done = coach.handle(asked.state, YES)
    assert SaveConsent(False) in done.effects and done.state.household.trigger_plan is None


# --- what the stores keep -----------------------------------------------------------------


def _plan_rows(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT * FROM trigger_plan").fetchall()
    finally:
        db.close()


def test_the_sqlite_file_keeps_only_ids_and_erase_and_withdrawal_remove_them(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveTriggerPlan(PLAN)])
        assert store.load(TODAY).trigger_plan == PLAN
        store.apply([SaveTriggerPlan((PartnerPlan((OWN_WORDS,), ("ASK",)), PartnerPlan()))])  # made again
    assert _plan_rows(path) == [("local", "OWN/ASK;/")]  # ids only: own words are never in the file
    with HouseholdStore(path) as store:
        assert store.load(TODAY).trigger_plan == (PartnerPlan((OWN_WORDS,), ("ASK",)), PartnerPlan())
        store.apply([SaveTriggerPlan(PLAN)])
    assert _plan_rows(path) == [("local", "GERUSTSTELLING RUST/HOLD;RUIMTE/SPACE")]
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(False)])
        assert store.load(TODAY).trigger_plan is None
        store.apply([SaveTriggerPlan(PLAN)])  # without consent: not kept
    assert _plan_rows(path) == []
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveTriggerPlan(PLAN)])
        store.apply([EraseHousehold()])
    assert _plan_rows(path) == []
    assert b"GERUSTSTELLING" not in path.read_bytes()


def test_a_public_skill_store_keeps_no_plan(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveTriggerPlan(PLAN)])
    with HouseholdStore(path, keeps_answers=False) as store:
        assert store.load(TODAY).trigger_plan is None
        store.apply([SaveTriggerPlan(PLAN)])
    assert _plan_rows(path) == []


def test_a_schema_6_file_gets_the_plan_table_keeping_its_history(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
CREATE TABLE household (id TEXT PRIMARY KEY, first_name TEXT, second_name TEXT,
    inhale_seconds INTEGER NOT NULL, exhale_seconds INTEGER NOT NULL, introduced INTEGER NOT NULL DEFAULT 0,
    consent INTEGER, country TEXT, help_suggested TEXT, contract TEXT);
INSERT INTO household VALUES ('local', 'Sam', 'Lotte', 4, 6, 1, 1, 'nl', NULL, 'THERAPY');
PRAGMA user_version = 6;
""")
    db.close()
    with HouseholdStore(path) as store:
        household = store.load(TODAY)
        assert household.names == ("Sam", "Lotte") and household.contract == ("THERAPY",)
        assert household.trigger_plan is None
        store.apply([SaveTriggerPlan(PLAN)])
        assert store._db.execute("PRAGMA user_version").fetchone() == (8,)
    assert _plan_rows(path) == [("local", "GERUSTSTELLING RUST/HOLD;RUIMTE/SPACE")]


def test_a_damaged_plan_in_the_file_is_reported_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "households.sqlite"
    with HouseholdStore(path) as store:
        store.apply([SaveConsent(True), SaveTriggerPlan(PLAN)])
        store._db.execute("UPDATE trigger_plan SET plan = 'dat hij naast me zit'")
        with pytest.raises(Exception, match="trigger plan"):
            store.load(TODAY)


def test_dynamodb_attributes_keep_the_plan_only_with_consent() -> None:
    attributes = apply_to_attributes({}, [SaveTriggerPlan(PLAN)])
    assert attributes is not None and "trigger_plan" not in attributes
    attributes = apply_to_attributes(attributes, [SaveConsent(True), SaveTriggerPlan(PLAN)])
    assert attributes is not None and attributes["trigger_plan"] == [
        {"needs": ["GERUSTSTELLING", "RUST"], "actions": ["HOLD"]}, {"needs": ["RUIMTE"], "actions": ["SPACE"]}]
    assert household_from_attributes(attributes, TODAY).trigger_plan == PLAN
    assert household_from_attributes(attributes, TODAY, keeps_answers=False).trigger_plan is None
    public = apply_to_attributes(attributes, [SaveNames("Sam", "Lotte")], keeps_answers=False)
    assert public is not None and "trigger_plan" not in public
    withdrawn = apply_to_attributes(attributes, [SaveConsent(False)])
    assert withdrawn is not None and "trigger_plan" not in withdrawn
    assert apply_to_attributes(attributes, [EraseHousehold()]) is None


# --- Alexa: the new intents through lambda_handler, with real envelopes ------------------


def _intent(name: str, **slots: tuple[str, str]) -> dict[str, object]:
    """An IntentRequest envelope for `name`, its slots resolved ((value id, words heard))."""
    env = envelope("intent_startcheckin")
    skill_id = env["session"]["application"]["applicationId"]
    filled = {
        slot: {"name": slot, "value": words, "confirmationStatus": "NONE", "source": "USER",
               "resolutions": {"resolutionsPerAuthority": [{
                   "authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}",
                   "status": {"code": "ER_SUCCESS_MATCH"},
                   "values": [{"value": {"name": words, "id": value_id}}]}]}}
        for slot, (value_id, words, slot_type) in ((s, (*v, TYPES[s])) for s, v in slots.items())
    }
    env["request"]["intent"] = {"name": name, "confirmationStatus": "NONE", "slots": filled}
    return env


TYPES = {"need": "NeedType", "action": "PartnerActionType"}


def test_the_plan_made_and_read_on_alexa(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    alexa.say("intent_startcheckin")  # the first use: consent is asked there
    alexa.say("intent_amazon_yes")
    alexa.say("intent_amazon_stop")
    made = alexa.send(_intent("MakeTriggerPlanIntent"))
    assert alexa.step == "plan_need" and "wat helpt jou meestal" in speech(made)
    alexa.send(_intent("NeedIntent", need=("GERUSTSTELLING", "geruststelling")))
    assert alexa.step == "plan_need_more"
    alexa.say("intent_amazon_no")
    assert alexa.step == "plan_action"
    alexa.send(_intent("PlanActionIntent", action=("HOLD", "houd me vast")))
    assert alexa.step == "plan_need"
    alexa.say("intent_skip")
    done = alexa.say("intent_skip")
    assert "Jullie plan staat." in speech(done) and "houdt je vast" in speech(done) and alexa.step == "menu"
    assert _plan_rows(store_path)[0][1] == "GERUSTSTELLING/HOLD;/"
    alexa.say("intent_amazon_stop")
    read = alexa.send(_intent("ReadTriggerPlanIntent"))  # a new session: read from the store
    assert "In jullie plan staat:" in speech(read) and "geruststelling" in speech(read)
    assert read["response"]["shouldEndSession"] is False
