"""The letter of responsibility (Oefening 3), guided and never recorded: table-driven.

Each row starts from a state, sends one event to `Coach.handle` and checks the new step,
that nothing is stored, and the sentences heard (a prompt id rendered with its
parameters) or not heard. At a writing pause only the letter's commands and danger are
taken; silence is waited through without a word, and anything else is let go kindly,
never repeated back.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, replace

import pytest

from dialogue import (
    CheckinEntry,
    Coach,
    Event,
    Household,
    Intent,
    Locale,
    MarkIntroduced,
    SaveCheckin,
    Silence,
    State,
    Step,
    Understander,
    Unrecognized,
)
from dialogue.intents import IntentName as I

TODAY = datetime.date(2026, 11, 27)
H = Household(today=TODAY, introduced=True, consent=True)
S0 = State(household=H)
LETTER_STEPS = (Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
                Step.LETTER_NEEDS)
PARTS = LETTER_STEPS[1:]
PART_IDS = ("letter_deed", "letter_impact", "letter_reason", "letter_actions", "letter_needs")


def at(step: Step, **changes: object) -> State:
    return replace(S0, step=step, **changes)  # type: ignore[arg-type]


def i(name: str, **slots: str) -> Intent:
    return Intent.of(name, **slots)


@dataclass(frozen=True)
class Row:
    id: str
    state: State
    event: Event
    step: Step
    heard: tuple[str | tuple[str, dict[str, str]], ...] = ()
    not_heard: tuple[str, ...] = ()
    quiet: bool = False  # nothing said, still listening
    effects: tuple[object, ...] = ()


ROWS: list[Row] = [
    # --- starting, from anywhere -------------------------------------------------------------
    Row("start at the menu", at(Step.MENU), i(I.START_LETTER), Step.LETTER_INTRO,
        heard=("letter_intro", "letter_ready")),
    Row("start after an ended conversation", at(Step.ENDED), i(I.START_LETTER), Step.LETTER_INTRO,
        heard=("letter_intro",)),
    Row("start in the middle of a check-in keeps what it had",
        at(Step.CHECKIN_NEED, partners=1, entries=(CheckinEntry("BEWOLKT", None),)), i(I.START_LETTER),
        Step.LETTER_INTRO, heard=("letter_intro",), effects=(SaveCheckin(TODAY, (CheckinEntry("BEWOLKT", None),)),)),
    Row("go on with a part ('deel drie van de brief')", at(Step.MENU), i(I.START_LETTER, part="DEEL_3"),
        Step.LETTER_REASON, heard=("letter_resume", "letter_reason", "letter_write"), not_heard=("letter_intro",)),
    Row("go on with the first part", at(Step.MENU), i(I.START_LETTER, part="DEEL_1"), Step.LETTER_DEED,
        heard=("letter_resume", "letter_deed")),
    Row("only the end ('het einde van de brief')", at(Step.MENU), i(I.START_LETTER, part="EINDE"), Step.ENDED,
        heard=("letter_end", "letter_goodbye")),
    Row("a part the locale does not know starts at the beginning", at(Step.MENU), i(I.START_LETTER, part="DEEL_9"),
        Step.LETTER_INTRO, heard=("letter_intro",)),
    # --- on, one part at a time ----------------------------------------------------------------
    Row("pen and paper ready", at(Step.LETTER_INTRO), i(I.NEXT), Step.LETTER_DEED,
        heard=("letter_deed", "letter_write")),
    Row("pen and paper ready: 'ja'", at(Step.LETTER_INTRO), i(I.YES), Step.LETTER_DEED, heard=("letter_deed",)),
    *[
        Row(f"{before.value} done ({how})", at(before), i(intent), after, heard=(PART_IDS[n + 1], "letter_write"),
            not_heard=(PART_IDS[n],))
        for n, (before, after) in enumerate(itertools.pairwise(PARTS))
        for how, intent in (("volgende", I.NEXT), ("ga door", I.RESUME))
    ],
    Row("the last part done: the article's advice, and the end", at(Step.LETTER_NEEDS), i(I.NEXT), Step.ENDED,
        heard=("letter_end", "letter_goodbye")),
    Row("another part asked for", at(Step.LETTER_IMPACT), i(I.START_LETTER, part="DEEL_4"), Step.LETTER_ACTIONS,
        heard=("letter_actions",)),
    Row("the letter asked for again: this part again", at(Step.LETTER_IMPACT), i(I.START_LETTER),
        Step.LETTER_IMPACT, heard=("letter_impact", "letter_write")),
    Row("start over: from the beginning", at(Step.LETTER_REASON), i(I.START_OVER), Step.LETTER_INTRO,
        heard=("letter_intro",)),
    # --- herhaal, help, stop --------------------------------------------------------------------
    *[Row(f"repeat at {step.value}", at(step), i(I.REPEAT), step, heard=(PART_IDS[n], "letter_write"))
      for n, step in enumerate(PARTS)],
    Row("repeat at the introduction", at(Step.LETTER_INTRO), i(I.REPEAT), Step.LETTER_INTRO,
        heard=("letter_ready",)),
    *[Row(f"help at {step.value}", at(step), i(I.HELP), step, heard=(f"help_{step.value}",),
          not_heard=("help_disclaimer",)) for step in LETTER_STEPS],
    Row("stop: nothing kept, and how to go on later", at(Step.LETTER_REASON), i(I.STOP), Step.ENDED,
        heard=(("letter_stop", {"part": "deel drie"}),)),
    Row("stop at the introduction", at(Step.LETTER_INTRO), i(I.CANCEL), Step.ENDED,
        heard=(("letter_stop", {"part": "deel één"}),)),
    Row("stop at the last part", at(Step.LETTER_NEEDS), i(I.NAVIGATE_HOME), Step.ENDED,
        heard=(("letter_stop", {"part": "deel vijf"}),)),
    Row("what the coach is, then the part again", at(Step.LETTER_ACTIONS), i(I.WHO_ARE_YOU), Step.LETTER_ACTIONS,
        heard=("who_am_i", "letter_actions")),
    Row("a pause", at(Step.LETTER_DEED), i(I.PAUSE), Step.PAUSED, heard=("paused",)),
    Row("back from the pause: the part again", at(Step.PAUSED, return_step=Step.LETTER_DEED), i(I.RESUME),
        Step.LETTER_DEED, heard=("resumed", "letter_deed", "letter_write")),
    # --- the writing pause: silence waited through, the rest let go ----------------------------------
    *[Row(f"silence at {step.value}", at(step), Silence(), step, quiet=True) for step in LETTER_STEPS],
    Row("silence after a pause note: still quiet", at(Step.LETTER_DEED, misunderstood=1), Silence(),
        Step.LETTER_DEED, quiet=True),
    Row("words not understood: a kind note, once", at(Step.LETTER_IMPACT), Unrecognized(), Step.LETTER_IMPACT,
        heard=("letter_ignored",), not_heard=("not_understood",)),
    Row("words not understood again: quiet", at(Step.LETTER_IMPACT, misunderstood=1), Unrecognized(),
        Step.LETTER_IMPACT, quiet=True),
    Row("a weather said while writing is not taken", at(Step.LETTER_DEED), i(I.WEATHER, weather="STORM"),
        Step.LETTER_DEED, heard=("letter_ignored",), not_heard=("storm", "Storm")),
    Row("a need said while writing is not reflected", at(Step.LETTER_NEEDS),
        Intent(I.NEED, (("need", "OWN"),), said="dat ze me weer vertrouwt"), Step.LETTER_NEEDS,
        heard=("letter_ignored",), not_heard=("vertrouwt",)),
    Row("a gratitude said while writing is not thanked", at(Step.LETTER_IMPACT), i(I.GRATITUDE, gratitude="GEDULD"),
        Step.LETTER_IMPACT, heard=("letter_ignored",), not_heard=("Dank je",)),
    Row("pain said while writing is let go kindly too", at(Step.LETTER_IMPACT), i(I.DISTRESS), Step.LETTER_IMPACT,
        heard=("letter_ignored",)),
    Row("another exercise is not started by words in a letter", at(Step.LETTER_DEED), i(I.START_CHECKIN),
        Step.LETTER_DEED, heard=("letter_ignored",)),
    Row("names are not taken while writing", at(Step.LETTER_DEED), i(I.SET_NAMES, first="Sam", second="Lotte"),
        Step.LETTER_DEED, heard=("letter_ignored",)),
    Row("a yes is not a command here", at(Step.LETTER_DEED), i(I.YES), Step.LETTER_DEED, heard=("letter_ignored",)),
    Row("nor a skip: only 'volgende' goes on", at(Step.LETTER_DEED), i(I.SKIP), Step.LETTER_DEED,
        heard=("letter_ignored",)),
    # --- danger, as everywhere ---------------------------------------------------------------------
    Row("danger stops the letter", at(Step.LETTER_ACTIONS), i(I.SAFETY, concern="VIOLENCE"), Step.SAFETY,
        heard=("safety_violence", "safety_question")),
    Row("suicide stops the letter", at(Step.LETTER_INTRO), i(I.SAFETY, concern="SUICIDE"), Step.SAFETY,
        heard=("safety_suicide",)),
    Row("what only sounds like harm: asked first", at(Step.LETTER_DEED), i(I.SAFETY, concern="UNSURE"),
        Step.SAFETY_CHECK, heard=("safety_check",)),
    Row("safe: the part again", at(Step.SAFETY_CHECK, return_step=Step.LETTER_DEED), i(I.YES), Step.LETTER_DEED,
        heard=("safety_check_fine", "letter_deed")),
    Row("'ik kan niet meer' while writing: the gentle question", at(Step.LETTER_REASON), i(I.AMBIGUOUS),
        Step.GENTLE_CHECK, heard=("gentle_check",)),
    Row("triggered while writing: the trigger plan (its strength first: moments are kept)", at(Step.LETTER_IMPACT),
        i(I.START_TRIGGER_PLAN), Step.TRIGGER_BEFORE, heard=("trigger_opening",)),
]


def _text(locale: Locale, heard: str | tuple[str, dict[str, str]]) -> str:
    if isinstance(heard, tuple):
        return locale.say(heard[0], **heard[1])
    return locale.say(heard) if heard in locale.prompts else heard


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_letter_transitions(coach: Coach, locale: Locale, row: Row) -> None:
    turn = coach.handle(row.state, row.event)
    assert turn.state.step is row.step, turn.reply.text()
    assert turn.effects == row.effects
    text = turn.reply.text()
    for heard in row.heard:
        assert _text(locale, heard) in text, (heard, text)
    for fragment in row.not_heard:
        assert _text(locale, fragment) not in text, (fragment, text)
    if row.quiet:
        assert turn.reply.parts == () and not turn.reply.end_session
        assert turn.reply.reprompt == (coach.say(f"reprompt_{row.step.value}"),)
        assert turn.state.last_reply == row.state.last_reply  # "herhaal" still says the part
    else:
        assert text.strip()


def test_the_whole_letter_one_part_at_a_time(coach: Coach, locale: Locale) -> None:
    turn = coach.handle(S0, i(I.START_LETTER))
    seen = [turn.state.step]
    while not turn.reply.end_session:
        turn = coach.handle(turn.state, i(I.NEXT))
        assert turn.effects == ()
        seen.append(turn.state.step)
    assert seen == [*LETTER_STEPS, Step.ENDED]
    assert turn.reply.text() == f"{locale.say('letter_end')} {locale.say('letter_goodbye')}"


def test_a_household_not_yet_introduced_hears_the_disclaimer_first(coach: Coach, locale: Locale) -> None:
    turn = coach.handle(State(household=replace(H, introduced=False)), i(I.START_LETTER))
    assert turn.reply.text().startswith(locale.say("disclaimer"))
    assert turn.effects == (MarkIntroduced(),)


def test_at_a_writing_pause_only_the_letters_commands_and_danger_are_listened_for(coach: Coach) -> None:
    for step in LETTER_STEPS:
        listening = set(coach.listening_intents(at(step)))
        assert listening == {
            I.NEXT, I.RESUME, I.REPEAT, I.START_OVER, I.START_LETTER, I.STOP, I.CANCEL, I.NAVIGATE_HOME,
            I.HELP, I.HELP_LINES, I.PAUSE, I.WHO_ARE_YOU, I.SET_COUNTRY, I.SAFETY, I.AMBIGUOUS, I.START_TRIGGER_PLAN,
            *((I.YES,) if step is Step.LETTER_INTRO else ()),
        }, step


def test_every_letter_part_is_short_and_asks_for_a_writing_pause(coach: Coach, locale: Locale) -> None:
    """Each turn of the letter stays under 40 words and ends with how to go on."""
    for step in LETTER_STEPS:
        turn = coach.handle(at(step), i(I.REPEAT))
        assert len(turn.reply.text().split()) <= 40, turn.reply.text()
        assert "'volgende'" in turn.reply.text()
        reprompt = " ".join(p.text for p in turn.reply.reprompt or ())  # type: ignore[union-attr]
        assert "'volgende'" in reprompt and "van de brief" in reprompt, step
    first = coach.handle(S0, i(I.START_LETTER, part="DEEL_4"))
    assert len(first.reply.text().split()) <= 40


# Sentences a writer may read aloud at a writing pause: no command, however many words they
# share with one (typed too: the understanding takes only a command said clearly there).
READ_ALOUD = (
    "ik heb tegen je gelogen over waar ik was", "ik ben vreemdgegaan", "ik heb gelogen", "ik heb een affaire gehad",
    "ik heb een relatie gehad", "je kon niet meer slapen", "ik voelde me eenzaam en zocht bevestiging",
    "ik heb je pijn gedaan en dat spijt me", "ik ga elke avond mijn telefoon laten zien",
    "ik heb tijd en geduld van je nodig", "het is bewolkt", "ik heb je vertrouwen beschaamd",
    # (questions of the letter itself, not to the coach)
    "hoe kon ik je dit aandoen", "waarom deed ik dit", "ik weet niet hoe ik het je moet vertellen",
)
SAID_AT_A_PAUSE = (
    ("klaar", I.NEXT), ("volgende", I.NEXT), ("ik ben klaar", I.NEXT), ("klaar met schrijven", I.NEXT),
    ("ga door", I.RESUME), ("herhaal", I.REPEAT), ("wat zei je", I.REPEAT), ("stop", I.STOP), ("help", I.HELP),
    ("pauze", I.PAUSE), ("opnieuw", I.START_OVER), ("help me met de brief", I.START_LETTER),
    ("verantwoordingsbrief", I.START_LETTER), ("ik kan niet meer", I.AMBIGUOUS),
    # help asked as a question (the part's help gives a way to begin)
    ("wat moet ik daar dan schrijven", I.HELP), ("kan je een voorbeeld geven?", I.HELP), ("hoe begin ik", I.HELP),
)


@pytest.mark.parametrize("step", PARTS, ids=[s.value for s in PARTS])
def test_a_letter_read_aloud_is_no_command(coach: Coach, understander: Understander, step: Step) -> None:
    expect = coach.expected_intents(at(step))
    for text in READ_ALOUD:
        event = understander.understand(text, expect)
        assert event == Unrecognized(), (text, event)
        assert coach.handle(at(step), event).effects == ()
    for text, name in SAID_AT_A_PAUSE:
        event = understander.understand(text, expect)
        assert isinstance(event, Intent) and event.name == name, (text, event)
    danger = understander.understand("ik schrijf het op maar eigenlijk wil ik dood", expect)
    assert coach.handle(at(step), danger).state.step is Step.SAFETY
