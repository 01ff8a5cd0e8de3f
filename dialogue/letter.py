"""The letter of responsibility (Oefening 3), guided and never recorded.

The partner who broke the trust writes, on paper, the article's five parts, one at a
time: what the coach says of each part, then a writing pause ('volgende' or 'klaar'
goes on, 'herhaal' says the part again); after the last, the article's advice to read
it aloud in a safe setting, where the hurt partner may respond but need not forgive at
once. Nothing of the letter is heard or kept: at a writing pause the coach takes only
the letter's commands and danger (rows of the coach's one transition table,
`dialogue.coach`); silence is waited through without a word, and anything else is let
go with one kind note, never repeated back. No handler here returns an effect.

A conversation that ends in the middle (a stop, or Alexa closing the session after its
silence) goes on later from a part: "deel drie van de brief" (`StartLetterIntent`, slot
`part`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.intents import SlotName
from dialogue.model import LETTER_STEPS, Intent, Part, Reply, State, Step, Turn, replace

if TYPE_CHECKING:
    from dialogue.coach import Coach

# The five parts, in the article's order; each is a step and a sentence of the locale.
PARTS = (Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS, Step.LETTER_NEEDS)
STEPS = LETTER_STEPS  # the intro and the parts (dialogue.model, for the coach)
# The values of the `part` slot: a part to go on with, or only the end (the advice).
PART_VALUES = ("DEEL_1", "DEEL_2", "DEEL_3", "DEEL_4", "DEEL_5")
END_VALUE = "EINDE"


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Help me met de brief": what the letter is, then pen and paper. With a part
    ("deel drie van de brief") straight on with that part, or the end. What an unfinished
    check-in had so far is kept, as when another exercise starts."""
    kept = checkin.partial(state)
    turn = _to(coach, checkin.leave(state), _asked(coach, intent), start=True)
    return replace(turn, effects=kept + turn.effects)


def question(coach: Coach, state: State) -> list[Part]:
    """What is said at a letter step, each time it is asked: the part, and how to go on."""
    if state.step is Step.LETTER_INTRO:
        return [coach.say("letter_ready")]
    return [coach.say(state.step.value), coach.say("letter_write")]


def next_part(coach: Coach, state: State, intent: Intent) -> Turn:
    """'Volgende', 'klaar', 'ga door': the next part, after the last the end."""
    index = PARTS.index(state.step) + 1 if state.step in PARTS else 0
    return _to(coach, state, index)


def again(coach: Coach, state: State, intent: Intent) -> Turn:
    """'Herhaal' (or the letter asked for again): this part, said again in full."""
    return coach.ask(state, state.step, [])


def asked_part(coach: Coach, state: State, intent: Intent) -> Turn:
    """A part named while writing ("deel vier van de brief"): that part; none named, this one again."""
    index = _asked(coach, intent)
    return again(coach, state, intent) if index is None else _to(coach, state, index)


def from_start(coach: Coach, state: State, intent: Intent) -> Turn:
    """'Opnieuw': the letter from its beginning."""
    return coach.ask(state, Step.LETTER_INTRO, [coach.say("letter_intro")])


def stop(coach: Coach, state: State, intent: Intent) -> Turn:
    """A stop while writing: nothing was kept, and how to go on later from this part."""
    index = PARTS.index(state.step) if state.step in PARTS else 0
    part = coach.value_name(SlotName.LETTER_PART, PART_VALUES[index])
    return coach.end(state, [coach.say("letter_stop", part=part)])


def waiting(coach: Coach, left: Step) -> Part:
    """The letter left at `left` for a trigger moment: where to go on, when the moment ends."""
    index = PARTS.index(left) if left in PARTS else 0
    return coach.say("letter_waiting", part=coach.value_name(SlotName.LETTER_PART, PART_VALUES[index]))


def wait(coach: Coach, state: State) -> Turn:
    """Silence at a writing pause: the coach waits, and says nothing."""
    return Turn(_quiet(coach, state), state)


def let_go(coach: Coach, state: State) -> Turn:
    """Words at a writing pause that are no command (perhaps the letter read aloud): one
    kind note that only the commands are heard, then quiet until a command; nothing of
    what was said is repeated or kept. 'Herhaal' still says the part."""
    if state.misunderstood:
        return Turn(_quiet(coach, state), state)
    reply = Reply((coach.say("letter_ignored"),), _quiet(coach, state).reprompt, end_session=False)
    return Turn(reply, replace(state, misunderstood=1))


def _quiet(coach: Coach, state: State) -> Reply:
    return Reply((), (coach.say(f"reprompt_{state.step.value}"),), end_session=False)


def _asked(coach: Coach, intent: Intent) -> int | None:
    """The part asked for (0-4, or 5 for the end), or None when none is named."""
    value = coach.value(intent, SlotName.LETTER_PART)
    if value == END_VALUE:
        return len(PARTS)
    return PART_VALUES.index(value) if value in PART_VALUES else None


def _to(coach: Coach, state: State, index: int | None, *, start: bool = False) -> Turn:
    """To part `index` (None: the introduction; past the last part: the end)."""
    if index is None:
        return coach.ask(state, Step.LETTER_INTRO, [coach.say("letter_intro")])
    if index >= len(PARTS):
        return coach.end(state, [coach.say("letter_end"), coach.say("letter_goodbye")])
    return coach.ask(state, PARTS[index], [coach.say("letter_resume")] if start else [])
