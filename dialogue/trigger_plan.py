"""The trigger plan: breathe at the household's pace, name the feeling and the need, then
ask the partner to help (or care for yourself alone); and the support offer for a partner
who sees the other triggered.

The handlers here are the trigger plan's rows of the coach's one transition table
(`dialogue.coach`). A pace change is kept as a `SavePace` effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.intents import IntentName, SlotName
from dialogue.model import Intent, Part, Pause, SavePace, State, Step, Turn

if TYPE_CHECKING:
    from dialogue.coach import Coach

BREATHS_PER_ROUND = 5
INHALE_RANGE = (2, 8)
EXHALE_RANGE = (3, 10)

STEPS = frozenset({Step.BREATHING, Step.TRIGGER_FEELING, Step.TRIGGER_NEED, Step.PARTNER_PRESENT})


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """Start the trigger plan, keeping what an unfinished check-in had so far."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), partner_present=None)
    turn = breathe(coach, state, "trigger_intro")
    return replace(turn, effects=kept + turn.effects)


def start_over(coach: Coach, state: State) -> Turn:
    """The trigger plan from the first breaths again, feeling and need forgotten."""
    return breathe(coach, replace(state, feeling=None, trigger_need=None), "breathing_again")


def partner_triggered(coach: Coach, state: State, intent: Intent) -> Turn:
    kept = checkin.partial(state)
    return coach.ask(checkin.leave(state), Step.SUPPORT_OFFER, [coach.say("support_intro")], kept)


def breathe(coach: Coach, state: State, intro_id: str, **intro: object) -> Turn:
    """A round of counted breaths at the household's pace, then the breathing question."""
    household = state.household
    parts: list[Part] = [coach.say(intro_id, **intro)]
    for count in range(1, BREATHS_PER_ROUND + 1):
        parts += [
            coach.say("breath_in", count=count),
            Pause(float(household.inhale_seconds)),
            coach.say("breath_out"),
            Pause(float(household.exhale_seconds)),
        ]
    return coach.ask(state, Step.BREATHING, parts)


def more_breaths(coach: Coach, state: State, intent: Intent) -> Turn:
    return breathe(coach, state, "breathing_again")


def change_pace(coach: Coach, state: State, intent: Intent) -> Turn:
    """Slower or faster by a second, within bounds; also from a pause during the breathing."""
    if state.step is Step.PAUSED:
        if state.return_step is not Step.BREATHING:
            return coach.misunderstood(state)
        state = replace(state, return_step=None)
    household = state.household
    delta = 1 if intent.name == IntentName.SLOWER else -1
    inhale = _clamp(household.inhale_seconds + delta, INHALE_RANGE)
    exhale = _clamp(household.exhale_seconds + delta, EXHALE_RANGE)
    if (inhale, exhale) == (household.inhale_seconds, household.exhale_seconds):
        limit = "pace_limit_slow" if delta > 0 else "pace_limit_fast"
        return coach.ask(state, Step.BREATHING, [coach.say(limit)])
    state = state.with_household(inhale_seconds=inhale, exhale_seconds=exhale)
    prompt = "pace_slower" if delta > 0 else "pace_faster"
    turn = breathe(coach, state, prompt, inhale=inhale, exhale=exhale)
    return replace(turn, effects=(SavePace(inhale, exhale),))


def to_feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.TRIGGER_FEELING, [])


def feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    value = coach.value(intent, SlotName.FEELING)
    if value is None:
        return coach.misunderstood(state)
    parts = [coach.say("ack_feeling", feeling=coach.value_name(SlotName.FEELING, value))]
    return coach.ask(state, Step.TRIGGER_NEED, parts, feeling=value)


def skip_feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.TRIGGER_NEED, [coach.say("ack_skip")], feeling=None)


def need(coach: Coach, state: State, intent: Intent) -> Turn:
    value = coach.value(intent, SlotName.NEED)
    if value is None:
        return coach.misunderstood(state)
    parts = [coach.say("ack_need", need=coach.value_name(SlotName.NEED, value))]
    return _after_need(coach, replace(state, trigger_need=value), parts)


def skip_need(coach: Coach, state: State, intent: Intent) -> Turn:
    return _after_need(coach, replace(state, trigger_need=None), [coach.say("ack_skip")])


def _after_need(coach: Coach, state: State, parts: Sequence[Part]) -> Turn:
    if state.partner_present:
        return _guide_partner(coach, state, parts)
    return coach.ask(state, Step.PARTNER_PRESENT, parts)


def partner_here(coach: Coach, state: State, intent: Intent) -> Turn:
    return _guide_partner(coach, state, [])


def _guide_partner(coach: Coach, state: State, said: Sequence[Part]) -> Turn:
    parts = [*said, coach.say("partner_guidance")]
    if state.trigger_need is not None:
        parts.append(coach.say("partner_need", need=coach.value_name(SlotName.NEED, state.trigger_need)))
    parts.append(coach.say("partner_give"))
    return coach.end(state, parts)


def partner_away(coach: Coach, state: State, intent: Intent) -> Turn:
    parts: list[Part] = [coach.say("self_care")]
    if state.feeling is not None and state.trigger_need is not None:
        parts.append(coach.say("self_care_words",
                               feeling=coach.value_name(SlotName.FEELING, state.feeling),
                               need=coach.value_name(SlotName.NEED, state.trigger_need)))
    parts.append(coach.say("closing_trigger"))
    return coach.end(state, parts)


def support_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    return breathe(coach, replace(state, partner_present=True), "support_breathing")


def support_no(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.end(state, [coach.say("support_decline")])


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))
