"""The letter of responsibility on Alexa, through lambda_handler with real envelopes.

Alexa listens about 8 seconds, says the reprompt, listens again and closes the session:
writing takes longer. So a writing pause ends the turn with a reprompt that says how to
go on ('volgende', or later "vraag om deel twee van de brief"), and a new session goes on
from that part. Nothing of the letter is stored.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from skill_helpers import Alexa, envelope, speech

import lambda_handler as entry
from dialogue import Coach, Household, Intent, Locale, State, Step, Understander
from dialogue.intents import IntentName, SlotName
from dialogue.letter import END_VALUE, PART_VALUES
from household.store import HouseholdStore
from locale_files import LOCALE_DIR
from skill.model_phrases import Phrases

USER = envelope("launch")["session"]["user"]["userId"]
TODAY = datetime.date(2026, 11, 27)
PHRASES = Phrases.of(json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8")))
LETTER_STEPS = (Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
                Step.LETTER_NEEDS)
# "Luister ik dan niet meer, vraag dan om deel twee van de brief."
LATER = re.compile(r"[Vv]raag dan om (.+? van de brief)")


def reprompt(result: dict[str, object]) -> str:
    import xml.etree.ElementTree as ET

    response = result["response"]
    assert isinstance(response, dict)
    return "".join(ET.fromstring(response["reprompt"]["outputSpeech"]["ssml"]).itertext())


def test_the_letter_part_by_part_and_on_again_in_a_new_session(store_path: Path, locale: Locale) -> None:
    alexa = Alexa(entry.lambda_handler)
    assert locale.say("help_menu") in speech(alexa.say("intent_amazon_help"))  # the menu's help names it

    started = alexa.say("intent_startletter")
    assert alexa.step == "letter_intro"
    assert locale.say("letter_intro") in speech(started)
    assert started["response"]["shouldEndSession"] is False
    assert "deel één van de brief" in reprompt(started)

    part = alexa.say("intent_amazon_next")
    assert alexa.step == "letter_deed"
    assert locale.say("letter_deed") in speech(part)
    # The writing pause ends the turn; the reprompt says how to go on, now or later.
    assert reprompt(part) == locale.say("reprompt_letter_deed")
    assert "'volgende'" in reprompt(part) and "deel twee van de brief" in reprompt(part)

    # Words that are no command are let go: one kind note, then only the reprompt (Alexa
    # must say something to listen); what was heard is never said back.
    assert speech(alexa.say("intent_amazon_fallback")) == locale.say("letter_ignored")
    quiet = alexa.say("intent_need_matched")  # (a feeling of panic would start the breathing)
    assert speech(quiet) == locale.say("reprompt_letter_deed")
    assert quiet["response"]["shouldEndSession"] is False
    assert "knuffel" not in speech(quiet)
    assert alexa.step == "letter_deed"
    assert locale.say("letter_deed") in speech(alexa.say("intent_amazon_repeat"))

    # Alexa closes the session after its silence; later the writer asks for the next part.
    alexa.send(envelope("session_ended"))
    later = alexa.say("intent_startletter_part")  # "vraag samen sterker om deel drie van de brief"
    assert alexa.step == "letter_reason"
    assert locale.say("letter_resume") in speech(later) and locale.say("letter_reason") in speech(later)

    stopped = alexa.say("intent_amazon_stop")
    assert stopped["response"]["shouldEndSession"] is True
    assert speech(stopped) == locale.say("letter_stop", part="deel drie")


def test_danger_at_a_writing_pause_gives_the_help_lines(store_path: Path, locale: Locale) -> None:
    alexa = Alexa(entry.lambda_handler)
    alexa.say("intent_startletter_part")
    result = alexa.say("intent_safety")
    assert alexa.step == "safety"
    assert "112" in speech(result)


def test_nothing_of_the_letter_is_stored(store_path: Path) -> None:
    alexa = Alexa(entry.lambda_handler)
    for name in ("intent_startletter", "intent_amazon_next", "intent_amazon_fallback", "intent_need_matched",
                 "intent_amazon_next", "intent_amazon_next", "intent_amazon_next", "intent_amazon_next",
                 "intent_amazon_next"):
        alexa.say(name)
    assert alexa.last["response"]["shouldEndSession"] is True  # the fifth part done: the advice, and the end
    with HouseholdStore(store_path) as store:
        assert store.checkins(USER) == []
        household = store.load(TODAY, USER)
    assert household.introduced and household.names is None and household.consent is None
    with sqlite3.connect(store_path) as db:
        tables = [row[0] for row in db.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in db.execute(f"select * from {table}"):  # the table names come from the file itself
                assert not any("brief" in str(value).lower() or "paniek" in str(value).lower() for value in row)


def _later_phrases(coach: Coach, locale: Locale) -> list[tuple[str, str]]:
    """Each way to go on later that the letter suggests, with the part it must reach."""
    values = (*PART_VALUES, END_VALUE)
    found = [(locale.say(f"reprompt_{step.value}"), values[n]) for n, step in enumerate(LETTER_STEPS)]
    found += [(locale.say("letter_stop", part=coach.value_name(SlotName.LETTER_PART, value)), value)
              for value in PART_VALUES]
    pairs = []
    for text, value in found:
        match = LATER.search(text)
        assert match, text
        pairs.append((match.group(1), value))
    return pairs


def test_how_to_go_on_later_is_understood_by_alexa_and_locally(
    coach: Coach, locale: Locale, understander: Understander
) -> None:
    pairs = _later_phrases(coach, locale)
    assert len(pairs) == 11
    for phrase, value in pairs:
        assert PHRASES.intents(phrase) == {IntentName.START_LETTER.value}, phrase
        assert PHRASES.intents(f"om {phrase}") == {IntentName.START_LETTER.value}, phrase
        expected = Intent.of(IntentName.START_LETTER, part=value)
        for step in (Step.MENU, Step.ENDED, Step.LETTER_IMPACT):
            state = replace(State(household=Household(today=TODAY)), step=step)
            event = understander.understand(phrase, coach.expected_intents(state))
            assert isinstance(event, Intent) and replace(event, said=None) == expected, (phrase, step, event)


@pytest.mark.parametrize("value", [*PART_VALUES, END_VALUE])
def test_a_new_session_goes_on_from_the_part_asked_for(coach: Coach, value: str) -> None:
    turn = coach.handle(coach.begin(Household(today=TODAY, introduced=True)), Intent.of(IntentName.START_LETTER,
                                                                                       part=value))
    want = Step.ENDED if value == END_VALUE else LETTER_STEPS[1 + PART_VALUES.index(value)]
    assert turn.state.step is want and turn.effects == ()
