"""What the coach listens for at each step, derived from its transition tables."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, State, Step, Unrecognized
from dialogue.intents import IntentName

S0 = State(household=Household(today=datetime.date(2026, 11, 27), introduced=True))
# Understood at every step: the commands of the coach's global table.
EVERYWHERE = {
    IntentName.SAFETY, IntentName.HELP, IntentName.REPEAT, IntentName.STOP, IntentName.CANCEL,
    IntentName.NAVIGATE_HOME, IntentName.ERASE_DATA, IntentName.START_CHECKIN, IntentName.START_TRIGGER_PLAN,
    IntentName.PARTNER_TRIGGERED, IntentName.START_OVER, IntentName.PAUSE, IntentName.RESUME,
    IntentName.AMBIGUOUS, IntentName.DISTRESS, IntentName.WITHDRAW_CONSENT, IntentName.WHO_ARE_YOU,
}
# In a safety conversation only danger said again, help and "wat ben jij?" work besides its own answers.
SAFETY_STEPS = {Step.SAFETY, Step.SAFETY_FOLLOWUP}
IN_SAFETY = {IntentName.SAFETY, IntentName.HELP, IntentName.WHO_ARE_YOU}
# Listened for right after the question they answered: a correction ("nee, storm").
CORRECTIONS = {
    Step.CHECKIN_NEED: {IntentName.WEATHER},
    Step.CHECKIN_GRATITUDE: {IntentName.WEATHER, IntentName.NEED},
    Step.TRIGGER_NEED: {IntentName.FEELING},
}
# Read as the step's own answer because their words are its words too (Alexa picks one
# reading without knowing the step): "samen", "rustig aan", "goed", "ik ben in paniek".
# Not listened for (the step's own phrases already hold these words), but not "not understood".
YES_NO_STEPS = (Step.CHECKIN_CONSENT, Step.PARTNER_PRESENT, Step.SUPPORT_OFFER, Step.STORM_OFFER,
                Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW, Step.SAFETY_CHECK)
SHARED = {
    Step.MENU: {IntentName.FEELING},
    Step.CHECKIN_WHO: {IntentName.NEED},
    Step.CHECKIN_WEATHER: {IntentName.YES},
    Step.CHECKIN_NEED: {IntentName.TOGETHER, IntentName.SLOWER},
    Step.BREATHING: {IntentName.NEED},
    Step.TRIGGER_NEED: {IntentName.SLOWER},
    **{step: {IntentName.WEATHER} for step in YES_NO_STEPS},
}


@pytest.mark.parametrize("step", list(Step))
def test_the_coach_listens_for_the_steps_answers_then_the_commands(coach: Coach, step: Step) -> None:
    state = replace(S0, step=step)
    listening = coach.listening_intents(state)
    # An ended conversation listens as a fresh one does, at the menu.
    answers = coach.expected_intents(replace(S0, step=Step.MENU if step is Step.ENDED else step))
    assert listening[: len(answers)] == answers
    commands = IN_SAFETY if step in SAFETY_STEPS else EVERYWHERE
    assert set(listening) == set(answers) | CORRECTIONS.get(step, set()) | commands
    assert len(set(listening)) == len(listening)


# Steps that take whatever is said (aloud, or as a worry after "ben je nu veilig?").
TAKES_ANYTHING = {Step.CHECKIN_GIVE, Step.PARTNER_SAY, Step.PARTNER_LISTEN, Step.WHO_TRIGGERED, Step.GENTLE_CHECK,
                  Step.SAFETY_CHECK}


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.CHECKIN_GRATITUDE and s not in SAFETY_STEPS])
def test_what_the_coach_does_not_listen_for_gets_guidance_not_not_understood(coach: Coach, step: Step) -> None:
    """Issue 14, point 4: an intent understood where the step does not take it gets what can be
    said there and the question, never "verstond ik niet" (that is for what was not understood)."""
    state = _at(coach, step) if step in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED) else replace(S0, step=step)
    listening = set(coach.listening_intents(state))
    not_understood = coach.handle(state, Unrecognized())
    asks = Step.MENU if step is Step.ENDED else step  # an ended conversation starts afresh
    guidance = (coach.say("out_of_step"), coach.say(f"help_{asks.value}"))
    for name in IntentName:
        if name in listening or name == IntentName.FALLBACK:
            continue
        turn = coach.handle(state, Intent(name))
        if step in TAKES_ANYTHING:
            assert turn == not_understood, name
        elif name not in SHARED.get(step, set()):
            assert turn.reply.parts == guidance and turn.state.step is asks and turn.effects == (), name
            assert turn.state.misunderstood == state.misunderstood, name
        else:
            assert turn.reply.parts[0] != coach.say("not_understood"), name


GUIDED = [
    (Step.MENU, Intent.of(IntentName.WEATHER, weather="ZONNIG")),
    (Step.BREATHING, Intent.of(IntentName.NEED, need="KNUFFEL")),
    (Step.TRIGGER_NEED, Intent.of(IntentName.WEATHER, weather="ZONNIG")),
    (Step.CONFIRM_ERASE, Intent.of(IntentName.NEED, need="RUST")),
    (Step.PARTNER_PRESENT, Intent(IntentName.SKIP)),
    (Step.CHECKIN_WHO, Intent(IntentName.MORE_BREATHS)),
    (Step.PAUSED, Intent.of(IntentName.WEATHER, weather="REGEN")),
]


@pytest.mark.parametrize(("step", "intent"), GUIDED, ids=[f"{s.value}-{i.name}" for s, i in GUIDED])
def test_an_intent_outside_its_step_gets_the_steps_help(coach: Coach, step: Step, intent: Intent) -> None:
    """A weather at the menu, a need while breathing: "Dat past nu niet bij mijn vraag." and the
    step's help (what can be said, and the question); nothing changes or is kept."""
    state = replace(S0, step=step, return_step=Step.MENU if step in (Step.PAUSED, Step.CONFIRM_ERASE) else None)
    turn = coach.handle(state, intent)
    assert turn.reply.parts == (coach.say("out_of_step"), coach.say(f"help_{step.value}"))
    assert turn.reply.reprompt == (coach.say(f"reprompt_{step.value}"),) and not turn.reply.end_session
    assert turn.state.step is step and turn.state.return_step == state.return_step and turn.effects == ()


def test_expected_intents_are_looked_up_not_computed(coach: Coach) -> None:
    state = replace(S0, step=Step.BREATHING)
    assert coach.expected_intents(state) is coach.expected_intents(replace(state, partners=2))
    assert coach.listening_intents(state) is coach.listening_intents(state)
    assert coach.expected_intents(replace(S0, step=Step.ENDED)) == ()


@pytest.mark.parametrize("step", sorted(SAFETY_STEPS))
def test_in_a_safety_conversation_another_exercise_waits_kindly(coach: Coach, step: Step) -> None:
    state = replace(S0, step=step, concern="SUICIDE")
    listening = set(coach.listening_intents(state))
    for name in IntentName:
        if name not in listening:
            turn = coach.handle(state, Intent(name))
            assert turn.state.step is step and turn.effects == () and not turn.reply.end_session, name
            assert turn.reply.text().startswith("De oefening laten we nu even rusten."), name


READINGS = [
    (Step.CHECKIN_WHO, Intent.of(IntentName.NEED, need="TIJD_SAMEN"), Intent(IntentName.TOGETHER)),
    (Step.CHECKIN_NEED, Intent(IntentName.TOGETHER), Intent.of(IntentName.NEED, need="TIJD_SAMEN")),
    (Step.BREATHING, Intent.of(IntentName.NEED, need="RUST"), Intent(IntentName.SLOWER)),
    (Step.TRIGGER_NEED, Intent(IntentName.SLOWER), Intent.of(IntentName.NEED, need="RUST")),
    (Step.SUPPORT_OFFER, Intent.of(IntentName.WEATHER, weather="ZONNIG"), Intent(IntentName.YES)),
    (Step.CHECKIN_WEATHER, Intent(IntentName.YES), Intent.of(IntentName.WEATHER, weather="ZONNIG")),
    (Step.TRIGGER_FEELING, Intent(IntentName.START_TRIGGER_PLAN), Intent.of(IntentName.FEELING, feeling="PANIEK")),
    (Step.MENU, Intent.of(IntentName.FEELING, feeling="PANIEK"), Intent(IntentName.START_TRIGGER_PLAN)),
]


@pytest.mark.parametrize(("step", "arrived", "meant"), READINGS, ids=[f"{s.value}-{a.name}" for s, a, _ in READINGS])
def test_words_two_intents_share_are_read_as_the_steps_own(coach: Coach, step: Step, arrived: Intent,
                                                           meant: Intent) -> None:
    """"samen" arriving as the need at "samen of alleen?" is together, and so on: the same turn."""
    state = _at(coach, step)
    assert coach.handle(state, arrived) == coach.handle(state, meant)


def _at(coach: Coach, step: Step) -> State:
    """A state at `step` as a conversation reaches it (a check-in begun alone, with consent)."""
    if step not in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED):
        return replace(S0, step=step)
    household = replace(S0.household, consent=True)
    state = coach.begin(household)
    for intent in (Intent(IntentName.START_CHECKIN), Intent(IntentName.ALONE)):
        state = coach.handle(state, intent).state
    if step is Step.CHECKIN_NEED:
        state = coach.handle(state, Intent.of(IntentName.WEATHER, weather="REGEN")).state
    assert state.step is step
    return state
