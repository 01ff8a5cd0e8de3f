"""The dialogue core: (state, event) -> reply, new state and effects. Pure.

Theory of operation
-------------------
A conversation is a walk through `Step`s. At each step the coach has asked one
question; the person's answer arrives as an `Event` (an understood `Intent`,
`Unrecognized` or `Silence`). `Coach.handle` first reads the intent as the step takes it
(`Coach._route`): words two intents share ("samen" is TogetherIntent and the need "tijd
samen"; "moe" a weather and a feeling) arrive as either, since Alexa picks one reading
without knowing the step, and each is routed the same way. It looks the (step, intent)
pair up in the step table (`_tables()`), then in `_CORRECTIONS` (an answer said again right after it:
"nee, storm"), then the global table (help, repeat, stop, safety, names, erase, starting an
exercise, pause, the gentle check). An intent that is none of these at the step gets
guidance: what can be said there, never "not understood" (that is for what was not
understood at all). Every handler returns a `Turn`: the reply, the new state and the
effects the edge must store. Safety comes before everything and stores nothing.

Danger said at any step (`SafetyIntent`, its `concern` slot saying whether it is about
suicide, violence or not clear) leaves the exercise for a safety conversation: the help
lines that fit, "Ben je nu veilig?", then the numbers again on request, a short answer to
yes or no, and a goodbye with the main number. In it only its own rows, danger said
again and help work; anything else waits kindly. Nothing of it is ever stored. Someone
not safe, or not clearly ("nee", "niet echt", "weet ik niet", an answer not understood),
is not left: the coach stays (`Step.SAFETY_STAY`), meets every answer with a few warm
words, the lines, another way than calling and someone to come, never asks "Ben je nu
veilig?" again, and ends only at a clear stop once the lines were said twice, or at a
second silence, the help line first.

The two tables below are the whole transition logic, in one place; the handlers they
name live with their exercise: `dialogue.checkin` (the daily check-in),
`dialogue.trigger_plan` (breathing, feeling, need, the partner's support),
`dialogue.letter` (the letter of responsibility) and `dialogue.commands` (what works at
every step). A handler is a function
`(coach, state, intent) -> Turn` that builds its reply with the `Coach` methods below.

The core does no I/O: the household's data arrives in the state (read by the edge from
its store), the date arrives as `Household.today`, and what must be kept leaves as
effects. All words come from the `Locale`.

Weather and needs are health-related data: the first check-in of a household asks once
whether they may be kept (`Step.CHECKIN_CONSENT`, `Household.consent`); without a yes no
check-in leaves as an effect. "Trek mijn toestemming in" at any step asks once more, then
erases every check-in (`SaveConsent(False)`) and goes on where it was. "Wat ben jij?"
at any step says what the coach is, and asks that step's question again.

The letter of responsibility is written on paper and never heard: at its steps only its
own rows and `_LETTER_GLOBALS` (stop, help, pause, danger) are taken; silence is waited
through without a word and anything else is let go (`dialogue.letter`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from dialogue import checkin, commands, trigger_plan
from dialogue.intents import CORE_SLOTS, Concern, SlotKind, SlotName
from dialogue.intents import IntentName as I
from dialogue.locale import Locale
from dialogue.model import (
    CONTRACT_STEPS,
    LETTER_STEPS,
    PLAN_MAKING_STEPS,
    Effect,
    Event,
    Household,
    Intent,
    MarkIntroduced,
    Part,
    Reply,
    Say,
    Silence,
    State,
    Step,
    Turn,
    replace,
)
from dialogue.trigger_plan import BREATHS_PER_ROUND, EXHALE_RANGE, INHALE_RANGE

__all__ = ["BREATHS_PER_ROUND", "EXHALE_RANGE", "INHALE_RANGE", "MAX_MISUNDERSTOOD", "Coach", "Handler"]

MAX_MISUNDERSTOOD = 3


class Coach:
    """The coach's whole dialogue behaviour, bound to one locale."""

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self._value_ids = {name: frozenset(v.id for v in t.values) for name, t in locale.slot_types.items()}
        # The type of each slot the core reads by value id, as the interaction model declares it.
        self._slot_types: dict[str, str] = {
            slot: locale.slot_type(intent, slot)
            for intent, slots in CORE_SLOTS.items()
            for slot, kind in slots.items()
            if kind is SlotKind.VALUE_ID
        }

    # --- entry points ---------------------------------------------------------------

    def begin(self, household: Household) -> State:
        """A fresh conversation state, for a conversation opened with an intent right away."""
        return State(household=household)

    def launch(self, household: Household) -> Turn:
        """Open a conversation with a welcome and the menu question."""
        state = self.begin(household)
        effects: tuple[Effect, ...] = ()
        if not household.introduced:
            parts = [self.say("welcome_first"), self.data_notice(household)]
            effects = (MarkIntroduced(),)
            state = state.with_household(introduced=True)
            if household.names is None:
                parts.append(self.say("names_hint"))
        elif household.names is not None:
            parts = [self.say("welcome_back_named", names=self.both_names(household.names))]
        else:
            parts = [self.say("welcome_back")]
        return self.ask(state, Step.MENU, parts, effects)

    def is_safety_turn(self, before: State, turn: Turn) -> bool:
        """Whether `turn`, taken in `before`, belongs to a safety conversation: the only turns
        whose words depend on the household's country (its help lines)."""
        return _is_safety_turn(before, turn)

    def data_notice(self, household: Household) -> Part:
        """What is kept, as the deployment keeps it: answers after consent, or dates only."""
        return self.say("data_notice" if household.keeps_answers else "data_notice_dates")

    def handle(self, state: State, event: Event) -> Turn:
        """Take one turn. A household that has not heard the introduction (a conversation
        opened with an intent right away: "vraag samen sterker om de check-in") hears the
        disclaimer and what is kept first, whatever it asked; only then is it introduced.
        A safety answer stays as it is (numbers first): the introduction waits."""
        turn = trigger_plan.settle(state, self._take(state, event))
        if turn.state.household.introduced or _is_safety_turn(state, turn):
            return turn
        # "Wat ben jij?" is answered with the disclaimer itself: only what is kept goes first.
        said_who = isinstance(event, Intent) and event.name == I.WHO_ARE_YOU
        notice = self.data_notice(state.household)
        first = (notice,) if said_who else (self.say("disclaimer"), notice)
        reply = replace(turn.reply, parts=(*first, *turn.reply.parts))
        new_state = replace(turn.state.with_household(introduced=True), last_reply=reply)
        return Turn(reply, new_state, (MarkIntroduced(), *turn.effects))

    def _take(self, state: State, event: Event) -> Turn:
        if state.step is Step.ENDED:
            state = self.begin(state.household)
        if state.step in LETTER_STEPS:
            return self._take_letter(state, event)
        said_aloud = _SAID_ALOUD.get(state.step)
        if said_aloud is not None and state.step is not Step.CHECKIN_GRATITUDE and isinstance(event, Silence):
            # Partners speak to each other, maybe quietly: the coach goes on, never "I hear nothing".
            # Where the plan asks who is triggered, silence is a skip: on at once.
            silent = I.SKIP if state.step in (Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER) else I.GRATITUDE
            return _tables().step.get((state.step, silent), said_aloud)(self, state, Intent(silent))
        if isinstance(event, Silence) and state.step is Step.TRIGGER_NEED and state.silences == 0:
            # Silence where a need is asked: the couple's own plan's usual need, where it has one.
            offered = trigger_plan.offer_usual_need(self, state)
            if offered is not None:
                return replace(offered, state=replace(offered.state, silences=1))
        if isinstance(event, Silence) and state.step not in (Step.GENTLE_CHECK, Step.SAFETY_CHECK):
            return self._silence(state)
        state = replace(state, silences=0)
        if said_aloud is not None and not isinstance(event, Intent):
            # Whatever was said aloud counts as the answer; its words are not kept.
            return said_aloud(self, state, Intent(I.GRATITUDE))
        handler: Handler | None = None
        if isinstance(event, Intent):
            event, handler = self._route(state.step, event)
        if state.step in (Step.GENTLE_CHECK, Step.SAFETY_CHECK) and not (
            isinstance(event, Intent)
            and ((state.step, event.name) in _tables().step
                 or event.name in (I.REPEAT, I.HELP, I.HELP_LINES, I.WHO_ARE_YOU))
        ):
            # Anything but "stop the exercise" after the gentle check, or but "yes, I am safe"
            # after the safety check, is taken as serious: the safety answer, never silence
            # and never another question. After "ik kan niet meer" the worry leans to
            # suicide (113 first); after "ben je nu veilig?" every help line; danger said
            # there that names what it is about keeps its own answer.
            if isinstance(event, Intent) and event.name == I.SAFETY and self.concern(event) not in (
                Concern.UNCLEAR, Concern.UNSURE
            ):
                said = event
            elif state.step is Step.GENTLE_CHECK:
                said = Intent.of(I.SAFETY, **{SlotName.CONCERN: Concern.SUICIDE})
            else:
                said = Intent(I.SAFETY)
            return commands.safety(self, state, said)
        if not isinstance(event, Intent):
            return self.misunderstood(state)
        if handler is None and state.step is Step.SAFETY_STAY:
            # Someone not safe: whatever else is said gets warmth and the lines again.
            handler = commands.stay_hope
        if handler is None and state.step is Step.SAFETY and (
            event.name not in _tables().global_ or event.name in _NOT_CLEARLY_SAFE
        ):
            # "Ben je nu veilig?" answered with anything but an exercise asked for ("ik ben
            # bang", "ik zit in de auto", "hij ligt te slapen") is not clearly safe: the coach stays.
            handler = commands.safety_unsafe
        if handler is None and state.step in commands.SAFETY_STEPS:
            # A safety conversation is left only by stopping, or once safe by an exercise
            # asked for: nothing else is taken from it.
            handler = commands.safety_hold
        if handler is None and said_aloud is not None:
            # Any other answer counts as said aloud too.
            handler = said_aloud
        if handler is None:
            # Understood, but not an answer to this step: what can be said here, never "not understood".
            handler = commands.guide
        return handler(self, state, event)

    def _take_letter(self, state: State, event: Event) -> Turn:
        """A turn at a writing pause: the letter's commands and danger, nothing else."""
        if isinstance(event, Intent):
            event, handler = self._route(state.step, event)
            if handler is not None:
                return handler(self, state, event)
        from dialogue import letter

        return letter.wait(self, state) if isinstance(event, Silence) else letter.let_go(self, state)
    def _route(self, step: Step, intent: Intent) -> tuple[Intent, Handler | None]:
        """What `intent` is at `step`, and the handler that answers it (None: nothing here).

        Alexa sends words two intents share as one of them, without knowing the step
        (`dialogue.shared_words`): "samen" as together or the need "tijd samen", "moe" as
        a weather or a feeling. Every intent the same words may have arrived as is
        routed the same way, by the first of these that takes one of them:

        1. the step's own answer (its row of the step table, `_tables()`): feeling words at the weather
           question are that weather, "samen" at "samen of alleen?" is together; an intent
           without slots is read as the value its words share ("ja" at the weather is zonnig);
        2. a correction (`_CORRECTIONS`), but only with words no other intent claims: "storm"
           at the need question corrects the weather, "moe" (also a feeling) does not;
        3. a command of every step (the global table): "ik ben in paniek" starts the trigger plan;
           so does the feeling of a trigger moment named at the menu ("ik ben woedend");
        4. what the locale reads an intent as where the step takes the other (understanding.toml,
           `read_as`): a feeling named where none was asked is pain said (DistressIntent).

        Before all these, once someone said they are safe, an exercise asked for starts anew
        (`_exercise_anew`).
        """
        readings = self.locale.shared_words.readings(intent)
        in_safety = step in commands.SAFETY_STEPS
        tables = _tables()
        step_table = tables.step
        commands_here = (_SAFETY_GLOBALS if in_safety else _LETTER_GLOBALS if step in LETTER_STEPS
                         else tables.global_)

        def chosen(found: Sequence[Intent]) -> Intent:
            # The first in one order, whatever arrived; the words as they arrived when it is that one.
            first = found[0]
            return intent if (first.name, first.slots) == (intent.name, intent.slots) else first

        exercise = [r for r in readings if r.name in _EXERCISES] if step is Step.SAFETY_FOLLOWUP else []
        if exercise:
            return chosen(exercise), _exercise_anew
        table = [r for r in readings if (step, r.name) in step_table]
        if table:
            read = chosen(table)
            return read, step_table[(step, read.name)]
        if not in_safety and len({r.name for r in readings}) == 1 and (step, intent.name) in _CORRECTIONS:
            return intent, _CORRECTIONS[(step, intent.name)]
        everywhere = [r for r in readings if r.name in commands_here]
        if everywhere:
            read = chosen(everywhere)
            return read, commands_here[read.name]
        if step is Step.MENU:
            felt = [r for r in readings if r.name == I.FEELING and r.slot(SlotName.FEELING) in trigger_plan.TRIGGER_FEELINGS]
            if felt:
                return felt[0], trigger_plan.start
        for reading in readings:
            other = self.locale.rules.read_as.get(reading.name)
            if other is not None and (step, other) in step_table:
                return Intent(other), step_table[(step, other)]
        for reading in readings:
            other = self.locale.rules.read_as.get(reading.name)
            if other is not None and other in commands_here:
                return Intent(other), commands_here[other]
        return intent, None

    def interrupted(self, state: State) -> tuple[Effect, ...]:
        """What to keep when a conversation ends without a goodbye (input ended, the
        device closed the session): the check-in answers given so far, as a stop would."""
        if state.step is Step.ENDED:
            return ()
        return checkin.partial(state) + trigger_plan.pending(state)

    def expected_intents(self, state: State) -> tuple[I, ...]:
        """The intents that answer the current step (for context-aware understanding).
        Looked up, not computed: cheap enough for every turn."""
        return _derived()[0][state.step]

    def listening_intents(self, state: State) -> tuple[I, ...]:
        """Every intent the coach can act on at this step: the step's answers, then the
        commands of the global table (safety among them). An ended conversation listens
        as a fresh one does, at the menu."""
        return _derived()[1][state.step]

    # --- building replies (used by the handlers) ------------------------------------------

    def say(self, prompt_id: str, **params: object) -> Say:
        """The locale's sentence with this id as a reply part (and, when it holds a phone
        number, the same sentence with the number written as it is said, for speech)."""
        text = self.locale.say(prompt_id, **params)
        speech = self.locale.speech(text)
        return Say(text, None if speech == text else speech)

    def vary(self, state: State, prompt_id: str, **params: object) -> Say:
        """The locale's sentence said in one of its ways, chosen from the state, never by
        chance: another one each day, for each partner and at each step, so a daily
        acknowledgement does not always sound the same, and the same turn says the same."""
        choice = state.household.today.toordinal() + state.partner_index + _VARY_OFFSET.get(state.step, 0)
        return self.say_variant(prompt_id, choice, **params)

    def say_variant(self, prompt_id: str, choice: int, **params: object) -> Say:
        """Way `choice` (modulo how many there are) of saying the locale's sentence with this
        id, as a reply part (written as said, for speech, as `say`)."""
        text = self.locale.say_variant(prompt_id, choice, **params)
        speech = self.locale.speech(text)
        return Say(text, None if speech == text else speech)

    def ask(
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
        state = replace(state, step=step, misunderstood=0, **changes)
        if question:
            parts = [*parts, *self._question(state)]
        reply = Reply(tuple(parts), (self._reprompt(state),), end_session=False)
        return Turn(reply, replace(state, last_reply=reply), effects)

    def end(self, state: State, parts: Sequence[Part], effects: tuple[Effect, ...] = ()) -> Turn:
        """End the conversation, keeping what the check-in has so far."""
        if state.step in commands.SAFETY_STEPS:
            return commands.safety_stop(self, state)  # a safety conversation stores nothing
        effects = effects + checkin.partial(state)
        if state.letter_left is not None:
            from dialogue import letter  # (here: a launch never reaches the letter)

            parts = [*parts, letter.waiting(self, state.letter_left)]
        reply = Reply(tuple(parts), None, end_session=True)
        return Turn(reply, self.ended(state, reply), effects)

    def ended(self, state: State, reply: Reply | None) -> State:
        """The state of an ended conversation: only the household stays."""
        return State(household=state.household, step=Step.ENDED, last_reply=reply)

    def concern(self, intent: Intent) -> str:
        """What a SafetyIntent is about (a `Concern`); without the slot (Alexa) it is UNCLEAR."""
        value = intent.slot(SlotName.CONCERN)
        return value if value is not None and value in Concern._value2member_map_ else Concern.UNCLEAR

    def value(self, intent: Intent, slot: SlotName) -> str | None:
        """The slot's value id if this locale knows it; an unknown id counts as not understood."""
        value = intent.slot(slot)
        if value is None or value not in self._value_ids[self._slot_types[slot]]:
            return None
        return value

    def value_ids(self, slot: SlotName) -> tuple[str, ...]:
        """The value ids of one of the core's slots, in the interaction model's order."""
        return tuple(v.id for v in self.locale.slot_types[self._slot_types[slot]].values)

    def value_name(self, slot: SlotName, value_id: str) -> str:
        """The spoken name of a value id of one of the core's slots (e.g. KNUFFEL -> 'een knuffel')."""
        return self.locale.value_name(self._slot_types[slot], value_id)

    def partner_name(self, state: State, index: int) -> str:
        """Partner `index`'s name, or 'partner één/twee' when the names are not known."""
        names = state.household.names
        if names is not None:
            return names[index]
        return self.locale.say("partner_one" if index == 0 else "partner_two")

    def both_names(self, names: tuple[str, str]) -> str:
        """The two names as the locale pairs them ('Sam en Lotte')."""
        return self.locale.say("names_pair", first=names[0], second=names[1])

    def misunderstood(self, state: State) -> Turn:
        """Not understood: the reprompt, then help, then patience and the ways on; and so on
        again. Nobody is sent away for being hard to understand: the conversation stays open.
        After danger was said, whatever is not understood gets the numbers again; an answer
        to "Ben je nu veilig?" not understood is not clearly safe: the coach stays."""
        if state.step is Step.SAFETY:
            return commands.safety_unsafe(self, state, Intent(I.NO))
        if state.step is Step.SAFETY_STAY:
            return commands.stay_hope(self, state, Intent(I.NO))
        if state.step is Step.CONFIRM_ERASE:
            return commands.erase_unsure(self, state, Intent(I.PARTLY))
        if state.step is Step.CONFIRM_WITHDRAW:
            return commands.withdraw_unsure(self, state, Intent(I.PARTLY))
        if state.step in commands.SAFETY_STEPS:
            return commands.safety_repeat(self, state, Intent(I.REPEAT))
        count = state.misunderstood % MAX_MISUNDERSTOOD + 1
        if count == 1:
            parts: list[Part] = [self.say("not_understood"), self._reprompt(state)]
        elif count == 2:
            parts = [self.say("not_understood_again"), self.step_say(state, "help")]
        else:
            parts = [self.say("not_understood_patient")]
        turn = self.ask(state, state.step, parts, question=False)
        return replace(turn, state=replace(turn.state, misunderstood=count))

    def ask_again(self, state: State, parts: Sequence[Part], effects: tuple[Effect, ...] = (), *,
                  question: bool = True) -> Turn:
        """Something said beside the step's question (a greeting, "wat ben jij?", the help
        lines asked for): these parts, then the same question; how often the coach did not
        understand stays as it was."""
        turn = self.ask(state, state.step, parts, effects, question=question)
        return replace(turn, state=replace(turn.state, misunderstood=state.misunderstood))

    def guide(self, state: State) -> Turn:
        """Understood, but no answer to this step (a weather at the menu, a need while
        breathing): not "not understood", but what can be said here, and the question."""
        return self.ask_again(state, [self.say("out_of_step"), self.say(f"help_{state.step.value}")], question=False)

    def _silence(self, state: State) -> Turn:
        if state.step is Step.SAFETY_STAY:
            return commands.stay_silence(self, state)
        if state.step is Step.PAUSED:
            # A pause was asked for: the coach waits as long as it takes, never a goodbye (in a
            # trigger moment least of all). One kind word, then quiet; Alexa has its reprompt.
            parts = [] if state.silences else [self.say("paused_waiting")]
            reply = Reply(tuple(parts), (self.say("paused_waiting"),), end_session=False)
            return Turn(reply, replace(state, silences=1, last_reply=state.last_reply if not parts else reply))
        in_trigger_moment = state.step in trigger_plan.STEPS
        if state.silences == 1 and in_trigger_moment:
            # In a trigger moment silence may be someone calming down or crying: the coach
            # stays once more, then leaves the door open.
            turn = self.ask(state, state.step, [self.say("silence_stay")], question=False)
            return replace(turn, state=replace(turn.state, silences=2, misunderstood=state.misunderstood))
        if state.silences >= 1:
            return self.end(state, [self.say("silence_goodbye_trigger" if in_trigger_moment else "silence_goodbye")])
        turn = self.ask(state, state.step, [self._reprompt(state)], question=False)
        return replace(turn, state=replace(turn.state, silences=1, misunderstood=state.misunderstood))

    def _question(self, state: State) -> list[Part]:
        step = state.step
        if step is Step.MENU:
            return [self.say("menu_question")]
        if step is Step.SAFETY and state.concern in _ASKED_OF_OTHERS:
            return [self.say(f"safety_question_{_ASKED_OF_OTHERS[state.concern]}")]
        if step in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE):
            base = {Step.CHECKIN_WEATHER: "ask_weather", Step.CHECKIN_NEED: "ask_need"}.get(step, "ask_gratitude")
            if state.partners == 1:
                return [self.say(f"{base}_alone")]
            if state.household.names is None:
                return [self.say(f"{base}_unnamed")]
            return [self.say(base, name=self.partner_name(state, state.partner_index),
                             other=self.partner_name(state, 1 - state.partner_index))]
        if step is Step.CHECKIN_GIVE:
            return [self.say("give_question_alone" if state.partners == 1 else "give_question")]
        if step is Step.BREATHING:
            return [self.say("breathing_offer_checkin" if trigger_plan.in_checkin(state) else "breathing_offer")]
        if step is Step.PARTNER_LISTEN:
            return [trigger_plan.partner_question(self, state)]
        if step is Step.WHO_TRIGGERED:
            names = state.household.names or (self.locale.say("partner_one"), self.locale.say("partner_two"))
            return [self.say("who_triggered", first=names[0], second=names[1])]
        if step is Step.PAUSED:
            return [self.say("paused")]
        if step is Step.CONFIRM_ERASE:
            # What is erased, as the deployment keeps it: everything kept with consent, or dates only.
            return [self.say("erase_confirm" if state.household.keeps_answers else "erase_confirm_dates")]
        if step in PLAN_MAKING_STEPS:
            from dialogue import own_plan

            return own_plan.question(self, state)
        if step in (Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER):
            names = state.household.names or (self.locale.say("partner_one"), self.locale.say("partner_two"))
            return [self.say("plan_who", first=names[0], second=names[1])]
        if step is Step.PLAN_NEED_OFFER:
            return [trigger_plan.usual_need_question(self, state)]
        if step is Step.PARTNER_SAY:
            from dialogue import own_plan

            if own_plan.asked_action(state) == "EMPATHY":
                return [self.say("plan_partner_say")]
        if step in LETTER_STEPS:
            from dialogue import letter

            return letter.question(self, state)
        if step in CONTRACT_STEPS:
            from dialogue import contract

            return contract.question(self, state)
        if step in (Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN, Step.CONTRACT_ADJUST, Step.CONTRACT_CHANGE):
            from dialogue import contract_review

            if step is Step.CONTRACT_ADJUST:
                return contract_review.adjust_question(self, state)
            if step is Step.CONTRACT_CHANGE:
                return contract_review.change_question(self, state)
            return contract_review.question(self, state)
        return [self.say(_QUESTION_IDS[step])]

    def _reprompt(self, state: State) -> Say:
        return self.step_say(state, "reprompt")

    def step_say(self, state: State, kind: str) -> Say:
        """The step's sentence of this kind ("help", "reprompt"); where the partner's
        guidance knows who helps and who is triggered, its named version if it has one."""
        prompt_id = f"{kind}_{state.step.value}"
        if state.step is Step.SAFETY and state.concern in _ASKED_OF_OTHERS:
            # (whether the partner is safe; whether taking distance works)
            return self.say(f"{prompt_id}_{_ASKED_OF_OTHERS[state.concern]}")
        named = trigger_plan.helper_and_triggered(self, state)
        if named is not None and f"{prompt_id}_named" in self.locale.prompts:
            return self.say(f"{prompt_id}_named", **named)
        return self.say(prompt_id)


# Where the coach answers danger or asks about it: no introduction goes before these.
_SAFETY_TURN_STEPS = commands.SAFETY_STEPS | {Step.SAFETY_CHECK, Step.GENTLE_CHECK}
# The concerns whose safety question is not "Ben je nu veilig?": the ending of its prompt ids.
_ASKED_OF_OTHERS: dict[str, str] = {Concern.SUICIDE_OTHER: "other", Concern.SPEAKER_HARM: "speaker"}
# The exercises that can be asked for again once someone said they are safe.
_EXERCISES = frozenset({I.START_CHECKIN, I.START_TRIGGER_PLAN, I.PARTNER_TRIGGERED})


def _exercise_anew(coach: Coach, state: State, intent: Intent) -> Turn:
    """Safe, the person said: an exercise asked for ("kunnen we verder met de check-in")
    starts anew, with nothing of the safety conversation kept."""
    return _tables().global_[intent.name](coach, State(household=state.household), intent)


def _is_safety_turn(before: State, turn: Turn) -> bool:
    """A turn of a safety conversation, or one that asks whether someone is safe."""
    return before.step in _SAFETY_TURN_STEPS or turn.state.step in _SAFETY_TURN_STEPS


# Where an acknowledgement of several ways is said, an offset for choosing one (`Coach.vary`):
# consecutive questions differ, so two skips in a row sound different. Written out rather
# than taken from the order of `Step`, so a new step does not change what is said.
_VARY_OFFSET: dict[Step, int] = {
    Step.CHECKIN_WEATHER: 3,
    Step.CHECKIN_NEED: 4,
    Step.CHECKIN_GRATITUDE: 5,
    Step.TRIGGER_FEELING: 8,
    Step.TRIGGER_NEED: 9,
    Step.DISTRESS_CHOICE: 16,
}

_QUESTION_IDS: dict[Step, str] = {
    Step.TRIGGER_FEELING: "ask_feeling",
    Step.TRIGGER_NEED: "ask_trigger_need",
    Step.PARTNER_PRESENT: "ask_partner_present",
    Step.SUPPORT_OFFER: "support_offer",
    Step.CONFIRM_WITHDRAW: "withdraw_confirm",
    Step.CHECKIN_CONSENT: "consent_question",
    Step.CHECKIN_WHO: "checkin_who",
    Step.GENTLE_CHECK: "gentle_check",
    Step.SAFETY_CHECK: "safety_check",
    Step.DISTRESS_CHOICE: "distress_choice",
    Step.STORM_OFFER: "storm_offer",
    Step.PARTNER_SAY: "partner_say",
    Step.SAFETY: "safety_question",
    Step.SAFETY_FOLLOWUP: "safety_followup",
    Step.SAFETY_STAY: "safety_stay",
    Step.TRIGGER_BEFORE: "ask_strength",
    Step.TRIGGER_AFTER: "ask_strength",
    Step.LOOKBACK_OFFER: "lookback_offer",
    Step.SEEK_HELP_OFFER: "seek_help_offer",
    Step.CONTRACT_REVIEW_OFFER: "review_offer",
}

Handler = Callable[[Coach, State, Intent], Turn]

# (step, intent) -> handler: the answer of the question just before, said again right
# after it ("nee, storm"), corrects it. Not what the step asks for (so the understanding
# gives it no bonus there), but listened for.
_CORRECTIONS: dict[tuple[Step, str], Handler] = {
    (Step.CHECKIN_NEED, I.WEATHER): checkin.correct_weather,
    (Step.CHECKIN_GRATITUDE, I.WEATHER): checkin.correct_weather,
    (Step.CHECKIN_GRATITUDE, I.NEED): checkin.correct_need,
    (Step.TRIGGER_NEED, I.FEELING): trigger_plan.correct_feeling,
    # Not a correction, but listened for the same way: "Hoe is het nu?" after the breathing
    # answered with how one is ("slecht", "gaat wel", "weet ik niet meer"), never "that is
    # no answer here".
    (Step.BREATHING, I.WEATHER): trigger_plan.how_now_weather,
    (Step.BREATHING, I.SKIP): trigger_plan.how_now_unsure,
}

class _Tables(NamedTuple):
    step: dict[tuple[Step, str], Handler]
    global_: dict[str, Handler]


@functools.cache
def _tables() -> _Tables:
    """The step table and the global table, made at the first turn taken, not at import: they
    name the handlers of the flows a launch never reaches (the letter, the contract and its
    review, the look-back, the own plan, seeking help), whose modules a cold start is spared."""
    from dialogue import contract, contract_review, letter, lookback, own_plan, seek_help

    # (step, intent) -> handler: what each answer means at each step.
    step: dict[tuple[Step, str], Handler] = {
        # Names only at the menu: mid-exercise a sentence like "ik ben moe en ..." is an answer.
        (Step.MENU, I.SET_NAMES): commands.set_names,
        # The first check-in: may the weather and needs be kept? Asked once per household.
        (Step.CHECKIN_CONSENT, I.YES): checkin.consent_yes,
        (Step.CHECKIN_CONSENT, I.NO): checkin.consent_no,
        (Step.CHECKIN_CONSENT, I.WITHDRAW_CONSENT): checkin.consent_no,
        # A question or a doubt there is never a yes: what is kept and where, and the question again.
        (Step.CHECKIN_CONSENT, I.WHAT_IS_KEPT): commands.what_is_kept,
        (Step.CHECKIN_CONSENT, I.SKIP): commands.what_is_kept,
        (Step.CHECKIN_WHO, I.TOGETHER): checkin.together,
        (Step.CHECKIN_WHO, I.YES): checkin.together,
        (Step.CHECKIN_WHO, I.ALONE): checkin.alone,
        (Step.CHECKIN_WHO, I.NO): checkin.alone,
        (Step.CHECKIN_WEATHER, I.WEATHER): checkin.weather,
        (Step.CHECKIN_WEATHER, I.SKIP): checkin.skip_question,
        (Step.CHECKIN_NEED, I.NEED): checkin.need,
        (Step.CHECKIN_NEED, I.SKIP): checkin.skip_question,
        (Step.CHECKIN_GRATITUDE, I.GRATITUDE): checkin.gratitude,
        (Step.CHECKIN_GRATITUDE, I.SKIP): checkin.skip_question,
        # "Lukt het om dat vandaag te geven?": yes, no, or whatever is said aloud (not kept).
        (Step.CHECKIN_GIVE, I.YES): checkin.give,
        (Step.CHECKIN_GIVE, I.NO): checkin.give,
        (Step.CHECKIN_GIVE, I.PARTLY): checkin.give,
        (Step.CHECKIN_GIVE, I.GRATITUDE): checkin.give,
        # Pain where a gratitude was asked is never thanked: a choice to skip it, or to breathe.
        (Step.CHECKIN_GRATITUDE, I.DISTRESS): checkin.distress,
        (Step.DISTRESS_CHOICE, I.SKIP): checkin.distress_skip,
        (Step.DISTRESS_CHOICE, I.NO): checkin.distress_skip,
        (Step.DISTRESS_CHOICE, I.NEXT): checkin.distress_skip,
        # Breathing offered there is part of the check-in: it goes on after it ("ik ben getriggerd"
        # is the trigger plan itself).
        (Step.DISTRESS_CHOICE, I.YES): trigger_plan.breathe_in_checkin,
        (Step.DISTRESS_CHOICE, I.START_TRIGGER_PLAN): trigger_plan.start,
        (Step.DISTRESS_CHOICE, I.MORE_BREATHS): trigger_plan.breathe_in_checkin,
        (Step.STORM_OFFER, I.YES): trigger_plan.start,
        (Step.STORM_OFFER, I.START_TRIGGER_PLAN): trigger_plan.start,
        (Step.STORM_OFFER, I.MORE_BREATHS): trigger_plan.start,
        (Step.STORM_OFFER, I.NO): checkin.storm_no,
        (Step.STORM_OFFER, I.SKIP): checkin.storm_no,
        (Step.STORM_OFFER, I.NEXT): checkin.storm_no,
        # "Hoe is het nu? Ben je klaar om je gevoel te benoemen?": "ja", "goed", "ok" go on,
        # "nee" is not ready yet
        (Step.BREATHING, I.YES): trigger_plan.to_feeling,
        (Step.BREATHING, I.MORE_BREATHS): trigger_plan.more_breaths,
        (Step.BREATHING, I.NO): trigger_plan.more_breaths,
        (Step.BREATHING, I.PARTLY): trigger_plan.more_breaths,  # "niet echt", "nog niet helemaal"
        (Step.BREATHING, I.NEXT): trigger_plan.to_feeling,
        (Step.BREATHING, I.SLOWER): trigger_plan.change_pace,
        (Step.BREATHING, I.FASTER): trigger_plan.change_pace,
        (Step.BREATHING, I.FEELING): trigger_plan.feeling,
        (Step.BREATHING, I.INTENSITY): trigger_plan.how_now_strength,  # "een vijf": how strong it is now
        (Step.TRIGGER_FEELING, I.FEELING): trigger_plan.feeling,
        (Step.TRIGGER_FEELING, I.SKIP): trigger_plan.skip_feeling,
        (Step.TRIGGER_NEED, I.NEED): trigger_plan.need,
        (Step.TRIGGER_NEED, I.SKIP): trigger_plan.skip_need,
        (Step.PARTNER_PRESENT, I.YES): trigger_plan.partner_here,
        (Step.PARTNER_PRESENT, I.TOGETHER): trigger_plan.partner_here,
        (Step.PARTNER_PRESENT, I.NO): trigger_plan.partner_away,
        (Step.PARTNER_PRESENT, I.ALONE): trigger_plan.partner_away,
        (Step.WHO_TRIGGERED, I.TRIGGERED_NAME): trigger_plan.who_triggered,
        (Step.WHO_TRIGGERED, I.PARTNER_TRIGGERED): trigger_plan.who_triggered,  # said again: go on
        (Step.SUPPORT_OFFER, I.YES): trigger_plan.support_yes,
        (Step.SUPPORT_OFFER, I.NO): trigger_plan.support_no,
        (Step.PAUSED, I.RESUME): commands.resume,
        (Step.PAUSED, I.YES): commands.resume,
        (Step.PAUSED, I.NEXT): commands.resume,
        (Step.PAUSED, I.SLOWER): trigger_plan.change_pace,
        (Step.PAUSED, I.FASTER): trigger_plan.change_pace,
        (Step.CONFIRM_ERASE, I.YES): commands.erase_confirmed,
        (Step.CONFIRM_ERASE, I.NO): commands.erase_declined,
        (Step.CONFIRM_ERASE, I.CANCEL): commands.erase_declined,
        # Only a clear yes erases or withdraws: doubt ("weet ik niet zeker"), a hedged or
        # questioning yes (PartlyIntent, see understanding.toml `unclear_yes`) asks again.
        (Step.CONFIRM_ERASE, I.PARTLY): commands.erase_unsure,
        (Step.CONFIRM_ERASE, I.SKIP): commands.erase_unsure,
        (Step.CONFIRM_WITHDRAW, I.PARTLY): commands.withdraw_unsure,
        (Step.CONFIRM_WITHDRAW, I.SKIP): commands.withdraw_unsure,
        (Step.CONFIRM_WITHDRAW, I.YES): commands.withdraw_confirmed,
        (Step.CONFIRM_WITHDRAW, I.WITHDRAW_CONSENT): commands.withdraw_confirmed,
        (Step.CONFIRM_WITHDRAW, I.NO): commands.withdraw_declined,
        (Step.CONFIRM_WITHDRAW, I.CANCEL): commands.withdraw_declined,
        # After the gentle check only "stop the exercise" is a calm stop; the rest is safety.
        (Step.GENTLE_CHECK, I.STOP): commands.gentle_stop,
        (Step.GENTLE_CHECK, I.CANCEL): commands.gentle_stop,
        (Step.GENTLE_CHECK, I.NAVIGATE_HOME): commands.gentle_stop,
        # After the safety check only "yes, I am safe" goes on, and stopping stops; "nee" or
        # doubt is not safe: every line, and the coach stays; the rest is safety.
        (Step.SAFETY_CHECK, I.YES): commands.safety_check_fine,
        (Step.SAFETY_CHECK, I.SAFE): commands.safety_check_fine,
        (Step.SAFETY_CHECK, I.NO): commands.safety_not_safe,
        (Step.SAFETY_CHECK, I.PARTLY): commands.safety_not_safe,
        (Step.SAFETY_CHECK, I.SKIP): commands.safety_not_safe,
        (Step.SAFETY_CHECK, I.STOP): commands.gentle_stop,
        (Step.SAFETY_CHECK, I.CANCEL): commands.gentle_stop,
        (Step.SAFETY_CHECK, I.NAVIGATE_HOME): commands.gentle_stop,
        # The partner in the room speaks (GratitudeIntent is the locale's free answer: whatever
        # was said aloud, its words never kept); pain said there is heard as said, too.
        (Step.PARTNER_SAY, I.GRATITUDE): trigger_plan.partner_said,
        (Step.PARTNER_SAY, I.DISTRESS): trigger_plan.partner_said,
        (Step.PARTNER_LISTEN, I.GRATITUDE): trigger_plan.partner_listened,
        (Step.PARTNER_LISTEN, I.DISTRESS): trigger_plan.partner_listened,
        # The letter: on part by part, the part again, another part, or stop. Nothing stored.
        (Step.LETTER_INTRO, I.YES): letter.next_part,  # "Heb je pen en papier?" "Ja."
        **{
            (step, intent): handler
            for step in letter.STEPS
            for intent, handler in (
                (I.NEXT, letter.next_part),
                (I.RESUME, letter.next_part),
                (I.REPEAT, letter.again),
                (I.START_LETTER, letter.asked_part),
                (I.START_OVER, letter.from_start),
                (I.STOP, letter.stop),
                (I.CANCEL, letter.stop),
                (I.NAVIGATE_HOME, letter.stop),
            )
        },
        # How strong the feeling is, before and after the breathing: a number, or go on (see
        # _SAID_ALOUD: silence and anything else go on too; nobody is held up here).
        (Step.TRIGGER_BEFORE, I.INTENSITY): trigger_plan.rated_before,
        (Step.TRIGGER_BEFORE, I.SKIP): trigger_plan.not_rated_before,
        (Step.TRIGGER_BEFORE, I.NEXT): trigger_plan.not_rated_before,
        # A feeling or pain said at the strength question: no number needed, breathe now.
        (Step.TRIGGER_BEFORE, I.FEELING): trigger_plan.not_rated_before,
        (Step.TRIGGER_BEFORE, I.DISTRESS): trigger_plan.not_rated_before,
        (Step.TRIGGER_AFTER, I.INTENSITY): trigger_plan.rated_after,
        (Step.TRIGGER_AFTER, I.SKIP): trigger_plan.not_rated_after,
        (Step.TRIGGER_AFTER, I.NEXT): trigger_plan.not_rated_after,
        (Step.TRIGGER_AFTER, I.FEELING): trigger_plan.feeling_after,
        (Step.TRIGGER_AFTER, I.MORE_BREATHS): trigger_plan.more_breaths_after,
        # A new week's first check-in is done: look back on the week?
        (Step.LOOKBACK_OFFER, I.YES): lookback.offer_yes,
        (Step.LOOKBACK_OFFER, I.LOOK_BACK): lookback.offer_yes,
        (Step.LOOKBACK_OFFER, I.NO): lookback.offer_no,
        (Step.LOOKBACK_OFFER, I.SKIP): lookback.offer_no,
        # Help is due after a check-in or a look-back: "Mag ik nog iets voorstellen?"
        (Step.SEEK_HELP_OFFER, I.YES): seek_help.yes,
        (Step.SEEK_HELP_OFFER, I.NO): seek_help.no,
        (Step.SEEK_HELP_OFFER, I.SKIP): seek_help.no,
        # The trust contract: each area's agreement offered kept ("ja"), another one offered
        # instead ("nee"), or the area left out ("sla over").
        **{
            (step, intent): handler
            for step in contract.STEPS
            for intent, handler in (
                (I.YES, contract.keep),
                (I.NO, contract.decline),
                (I.SKIP, contract.drop),
                (I.NEXT, contract.drop),
            )
        },
        # The couple's own trigger plan, for each partner in turn: what usually helps (a need,
        # maybe one more; own words kept as such), then what the partner does best.
        (Step.PLAN_NEED, I.NEED): own_plan.need,
        (Step.PLAN_NEED_MORE, I.NEED): own_plan.need,
        **{(step, intent): own_plan.no_more_needs for step in (Step.PLAN_NEED, Step.PLAN_NEED_MORE)
           for intent in (I.NO, I.SKIP, I.NEXT)},
        (Step.PLAN_ACTION, I.PLAN_ACTION): own_plan.action,
        # What the partner does, said where what helps is asked ("houd me vast"): that part answered.
        (Step.PLAN_NEED, I.PLAN_ACTION): own_plan.action,
        (Step.PLAN_NEED_MORE, I.PLAN_ACTION): own_plan.action,
        (Step.PLAN_ACTION, I.NEED): own_plan.action,  # "ruimte", "een knuffel": the action it asks for
        (Step.PLAN_ACTION, I.NO): own_plan.no_action,
        (Step.PLAN_ACTION, I.SKIP): own_plan.no_action,
        (Step.PLAN_ACTION, I.NEXT): own_plan.no_action,
        # The plan in a trigger moment: who of the two is triggered (where their parts differ),
        # and the usual need offered to who cannot name one.
        (Step.PLAN_WHO_NEED, I.TRIGGERED_NAME): trigger_plan.who_for_need,
        (Step.PLAN_WHO_NEED, I.START_TRIGGER_PLAN): trigger_plan.who_for_need,  # "ik ben het", "ik ben getriggerd"
        (Step.PLAN_WHO_NEED, I.SKIP): trigger_plan.who_for_need_passed,
        (Step.PLAN_WHO_PARTNER, I.TRIGGERED_NAME): trigger_plan.who_for_partner,
        (Step.PLAN_WHO_PARTNER, I.START_TRIGGER_PLAN): trigger_plan.who_for_partner,
        (Step.PLAN_WHO_PARTNER, I.SKIP): trigger_plan.who_for_partner_passed,
        (Step.PLAN_NEED_OFFER, I.YES): trigger_plan.usual_need_yes,
        (Step.PLAN_NEED_OFFER, I.NO): trigger_plan.usual_need_no,
        (Step.PLAN_NEED_OFFER, I.NEED): trigger_plan.need,
        (Step.PLAN_NEED_OFFER, I.SKIP): trigger_plan.skip_need,
        (Step.PLAN_NEED_OFFER, I.NEXT): trigger_plan.skip_need,
        # Its monthly review: offered after a new month's first check-in; each agreement ja,
        # deels or nee (or what the coach saw, confirmed); then keep, change or drop.
        (Step.CONTRACT_REVIEW_OFFER, I.YES): contract_review.offer_yes,
        (Step.CONTRACT_REVIEW_OFFER, I.REVIEW_CONTRACT): contract_review.offer_yes,
        (Step.CONTRACT_REVIEW_OFFER, I.NO): contract_review.offer_no,
        (Step.CONTRACT_REVIEW_OFFER, I.SKIP): contract_review.offer_no,
        (Step.CONTRACT_REVIEW, I.YES): contract_review.answer_yes,
        (Step.CONTRACT_REVIEW, I.PARTLY): contract_review.answer_partly,
        (Step.CONTRACT_REVIEW, I.NO): contract_review.answer_no,
        (Step.CONTRACT_REVIEW, I.SKIP): contract_review.answer_skip,
        (Step.CONTRACT_REVIEW, I.NEXT): contract_review.answer_skip,
        (Step.CONTRACT_REVIEW_SEEN, I.YES): contract_review.seen_yes,
        (Step.CONTRACT_REVIEW_SEEN, I.PARTLY): contract_review.answer_partly,
        (Step.CONTRACT_REVIEW_SEEN, I.NO): contract_review.seen_no,
        (Step.CONTRACT_REVIEW_SEEN, I.SKIP): contract_review.answer_skip,
        (Step.CONTRACT_REVIEW_SEEN, I.NEXT): contract_review.answer_skip,
        (Step.CONTRACT_ADJUST, I.ADJUST_AGREEMENT): contract_review.adjust,
        (Step.CONTRACT_ADJUST, I.SKIP): contract_review.keep,
        (Step.CONTRACT_ADJUST, I.NEXT): contract_review.keep,
        (Step.CONTRACT_CHANGE, I.YES): contract_review.change_yes,
        (Step.CONTRACT_CHANGE, I.NO): contract_review.change_no,
        (Step.CONTRACT_CHANGE, I.SKIP): contract_review.change_no,
        (Step.CONTRACT_CHANGE, I.NEXT): contract_review.change_no,
        # A safety conversation: "ben je nu veilig?", the numbers again, or stop. Nothing stored.
        **{
            (step, intent): handler
            for step in (Step.SAFETY, Step.SAFETY_FOLLOWUP)
            for intent, handler in (
                (I.YES, commands.safety_safe),
                (I.SAFE, commands.safety_safe),
                (I.NO, commands.safety_unsafe),
                (I.REPEAT, commands.safety_repeat),
                (I.STOP, commands.safety_stop),
                (I.CANCEL, commands.safety_stop),
                (I.NAVIGATE_HOME, commands.safety_stop),
            )
        },
        # Asked "ben je nu veilig?" once: "laat maar" (cancel) is no answer yet, the coach
        # stays and asks once more, as where it stays; "stop" itself ends at once (a stop
        # must always stop, on a speaker too).
        (Step.SAFETY, I.CANCEL): commands.stay_stop,
        # Safe, said: "ok", "dank je" (heard as yes or no; nothing was asked) end kindly.
        (Step.SAFETY_FOLLOWUP, I.YES): commands.safety_thanks,
        (Step.SAFETY_FOLLOWUP, I.NO): commands.safety_thanks,
        # "Ben je nu veilig?" answered with doubt ("niet echt", "weet ik niet") is not safe;
        # alone now is heard as such. Either way the coach stays.
        (Step.SAFETY, I.PARTLY): commands.safety_unsafe,
        (Step.SAFETY_FOLLOWUP, I.PARTLY): commands.safety_unsafe,
        (Step.SAFETY, I.SKIP): commands.safety_unsafe,
        (Step.SAFETY, I.ALONE): commands.stay_alone,
        # Staying with someone not safe: every answer met warmly, with the lines and someone
        # to come; only a clear stop (once the lines were said twice) ends it.
        (Step.SAFETY_STAY, I.YES): commands.stay_yes,
        # "Ik ben veilig" where the coach stays: heard, with the lines for what is not acute.
        (Step.SAFETY_STAY, I.SAFE): commands.safety_safe,
        (Step.SAFETY_STAY, I.NO): commands.stay_no,
        (Step.SAFETY_STAY, I.ALONE): commands.stay_alone,
        (Step.SAFETY_STAY, I.PARTLY): commands.stay_hope,
        (Step.SAFETY_STAY, I.SKIP): commands.stay_hope,
        (Step.SAFETY_STAY, I.REPEAT): commands.safety_repeat,
        (Step.SAFETY_STAY, I.STOP): commands.stay_stop,
        (Step.SAFETY_STAY, I.CANCEL): commands.stay_stop,
        (Step.SAFETY_STAY, I.NAVIGATE_HOME): commands.stay_stop,
    }

    # intent -> handler: what an intent means wherever the step table says nothing.
    global_: dict[str, Handler] = {
        I.SAFETY: commands.safety,
        I.HELP: commands.help_,
        I.REPEAT: commands.repeat,
        I.STOP: commands.stop,
        I.CANCEL: commands.stop,
        I.NAVIGATE_HOME: commands.stop,
        I.ERASE_DATA: commands.erase_request,
        I.WITHDRAW_CONSENT: commands.withdraw_request,
        I.WHO_ARE_YOU: commands.who_are_you,
        I.GREET: commands.greet,
        I.HELP_LINES: commands.lines_asked,
        I.WHAT_IS_KEPT: commands.what_is_kept,
        I.SEEK_HELP: seek_help.asked,
        I.SET_COUNTRY: commands.set_country,
        I.START_CHECKIN: checkin.start,
        I.START_TRIGGER_PLAN: trigger_plan.start,
        I.START_LETTER: letter.start,
        I.PARTNER_TRIGGERED: trigger_plan.partner_triggered,
        I.START_OVER: commands.start_over,
        I.PAUSE: commands.pause,
        I.RESUME: commands.resume_elsewhere,
        I.AMBIGUOUS: commands.gentle_check,
        I.DISTRESS: commands.distress,
        I.LOOK_BACK: lookback.look_back,
        I.MAKE_CONTRACT: contract.start,
        I.READ_CONTRACT: contract.read,
        I.MAKE_TRIGGER_PLAN: own_plan.start,
        I.READ_TRIGGER_PLAN: own_plan.read,
        I.REVIEW_CONTRACT: contract_review.start,
    }
    return _Tables(step, global_)


# Steps where whatever is said aloud is the answer (its words never kept).
_SAID_ALOUD: dict[Step, Handler] = {
    Step.CHECKIN_GRATITUDE: checkin.gratitude,
    Step.CHECKIN_GIVE: checkin.give,
    Step.PARTNER_SAY: trigger_plan.partner_said,
    Step.PARTNER_LISTEN: trigger_plan.partner_listened,
    Step.WHO_TRIGGERED: trigger_plan.who_triggered,
    # Where the plan asks who is triggered: anything but a name gets the names once more.
    Step.PLAN_WHO_NEED: trigger_plan.who_for_need,
    Step.PLAN_WHO_PARTNER: trigger_plan.who_for_partner,
    # Not said aloud, but as little held up: at the strength questions of a trigger moment,
    # silence or anything that is not a number goes on at once.
    Step.TRIGGER_BEFORE: trigger_plan.not_rated_before,
    Step.TRIGGER_AFTER: trigger_plan.not_rated_after,
}

# Commands that, said as the answer to "ben je nu veilig?", are no exercise asked for but
# someone not clearly safe: panic, the partner's state, "ik kan niet meer", pain.
_NOT_CLEARLY_SAFE = frozenset({I.START_TRIGGER_PLAN, I.PARTNER_TRIGGERED, I.AMBIGUOUS, I.DISTRESS})

# What still works in a safety conversation besides its step's rows: danger said again
# (the answer again, fitting what was said), and help.
_SAFETY_GLOBALS: dict[str, Handler] = {
    I.SAFETY: commands.safety,
    I.HELP: commands.help_,
    I.HELP_LINES: commands.lines_asked,
    I.WHO_ARE_YOU: commands.who_are_you,
    I.SET_COUNTRY: commands.set_country,
}


# What works at a writing pause of the letter besides its step's rows: danger, the gentle
# question, help, a pause, "wat ben jij?", and the breathing for whoever is triggered.
_LETTER_GLOBALS: dict[str, Handler] = {
    I.SAFETY: commands.safety,
    I.AMBIGUOUS: commands.gentle_check,
    I.HELP: commands.help_,
    I.HELP_LINES: commands.lines_asked,
    I.PAUSE: commands.pause,
    I.WHO_ARE_YOU: commands.who_are_you,
    I.SET_COUNTRY: commands.set_country,
    I.START_TRIGGER_PLAN: trigger_plan.start,
}


def _named(names: Iterable[str]) -> tuple[I, ...]:
    """The intents of `IntentName` among these names (the danger net's two intents join
    it when the interaction model has their samples)."""
    return tuple(I(name) for name in names if name in I._value2member_map_)

# Derived from the tables once, at the first ask (a launch asks neither: a cold start is
# spared the work), so the edges can ask every turn.
@functools.cache
def _derived() -> tuple[dict[Step, tuple[I, ...]], dict[Step, tuple[I, ...]]]:
    tables = _tables()
    expected = {step: _named(intent for s, intent in tables.step if s is step) for step in Step}
    listening = {
        step: tuple(dict.fromkeys((
            *expected[Step.MENU if step is Step.ENDED else step],
            *_named(intent for s, intent in _CORRECTIONS if s is step),
            *_named(_SAFETY_GLOBALS if step in commands.SAFETY_STEPS
                    else _LETTER_GLOBALS if step in LETTER_STEPS else tables.global_),
        )))
        for step in Step
    }
    return expected, listening
