"""Grammar building per dialogue step (pure: the Dutch locale, no recogniser)."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, Locale, Step, Understander
from dialogue.intents import Concern, IntentName
from local_voice.grammar import (
    UNK,
    Grammar,
    GrammarBuilder,
    fit_to_vocabulary,
    spoken_form,
    with_unknown,
    without_unknown,
)


@pytest.fixture(scope="module")
def builder(locale: Locale) -> GrammarBuilder:
    return GrammarBuilder(locale)


def grammar_at(step: Step, coach: Coach, builder: GrammarBuilder) -> Grammar:
    state = replace(coach.begin(Household(today=datetime.date(2026, 11, 27))), step=step)
    return builder.for_step(state, coach.expected_intents(state))


def test_weather_step_expands_slot_values_and_synonyms(coach: Coach, builder: GrammarBuilder, locale: Locale) -> None:
    phrases = grammar_at(Step.CHECKIN_WEATHER, coach, builder).phrases
    assert phrases is not None
    for value in locale.slot_types["WeatherType"].values:
        assert spoken_form(value.name) in phrases
        for synonym in value.synonyms:
            assert spoken_form(synonym) in phrases
    assert "het is zonnig" in phrases
    assert not any("{" in p for p in phrases)


# Free speech at the menu (first names) and where partners speak to each other.
FREE_STEPS = (Step.MENU, Step.ENDED, Step.CHECKIN_GRATITUDE, Step.CHECKIN_GIVE, Step.PARTNER_SAY,
              Step.PARTNER_LISTEN, Step.WHO_TRIGGERED,  # who is triggered: a first name
              Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER)  # the same, for the couple's own plan


@pytest.mark.parametrize("step", [s for s in Step if s not in FREE_STEPS])
def test_every_grammar_step_has_commands_and_safety(coach: Coach, builder: GrammarBuilder, step: Step) -> None:
    phrases = grammar_at(step, coach, builder).phrases
    assert phrases is not None
    commands = ("help", "herhaal", "stop", "ik wil dood", "geweld")
    if step not in (Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY):  # a safety conversation is left only by stopping
        commands += ("pauze", "ik ben getriggerd")
    for phrase in commands:
        assert phrase in phrases, (step, phrase)


def test_grammar_holds_only_what_the_step_allows(coach: Coach, builder: GrammarBuilder) -> None:
    phrases = grammar_at(Step.CONFIRM_ERASE, coach, builder).phrases
    assert phrases is not None
    assert "ja" in phrases and "nee" in phrases
    assert "zonnig" not in phrases and "een knuffel" not in phrases


def test_free_answers_use_the_full_vocabulary(coach: Coach, builder: GrammarBuilder) -> None:
    assert grammar_at(Step.CHECKIN_GRATITUDE, coach, builder).is_free
    assert grammar_at(Step.PARTNER_SAY, coach, builder).is_free  # what partners say to each other
    assert grammar_at(Step.PARTNER_LISTEN, coach, builder).is_free
    assert grammar_at(Step.MENU, coach, builder).is_free  # first names are free words


def test_menu_can_be_a_grammar_without_names_by_voice(coach: Coach, locale: Locale) -> None:
    phrases = grammar_at(Step.MENU, coach, GrammarBuilder(locale, names_by_voice=False)).phrases
    assert phrases is not None
    assert "start de check-in" in phrases and "wis onze gegevens" in phrases


def test_wake_grammar_and_json(builder: GrammarBuilder) -> None:
    wake = builder.wake()
    assert wake.phrases is not None and wake.phrases[0] == "hé coach"
    assert json.loads(wake.to_json())[0] == "hé coach"
    with pytest.raises(ValueError):
        Grammar(None).to_json()


def test_unknown_word_only_when_supported() -> None:
    grammar = Grammar(("ja", "nee"))
    assert with_unknown(grammar, False) == grammar
    assert with_unknown(grammar, True).phrases == ("ja", "nee", UNK)
    assert without_unknown("[unk] ja [unk]") == "ja"


def test_fit_to_vocabulary_drops_phrases_and_tries_hyphen_split() -> None:
    known = {"start", "de", "check", "in", "ja"}
    fit = fit_to_vocabulary(["start de check-in", "ja", "ja zonnig", UNK], known.__contains__)
    assert fit.phrases == ("start de check in", "ja", UNK)
    assert fit.missing_words == ("zonnig",)
    assert fit.dropped_phrases == ("ja zonnig",)


def test_all_phrases_cover_every_step(coach: Coach, builder: GrammarBuilder) -> None:
    everything = set(builder.all_phrases())
    for step in Step:
        phrases = grammar_at(step, coach, builder).phrases
        if phrases is not None:
            assert set(phrases) <= everything


# --- what a recognised phrase means -----------------------------------------------------

# A command's sample that holds an answer the step expects: its meaning is left to the
# understanding, where step context decides (the feeling named at the feeling question).
LEFT_TO_CONTEXT = "een paniekaanval"


def test_a_recognised_phrase_carries_its_intent(coach: Coach, builder: GrammarBuilder, locale: Locale) -> None:
    weather = grammar_at(Step.CHECKIN_WEATHER, coach, builder)
    assert weather.intent_for("het is zonnig") == Intent.of("WeatherIntent", weather="ZONNIG")
    assert weather.intent_for("Het is zonnig weer.") == Intent.of("WeatherIntent", weather="ZONNIG")
    assert weather.intent_for("[unk] help") == Intent("AMAZON.HelpIntent")
    assert weather.intent_for("ik wil dood") is None  # danger: read by the understanding, with its concern
    assert weather.intent_for("een knuffel") is None  # a need: not listened for here
    assert weather.intent_for("") is None
    menu = grammar_at(Step.MENU, coach, GrammarBuilder(locale, names_by_voice=False))
    assert menu.intent_for("start de check in") == Intent("StartCheckinIntent")  # as the vocabulary split it
    assert grammar_at(Step.CONFIRM_ERASE, coach, builder).intent_for("ja") == Intent("AMAZON.YesIntent")
    assert builder.wake().intent_for("hé coach") is None
    assert builder.wake().intent_for("ik wil niet meer leven") is None
    assert builder.invitation().intent_for(builder.checkin_request) == Intent("StartCheckinIntent")
    assert grammar_at(Step.CHECKIN_GRATITUDE, coach, builder).intent_for("dankbaar voor de zon") is None


def test_every_phrase_means_what_the_understanding_reads(
    coach: Coach, understander: Understander, locale: Locale
) -> None:
    builder = GrammarBuilder(locale, names_by_voice=False)
    differ: set[str] = set()
    left: set[tuple[Step, str]] = set()
    for step in Step:
        state = replace(coach.begin(Household(today=datetime.date(2026, 11, 27))), step=step)
        grammar = builder.for_step(state, coach.expected_intents(state))
        for phrase in grammar.phrases or ():
            meaning = grammar.intent_for(phrase)
            if meaning is None:
                left.add((step, phrase))
                continue
            assert meaning.name in coach.listening_intents(state), (step, phrase)
            typed = understander.understand(phrase, coach.expected_intents(state))
            if typed == Intent.of(IntentName.SAFETY, concern=Concern.UNSURE):
                continue  # typed, it is asked about first ("hij heeft me teneergeslagen"); heard, it is the grammar's
            if meaning != typed:
                differ.add(phrase)
    assert not differ
    assert (Step.TRIGGER_FEELING, LEFT_TO_CONTEXT) in left
    assert (Step.MENU, LEFT_TO_CONTEXT) not in left  # at the menu it starts the trigger plan


@pytest.mark.parametrize("step", [Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER])
def test_the_strength_question_listens_for_nul_to_tien_and_danger(
    coach: Coach, builder: GrammarBuilder, understander: Understander, step: Step
) -> None:
    """Issue 10: "Hoe sterk is het gevoel nu, van nul tot tien?" is heard by a grammar of the
    numbers (with "een acht", "ik zit op zeven"...), each phrase already meaning its number,
    and the danger phrases of every step, which mean danger and nothing else."""
    grammar = grammar_at(step, coach, builder)
    assert grammar.phrases is not None
    words = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien")
    for number, word in enumerate(words):
        assert word in grammar.phrases
        assert grammar.intent_for(word) == Intent.of(IntentName.INTENSITY, level=str(number))
    assert grammar.intent_for("een acht") == Intent.of(IntentName.INTENSITY, level="8")
    assert grammar.intent_for("verder") == Intent(IntentName.NEXT)
    for danger in ("ik wil dood", "hij slaat me"):
        assert danger in grammar.phrases and grammar.intent_for(danger) is None  # read by the understanding
        heard = understander.understand(danger, coach.expected_intents(grammar_state(coach, step)))
        assert isinstance(heard, Intent) and heard.name == IntentName.SAFETY


def grammar_state(coach: Coach, step: Step) -> object:
    return replace(coach.begin(Household(today=datetime.date(2026, 11, 27))), step=step)


def test_the_look_back_offer_listens_for_yes_no_and_the_month(coach: Coach, builder: GrammarBuilder) -> None:
    grammar = grammar_at(Step.LOOKBACK_OFFER, coach, builder)
    assert grammar.intent_for("ja") == Intent(IntentName.YES) and grammar.intent_for("nee") == Intent(IntentName.NO)
    assert grammar.intent_for("hoe ging onze maand") == Intent.of(IntentName.LOOK_BACK, period="MONTH")
    assert "ik wil dood" in (grammar.phrases or ())
