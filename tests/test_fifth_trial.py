"""What a fifth trial by a new user found, one table per finding.

Each row is a sentence said at a step and what it must mean or do there; the rows are
cases of a rule in the locale or the core, not the rule itself: most are worded otherwise
than the user's own sentence. Whole flows are conversations as data
(tests/conversations/trial_consent_question.toml, trial_better_after_breathing.toml,
trial_pause_in_panic.toml, trial_lower_case_names.toml).
"""

from __future__ import annotations

import datetime

import pytest

from dialogue import Coach, Household, Intent, SaveConsent, SavePace, Silence, State, Step, TriggerMoment, Understander
from dialogue.intents import IntentName as I
from dialogue.model import Event, Turn

TODAY = datetime.date(2026, 11, 27)


def home(**changes: object) -> Household:
    """A household that heard the introduction (no notice goes before the answer)."""
    return Household(today=TODAY, introduced=True, **changes)  # type: ignore[arg-type]


def meaning(coach: Coach, understander: Understander, state: State, text: str) -> Event:
    names = state.household.names
    return understander.understand(text, coach.expected_intents(state), names=names)


def said(coach: Coach, understander: Understander, state: State, text: str) -> Turn:
    """One turn as an edge takes it: the words understood at the step, then handled."""
    return coach.handle(state, meaning(coach, understander, state, text))


def text_of(turn: Turn) -> str:
    return " ".join(getattr(part, "text", "") for part in turn.reply.parts)


# --- 1. consent is never taken from a question or a doubt -------------------------------------
def consent_state() -> State:
    return State(household=home(consent=None), step=Step.CHECKIN_CONSENT)


QUESTIONS = [
    "wat doe je ermee?",
    "wat doe je daar mee",
    "waarom?",
    "waarom wil je dat bewaren",
    "hoe bewaar je het?",
    "wie ziet het?",
    "wie kan dat zien",
    "waar bewaar je dat",
    "wat bewaar je precies?",
    "wat gebeurt er met onze antwoorden",
    "wat is dat",
    "ja, maar wie kan het zien?",
    "oké, maar waar blijft het?",
    "krijgt iemand anders dat te zien",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_question_at_the_consent_question_is_answered_and_the_question_asked_again(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, consent_state(), text)
    assert not any(isinstance(e, SaveConsent) for e in turn.effects), text
    assert turn.state.step is Step.CHECKIN_CONSENT
    assert turn.state.household.consent is None
    words = text_of(turn)
    assert "nooit jullie eigen woorden" in words, words  # what is kept
    assert "opslag" in words, words  # and where
    assert "Zeg ja of nee" in words, words


HESITANT = [
    "misschien", "ja misschien", "tja", "weet ik niet", "ik weet het niet zo goed", "ik twijfel",
    "eh, ja, ik weet het niet", "ja, als het moet, misschien", "geen idee", "hmm", "zou kunnen",
]


@pytest.mark.parametrize("text", HESITANT)
def test_a_hesitant_answer_keeps_nothing_and_asks_again(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, consent_state(), text)
    assert turn.effects == (), text
    assert turn.state.step is Step.CHECKIN_CONSENT
    assert turn.state.household.consent is None
    assert not turn.reply.end_session


@pytest.mark.parametrize("text", ["ja", "ok dan", "mja, goed", "ja hoor", "oké, doe maar", "prima", "is goed", "ja, graag"])
def test_a_clear_yes_keeps(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, consent_state(), text)
    assert turn.effects == (SaveConsent(True),), text


@pytest.mark.parametrize("text", ["nee", "liever niet", "nee dank je", "nee, bewaar maar niks"])
def test_a_no_keeps_nothing(coach: Coach, understander: Understander, text: str) -> None:
    assert said(coach, understander, consent_state(), text).effects == (SaveConsent(False),)


def test_what_is_kept_asked_elsewhere_says_it_and_asks_that_question_again(coach: Coach) -> None:
    for household, expected in (
        (home(consent=True), "nooit jullie eigen woorden"),
        (home(consent=False), "niets van jullie check-ins"),
        (home(keeps_answers=False), "nooit jullie antwoorden"),
    ):
        state = State(household=household, step=Step.CHECKIN_WEATHER, partners=1)
        turn = coach.handle(state, Intent(I.WHAT_IS_KEPT))
        assert turn.effects == ()
        assert turn.state.step is Step.CHECKIN_WEATHER
        assert expected in text_of(turn)
        assert "Hoe is het weer" in text_of(turn)


# --- 2. better or calmer after the breathing goes on ------------------------------------------
def breathing_state(*, rating: bool = False) -> State:
    moment = TriggerMoment(TODAY, before=8) if rating else None
    return State(household=home(), step=Step.BREATHING, moment=moment, rating=rating)


BETTER = [
    "ok beter", "iets beter ja", "beter ja", "ja, het gaat beter", "oké, al wat beter", "rustiger",
    "ik ben rustiger", "al wat rustiger", "kalmer", "ik ben wat kalmer", "ja rustiger nu", "stuk beter",
]


@pytest.mark.parametrize("rating", [False, True])
@pytest.mark.parametrize("text", BETTER)
def test_better_or_calmer_goes_on_to_the_next_step(
    coach: Coach, understander: Understander, text: str, rating: bool
) -> None:
    turn = said(coach, understander, breathing_state(rating=rating), text)
    assert turn.state.step is (Step.TRIGGER_AFTER if rating else Step.TRIGGER_FEELING), (text, text_of(turn))
    assert not any(isinstance(e, SavePace) for e in turn.effects)


@pytest.mark.parametrize("text", ["een vijf", "een vier", "het is een drie", "nu een twee"])
def test_a_strength_said_at_how_is_it_now_is_that_strength(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, breathing_state(rating=True), text)
    assert turn.state.step is Step.TRIGGER_FEELING, (text, text_of(turn))
    assert "Van acht naar" in text_of(turn)
    assert said(coach, understander, breathing_state(), text).state.step is Step.TRIGGER_FEELING


def test_a_strength_still_high_at_how_is_it_now_offers_more(coach: Coach, understander: Understander) -> None:
    turn = said(coach, understander, breathing_state(rating=True), "een negen")
    assert turn.state.step is Step.BREATHING
    assert "Het is nog heel sterk" in text_of(turn)


@pytest.mark.parametrize(
    "text", ["nog vijf", "nog niet", "niet beter", "nog niet beter", "het is niet rustiger", "nee", "nog een rondje", "niet echt", "neuh"]
)
def test_not_yet_better_is_five_more(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, breathing_state(), text)
    assert turn.state.step is Step.BREATHING, (text, text_of(turn))
    assert "langzamer" not in text_of(turn)


@pytest.mark.parametrize("text", ["langzamer", "iets langzamer graag", "kan het wat rustiger", "rustig aan", "te snel"])
def test_asking_for_a_slower_pace_still_slows_down(coach: Coach, understander: Understander, text: str) -> None:
    turn = said(coach, understander, breathing_state(), text)
    assert any(isinstance(e, SavePace) for e in turn.effects), (text, text_of(turn))


# --- 3. a paused exercise waits kindly --------------------------------------------------------
@pytest.mark.parametrize("back", [Step.BREATHING, Step.TRIGGER_FEELING, Step.CHECKIN_WEATHER, Step.MENU])
def test_silence_during_a_pause_never_ends_the_conversation(coach: Coach, back: Step) -> None:
    state = State(household=home(), step=Step.PAUSED, return_step=back)
    first = coach.handle(state, Silence())
    assert "Ik wacht" in text_of(first) and "verder" in text_of(first)
    turn = first
    for _ in range(6):
        turn = coach.handle(turn.state, Silence())
        assert not turn.reply.end_session
        assert turn.state.step is Step.PAUSED
        assert turn.state.return_step is back
        assert "stop" not in text_of(turn)
        assert turn.reply.reprompt  # Alexa says something after its own silence
    resumed = coach.handle(turn.state, Intent(I.NEXT))
    assert resumed.state.step is back


def test_a_pause_said_in_a_trigger_moment_waits_through_silences(coach: Coach, understander: Understander) -> None:
    turn = said(coach, understander, breathing_state(), "pauze")
    for _ in range(4):
        turn = coach.handle(turn.state, Silence())
        assert not turn.reply.end_session
    assert said(coach, understander, turn.state, "verder").state.step is Step.BREATHING


# --- 4. names typed in lower case ---------------------------------------------------------------
def menu_state() -> State:
    return State(household=home(), step=Step.MENU)


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("wij heten roos en daan", "Roos", "Daan"),
        ("wij heten inge en mark", "Inge", "Mark"),
        ("hallo, wij heten inge en mark", "Inge", "Mark"),
        ("we heten storm en rust", "Storm", "Rust"),
        ("ik ben roos en dat is daan", "Roos", "Daan"),
        ("ik ben inge en dit is mark", "Inge", "Mark"),
        ("ik heet roos en mijn partner heet daan", "Roos", "Daan"),
        ("onze namen zijn roos en daan", "Roos", "Daan"),
        ("wij heten lotte en sam", "Lotte", "Sam"),
    ],
)
def test_names_said_as_names_are_taken_in_lower_case(
    coach: Coach, understander: Understander, text: str, first: str, second: str
) -> None:
    assert meaning(coach, understander, menu_state(), text) == Intent.of(I.SET_NAMES, first=first, second=second)


@pytest.mark.parametrize(
    "text", ["ik ben moe en dat is het", "wij zijn moe en boos", "ik ben boos en dat is logisch", "we zijn samen en blij"]
)
def test_a_feeling_said_like_names_names_nobody(coach: Coach, understander: Understander, text: str) -> None:
    event = meaning(coach, understander, menu_state(), text)
    assert not (isinstance(event, Intent) and event.name == I.SET_NAMES and event.slots), event


@pytest.mark.parametrize("text", ["wij heten", "onze namen zijn 12 en 13", "we heten eh"])
def test_names_not_understood_are_asked_for_with_how_to_say_them(
    coach: Coach, understander: Understander, text: str
) -> None:
    turn = said(coach, understander, menu_state(), text)
    assert "wij heten Sam en Lotte" in text_of(turn), (text, text_of(turn))
    assert turn.effects == ()


def test_names_not_understood_from_alexa_are_asked_for_the_same_way(coach: Coach) -> None:
    turn = coach.handle(menu_state(), Intent(I.SET_NAMES))
    assert "wij heten Sam en Lotte" in text_of(turn)
