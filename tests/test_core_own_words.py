"""Table-driven core transitions of issue 13, by class: a person's own words, and the
coach's replies to them (the rows use `Row` and the runner of test_core_transitions)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogue import CheckinEntry, Coach, Intent, Locale, SaveCheckin, Silence, State, Step, Unrecognized
from dialogue.intents import OWN_WORDS, IntentName

AMBIGUOUS = IntentName.AMBIGUOUS
DISTRESS = IntentName.DISTRESS
from dialogue.model import state_from_json, state_to_json
from tests.test_core_transitions import DONE_ALONE, TODAY, Row, alone, at, i, p, two
from tests.test_core_transitions import test_transition as check_row

AT_NEED = alone(step=Step.CHECKIN_NEED, entries=(CheckinEntry("ZONNIG", None),))
AT_GRATITUDE = alone(step=Step.CHECKIN_GRATITUDE, entries=(CheckinEntry("ZONNIG", "KNUFFEL"),))


def own(words: str | None, name: str = "NeedIntent") -> Intent:
    return replace(Intent.of(name, need=OWN_WORDS), said=words)


def said(intent: Intent, words: str) -> Intent:
    return replace(intent, said=words)


ROWS: list[Row] = [
    # --- class 2: a bare denied weather is narrowed, nothing kept, no skip -------------------------
    Row("denied weather narrowed", alone(), i("WeatherIntent", negated="ZONNIG"), Step.CHECKIN_WEATHER,
        heard=(p("narrow_weather", negated="zonnig", options="wisselvallig, bewolkt, regen of storm"),),
        not_heard=(p("ack_skip"),), check=lambda s: s.entries == (CheckinEntry(None, None),)),
    Row("denied storm narrowed", alone(), i("WeatherIntent", negated="STORM"), Step.CHECKIN_WEATHER,
        heard=(p("narrow_weather", negated="storm", options="zonnig, wisselvallig, bewolkt of regen"),)),
    # --- class 4: a weather heard in other words is named, so it can be corrected -------------------
    Row("mood word named as a weather", alone(), said(i("WeatherIntent", weather="REGEN"), "rot"),
        Step.CHECKIN_NEED, heard=(p("ack_weather_heard", weather="regen"),),
        check=lambda s: s.entries == (CheckinEntry("REGEN", None),)),
    Row("weather word acknowledged", alone(), said(i("WeatherIntent", weather="STORM"), "storm"),
        Step.CHECKIN_NEED, heard=(p("ack_weather_storm"),), not_heard=("Dank je",)),
    Row("correction of the weather at the need", AT_NEED, i("WeatherIntent", weather="STORM"), Step.CHECKIN_NEED,
        heard=(p("corrected_weather", weather="storm"), p("ask_need_alone")),
        check=lambda s: s.entries == (CheckinEntry("STORM", None),)),
    Row("correction of the weather at the gratitude", AT_GRATITUDE, i("WeatherIntent", weather="REGEN"),
        Step.CHECKIN_GRATITUDE, heard=(p("corrected_weather", weather="regen"),),
        check=lambda s: s.entries == (CheckinEntry("REGEN", "KNUFFEL"),)),
    Row("correction of the need at the gratitude", AT_GRATITUDE, i("NeedIntent", need="RUST"),
        Step.CHECKIN_GRATITUDE, heard=(p("corrected_need", need="rust"), p("ask_gratitude_alone")),
        not_heard=(p("ack_gratitude_alone"),), check=lambda s: s.entries == (CheckinEntry("ZONNIG", "RUST"),)),
    Row("a correction of partner two's weather stays with partner two",
        two(step=Step.CHECKIN_NEED, partner_index=1, entries=(CheckinEntry("ZONNIG", "RUST"), CheckinEntry("REGEN", None))),
        i("WeatherIntent", weather="BEWOLKT"), Step.CHECKIN_NEED,
        check=lambda s: s.entries == (CheckinEntry("ZONNIG", "RUST"), CheckinEntry("BEWOLKT", None))),
    # --- class 5: feelings reflected in the person's own word ---------------------------------------
    Row("own-word feeling reflected", at(Step.TRIGGER_FEELING), i("FeelingIntent", feeling="VERRADEN"),
        Step.TRIGGER_NEED, heard=("Je voelt je verraden. Dat mag er zijn.",), check=lambda s: s.feeling == "VERRADEN"),
    Row("noun feeling reflected", at(Step.TRIGGER_FEELING), i("FeelingIntent", feeling="WANTROUWEN"),
        Step.TRIGGER_NEED, heard=("Je voelt wantrouwen. Dat mag er zijn.",)),
    Row("boos is its own feeling", at(Step.BREATHING), i("FeelingIntent", feeling="BOOS"), Step.TRIGGER_NEED,
        heard=("Je voelt je boos.",), not_heard=("woede",)),
    Row("feeling corrected at the need", at(Step.TRIGGER_NEED, feeling="PANIEK"), i("FeelingIntent", feeling="ANGST"),
        Step.TRIGGER_NEED, heard=(p("ack_feeling", feeling="angst"), p("ask_trigger_need")),
        check=lambda s: s.feeling == "ANGST"),
    Row("self care in the feeling's own form", at(Step.PARTNER_PRESENT, feeling="ONZEKER", trigger_need="RUST"),
        i("AMAZON.NoIntent"), Step.ENDED, heard=(p("self_care_words_reflexive", feeling="onzeker", need="rust"),)),
    # --- class 6: needs in their own words -----------------------------------------------------------
    Row("own-words need, unclear: one gentle question first", AT_NEED, own("iets met eerlijkheid"), Step.CHECKIN_NEED,
        heard=(p("ask_need_own_words"),), not_heard=(p("not_understood"),),
        check=lambda s: s.misunderstood == 1 and s.entries == (CheckinEntry("ZONNIG", None),)),
    Row("own-words need, a clear wish: accepted at once", AT_NEED, own("ik wil dat hij eerlijk is"),
        Step.CHECKIN_GRATITUDE, heard=(p("ack_need_own", words="Je wilt dat hij eerlijk is"),),
        not_heard=(p("ask_need_own_words"),), check=lambda s: s.entries == (CheckinEntry("ZONNIG", OWN_WORDS),)),
    Row("own-words need: then accepted and reflected", replace(AT_NEED, misunderstood=1), own("dat hij eerlijk is"),
        Step.CHECKIN_GRATITUDE, heard=(p("ack_need_own", words="Dat hij eerlijk is"), p("ask_gratitude_alone")),
        check=lambda s: s.entries == (CheckinEntry("ZONNIG", OWN_WORDS),)),
    Row("own-words need without its words (Alexa)", replace(AT_NEED, misunderstood=1), own(None),
        Step.CHECKIN_GRATITUDE, heard=(p("ack_need_own_unsaid"),)),
    Row("own-words need summarised as own words", replace(DONE_ALONE, entries=(CheckinEntry("REGEN", OWN_WORDS),)),
        i("SkipIntent"), Step.CHECKIN_GIVE,
        effects=(SaveCheckin(TODAY, (CheckinEntry("REGEN", OWN_WORDS),)),),
        heard=(p("summary_need_own_alone"),)),
    Row("own-words need in the trigger plan, said back; the partner hears it from them",
        at(Step.TRIGGER_NEED, misunderstood=1, partner_present=True), own("dat ze de waarheid vertelt"),
        Step.PARTNER_SAY, heard=(p("ack_need_own", words="Dat ze de waarheid vertelt"), p("partner_guidance"))),
    Row("own-words need in the trigger plan, then the partner question",
        at(Step.TRIGGER_NEED, misunderstood=1), own("een glas water"), Step.PARTNER_PRESENT,
        check=lambda s: s.trigger_need == OWN_WORDS and s.trigger_need_words == "een glas water"),
    Row("own words for self care", at(Step.PARTNER_PRESENT, feeling="VERDRIET", trigger_need=OWN_WORDS,
        trigger_need_words="een glas water"), i("AMAZON.NoIntent"), Step.ENDED,
        heard=(p("self_care_words", feeling="verdriet", need="een glas water"),)),
    Row("a wish for self care as it was said, not inside 'ik heb ... nodig'",
        at(Step.PARTNER_PRESENT, feeling="SCHULDIG", trigger_need=OWN_WORDS,
           trigger_need_words="ik wil dat hij me vergeeft"), i("AMAZON.NoIntent"), Step.ENDED,
        heard=(p("self_care_words_reflexive_own", feeling="schuldig", need="ik wil dat hij me vergeeft"),),
        not_heard=("ik heb ik wil",)),
    # --- the gentle check (AmbiguousIntent) ----------------------------------------------------------
    Row("ambiguous: asked once, gently", two(), Intent(AMBIGUOUS), Step.GENTLE_CHECK,
        heard=(p("gentle_check"),), not_heard=(p("safety_unclear"),), check=lambda s: s.return_step is Step.CHECKIN_WEATHER),
    Row("ambiguous answered with stop: a calm stop keeping what was done",
        alone(step=Step.GENTLE_CHECK, entries=(CheckinEntry("REGEN", None),), return_step=Step.CHECKIN_NEED),
        i("AMAZON.StopIntent"), Step.ENDED, effects=(SaveCheckin(TODAY, (CheckinEntry("REGEN", None),)),),
        heard=(p("gentle_stop_kept", kept="Het weer heb ik bewaard."),), not_heard=(p("safety_unclear"),)),
    Row("ambiguous answered with stop, nothing to keep", at(Step.GENTLE_CHECK, return_step=Step.BREATHING),
        i("AMAZON.CancelIntent"), Step.ENDED, heard=(p("gentle_stop"),)),
    Row("ambiguous answered with yes: the safety answer",
        alone(step=Step.GENTLE_CHECK, entries=(CheckinEntry("REGEN", None),)), i("AMAZON.YesIntent"), Step.SAFETY,
        heard=(p("safety_suicide"),), not_heard=(p("safety_unclear"),)),
    Row("ambiguous answered unclearly: the safety answer", at(Step.GENTLE_CHECK), Unrecognized(), Step.SAFETY,
        heard=(p("safety_suicide"),), not_heard=(p("safety_unclear"),)),
    Row("ambiguous answered with silence: the safety answer, never silence", at(Step.GENTLE_CHECK), Silence(),
        Step.SAFETY, heard=(p("safety_suicide"),), not_heard=(p("safety_unclear"),)),
    Row("ambiguous answered with an answer: the safety answer", at(Step.GENTLE_CHECK),
        i("WeatherIntent", weather="BEWOLKT"), Step.SAFETY, heard=(p("safety_suicide"),), not_heard=(p("safety_unclear"),)),
    Row("ambiguous answered with violence named: the violence answer", at(Step.GENTLE_CHECK),
        Intent.of("SafetyIntent", concern="VIOLENCE"), Step.SAFETY, heard=(p("safety_violence"),)),
    Row("ambiguous answered with ambiguous again: the safety answer", at(Step.GENTLE_CHECK), Intent(AMBIGUOUS),
        Step.SAFETY, heard=(p("safety_suicide"),), not_heard=(p("safety_unclear"),)),
    # --- distress (DistressIntent): never thanked ----------------------------------------------------
    Row("distress at the gratitude: acknowledged and a choice", AT_GRATITUDE, Intent(DISTRESS),
        Step.DISTRESS_CHOICE, heard=(p("distress_ack"), p("distress_choice")),
        not_heard=("Dank je", p("ack_gratitude_alone"))),
    Row("distress at the gratitude, then skip", replace(AT_GRATITUDE, step=Step.DISTRESS_CHOICE), i("SkipIntent"),
        Step.CHECKIN_GIVE, effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "KNUFFEL"),)),),
        heard=(p("ack_skip"), "Bij jou is het vandaag zonnig."), not_heard=("Dank je",)),
    Row("distress at the gratitude of partner one, then no: partner two",
        two(step=Step.DISTRESS_CHOICE, entries=(CheckinEntry("REGEN", "RUST"), CheckinEntry(None, None))),
        i("AMAZON.NoIntent"), Step.CHECKIN_WEATHER, heard=(p("next_partner_unnamed"),)),
    # (breathing inside the check-in: it goes on afterwards and is kept as it ends)
    Row("distress at the gratitude, then breathe", replace(AT_GRATITUDE, step=Step.DISTRESS_CHOICE),
        i("AMAZON.YesIntent"), Step.BREATHING, effects=(), heard=(p("trigger_intro"), p("breathing_offer_checkin"))),
    Row("distress elsewhere: acknowledged, the question again", two(), Intent(DISTRESS), Step.CHECKIN_WEATHER,
        heard=(p("distress_elsewhere"), p("ask_weather_unnamed")),
        not_heard=("Dank je",)),
]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_own_words_transition(coach: Coach, locale: Locale, row: Row) -> None:
    check_row(coach, locale, row)


def test_the_words_of_a_need_travel_in_the_state_json_of_that_conversation_only(coach: Coach) -> None:
    state = at(Step.TRIGGER_NEED, misunderstood=1)
    turn = coach.handle(state, own("dat hij blijft"))
    assert state_from_json(state_to_json(turn.state)) == turn.state
    assert state_to_json(turn.state)["trigger_need_words"] == "dat hij blijft"
    ended = coach.handle(turn.state, i("AMAZON.YesIntent"))
    for _ in range(2):  # the partner speaks, then the triggered partner says what they need
        ended = coach.handle(ended.state, Unrecognized())
    assert ended.reply.end_session
    # The conversation is over: the words are gone from what carries on, and never an effect.
    assert ended.state.trigger_need_words is None
    assert "blijft" not in str(state_to_json(ended.state)["household"])
    assert all("blijft" not in repr(effect) for effect in ended.effects)
    assert coach.handle(ended.state, i("StartCheckinIntent")).state.last_reply is not None
    assert "blijft" not in str(state_to_json(coach.handle(ended.state, i("StartCheckinIntent")).state))


def test_distress_is_never_thanked_anywhere(coach: Coach, locale: Locale) -> None:
    thanks = ("Dank je", "dank je", "Fijn dat")
    for step in Step:
        if step is Step.ENDED:
            continue
        state = replace(two(), step=step, return_step=Step.CHECKIN_WEATHER)
        text = coach.handle(state, Intent(DISTRESS)).reply.text()
        assert not any(t in text for t in thanks), (step, text)


def test_a_check_in_state_keeps_old_json_without_the_new_field() -> None:
    data = state_to_json(State(household=at(Step.MENU).household))
    del data["trigger_need_words"]
    assert state_from_json(data).trigger_need_words is None
