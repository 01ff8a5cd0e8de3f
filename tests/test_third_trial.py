"""A third new user's trial of the couple's own trigger plan, the trust contract and its
monthly review, and the check-in (issue 10): one table per finding. Whole flows are
conversations as data (tests/conversations/trial_*.toml)."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, Silence, State, Step, Understander
from dialogue.model import CheckinDay, PartnerPlan, SaveConsent, state_from_json, state_to_json

TODAY = datetime.date(2026, 11, 27)
NAMES = ("Mirjam", "Koen")
KEPT = Household(today=TODAY, names=NAMES, introduced=True, consent=True)


def say(coach: Coach, understander: Understander, state: State, text: str) -> object:
    return understander.understand(text, coach.expected_intents(state), names=state.household.names)


# --- 6. the erase question names all that is erased, as it is kept ---------------------------

ERASE_CASES = [
    # (keep mode, words that must be heard, words that must not)
    (True, ("triggerplan", "contract", "evaluaties", "check-ins", "triggermomenten"), ()),
    (False, ("de dagen van jullie check-ins",), ("triggermomenten", "triggerplan", "contract")),
]


@pytest.mark.parametrize(("keeps", "heard", "not_heard"), ERASE_CASES, ids=["answers kept", "dates only"])
def test_the_erase_question_names_what_is_erased(
    coach: Coach, keeps: bool, heard: tuple[str, ...], not_heard: tuple[str, ...]
) -> None:
    state = State(household=replace(KEPT, keeps_answers=keeps))
    turn = coach.handle(state, Intent("EraseDataIntent"))
    text = turn.reply.text()
    assert turn.state.step is Step.CONFIRM_ERASE and len(text.split()) <= 40
    assert all(w in text for w in heard) and not any(w in text for w in not_heard), text


# --- 1. who is triggered: "ik" is asked once more, a name said at once is used ----------------

PLAN = (PartnerPlan(("GERUSTSTELLING",), ("EMPATHY",)), PartnerPlan(("RUIMTE",), ("SPACE",)))
WITH_PLAN = replace(KEPT, trigger_plan=PLAN)
AGAIN = "Zeg je naam: Mirjam of Koen?"


def who_asked(step: Step) -> State:
    """The plan asked who is triggered: before offering the usual need, or before the guidance."""
    return State(household=WITH_PLAN, step=step, feeling="ANGST", need_offered=True, who_asked=True,
                 partner_present=step is Step.PLAN_WHO_PARTNER or None)


WHO_CASES = [
    # (step, what is said in turn ("" silence), the step after each, heard in the last turn)
    (Step.PLAN_WHO_NEED, ["ik"], [Step.PLAN_WHO_NEED], AGAIN),
    (Step.PLAN_WHO_NEED, ["ikke", "mirjam"], [Step.PLAN_WHO_NEED, Step.PLAN_NEED_OFFER], "geruststelling je dan helpt"),
    (Step.PLAN_WHO_NEED, ["ik ben het", "ik"], [Step.PLAN_WHO_NEED, Step.PARTNER_PRESENT], "Is je partner"),
    (Step.PLAN_WHO_NEED, ["mij", "ik ben getriggerd, koen hier"], [Step.PLAN_WHO_NEED, Step.PLAN_NEED_OFFER],
     "ruimte je dan helpt"),
    (Step.PLAN_WHO_NEED, ["sla over"], [Step.PARTNER_PRESENT], "Is je partner"),  # a skip: on at once
    (Step.PLAN_WHO_NEED, [""], [Step.PARTNER_PRESENT], "Is je partner"),  # silence: on at once
    (Step.PLAN_WHO_PARTNER, ["ik", "ik"], [Step.PLAN_WHO_PARTNER, Step.PARTNER_SAY], "leg alles weg"),
    (Step.PLAN_WHO_PARTNER, ["mij", "Koen"], [Step.PLAN_WHO_PARTNER, Step.ENDED], "Koen"),
]


@pytest.mark.parametrize(("step", "said", "steps", "heard"), WHO_CASES, ids=[" / ".join(c[1]) for c in WHO_CASES])
def test_who_is_triggered_asked_once_more_with_the_names(
    coach: Coach, understander: Understander, step: Step, said: list[str], steps: list[Step], heard: str
) -> None:
    state, turns = who_asked(step), []
    for text in said:
        event = Silence() if not text else say(coach, understander, state, text)
        turn = coach.handle(state, event)
        turns.append(turn)
        state = turn.state
    assert [t.state.step for t in turns] == steps
    assert heard in turns[-1].reply.text()


def test_a_name_said_with_being_triggered_is_used_without_asking(coach: Coach, understander: Understander) -> None:
    state = State(household=WITH_PLAN)
    for text in ("ik ben getriggerd, mirjam hier", "verder", "verder", "verder", "weet ik niet", "weet ik niet"):
        state = coach.handle(state, say(coach, understander, state, text)).state
    assert state.step is Step.PLAN_NEED_OFFER and state.triggered == 0
    assert "geruststelling je dan helpt" in (state.last_reply.text() if state.last_reply else "")


def test_the_plans_sentence_is_asked_for_in_plain_words(coach: Coach) -> None:
    state = State(household=WITH_PLAN, step=Step.TRIGGER_NEED, triggered=0, partner_present=True)
    text = coach.handle(state, Intent.of("NeedIntent", need="RUST")).reply.text()
    assert "Koen, Mirjam wil volgens jullie plan nu één zin van je horen." in text
    assert "vroeg in jullie plan om één zin" not in text


# --- 4. the review's check-in agreement for a new couple, and "deels" said in a sentence --------

REVIEW_DAY = datetime.date(2026, 12, 1)


def known_since(*ago: int) -> Household:
    """A household with the daily check-in in its contract and check-ins `ago` days before."""
    days = tuple(CheckinDay(REVIEW_DAY - datetime.timedelta(days=n)) for n in sorted(ago, reverse=True))
    return replace(KEPT, today=REVIEW_DAY, contract=("DAILY_CHECKIN",), checkin_days=days)


NEW_COUPLE_CASES = [
    # (days ago of the kept check-ins, the step the review asks at, heard)
    ((0,), Step.CONTRACT_REVIEW, "Elke avond om acht uur een check-in: gebeurt het elke dag?"),
    ((9, 3, 0), Step.CONTRACT_REVIEW, "gebeurt het elke dag?"),
    ((), Step.CONTRACT_REVIEW, "gebeurt het elke dag?"),
    ((20, 3, 0), Step.CONTRACT_REVIEW_SEEN, "op drie dagen een check-in met mij"),  # known for weeks
    ((45, 3), Step.CONTRACT_REVIEW_SEEN, "op één dag een check-in met mij"),
]


@pytest.mark.parametrize(("ago", "step", "heard"), NEW_COUPLE_CASES, ids=[str(c[0]) for c in NEW_COUPLE_CASES])
def test_of_a_new_couple_the_review_asks_plainly(coach: Coach, ago: tuple[int, ...], step: Step, heard: str) -> None:
    turn = coach.handle(State(household=known_since(*ago)), Intent("ReviewContractIntent"))
    assert turn.state.step is step and heard in turn.reply.text(), turn.reply.text()
    assert ("Zet ik de check-in op" in turn.reply.text()) == (step is Step.CONTRACT_REVIEW_SEEN)


@pytest.mark.parametrize(("said", "intent"), [
    ("nee, we deden er één samen, zet maar op deels", "PartlyIntent"),
    ("nee hoor, deels eigenlijk", "PartlyIntent"),
    ("zet maar op deels", "PartlyIntent"),
    ("zet maar op nee", "AMAZON.NoIntent"),
    ("ja, zet het op ja", "AMAZON.YesIntent"),
    ("ja hoor", "AMAZON.YesIntent"),
])
@pytest.mark.parametrize("step", [Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN])
def test_deels_said_in_a_sentence_is_deels(
    coach: Coach, understander: Understander, step: Step, said: str, intent: str
) -> None:
    event = say(coach, understander, State(household=KEPT, step=step), said)
    assert isinstance(event, Intent) and event.name == intent, event


# --- 2. consent never asked: the plan and the contract ask the check-in's question first -------

NEVER_ASKED = replace(KEPT, consent=None)
MAKE_PLAN = Intent("MakeTriggerPlanIntent")
MAKE_CONTRACT = Intent("MakeContractIntent")


@pytest.mark.parametrize(("make", "first", "kept"), [
    (MAKE_PLAN, Step.PLAN_NEED, "SaveTriggerPlan"),
    (MAKE_CONTRACT, Step.CONTRACT_COMMUNICATION, "SaveContract"),
])
@pytest.mark.parametrize("answer", ["AMAZON.YesIntent", "AMAZON.NoIntent"])
def test_consent_never_asked_is_asked_before_the_plan_or_contract(
    coach: Coach, make: Intent, first: Step, kept: str, answer: str
) -> None:
    asked = coach.handle(State(household=NEVER_ASKED), make)
    assert asked.state.step is Step.CHECKIN_CONSENT and coach.locale.say("consent_question") in asked.reply.text()
    assert "bewaar het plan niet" not in asked.reply.text()
    turn = coach.handle(asked.state, Intent(answer))
    assert turn.state.step is first and turn.effects == (SaveConsent(answer == "AMAZON.YesIntent"),)
    state, effects = turn.state, []
    while state.step is not Step.MENU:  # skip every question: an empty plan or contract, made
        turn = coach.handle(state, Intent("SkipIntent"))
        state, effects = turn.state, effects + [type(e).__name__ for e in turn.effects]
    assert effects == ([kept] if answer == "AMAZON.YesIntent" else [])
    assert state_from_json(state_to_json(asked.state)) == asked.state


@pytest.mark.parametrize("make", [MAKE_PLAN, MAKE_CONTRACT])
def test_a_public_skill_asks_no_consent(coach: Coach, make: Intent) -> None:
    turn = coach.handle(State(household=replace(NEVER_ASKED, keeps_answers=False)), make)
    assert turn.state.step in (Step.PLAN_NEED, Step.CONTRACT_COMMUNICATION) and turn.effects == ()
