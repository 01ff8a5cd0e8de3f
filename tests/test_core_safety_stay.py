"""Someone not safe is not left (the new-user trial): after danger, an answer to "Ben je nu
veilig?" that is no, doubt or not understood keeps the coach in `Step.SAFETY_STAY`. Every
answer there is met warmly with the lines that fit (by concern and country), "Ben je nu
veilig?" is never asked again, and only a clear stop (once the lines were said twice) or a
second silence ends it, the help line first. Nothing is stored."""

from __future__ import annotations

import datetime
from typing import NamedTuple

import pytest

from dialogue import Coach, Event, Household, Intent, Silence, State, Step, Turn, Understander, Unrecognized

TODAY = datetime.date(2026, 11, 27)
I = Intent


def danger(concern: str) -> Intent:
    return Intent.of("SafetyIntent", concern=concern)


# What must be heard for each concern and country: the main line, the way that is no call.
MAIN = {("SUICIDE", "nl"): "113", ("SUICIDE", "be"): "1813", ("VIOLENCE", "nl"): "112", ("VIOLENCE", "be"): "112"}
CHAT = {("SUICIDE", "nl"): "113.nl", ("SUICIDE", "be"): "zelfmoord1813.be",
        ("VIOLENCE", "nl"): "veiligthuis.nl", ("VIOLENCE", "be"): "1712.be"}
WRONG = {("SUICIDE", "nl"): ("1813", "0800-2000"), ("SUICIDE", "be"): ("0800-0113", "113.nl", "0800-2000"),
         ("VIOLENCE", "nl"): ("1712", "113"), ("VIOLENCE", "be"): ("0800-2000", "Veilig Thuis", "113.nl")}
OFFER = "Is er iemand die je nu kunt vragen om te komen"
NEVER = ("Ben je nu veilig?", "verstond ik niet", "hoort niet bij deze vraag", "Tot de volgende keer")
CASES = [(c, k) for c in ("SUICIDE", "VIOLENCE") for k in ("nl", "be")]


class Row(NamedTuple):
    name: str
    events: tuple[Event, ...]  # after the danger at the weather question
    step: Step  # where the last event leaves the conversation
    heard: tuple[str, ...]  # fragments; "MAIN" and "CHAT" stand for the concern's own
    ends: bool = False


ROWS = [
    Row("nee: call now, and someone to come", (I("AMAZON.NoIntent"),), Step.SAFETY_STAY, ("Bel nu 112", OFFER)),
    Row("niet echt is not safe", (I("PartlyIntent"),), Step.SAFETY_STAY, ("Bel nu 112", OFFER)),
    Row("weet ik niet is not safe", (I("SkipIntent"),), Step.SAFETY_STAY, ("Bel nu 112", OFFER)),
    Row("misschien (not understood) is not safe", (Unrecognized(),), Step.SAFETY_STAY, ("Bel nu 112", OFFER)),
    Row("ik wil niet bellen: the chat, and someone to come", (I("AMAZON.NoIntent"), I("AMAZON.NoIntent")),
        Step.SAFETY_STAY, ("Dat begrijp ik.", "CHAT", OFFER)),
    Row("alone at home: heard, and the same offer", (I("AMAZON.NoIntent"), I("AMAZON.NoIntent"), I("AloneIntent")),
        Step.SAFETY_STAY, ("Goed dat je het me zegt.", "MAIN", "Ik blijf hier bij je.")),
    Row("alone as the answer to ben je nu veilig", (I("AloneIntent"),), Step.SAFETY_STAY,
        ("MAIN", "Ik blijf hier bij je.")),
    Row("waarom zou ik: warmth and the lines", (I("AMAZON.NoIntent"), Unrecognized()), Step.SAFETY_STAY,
        ("Ik hoor hoe zwaar het is.", "MAIN", OFFER)),
    Row("any other intent: warmth and the lines", (I("AMAZON.NoIntent"), I("StartCheckinIntent")),
        Step.SAFETY_STAY, ("Ik hoor hoe zwaar het is.", "MAIN")),
    Row("help: the coach stays, 112 in danger", (I("AMAZON.NoIntent"), I("AMAZON.HelpIntent")), Step.SAFETY_STAY,
        ("Ik blijf bij je.", "112", "herhaal")),
    Row("someone can come", (I("AMAZON.NoIntent"), I("AMAZON.YesIntent")), Step.SAFETY_STAY,
        ("Vraag diegene nu om te komen", "Ik blijf hier.")),
    Row("herhaal: the numbers, and someone to come", (I("AMAZON.NoIntent"), I("AMAZON.RepeatIntent")),
        Step.SAFETY_STAY, ("Nog een keer", "MAIN", OFFER)),
    Row("first silence: still here", (I("AMAZON.NoIntent"), Silence()), Step.SAFETY_STAY,
        ("Ik ben er nog.", "MAIN", OFFER)),
    # (no "Goed, ik stop." to someone who said nothing: a sixth new-user trial)
    Row("second silence: the goodbye, line first", (I("AMAZON.NoIntent"), Silence(), Silence()), Step.ENDED,
        ("MAIN", "Ik stop nu. Ik ben er weer als je me nodig hebt."), ends=True),
    Row("laat maar after the lines: the goodbye, line first", (I("AMAZON.NoIntent"), I("AMAZON.NoIntent"),
        I("AloneIntent"), Unrecognized(), I("AMAZON.CancelIntent")), Step.ENDED, ("MAIN", "Goed, ik stop."),
        ends=True),
    Row("stop: the goodbye, line first", (I("AMAZON.NoIntent"), I("AMAZON.StopIntent")), Step.ENDED,
        ("MAIN", "Goed, ik stop."), ends=True),
]


def walk(coach: Coach, concern: str, country: str, events: tuple[Event, ...]) -> list[Turn]:
    household = Household(today=TODAY, introduced=True, consent=True, country=country)
    state = State(household=household, step=Step.CHECKIN_WEATHER, partners=1)
    turns = [coach.handle(state, danger(concern))]
    for event in events:
        turns.append(coach.handle(turns[-1].state, event))
    return turns


@pytest.mark.parametrize(("concern", "country"), CASES, ids=[f"{c.lower()}-{k}" for c, k in CASES])
@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_the_coach_stays_with_someone_not_safe(coach: Coach, row: Row, concern: str, country: str) -> None:
    turns = walk(coach, concern, country, row.events)
    last = turns[-1]
    text = last.reply.text()
    assert last.state.step is row.step, text
    for fragment in row.heard:
        fragment = {"MAIN": MAIN[(concern, country)], "CHAT": CHAT[(concern, country)]}.get(fragment, fragment)
        assert fragment in text, (fragment, text)
    for turn in turns[1:]:
        said = turn.reply.text()
        assert not any(never in said for never in NEVER), said
        assert not any(wrong in said for wrong in WRONG[(concern, country)]), said
        assert turn.effects == ()
        if not turn.reply.end_session:
            assert turn.reply.reprompt, said  # Alexa: the session stays open only with a reprompt
            assert len(said.split()) <= 45, said  # short enough to be heard
    assert last.reply.end_session is row.ends
    if row.ends:  # the goodbye leads with the help line
        assert text.index(MAIN[(concern, country)]) < text.index("stop")


@pytest.mark.parametrize(("concern", "country"), CASES, ids=[f"{c.lower()}-{k}" for c, k in CASES])
def test_danger_said_again_while_staying_gives_the_lines_at_once(coach: Coach, concern: str, country: str) -> None:
    turn = walk(coach, concern, country, (I("AMAZON.NoIntent"), danger(concern)))[-1]
    text = turn.reply.text()
    assert turn.state.step is Step.SAFETY_STAY and "Ben je nu veilig?" not in text
    assert text.startswith("Ik hoor je.") and MAIN[(concern, country)] in text and OFFER in text
    if concern == "VIOLENCE":  # the phone taken: another way than calling
        assert "buur" in text and "veilige plek" in text and "via chat" in text
    else:
        assert "Chat dan op" in text


def test_two_kinds_of_danger_while_staying_hear_every_line(coach: Coach) -> None:
    turn = walk(coach, "SUICIDE", "nl", (I("AMAZON.NoIntent"), danger("VIOLENCE")))[-1]
    text = turn.reply.text()
    assert turn.state.concern == "UNCLEAR" and "112" in text and "0800-2000" in text and "113" in text


def test_a_stop_before_the_lines_were_said_twice_is_asked_once_more(coach: Coach) -> None:
    """Asked "ben je nu veilig?" after words that only sounded like harm, "nee" gives every
    line once; a stop right then hears them again, and only a second stop ends."""
    state = State(household=Household(today=TODAY, country="nl"), step=Step.SAFETY_CHECK)
    unsafe = coach.handle(state, I("AMAZON.NoIntent"))
    assert unsafe.state.step is Step.SAFETY_STAY and "Ben je nu veilig?" not in unsafe.reply.text()
    assert "0800-2000" in unsafe.reply.text() and OFFER in unsafe.reply.text()
    held = coach.handle(unsafe.state, I("AMAZON.StopIntent"))
    assert not held.reply.end_session and "Ik laat je nog niet zomaar gaan." in held.reply.text()
    stop = coach.handle(held.state, I("AMAZON.StopIntent"))
    assert stop.reply.end_session and stop.reply.text().startswith("In gevaar: 112.")


def test_the_offer_is_said_a_little_differently_each_time(coach: Coach) -> None:
    turns = walk(coach, "SUICIDE", "nl", (I("AMAZON.NoIntent"), I("AMAZON.NoIntent"), Unrecognized()))
    endings = [t.reply.parts[-1].text for t in turns[1:]]
    assert all(OFFER in e for e in endings) and endings[0] != endings[1]


def test_staying_round_trips_through_json(coach: Coach) -> None:
    from dialogue import state_from_json, state_to_json

    state = walk(coach, "VIOLENCE", "be", (I("AMAZON.NoIntent"),))[-1].state
    assert state_from_json(state_to_json(state)) == state and state.lines_given == 2


# What is said in the follow-up, as the understanding hears it there.
SAID = [
    ("ik wil niet bellen", "AMAZON.NoIntent"),
    ("ik kan niet bellen", "AMAZON.NoIntent"),
    ("ik durf niet te bellen", "AMAZON.NoIntent"),
    ("niemand. ik ben alleen thuis", "AloneIntent"),
    ("niemand", "AloneIntent"),
    ("er is niemand", "AloneIntent"),
    ("niet echt", "PartlyIntent"),
    ("weet ik niet", "SkipIntent"),
    ("laat maar", "AMAZON.CancelIntent"),
    ("stop", "AMAZON.StopIntent"),
    ("tot ziens", "AMAZON.StopIntent"),
    ("ik ben veilig", "SafeIntent"),
]


@pytest.mark.parametrize("step", [Step.SAFETY, Step.SAFETY_STAY], ids=["safety", "safety_stay"])
@pytest.mark.parametrize(("text", "intent"), SAID, ids=[t for t, _ in SAID])
def test_what_is_said_when_not_safe_is_understood(
    coach: Coach, understander: Understander, step: Step, text: str, intent: str
) -> None:
    state = State(household=Household(today=TODAY), step=step, concern="SUICIDE")
    event = understander.understand(text, coach.expected_intents(state))
    assert isinstance(event, Intent) and event.name == intent, event
