"""What the coach listens for at each step, derived from its transition tables."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, Locale, Say, State, Step, Unrecognized
from dialogue.intents import IntentName

S0 = State(household=Household(today=datetime.date(2026, 11, 27), introduced=True))
# Understood at every step: the commands of the coach's global table.
EVERYWHERE = {
    IntentName.SAFETY, IntentName.HELP, IntentName.REPEAT, IntentName.STOP, IntentName.CANCEL,
    IntentName.NAVIGATE_HOME, IntentName.ERASE_DATA, IntentName.START_CHECKIN, IntentName.START_TRIGGER_PLAN,
    IntentName.PARTNER_TRIGGERED, IntentName.START_OVER, IntentName.PAUSE, IntentName.RESUME,
    IntentName.AMBIGUOUS, IntentName.DISTRESS, IntentName.WITHDRAW_CONSENT, IntentName.WHO_ARE_YOU,
    IntentName.WHAT_IS_KEPT, IntentName.SEEK_HELP, IntentName.GREET, IntentName.HELP_LINES, IntentName.START_LETTER, IntentName.SET_COUNTRY,
    IntentName.LOOK_BACK, IntentName.MAKE_CONTRACT, IntentName.READ_CONTRACT, IntentName.REVIEW_CONTRACT,
    IntentName.MAKE_TRIGGER_PLAN, IntentName.READ_TRIGGER_PLAN,
}
NOT_CLEARLY_SAFE = {IntentName.START_TRIGGER_PLAN, IntentName.PARTNER_TRIGGERED, IntentName.AMBIGUOUS,
                    IntentName.DISTRESS}
# In a safety conversation only danger said again, help, "wat ben jij?" and the country (its
# lines again, in that country's version) work besides its own answers.
SAFETY_STEPS = {Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY}
IN_SAFETY = {IntentName.SAFETY, IntentName.HELP, IntentName.HELP_LINES, IntentName.WHO_ARE_YOU, IntentName.SET_COUNTRY}
# At a writing pause of the letter only its own commands (the step's answers) and these:
# no other exercise's words, nothing to store or erase.
LETTER_STEPS = {Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
                Step.LETTER_NEEDS}
IN_LETTER = {IntentName.SAFETY, IntentName.AMBIGUOUS, IntentName.HELP, IntentName.HELP_LINES, IntentName.PAUSE, IntentName.WHO_ARE_YOU,
             IntentName.SET_COUNTRY, IntentName.START_TRIGGER_PLAN}
# Listened for right after the question they answered: a correction ("nee, storm").
CORRECTIONS = {
    Step.CHECKIN_NEED: {IntentName.WEATHER},
    Step.CHECKIN_GRATITUDE: {IntentName.WEATHER, IntentName.NEED},
    Step.TRIGGER_NEED: {IntentName.FEELING},
    # not a correction, listened for the same way: how one is, at "Hoe is het nu?"
    Step.BREATHING: {IntentName.WEATHER, IntentName.SKIP},
}
# Steps that take whatever is said (aloud, or as a worry after "ben je nu veilig?").
TAKES_ANYTHING = {Step.CHECKIN_GIVE, Step.PARTNER_SAY, Step.PARTNER_LISTEN, Step.WHO_TRIGGERED, Step.GENTLE_CHECK,
                  Step.SAFETY_CHECK,
                  # who of the two is triggered, for the couple's own plan: anything goes on
                  Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER,
                  # the strength question: anything but a number goes on at once, nobody held up
                  Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER,
                  # a writing pause of the letter: anything but its commands gets one kind note
                  *LETTER_STEPS}
# Where a need is an answer (the check-in, the trigger plan, the couple's own plan).
NEED_STEPS = (Step.CHECKIN_NEED, Step.TRIGGER_NEED, Step.PLAN_NEED, Step.PLAN_NEED_MORE, Step.PLAN_ACTION,
              Step.PLAN_NEED_OFFER)
# Not listened for, but read as what the step takes, because their words are its words too
# (Alexa picks one reading without knowing the step), or as the locale reads them there.
READ_AS = {
    (Step.CHECKIN_WEATHER, IntentName.YES): Intent(IntentName.WEATHER, (("weather", "ZONNIG"),), "goed"),
    **{(step, IntentName.TOGETHER): Intent.of(IntentName.NEED, need="TIJD_SAMEN") for step in NEED_STEPS},
    **{(step, IntentName.SLOWER): Intent.of(IntentName.NEED, need="RUST") for step in NEED_STEPS},
}
# A feeling named where none was asked is pain said (understanding.toml, read_as).
FEELING_ELSEWHERE = Intent(IntentName.DISTRESS)


@pytest.mark.parametrize("step", list(Step))
def test_the_coach_listens_for_the_steps_answers_then_the_commands(coach: Coach, step: Step) -> None:
    state = replace(S0, step=step)
    listening = coach.listening_intents(state)
    # An ended conversation listens as a fresh one does, at the menu.
    answers = coach.expected_intents(replace(S0, step=Step.MENU if step is Step.ENDED else step))
    assert listening[: len(answers)] == answers
    commands = IN_SAFETY if step in SAFETY_STEPS else IN_LETTER if step in LETTER_STEPS else EVERYWHERE
    assert set(listening) == set(answers) | CORRECTIONS.get(step, set()) | commands
    assert len(set(listening)) == len(listening)


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
        if name == IntentName.FEELING:
            assert turn == coach.handle(state, FEELING_ELSEWHERE), name
        elif step in TAKES_ANYTHING:
            assert turn == not_understood, name
        elif (step, name) in READ_AS:
            assert turn == coach.handle(state, READ_AS[(step, name)]), name
        elif (step, name) == (Step.CHECKIN_WHO, IntentName.WEATHER):
            # a weather ahead of its question: heard warmly, the question again
            assert turn.reply.parts[0] == coach.say("weather_ahead") and turn.state.step is asks, name
            assert turn.effects == () and turn.state.misunderstood == state.misunderstood, name
        else:
            assert turn.reply.parts == guidance and turn.state.step is asks and turn.effects == (), name
            assert turn.state.misunderstood == state.misunderstood, name


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
    """A weather at the menu, a need while breathing: "Dat hoort niet bij deze vraag, geeft niets." and the
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


EXERCISES = {IntentName.START_CHECKIN, IntentName.START_TRIGGER_PLAN, IntentName.PARTNER_TRIGGERED}


@pytest.mark.parametrize("step", sorted(SAFETY_STEPS))
def test_in_a_safety_conversation_another_exercise_waits_kindly(coach: Coach, step: Step) -> None:
    state = replace(S0, step=step, concern="SUICIDE")
    listening = set(coach.listening_intents(state))
    for name in IntentName:
        if name not in listening:
            turn = coach.handle(state, Intent(name))
            if step is Step.SAFETY and (name not in EVERYWHERE | {IntentName.GREET} or name in NOT_CLEARLY_SAFE):
                # "Ben je nu veilig?" answered with anything but an exercise asked for ("ik ben
                # bang", "ik zit in de auto") is not clearly safe: the coach stays, lines first.
                assert turn.state.step is Step.SAFETY_STAY and turn.effects == () and not turn.reply.end_session, name
                assert "113" in turn.reply.text(), name
                continue
            if step is Step.SAFETY_FOLLOWUP and name in EXERCISES:
                # Safe, the person said: the exercise asked for starts anew, nothing of the
                # safety conversation kept.
                assert turn.state.step is not step and turn.state.concern is None and turn.effects == (), name
                continue
            assert turn.state.step is step and turn.effects == () and not turn.reply.end_session, name
            # Someone not safe hears warmth and the lines again instead (tests/test_core_safety_stay.py).
            kindly = "Ik hoor hoe zwaar het is." if step is Step.SAFETY_STAY else "De oefening laten we nu even rusten."
            assert turn.reply.text().startswith(kindly), name


def said(name: str, slot: str, value: str, words: str) -> Intent:
    """An answer with the words it was heard in, as Alexa and the local understanding send it."""
    return Intent(name, ((slot, value),), words)


N, W, F = IntentName.NEED, IntentName.WEATHER, IntentName.FEELING
READINGS = [
    # Words two intents share are read as what the step asks for.
    (Step.CHECKIN_WHO, said(N, "need", "TIJD_SAMEN", "samen"), Intent(IntentName.TOGETHER)),
    (Step.PARTNER_PRESENT, said(N, "need", "TIJD_SAMEN", "samen"), Intent(IntentName.TOGETHER)),
    (Step.CHECKIN_NEED, Intent(IntentName.TOGETHER), Intent.of(N, need="TIJD_SAMEN")),
    (Step.BREATHING, said(N, "need", "RUST", "rustig aan"), Intent(IntentName.SLOWER)),
    (Step.TRIGGER_NEED, Intent(IntentName.SLOWER), Intent.of(N, need="RUST")),
    (Step.SUPPORT_OFFER, said(W, "weather", "ZONNIG", "goed"), Intent(IntentName.YES)),
    (Step.SAFETY_CHECK, said(W, "weather", "ZONNIG", "prima"), Intent(IntentName.YES)),
    (Step.CHECKIN_WEATHER, Intent(IntentName.YES), said(W, "weather", "ZONNIG", "goed")),
    (Step.TRIGGER_FEELING, Intent(IntentName.START_TRIGGER_PLAN), Intent.of(F, feeling="PANIEK")),
    (Step.MENU, said(F, "feeling", "PANIEK", "in paniek"), Intent(IntentName.START_TRIGGER_PLAN)),
    (Step.CHECKIN_NEED, said(F, "feeling", "PANIEK", "paniek"), Intent(IntentName.START_TRIGGER_PLAN)),
    # Feeling words at the weather question are that weather, weather words at the feeling question that feeling.
    (Step.CHECKIN_WEATHER, said(F, "feeling", "VERDRIET", "verdrietig"), said(W, "weather", "REGEN", "verdrietig")),
    (Step.TRIGGER_FEELING, said(W, "weather", "BEWOLKT", "moe"), Intent.of(F, feeling="MOE")),
    (Step.BREATHING, said(W, "weather", "STORM", "woedend"), Intent.of(F, feeling="WOEDE")),
    # Words another intent claims too are no correction: "moe" at the need question is pain said,
    # "goed" there no weather; a feeling at the gratitude is never thanked.
    (Step.TRIGGER_NEED, said(W, "weather", "REGEN", "verdrietig"), Intent(IntentName.DISTRESS)),
    (Step.TRIGGER_NEED, said(F, "feeling", "VERDRIET", "verdrietig"), Intent(IntentName.DISTRESS)),
    (Step.CHECKIN_NEED, said(W, "weather", "BEWOLKT", "moe"), Intent(IntentName.DISTRESS)),
    (Step.CHECKIN_NEED, said(W, "weather", "ZONNIG", "goed"), Intent(IntentName.YES)),
    (Step.CHECKIN_GRATITUDE, said(W, "weather", "REGEN", "rot"), Intent(IntentName.DISTRESS)),
    (Step.CHECKIN_GRATITUDE, said(F, "feeling", "VERRADEN", "verraden"), Intent(IntentName.DISTRESS)),
    (Step.MENU, said(W, "weather", "REGEN", "rot"), Intent(IntentName.DISTRESS)),
    # A feeling of a trigger moment named at the menu starts the trigger plan.
    (Step.MENU, said(W, "weather", "STORM", "woedend"), Intent(IntentName.START_TRIGGER_PLAN)),
    (Step.MENU, Intent.of(F, feeling="BEDROGEN"), Intent(IntentName.START_TRIGGER_PLAN)),
]


@pytest.mark.parametrize(("step", "arrived", "meant"), READINGS, ids=[f"{s.value}-{a.name}" for s, a, _ in READINGS])
def test_words_two_intents_share_are_read_as_the_steps_own(coach: Coach, step: Step, arrived: Intent,
                                                           meant: Intent) -> None:
    """"samen" arriving as the need at "samen of alleen?" is together, and so on: the same turn."""
    state = _at(coach, step)
    assert coach.handle(state, arrived) == coach.handle(state, meant)


# Words only one intent claims keep their meaning.
OWN_MEANING = [
    (Step.CHECKIN_NEED, said(W, "weather", "STORM", "storm"), "corrected_weather"),
    (Step.TRIGGER_NEED, said(F, "feeling", "VERRADEN", "verraden"), "ack_feeling_reflexive"),
    (Step.CHECKIN_WHO, said(N, "need", "TIJD_SAMEN", "quality time"), "out_of_step"),
    (Step.CHECKIN_GRATITUDE, said(N, "need", "KNUFFEL", "een knuffel"), "corrected_need"),
]


@pytest.mark.parametrize(("step", "arrived", "prompt_id"), OWN_MEANING, ids=[f"{s.value}-{p}" for s, _, p in OWN_MEANING])
def test_words_only_one_intent_claims_keep_their_meaning(coach: Coach, locale: Locale, step: Step, arrived: Intent,
                                                        prompt_id: str) -> None:
    first = coach.handle(_at(coach, step), arrived).reply.parts[0]
    assert isinstance(first, Say) and first.text.split("{")[0].startswith(locale.prompts[prompt_id].split("{")[0])


def _at(coach: Coach, step: Step) -> State:
    """A state at `step` as a conversation reaches it (a check-in begun alone, with consent)."""
    if step not in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE):
        return replace(S0, step=step, feeling="ANGST" if step is Step.TRIGGER_NEED else None)
    household = replace(S0.household, consent=True)
    state = coach.begin(household)
    for intent in (Intent(IntentName.START_CHECKIN), Intent(IntentName.ALONE)):
        state = coach.handle(state, intent).state
    if step in (Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE):
        state = coach.handle(state, Intent.of(IntentName.WEATHER, weather="REGEN")).state
    if step is Step.CHECKIN_GRATITUDE:
        state = coach.handle(state, Intent.of(IntentName.NEED, need="RUST")).state
    assert state.step is step
    return state
