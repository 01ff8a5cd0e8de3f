"""What a seventh trial by a new user found, one table per finding, most harmful first.

Each row is a sentence said at a step, through the real understanding, and what it must do
there. The breathing's answers are in tests/test_fifth_trial.py, a hedged yes before erasing
in tests/test_sixth_trial.py, the look-back's rounding in tests/test_lookback.py.
"""

from __future__ import annotations

import datetime

import pytest

from dialogue import Coach, Household, State, Step, Understander
from dialogue.model import PartnerPlan, Turn

TODAY = datetime.date(2026, 11, 27)


def home(**changes: object) -> Household:
    return Household(today=TODAY, introduced=True, consent=True, names=("Tom", "Sara"), **changes)  # type: ignore[arg-type]


def said(coach: Coach, understander: Understander, state: State, text: str) -> Turn:
    event = understander.understand(text, coach.expected_intents(state), names=state.household.names)
    return coach.handle(state, event)


# --- 1. a day without harm, given as the gratitude, is harm on the other days ------------------
@pytest.mark.parametrize("text", [
    "dat ik vandaag niet geslagen ben",
    "dat hij me vandaag niet heeft uitgescholden",
    "dat hij niet aan mijn telefoon zat vandaag",
])
def test_gratitude_for_a_day_without_harm_gets_veilig_thuis_never_thanks(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.CHECKIN_GRATITUDE, partners=1), text)
    assert "0800-2000" in turn.reply.text(), turn.reply.text()
    assert "Dank je" not in turn.reply.text() and "fijn" not in turn.reply.text().lower()


@pytest.mark.parametrize("text", [
    "dat we vandaag niet verslagen zijn in de finale",
    "dat hij vandaag niet aan zijn telefoon zat tijdens het eten",
    "dat ik me vandaag niet gekleineerd voelde door mijn baas",
])
def test_an_ordinary_good_day_is_still_a_thank_you(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.CHECKIN_GRATITUDE, partners=1), text)
    assert "0800-2000" not in turn.reply.text() and "113" not in turn.reply.text()


# --- 2. "moe van het ademen" at the gentle question is the exercise, not life ------------------
@pytest.mark.parametrize("text", ["gewoon moe van het ademen haha", "ik bedoelde het ademen"])
def test_tired_of_the_breathing_is_stopping_the_exercise(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.GENTLE_CHECK, return_step=Step.BREATHING), text)
    assert "113" not in turn.reply.text() and "Ben je nu veilig?" not in turn.reply.text()


@pytest.mark.parametrize("text", ["ik ben klaar met dit alles", "ik kan niet meer ademen", "het gaat echt niet"])
def test_anything_else_at_the_gentle_question_gets_the_help_lines(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.GENTLE_CHECK, return_step=Step.BREATHING), text)
    assert "113" in turn.reply.text(), (text, turn.reply.text())


# --- 3. a question about the question is never its answer ---------------------------------------
@pytest.mark.parametrize(("step", "text"), [
    (Step.PLAN_ACTION, "wat is de zin?"),
    (Step.PLAN_ACTION, "wat kan ik kiezen?"),
    (Step.PLAN_NEED, "wat bedoel je precies met wat helpt?"),
    (Step.CONTRACT_COMMUNICATION, "wat betekent dat precies?"),
])
def test_a_question_about_the_question_gets_its_help_and_keeps_nothing(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    state = State(household=home(), step=step, plan=(PartnerPlan(),))
    turn = said(coach, understander, state, text)
    assert turn.state.step is step
    assert turn.state.plan == state.plan and turn.state.contract == state.contract
    assert coach.locale.prompts[f"help_{step.value}"].split(":")[0] in turn.reply.text(), turn.reply.text()


# --- 4. the helping partner who asks what to say hears it again ----------------------------------
@pytest.mark.parametrize(("step", "text"), [
    (Step.PARTNER_SAY, "wat moet ik dan zeggen?"), (Step.PARTNER_LISTEN, "wat zeg ik dan"),
])
def test_the_helper_asking_what_to_say_is_guided_again(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    state = State(household=home(), step=step, partner_present=True, triggered=1)
    turn = said(coach, understander, state, text)
    assert turn.state.step is step and not turn.reply.end_session
    assert "Tom" in turn.reply.text() and "Sara" in turn.reply.text()


# --- 5. questions about what is kept, and panic at the menu ------------------------------------
@pytest.mark.parametrize("text", ["wat hou je bij?", "wat bewaar je eigenlijk van ons?"])
def test_asking_what_is_kept_is_answered_never_a_stop(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.MENU), text)
    assert not turn.reply.end_session
    assert turn.reply.text().startswith(coach.locale.prompts["kept_explained"].split(",")[0]), turn.reply.text()


@pytest.mark.parametrize("text", ["ik zit hier te panikeren", "hij is weer ni thuis en ik draai door"])
def test_panic_said_at_the_menu_starts_the_breathing(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.MENU), text)
    assert turn.state.step in (Step.BREATHING, Step.TRIGGER_BEFORE), turn.reply.text()


@pytest.mark.parametrize("text", ["wat is de zin van mijn leven nog", "wat heeft het allemaal nog voor nut"])
def test_the_point_of_it_all_asked_is_never_taken_as_a_question_about_the_step(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, State(household=home(), step=Step.PLAN_ACTION, plan=(PartnerPlan(),)), text)
    assert turn.state.step in (Step.GENTLE_CHECK, Step.SAFETY), turn.reply.text()
