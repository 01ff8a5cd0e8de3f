"""The dialogue core: (state, event) -> reply, new state and effects. Pure.

Theory of operation
-------------------
A conversation is a walk through `Step`s. At each step the coach has asked one
question; the person's answer arrives as an `Event` (an understood `Intent`,
`Unrecognized` or `Silence`). `Coach.handle` looks the (step, intent) pair up in
`_STEP_TABLE`; if the pair is not there it tries `_GLOBAL_TABLE` (help, repeat, stop,
safety, names, erase, starting an exercise, pause), and otherwise treats the turn as
not understood. Every handler returns a `Turn`: the reply, the new state and the
effects the edge must store. Safety comes before everything and stores nothing.

The core does no I/O: the household's data arrives in the state (read by the edge from
its store), the date arrives as `Household.today`, and what must be kept leaves as
effects. All words come from the `Locale`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import replace

from dialogue.intents import IntentName as I
from dialogue.intents import SlotName
from dialogue.locale import Locale
from dialogue.model import (
    CheckinEntry,
    Effect,
    EraseHousehold,
    Event,
    Household,
    Intent,
    MarkIntroduced,
    Part,
    Pause,
    Reply,
    SaveCheckin,
    SaveNames,
    SavePace,
    Say,
    Silence,
    State,
    Step,
    Turn,
)

BREATHS_PER_ROUND = 5
INHALE_RANGE = (2, 8)
EXHALE_RANGE = (3, 10)
MAX_MISUNDERSTOOD = 3

_CHECKIN_STEPS = frozenset({Step.CHECKIN_WHO, Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE})
_TRIGGER_STEPS = frozenset({Step.BREATHING, Step.TRIGGER_FEELING, Step.TRIGGER_NEED, Step.PARTNER_PRESENT})

Handler = Callable[["Coach", State, Intent], Turn]


class Coach:
    """The coach's whole dialogue behaviour, bound to one locale."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self._value_ids = {name: frozenset(v.id for v in t.values) for name, t in locale.slot_types.items()}
        # The type of each answer slot, as the interaction model declares it.
        self._weather_type = locale.slot_type(I.WEATHER, SlotName.WEATHER)
        self._need_type = locale.slot_type(I.NEED, SlotName.NEED)
        self._feeling_type = locale.slot_type(I.FEELING, SlotName.FEELING)

    # --- entry points ---------------------------------------------------------------

    def begin(self, household: Household) -> State:
        """A fresh conversation state, for a conversation opened with an intent right away."""
        return State(household=household)

    def launch(self, household: Household) -> Turn:
        """Open a conversation with a welcome and the menu question."""
        state = self.begin(household)
        effects: tuple[Effect, ...] = ()
        if not household.introduced:
            parts = [self._say("welcome_first")]
            effects = (MarkIntroduced(),)
            state = state.with_household(introduced=True)
            if household.names is None:
                parts.append(self._say("names_hint"))
        elif household.names is not None:
            parts = [self._say("welcome_back_named", names=self._both_names(household.names))]
        else:
            parts = [self._say("welcome_back")]
        return self._ask(state, Step.MENU, parts, effects)

    def handle(self, state: State, event: Event) -> Turn:
        """Take one turn."""
        if state.step is Step.ENDED:
            state = self.begin(state.household)
        if isinstance(event, Silence):
            return self._silence(state)
        state = replace(state, silences=0)
        if state.step is Step.CHECKIN_GRATITUDE and not isinstance(event, Intent):
            # Whatever was said aloud counts as the gratitude; its words are not kept.
            return self._gratitude(state, Intent(I.GRATITUDE))
        if not isinstance(event, Intent):
            return self._misunderstood(state)
        handler = _STEP_TABLE.get((state.step, event.name)) or _GLOBAL_TABLE.get(event.name)
        if handler is None and state.step is Step.CHECKIN_GRATITUDE:
            # Any other answer counts as the gratitude said aloud too.
            handler = Coach._gratitude
        if handler is None:
            return self._misunderstood(state)
        return handler(self, state, event)

    def interrupted(self, state: State) -> tuple[Effect, ...]:
        """What to keep when a conversation ends without a goodbye (input ended, the
        device closed the session): the check-in answers given so far, as a stop would."""
        if state.step is Step.ENDED:
            return ()
        return self._partial_checkin(state)

    def expected_intents(self, state: State) -> tuple[str, ...]:
        """The intents that answer the current step (for context-aware understanding)."""
        return tuple(intent for step, intent in _STEP_TABLE if step is state.step)

    # --- building replies -------------------------------------------------------------

    def _say(self, prompt_id: str, **params: object) -> Say:
        return Say(self.locale.say(prompt_id, **params))

    def _ask(
        self,
        state: State,
        step: Step,
        parts: Sequence[Part],
        effects: tuple[Effect, ...] = (),
        *,
        question: bool = True,
        **changes: object,
    ) -> Turn:
        """Move to `step`, say `parts` then (unless told not to) the step's question."""
        state = replace(state, step=step, misunderstood=0, **changes)  # type: ignore[arg-type]
        if question:
            parts = [*parts, *self._question(state)]
        reply = Reply(tuple(parts), (self._reprompt(state),), end_session=False)
        return Turn(reply, replace(state, last_reply=reply), effects)

    def _end(self, state: State, parts: Sequence[Part], effects: tuple[Effect, ...] = ()) -> Turn:
        """End the conversation, keeping what the check-in has so far."""
        effects = effects + self._partial_checkin(state)
        if not state.household.introduced:
            parts = [*parts, self._say("disclaimer")]
            effects = effects + (MarkIntroduced(),)
            state = state.with_household(introduced=True)
        reply = Reply(tuple(parts), None, end_session=True)
        return Turn(reply, self._ended(state, reply), effects)

    def _ended(self, state: State, reply: Reply | None) -> State:
        return State(household=state.household, step=Step.ENDED, last_reply=reply)

    def _question(self, state: State) -> list[Part]:
        step = state.step
        if step is Step.MENU:
            return [self._say("menu_question")]
        if step is Step.CHECKIN_WHO:
            names = state.household.names
            if names is None:
                return [self._say("checkin_who")]
            return [self._say("checkin_who_named", names=self._both_names(names))]
        if step in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE):
            base = {Step.CHECKIN_WEATHER: "ask_weather", Step.CHECKIN_NEED: "ask_need"}.get(step, "ask_gratitude")
            if state.partners == 1:
                return [self._say(f"{base}_alone")]
            return [self._say(base, name=self._partner_name(state, state.partner_index),
                              other=self._partner_name(state, 1 - state.partner_index))]
        if step is Step.BREATHING:
            return [self._say("breathing_offer")]
        if step is Step.PAUSED:
            return [self._say("paused")]
        return [self._say(_QUESTION_IDS[step])]

    def _reprompt(self, state: State) -> Say:
        return self._say(f"reprompt_{state.step.value}")

    def _value(self, intent: Intent, slot: SlotName, type_name: str) -> str | None:
        """The slot's value id if this locale knows it; an unknown id counts as not understood."""
        value = intent.slot(slot.value)
        if value is None or value not in self._value_ids[type_name]:
            return None
        return value

    def _partner_name(self, state: State, index: int) -> str:
        names = state.household.names
        if names is not None:
            return names[index]
        return self.locale.say("partner_one" if index == 0 else "partner_two")

    def _both_names(self, names: tuple[str, str]) -> str:
        return self.locale.say("names_pair", first=names[0], second=names[1])

    # --- global intents ------------------------------------------------------------------

    def _safety(self, state: State, intent: Intent) -> Turn:
        # Nothing of this conversation is stored: not this turn, not the unfinished check-in.
        reply = Reply((self._say("safety"),), None, end_session=True)
        return Turn(reply, self._ended(state, None))

    def _help(self, state: State, intent: Intent) -> Turn:
        parts = [self._say("help_disclaimer"), self._say(f"help_{state.step.value}")]
        return self._ask(state, state.step, parts, question=False)

    def _repeat(self, state: State, intent: Intent) -> Turn:
        if state.last_reply is None:
            return self._ask(state, state.step, [])
        return Turn(state.last_reply, replace(state, misunderstood=0))

    def _stop(self, state: State, intent: Intent) -> Turn:
        return self._end(state, [self._say("goodbye_kept" if self._partial_checkin(state) else "goodbye")])

    def _set_names(self, state: State, intent: Intent) -> Turn:
        first, second = intent.slot(SlotName.FIRST), intent.slot(SlotName.SECOND)
        if not first or not second:
            return self._misunderstood(state)
        state = state.with_household(names=(first, second))
        parts = [self._say("names_saved", names=self._both_names((first, second)))]
        return self._ask(state, state.step, parts, (SaveNames(first, second),))

    def _erase_request(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, Step.CONFIRM_ERASE, [], return_step=self._way_back(state))

    def _pause(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, Step.PAUSED, [], return_step=self._way_back(state))

    def _way_back(self, state: State) -> Step:
        """Where to return after a pause or an erase question (never to another such aside)."""
        if state.step in (Step.PAUSED, Step.CONFIRM_ERASE):
            return state.return_step or Step.MENU
        return state.step

    def _start_over(self, state: State, intent: Intent) -> Turn:
        if state.step in _CHECKIN_STEPS:
            return self._start_checkin(state, intent)
        if state.step in _TRIGGER_STEPS:
            return self._breathe(replace(state, feeling=None, trigger_need=None), "breathing_again")
        return self._ask(state, Step.MENU, [])

    def _resume_elsewhere(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, state.step, [])

    # --- the daily check-in ----------------------------------------------------------------

    def _start_checkin(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, Step.CHECKIN_WHO, [], partners=0, partner_index=0, entries=())

    def _together(self, state: State, intent: Intent) -> Turn:
        state = replace(state, partners=2, partner_index=0, entries=(CheckinEntry(None, None),) * 2)
        parts = [self._say("checkin_start_two", name=self._partner_name(state, 0))]
        return self._ask(state, Step.CHECKIN_WEATHER, parts)

    def _alone(self, state: State, intent: Intent) -> Turn:
        state = replace(state, partners=1, partner_index=0, entries=(CheckinEntry(None, None),))
        return self._ask(state, Step.CHECKIN_WEATHER, [self._say("checkin_start_alone")])

    def _weather(self, state: State, intent: Intent) -> Turn:
        weather = self._value(intent, SlotName.WEATHER, self._weather_type)
        if weather is None:
            return self._misunderstood(state)
        state = self._record(state, weather=weather)
        parts = [self._say("ack_weather", weather=self.locale.value_name(self._weather_type, weather))]
        return self._ask(state, Step.CHECKIN_NEED, parts)

    def _need(self, state: State, intent: Intent) -> Turn:
        need = self._value(intent, SlotName.NEED, self._need_type)
        if need is None:
            return self._misunderstood(state)
        state = self._record(state, need=need)
        parts = [self._say("ack_need", need=self.locale.value_name(self._need_type, need))]
        return self._ask(state, Step.CHECKIN_GRATITUDE, parts)

    def _skip_checkin_question(self, state: State, intent: Intent) -> Turn:
        if state.step is Step.CHECKIN_GRATITUDE:
            return self._next_partner(state, [self._say("ack_skip")])
        following = Step.CHECKIN_NEED if state.step is Step.CHECKIN_WEATHER else Step.CHECKIN_GRATITUDE
        return self._ask(state, following, [self._say("ack_skip")])

    def _gratitude(self, state: State, intent: Intent) -> Turn:
        if state.partners == 1:
            ack = self._say("ack_gratitude_alone")
        else:
            ack = self._say("ack_gratitude", other=self._partner_name(state, 1 - state.partner_index))
        return self._next_partner(state, [ack])

    def _next_partner(self, state: State, parts: Sequence[Part]) -> Turn:
        if state.partner_index + 1 < state.partners:
            state = replace(state, partner_index=state.partner_index + 1)
            parts = [*parts, self._say("next_partner", name=self._partner_name(state, state.partner_index))]
            return self._ask(state, Step.CHECKIN_WEATHER, parts)
        return self._finish_checkin(state, parts)

    def _finish_checkin(self, state: State, said: Sequence[Part]) -> Turn:
        household = state.household
        effect = SaveCheckin(household.today, state.entries)
        dates = set(household.checkin_dates) | {household.today}
        parts = [*said, self._say("summary_intro"), *self._summary(state)]
        days = _days_this_week(dates, household.today)
        parts.append(self._say("progress_first") if days == 1 else self._say("progress_days", days=days))
        parts.append(self._say("closing_checkin_alone" if state.partners == 1 else "closing_checkin"))
        state = replace(state, entries=()).with_household(checkin_dates=tuple(sorted(dates)))
        return self._end(state, parts, (effect,))

    def _summary(self, state: State) -> list[Part]:
        parts: list[Part] = []
        skipped = self.locale.say("value_skipped")
        for index, entry in enumerate(state.entries):
            weather = skipped if entry.weather is None else self.locale.value_name(self._weather_type, entry.weather)
            need = skipped if entry.need is None else self.locale.value_name(self._need_type, entry.need)
            if state.partners == 1:
                parts.append(self._say("summary_alone", weather=weather, need=need))
            else:
                parts.append(self._say("summary_partner", name=self._partner_name(state, index),
                                       weather=weather, need=need))
        return parts

    def _record(self, state: State, **answer: str) -> State:
        entries = list(state.entries)
        entries[state.partner_index] = replace(entries[state.partner_index], **answer)
        return replace(state, entries=tuple(entries))

    def _partial_checkin(self, state: State) -> tuple[Effect, ...]:
        # Every entry is kept, answered or not: its position says which partner it was.
        if not any(e.weather is not None or e.need is not None for e in state.entries):
            return ()
        return (SaveCheckin(state.household.today, state.entries),)

    # --- the trigger plan ---------------------------------------------------------------------

    def _start_trigger_plan(self, state: State, intent: Intent) -> Turn:
        kept = self._partial_checkin(state)
        state = replace(self._leave_checkin(state), partner_present=None)
        turn = self._breathe(state, "trigger_intro")
        return replace(turn, effects=kept + turn.effects)

    def _partner_triggered(self, state: State, intent: Intent) -> Turn:
        kept = self._partial_checkin(state)
        return self._ask(self._leave_checkin(state), Step.SUPPORT_OFFER, [self._say("support_intro")], kept)

    def _leave_checkin(self, state: State) -> State:
        """The state after an unfinished check-in was kept, ready for the trigger plan."""
        if self._partial_checkin(state):
            dates = set(state.household.checkin_dates) | {state.household.today}
            state = state.with_household(checkin_dates=tuple(sorted(dates)))
        return replace(state, entries=(), partners=0, partner_index=0, feeling=None, trigger_need=None)

    def _breathe(self, state: State, intro_id: str, **intro: object) -> Turn:
        household = state.household
        parts: list[Part] = [self._say(intro_id, **intro)]
        for count in range(1, BREATHS_PER_ROUND + 1):
            parts += [
                self._say("breath_in", count=count),
                Pause(float(household.inhale_seconds)),
                self._say("breath_out"),
                Pause(float(household.exhale_seconds)),
            ]
        return self._ask(state, Step.BREATHING, parts)

    def _more_breaths(self, state: State, intent: Intent) -> Turn:
        return self._breathe(state, "breathing_again")

    def _change_pace(self, state: State, intent: Intent) -> Turn:
        if state.step is Step.PAUSED:
            if state.return_step is not Step.BREATHING:
                return self._misunderstood(state)
            state = replace(state, return_step=None)
        household = state.household
        delta = 1 if intent.name == I.SLOWER else -1
        inhale = _clamp(household.inhale_seconds + delta, INHALE_RANGE)
        exhale = _clamp(household.exhale_seconds + delta, EXHALE_RANGE)
        if (inhale, exhale) == (household.inhale_seconds, household.exhale_seconds):
            limit = "pace_limit_slow" if delta > 0 else "pace_limit_fast"
            return self._ask(state, Step.BREATHING, [self._say(limit)])
        state = state.with_household(inhale_seconds=inhale, exhale_seconds=exhale)
        prompt = "pace_slower" if delta > 0 else "pace_faster"
        turn = self._breathe(state, prompt, inhale=inhale, exhale=exhale)
        return replace(turn, effects=(SavePace(inhale, exhale),))

    def _to_feeling(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, Step.TRIGGER_FEELING, [])

    def _feeling(self, state: State, intent: Intent) -> Turn:
        feeling = self._value(intent, SlotName.FEELING, self._feeling_type)
        if feeling is None:
            return self._misunderstood(state)
        parts = [self._say("ack_feeling", feeling=self.locale.value_name(self._feeling_type, feeling))]
        return self._ask(state, Step.TRIGGER_NEED, parts, feeling=feeling)

    def _skip_feeling(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, Step.TRIGGER_NEED, [self._say("ack_skip")], feeling=None)

    def _trigger_need(self, state: State, intent: Intent) -> Turn:
        need = self._value(intent, SlotName.NEED, self._need_type)
        if need is None:
            return self._misunderstood(state)
        parts = [self._say("ack_need", need=self.locale.value_name(self._need_type, need))]
        return self._after_trigger_need(replace(state, trigger_need=need), parts)

    def _skip_trigger_need(self, state: State, intent: Intent) -> Turn:
        return self._after_trigger_need(replace(state, trigger_need=None), [self._say("ack_skip")])

    def _after_trigger_need(self, state: State, parts: Sequence[Part]) -> Turn:
        if state.partner_present:
            return self._guide_partner(state, parts)
        return self._ask(state, Step.PARTNER_PRESENT, parts)

    def _partner_here(self, state: State, intent: Intent) -> Turn:
        return self._guide_partner(state, [])

    def _guide_partner(self, state: State, said: Sequence[Part]) -> Turn:
        parts = [*said, self._say("partner_guidance")]
        if state.trigger_need is not None:
            parts.append(self._say("partner_need", need=self.locale.value_name(self._need_type, state.trigger_need)))
        parts.append(self._say("partner_give"))
        return self._end(state, parts)

    def _partner_away(self, state: State, intent: Intent) -> Turn:
        parts: list[Part] = [self._say("self_care")]
        if state.feeling is not None and state.trigger_need is not None:
            parts.append(self._say("self_care_words",
                                   feeling=self.locale.value_name(self._feeling_type, state.feeling),
                                   need=self.locale.value_name(self._need_type, state.trigger_need)))
        parts.append(self._say("closing_trigger"))
        return self._end(state, parts)

    def _support_yes(self, state: State, intent: Intent) -> Turn:
        return self._breathe(replace(state, partner_present=True), "support_breathing")

    def _support_no(self, state: State, intent: Intent) -> Turn:
        return self._end(state, [self._say("support_decline")])

    # --- pause, erase ------------------------------------------------------------------------

    def _resume(self, state: State, intent: Intent) -> Turn:
        back = state.return_step or Step.MENU
        if back is Step.BREATHING:
            return self._breathe(replace(state, return_step=None), "breathing_resumed")
        return self._ask(state, back, [self._say("resumed")], return_step=None)

    def _erase_confirmed(self, state: State, intent: Intent) -> Turn:
        household = Household(today=state.household.today, introduced=True)
        reply = Reply((self._say("erase_done"),), None, end_session=True)
        return Turn(reply, State(household=household, step=Step.ENDED, last_reply=reply), (EraseHousehold(),))

    def _erase_declined(self, state: State, intent: Intent) -> Turn:
        return self._ask(state, state.return_step or Step.MENU, [self._say("erase_cancelled")], return_step=None)

    # --- not understood, silence -------------------------------------------------------------

    def _misunderstood(self, state: State) -> Turn:
        count = state.misunderstood + 1
        if count >= MAX_MISUNDERSTOOD:
            return self._end(state, [self._say("not_understood_goodbye")])
        if count == 1:
            parts: list[Part] = [self._say("not_understood"), self._reprompt(state)]
        else:
            parts = [self._say("not_understood_again"), self._say(f"help_{state.step.value}")]
        turn = self._ask(state, state.step, parts, question=False)
        return replace(turn, state=replace(turn.state, misunderstood=count))

    def _silence(self, state: State) -> Turn:
        if state.silences >= 1:
            return self._end(state, [self._say("silence_goodbye")])
        turn = self._ask(state, state.step, [self._reprompt(state)], question=False)
        return replace(turn, state=replace(turn.state, silences=1, misunderstood=state.misunderstood))


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def _days_this_week(dates: set[str], today: str) -> int:
    """How many distinct days of today's ISO week had a check-in."""
    week = datetime.date.fromisoformat(today).isocalendar()[:2]
    return sum(1 for d in dates if datetime.date.fromisoformat(d).isocalendar()[:2] == week)


_QUESTION_IDS: dict[Step, str] = {
    Step.TRIGGER_FEELING: "ask_feeling",
    Step.TRIGGER_NEED: "ask_trigger_need",
    Step.PARTNER_PRESENT: "ask_partner_present",
    Step.SUPPORT_OFFER: "support_offer",
    Step.CONFIRM_ERASE: "erase_confirm",
}

_C = Coach
# (step, intent) -> handler: what each answer means at each step.
_STEP_TABLE: dict[tuple[Step, str], Handler] = {
    # Names only at the menu: mid-exercise a sentence like "ik ben moe en ..." is an answer.
    (Step.MENU, I.SET_NAMES): _C._set_names,
    (Step.CHECKIN_WHO, I.TOGETHER): _C._together,
    (Step.CHECKIN_WHO, I.YES): _C._together,
    (Step.CHECKIN_WHO, I.ALONE): _C._alone,
    (Step.CHECKIN_WHO, I.NO): _C._alone,
    (Step.CHECKIN_WEATHER, I.WEATHER): _C._weather,
    (Step.CHECKIN_WEATHER, I.SKIP): _C._skip_checkin_question,
    (Step.CHECKIN_NEED, I.NEED): _C._need,
    (Step.CHECKIN_NEED, I.SKIP): _C._skip_checkin_question,
    (Step.CHECKIN_GRATITUDE, I.GRATITUDE): _C._gratitude,
    (Step.CHECKIN_GRATITUDE, I.SKIP): _C._skip_checkin_question,
    (Step.BREATHING, I.YES): _C._more_breaths,
    (Step.BREATHING, I.MORE_BREATHS): _C._more_breaths,
    (Step.BREATHING, I.NO): _C._to_feeling,
    (Step.BREATHING, I.NEXT): _C._to_feeling,
    (Step.BREATHING, I.SLOWER): _C._change_pace,
    (Step.BREATHING, I.FASTER): _C._change_pace,
    (Step.BREATHING, I.FEELING): _C._feeling,
    (Step.TRIGGER_FEELING, I.FEELING): _C._feeling,
    (Step.TRIGGER_FEELING, I.SKIP): _C._skip_feeling,
    (Step.TRIGGER_NEED, I.NEED): _C._trigger_need,
    (Step.TRIGGER_NEED, I.SKIP): _C._skip_trigger_need,
    (Step.PARTNER_PRESENT, I.YES): _C._partner_here,
    (Step.PARTNER_PRESENT, I.TOGETHER): _C._partner_here,
    (Step.PARTNER_PRESENT, I.NO): _C._partner_away,
    (Step.PARTNER_PRESENT, I.ALONE): _C._partner_away,
    (Step.SUPPORT_OFFER, I.YES): _C._support_yes,
    (Step.SUPPORT_OFFER, I.NO): _C._support_no,
    (Step.PAUSED, I.RESUME): _C._resume,
    (Step.PAUSED, I.YES): _C._resume,
    (Step.PAUSED, I.NEXT): _C._resume,
    (Step.PAUSED, I.SLOWER): _C._change_pace,
    (Step.PAUSED, I.FASTER): _C._change_pace,
    (Step.CONFIRM_ERASE, I.YES): _C._erase_confirmed,
    (Step.CONFIRM_ERASE, I.NO): _C._erase_declined,
    (Step.CONFIRM_ERASE, I.CANCEL): _C._erase_declined,
}

# intent -> handler: what an intent means wherever the step table says nothing.
_GLOBAL_TABLE: dict[str, Handler] = {
    I.SAFETY: _C._safety,
    I.HELP: _C._help,
    I.REPEAT: _C._repeat,
    I.STOP: _C._stop,
    I.CANCEL: _C._stop,
    I.NAVIGATE_HOME: _C._stop,
    I.ERASE_DATA: _C._erase_request,
    I.START_CHECKIN: _C._start_checkin,
    I.START_TRIGGER_PLAN: _C._start_trigger_plan,
    I.PARTNER_TRIGGERED: _C._partner_triggered,
    I.START_OVER: _C._start_over,
    I.PAUSE: _C._pause,
    I.RESUME: _C._resume_elsewhere,
}
