"""The letter of responsibility by local voice: what the recogniser may hear at a writing
pause (only the letter's commands and the danger phrases), and a patient wait there: silence
is never answered, words that are no command get one kind note, then quiet."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import replace

import pytest
from test_voice_loop import make_loop, texts

from dialogue import Coach, Household, Intent, Locale, SaveConsent, State, Step
from dialogue.intents import IntentName
from household.store import HouseholdStore
from local_voice.grammar import Grammar, GrammarBuilder

LETTER_STEPS = (Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
                Step.LETTER_NEEDS)


@pytest.fixture
def store() -> Iterator[HouseholdStore]:
    s = HouseholdStore.in_memory()
    s.apply([SaveConsent(True)])
    yield s
    s.close()


def grammar_at(step: Step, coach: Coach, locale: Locale) -> Grammar:
    state = replace(State(household=Household(today=datetime.date(2026, 11, 27))), step=step)
    return GrammarBuilder(locale).for_step(state, coach.expected_intents(state))


@pytest.mark.parametrize("step", LETTER_STEPS, ids=[s.value for s in LETTER_STEPS])
def test_a_writing_pause_listens_only_for_the_letters_commands_and_danger(
    coach: Coach, locale: Locale, step: Step
) -> None:
    grammar = grammar_at(step, coach, locale)
    phrases = grammar.phrases
    assert phrases is not None  # never free speech: the letter itself is not listened to
    for phrase in ("volgende", "klaar", "ik ben klaar", "ga door", "herhaal", "stop", "help", "pauze",
                   "deel drie van de brief", "het einde van de brief", "ik wil dood", "hij slaat me",
                   "ik kan niet meer", "ik ben getriggerd"):
        assert phrase in phrases, phrase
    for phrase in ("zonnig", "een knuffel", "start de check-in", "wis onze gegevens", "sla over",
                   "mijn partner is getriggerd", "ik voel paniek", "ik ben dankbaar voor je geduld"):
        assert phrase not in phrases, phrase
    assert ("ja" in phrases) == (step is Step.LETTER_INTRO)  # "Heb je pen en papier?" "Ja."
    assert grammar.intent_for("klaar") == Intent(IntentName.NEXT)
    assert grammar.intent_for("volgende") == Intent(IntentName.NEXT)
    assert grammar.intent_for("herhaal") == Intent(IntentName.REPEAT)
    assert grammar.intent_for("deel drie van de brief") == Intent.of(IntentName.START_LETTER, part="DEEL_3")
    assert grammar.intent_for("ik wil dood") is None  # danger: read by the understanding, with its concern


def test_the_voice_waits_patiently_at_a_writing_pause(locale: Locale, store: HouseholdStore) -> None:
    script = ["hé coach", "help me met de brief", "volgende", None, None, None, None, "[unk]", "[unk]", None,
              "klaar", None, "stop"]
    loop, recogniser, speaker, _ = make_loop(locale, store, script)  # type: ignore[arg-type]
    loop.run()
    said = texts(speaker)
    part_one = said.index(locale.say("letter_deed"))
    part_two = said.index(locale.say("letter_impact"))
    # Between the two parts: four silences, two sounds that were no command, one more silence.
    # Nothing but one kind note; no reprompt, no "ik hoor niets meer", no goodbye.
    between = said[part_one + 1 : part_two]
    assert between == [locale.say("letter_write"), locale.say("letter_ignored")]
    assert locale.say("silence_goodbye") not in said
    assert said[-1] == locale.say("letter_stop", part="deel twee")
    letter_grammars = [g for g in recogniser.grammars[3:-1]]
    assert all(g.phrases is not None and "zonnig" not in g.phrases for g in letter_grammars)
    assert store.checkins() == []
