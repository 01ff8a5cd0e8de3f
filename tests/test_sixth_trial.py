"""What a sixth trial by a new user found, one table per finding, most harmful first.

Each row is a sentence said at a step, through the real understanding, and what it must do
there. Whole flows are conversations as data (tests/conversations/trial_erase_unsure.toml,
trial_emergency_pills.toml).
"""

from __future__ import annotations

import datetime

import pytest

from dialogue import Coach, EraseHousehold, Household, SaveConsent, State, Step, Understander
from dialogue.model import Turn

TODAY = datetime.date(2026, 11, 27)
SAFE = "Fijn dat je nu veilig bent"
ASKED = "Ben je nu veilig?"
OFFER = "Is er iemand die je nu kunt vragen om te komen"


def home(**changes: object) -> Household:
    return Household(today=TODAY, introduced=True, **changes)  # type: ignore[arg-type]


def said(coach: Coach, understander: Understander, state: State, text: str) -> Turn:
    event = understander.understand(text, coach.expected_intents(state), names=state.household.names)
    return coach.handle(state, event)


def text_of(turn: Turn) -> str:
    return turn.reply.text()


def words(turn: Turn) -> int:
    return len(turn.reply.text().split())


# --- 1. only a clear yes erases everything or withdraws consent -------------------------------
UNCLEAR = [
    "weet ik niet zeker", "niet zeker", "ik weet het niet zeker", "ik ben niet zeker", "niet zo zeker",
    "misschien", "ja misschien", "ik twijfel", "weet ik niet", "geen idee", "ja maar wacht even",
    "ja?", "is dat echt nodig?", "hmm", "ja denk ik", "ja, volgens mij wel", "eh", "zou kunnen", "ja, alleen de namen",
]
CLEAR = ["ja", "ja zeker", "ja, ik weet het zeker", "zeker weten", "doe maar", "ja hoor"]


@pytest.mark.parametrize("step", [Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW])
@pytest.mark.parametrize("text", UNCLEAR)
def test_doubt_before_erasing_or_withdrawing_keeps_everything_and_asks_again(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    state = State(household=home(consent=True), step=step, return_step=Step.MENU)
    turn = said(coach, understander, state, text)
    assert not any(isinstance(e, EraseHousehold | SaveConsent) for e in turn.effects), text
    assert turn.state.household.consent is True
    assert turn.state.step is step, text
    assert not turn.reply.end_session
    assert "Alles is gewist" not in text_of(turn)
    assert "Dan wis ik niets. Zeg 'ja' als je het zeker weet." in text_of(turn), text_of(turn)


@pytest.mark.parametrize("step", [Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW])
@pytest.mark.parametrize("text", ["wat wis je dan?", "wat?", "huh?"])
def test_asked_what_is_erased_nothing_is_erased_and_the_question_stays(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    state = State(household=home(consent=True), step=step, return_step=Step.MENU)
    turn = said(coach, understander, state, text)
    assert turn.effects == (), text
    assert turn.state.step is step, text
    assert not turn.reply.end_session


@pytest.mark.parametrize("text", CLEAR)
def test_a_clear_yes_erases(coach: Coach, understander: Understander, text: str) -> None:
    state = State(household=home(consent=True), step=Step.CONFIRM_ERASE, return_step=Step.MENU)
    assert EraseHousehold() in said(coach, understander, state, text).effects, text
    state = State(household=home(consent=True), step=Step.CONFIRM_WITHDRAW, return_step=Step.MENU)
    assert SaveConsent(False) in said(coach, understander, state, text).effects, text


# --- 2. a yes held back, or said from hiding, is not safe -------------------------------------
HELD_BACK = [
    "ja maar hij komt zo thuis", "ja ik zit op de wc met de deur op slot", "jawel maar morgen weer niet",
    "ja, nu wel", "ja voor even", "ja behalve als hij terugkomt", "ja, zolang hij weg is", "ja ik heb me verstopt",
    "ja denk het", "ja, hopelijk", "ja ik ben niet zeker", "ja?",
    # (an eighth trial: Flemish "ma", driving now, safe only while he sleeps or works)
    "ja ma ik zit nu in den auto", "ja ik rij nu", "ja hoor hij slaapt nu", "ja hoor, hij is nu aan het werk",
]


@pytest.mark.parametrize("country", ["nl", "be"])
@pytest.mark.parametrize("concern", ["VIOLENCE", "SUICIDE", "UNCLEAR"])
@pytest.mark.parametrize("text", HELD_BACK)
def test_a_yes_held_back_at_are_you_safe_is_not_safe(
    coach: Coach, understander: Understander, text: str, concern: str, country: str
) -> None:
    state = State(household=home(country=country), step=Step.SAFETY, concern=concern, lines_given=1)
    turn = said(coach, understander, state, text)
    words_said = text_of(turn)
    assert SAFE not in words_said, (text, words_said)
    assert ASKED not in words_said, (text, words_said)
    assert any(number in words_said for number in ("112", "113", "1813")), words_said
    assert turn.state.step is Step.SAFETY_STAY, text
    assert turn.effects == ()


@pytest.mark.parametrize("step", [Step.SAFETY, Step.SAFETY_CHECK])
@pytest.mark.parametrize("text", ["ja", "ja hoor", "ja ik ben veilig", "jawel"])
def test_a_clear_yes_is_safe(coach: Coach, understander: Understander, text: str, step: Step) -> None:
    state = State(household=home(), step=step, concern="VIOLENCE", lines_given=1, return_step=Step.MENU)
    turn = said(coach, understander, state, text)
    assert turn.state.step in (Step.SAFETY_FOLLOWUP, Step.MENU), (text, text_of(turn))


@pytest.mark.parametrize("text", ["ja maar hij komt zo thuis", "ja ik zit op de wc met de deur op slot"])
def test_a_yes_held_back_at_the_safety_check_is_not_safe(coach: Coach, understander: Understander, text: str) -> None:
    state = State(household=home(), step=Step.SAFETY_CHECK, return_step=Step.MENU)
    turn = said(coach, understander, state, text)
    assert turn.state.step is Step.SAFETY_STAY, text
    assert "Fijn." not in text_of(turn)


# --- 3. a body in danger now: 112 at once, and the coach stays --------------------------------
EMERGENCIES = [
    "storm. ik heb net een hele strip paracetamol genomen",
    "ik heb de hele doos ingenomen",
    "ik heb net al mijn pillen ingenomen",
    "ik heb alle slaappillen geslikt",
    "mijn borst doet pijn en mijn arm tintelt",
    "hij heeft het gas opengedraaid",
    "ik bloed heel erg",
    # (an eighth trial: said in everyday words, or with the harm that led to it)
    "ik heb pillen ingenomen", "ik heb te veel pillen genomen", "ik heb het gas open gedraaid", "het bloed stopt niet",
    "ik heb mijn pillen allemaal ingenomen", "mijn polsen bloeden", "ik heb mezelf weer gesneden, het bloed stopt niet",
    "leeg. ik heb net de hele doos slaappillen leeggegeten",
]
# A daily medicine named as one's own, or what it was for, is no emergency.
NO_EMERGENCY = [
    "ik heb vanochtend mijn pillen ingenomen", "ik heb mijn medicijnen ingenomen", "ik heb net mijn pillen geslikt",
    "ik heb pillen genomen tegen de hoofdpijn", "ik heb een paracetamol genomen", "we hebben te veel genomen van het toetje",
]


@pytest.mark.parametrize("text", NO_EMERGENCY)
def test_a_daily_medicine_is_no_emergency(understander: Understander, text: str) -> None:
    assert understander.danger_category(text) is None, text


@pytest.mark.parametrize("country", ["nl", "be", None])
@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_emergency_gets_112_at_once_and_the_coach_stays(
    coach: Coach, understander: Understander, text: str, country: str | None
) -> None:
    for step in (Step.MENU, Step.CHECKIN_WEATHER):
        state = State(household=home(country=country), step=step, partners=1)
        turn = said(coach, understander, state, text)
        heard = text_of(turn)
        assert heard.startswith("Bel nu 112. Dit is een noodgeval."), (text, heard)
        assert ASKED not in heard and "113" not in heard.split("112")[0]
        assert "Is er iemand bij je die kan bellen?" in heard
        assert turn.state.step is Step.SAFETY_STAY and turn.effects == ()
        assert words(turn) <= 40, heard
        # whatever is answered, never reassured: 112 again, the coach stays
        for answer in ("ja hoor", "nee", "ik wil niet bellen", "weet ik niet", "niemand", "ik ben alleen"):
            after = said(coach, understander, turn.state, answer)
            assert SAFE not in text_of(after) and ASKED not in text_of(after), (answer, text_of(after))
            assert "112" in text_of(after), (answer, text_of(after))
            assert after.state.step is Step.SAFETY_STAY and not after.reply.end_session
            assert words(after) <= 40, text_of(after)


@pytest.mark.parametrize("first", ["VIOLENCE", "SUICIDE"])
def test_an_emergency_said_inside_a_safety_conversation_outweighs_it(
    coach: Coach, understander: Understander, first: str
) -> None:
    for step in (Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY):
        state = State(household=home(), step=step, concern=first, lines_given=1)
        turn = said(coach, understander, state, "ik heb net al mijn pillen ingenomen")
        assert "112" in text_of(turn) and "noodgeval" in text_of(turn), text_of(turn)
        assert turn.state.concern == "EMERGENCY" and turn.state.step is Step.SAFETY_STAY


# --- 4. not wanting to call, said right after "Ben je nu veilig?" -----------------------------
CHAT = {("SUICIDE", "nl"): "113.nl", ("SUICIDE", "be"): "zelfmoord1813.be",
        ("VIOLENCE", "nl"): "buur", ("VIOLENCE", "be"): "buur",
        ("UNCLEAR", "nl"): "113.nl", ("UNCLEAR", "be"): "1712.be"}


@pytest.mark.parametrize(("concern", "country"), list(CHAT))
@pytest.mark.parametrize("text", ["ik wil niet bellen", "ik kan niet bellen", "nee", "ik wil niet bellen, dan hoort hij het"])
def test_not_calling_at_are_you_safe_hears_another_way_at_once(
    coach: Coach, understander: Understander, text: str, concern: str, country: str
) -> None:
    state = State(household=home(country=country), step=Step.SAFETY, concern=concern, lines_given=1)
    turn = said(coach, understander, state, text)
    assert CHAT[(concern, country)] in text_of(turn), text_of(turn)
    assert turn.state.step is Step.SAFETY_STAY and words(turn) <= 40


# --- 5. once no one can come, the coach does not ask for someone again ------------------------
@pytest.mark.parametrize("concern", ["VIOLENCE", "SUICIDE", "UNCLEAR"])
@pytest.mark.parametrize("nobody", ["ik heb niemand", "niemand", "ik ben alleen thuis"])
def test_no_one_is_not_asked_for_again(coach: Coach, understander: Understander, nobody: str, concern: str) -> None:
    state = State(household=home(), step=Step.SAFETY_STAY, concern=concern, lines_given=2)
    turn = said(coach, understander, state, nobody)
    assert OFFER not in text_of(turn), text_of(turn)
    heard = [text_of(turn)]
    for answer in ("niemand", "nee", "weet ik niet", "waarom zou ik", "niemand", "herhaal"):
        turn = said(coach, understander, turn.state, answer)
        heard.append(text_of(turn))
        assert turn.state.step is Step.SAFETY_STAY
    assert not any(OFFER in h for h in heard), heard
    assert not any("Is er iemand" in h for h in heard), heard
