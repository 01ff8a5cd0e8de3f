"""Table-driven tests of the core's transitions: (state, event) -> step, effects, what is heard.

Each row starts from a state built with `dataclasses.replace`, sends one event to
`Coach.handle` and checks the new step, the exact effects, and the sentences heard
(a prompt id rendered with its parameters, or a plain text fragment).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from dialogue import (
    CheckinEntry,
    Coach,
    Effect,
    EraseHousehold,
    Event,
    Household,
    Intent,
    Locale,
    MarkIntroduced,
    Pause,
    Reply,
    SaveCheckin,
    SaveConsent,
    SaveCountry,
    SaveNames,
    SavePace,
    Say,
    Silence,
    State,
    Step,
    TriggerMoment,
    Unrecognized,
)

TODAY = datetime.date(2026, 11, 27)  # a Friday, ISO week 48
H = Household(today=TODAY, introduced=True, consent=True)
NAMED = replace(H, names=("Sam", "Lotte"))
S0 = State(household=H)


@dataclass(frozen=True)
class P:
    """A prompt id with its parameters: the rendered sentence must be heard."""

    id: str
    params: tuple[tuple[str, object], ...] = ()


def p(prompt_id: str, **params: object) -> P:
    return P(prompt_id, tuple(params.items()))


Heard = str | P


def i(name: str, **slots: str) -> Intent:
    return Intent.of(name, **slots)


def two(**changes: object) -> State:
    """A check-in by two partners, at the weather question of partner one."""
    base = replace(S0, step=Step.CHECKIN_WEATHER, partners=2, entries=(CheckinEntry(None, None),) * 2)
    return replace(base, **changes)  # type: ignore[arg-type]


def alone(**changes: object) -> State:
    base = replace(S0, step=Step.CHECKIN_WEATHER, partners=1, entries=(CheckinEntry(None, None),))
    return replace(base, **changes)  # type: ignore[arg-type]


def at(step: Step, **changes: object) -> State:
    return replace(S0, step=step, **changes)  # type: ignore[arg-type]


def paced(inhale: int, exhale: int, step: Step = Step.BREATHING) -> State:
    return replace(S0, step=step, household=replace(H, inhale_seconds=inhale, exhale_seconds=exhale))


@dataclass(frozen=True)
class Row:
    id: str
    state: State
    event: Event
    step: Step
    effects: tuple[Effect, ...] = ()
    heard: tuple[Heard, ...] = ()
    not_heard: tuple[Heard, ...] = ()
    check: Callable[[State], bool] | None = None


DONE_TWO = two(
    step=Step.CHECKIN_GRATITUDE,
    partner_index=1,
    entries=(CheckinEntry("ZONNIG", "KNUFFEL"), CheckinEntry("STORM", "RUIMTE")),
)
DONE_ALONE = alone(step=Step.CHECKIN_GRATITUDE, entries=(CheckinEntry("REGEN", "RUST"),))

ROWS: list[Row] = [
    # --- the daily check-in ---------------------------------------------------------------
    Row(
        "start checkin without names",
        at(Step.MENU),
        i("StartCheckinIntent"),
        Step.CHECKIN_WHO,
        heard=(p("checkin_opening"), p("checkin_who")),
        not_heard=(p("consent_question"),),
    ),
    Row(
        "start checkin with names",
        replace(at(Step.MENU), household=NAMED),
        i("StartCheckinIntent"),
        Step.CHECKIN_WHO,
        heard=(p("checkin_opening_named", names="Sam en Lotte"), p("checkin_who")),
    ),
    Row(
        "together without names",
        at(Step.CHECKIN_WHO),
        i("TogetherIntent"),
        Step.CHECKIN_WEATHER,
        heard=("Mooi. Wie van jullie begint?", "Hoe is het weer vanbinnen bij jou?"),
        not_heard=("partner één",),
        check=lambda s: s.partners == 2 and s.partner_index == 0 and len(s.entries) == 2,
    ),
    Row(
        "together by yes",
        at(Step.CHECKIN_WHO),
        i("AMAZON.YesIntent"),
        Step.CHECKIN_WEATHER,
        check=lambda s: s.partners == 2,
    ),
    Row(
        "together with names",
        replace(at(Step.CHECKIN_WHO), household=NAMED),
        i("TogetherIntent"),
        Step.CHECKIN_WEATHER,
        heard=("Mooi. Sam begint.", "Hoe is het weer vanbinnen, Sam?"),
        not_heard=("partner één",),
    ),
    Row(
        "alone",
        at(Step.CHECKIN_WHO),
        i("AloneIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("checkin_start_alone"), p("ask_weather_alone")),
        not_heard=("partner één",),
        check=lambda s: s.partners == 1 and len(s.entries) == 1,
    ),
    Row(
        "alone by no", at(Step.CHECKIN_WHO), i("AMAZON.NoIntent"), Step.CHECKIN_WEATHER, check=lambda s: s.partners == 1
    ),
    Row(
        "weather",
        two(),
        i("WeatherIntent", weather="STORM"),
        Step.CHECKIN_NEED,
        heard=("Storm. Dat klinkt zwaar.", p("ask_need_unnamed")),
        check=lambda s: s.entries[0] == CheckinEntry("STORM", None),
    ),
    Row(
        "weather of partner two, named",
        two(partner_index=1, household=NAMED),
        i("WeatherIntent", weather="BEWOLKT"),
        Step.CHECKIN_NEED,
        heard=(p("ask_need", name="Lotte", other="Sam"),),
        check=lambda s: s.entries[1] == CheckinEntry("BEWOLKT", None) and s.entries[0] == CheckinEntry(None, None),
    ),
    Row(
        "weather alone", alone(), i("WeatherIntent", weather="ZONNIG"), Step.CHECKIN_NEED, heard=(p("ask_need_alone"),)
    ),
    Row(
        "weather skipped",
        two(),
        i("SkipIntent"),
        Step.CHECKIN_NEED,
        heard=(p("ack_skip"),),
        check=lambda s: s.entries[0] == CheckinEntry(None, None),
    ),
    Row(
        "weather with an unknown value",
        two(),
        i("WeatherIntent", weather="ORKAAN"),
        Step.CHECKIN_WEATHER,
        heard=(p("not_understood"), p("reprompt_checkin_weather")),
        check=lambda s: s.misunderstood == 1,
    ),
    Row("weather without a value", two(), i("WeatherIntent"), Step.CHECKIN_WEATHER, heard=(p("not_understood"),)),
    Row(
        "need",
        two(step=Step.CHECKIN_NEED),
        i("NeedIntent", need="KNUFFEL"),
        Step.CHECKIN_GRATITUDE,
        heard=(p("ack_need", need="een knuffel"), p("ask_gratitude_unnamed")),
        check=lambda s: s.entries[0] == CheckinEntry(None, "KNUFFEL"),
    ),
    Row("need skipped", two(step=Step.CHECKIN_NEED), i("SkipIntent"), Step.CHECKIN_GRATITUDE, heard=(p("ack_skip"),)),
    Row(
        "need with an unknown value",
        two(step=Step.CHECKIN_NEED),
        i("NeedIntent", need="GELD"),
        Step.CHECKIN_NEED,
        heard=(p("not_understood"),),
    ),
    Row(
        "gratitude passes to partner two",
        two(step=Step.CHECKIN_GRATITUDE, household=NAMED),
        i("GratitudeIntent", gratitude="HUMOR"),
        Step.CHECKIN_WEATHER,
        heard=(
            p("ack_gratitude", other="Lotte"),
            p("next_partner", name="Lotte"),
            p("ask_weather", name="Lotte", other="Sam"),
        ),
        not_heard=("humor",),
        check=lambda s: s.partner_index == 1,
    ),
    Row(
        "any answer counts as gratitude",
        two(step=Step.CHECKIN_GRATITUDE),
        i("AMAZON.NextIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("ack_gratitude_unnamed"),),
        check=lambda s: s.entries[0] == CheckinEntry(None, None),
    ),
    Row(
        "a feeling named at the gratitude is pain said, never thanked",
        two(step=Step.CHECKIN_GRATITUDE),
        i("FeelingIntent", feeling="VERDRIET"),
        Step.DISTRESS_CHOICE,
        heard=(p("distress_ack"),),
        not_heard=(p("ack_gratitude_unnamed"),),
    ),
    Row(
        "gratitude skipped",
        two(step=Step.CHECKIN_GRATITUDE),
        i("SkipIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("ack_skip"), "Nu is de ander aan de beurt."),
    ),
    # --- the end of the check-in, in two short turns: the summary asks, then the close ---------
    Row(
        "summary of two",
        DONE_TWO,
        i("GratitudeIntent", gratitude="GEDULD"),
        Step.CHECKIN_GIVE,  # the summary asks whether it can be given, and listens
        effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "KNUFFEL"), CheckinEntry("STORM", "RUIMTE"))),),
        heard=(
            p("ack_gratitude_unnamed"),
            "Bij wie begon is het zonnig, bij de ander stormachtig.",
            "Wie begon heeft vandaag een knuffel nodig.",
            "De ander heeft vandaag ruimte nodig.",
            "Lukt het jullie om elkaar dat vandaag te geven?",
        ),
        not_heard=("geduld", "partner één", "niet gezegd", p("closing_checkin"), p("progress_first"), "storm vandaag"),
    ),
    Row(
        "summary with names",
        replace(DONE_TWO, household=NAMED),
        i("SkipIntent"),
        Step.CHECKIN_GIVE,
        effects=(SaveCheckin(TODAY, DONE_TWO.entries),),
        heard=(
            "Bij Sam is het zonnig, bij Lotte stormachtig.",
            # Each partner hears what the other needs today, in turn: Lotte first.
            "Lotte, lukt het om Sam een knuffel te geven?",
        ),
        check=lambda s: s.partner_index == 0,
        not_heard=(p("give_question"), "Sam, lukt het"),
    ),
    Row(
        "summary with skipped answers",
        two(
            step=Step.CHECKIN_GRATITUDE,
            partner_index=1,
            entries=(CheckinEntry(None, "HULP"), CheckinEntry("REGEN", None)),
        ),
        i("SkipIntent"),
        Step.CHECKIN_GIVE,
        effects=(SaveCheckin(TODAY, (CheckinEntry(None, "HULP"), CheckinEntry("REGEN", None))),),
        heard=("Bij de ander is het regenachtig.", "Wie begon heeft vandaag hulp nodig.", p("give_question")),
        not_heard=("niet gezegd", "Bij wie begon", "De ander heeft"),
    ),
    Row(
        "summary without needs: one short turn that closes",
        two(step=Step.CHECKIN_GRATITUDE, partner_index=1, entries=(CheckinEntry("ZONNIG", None), CheckinEntry(None, None))),
        i("SkipIntent"),
        Step.ENDED,
        effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", None), CheckinEntry(None, None))),),
        heard=("Bij wie begon is het zonnig.", p("progress_first"), p("closing_checkin")),
        not_heard=(p("give_question"),),
    ),
    Row(
        "summary alone",
        DONE_ALONE,
        i("GratitudeIntent"),
        Step.CHECKIN_GIVE,
        effects=(SaveCheckin(TODAY, (CheckinEntry("REGEN", "RUST"),)),),
        heard=(p("ack_gratitude_alone"), "Bij jou is het vandaag regenachtig.", "Je hebt vandaag rust nodig.",
               "Lukt het om dat aan je partner te vragen?"),
        not_heard=("partner één", p("closing_checkin")),
    ),
    Row("with names, the first answer: then the other partner's question",
        replace(DONE_TWO, household=NAMED, step=Step.CHECKIN_GIVE, partner_index=0), i("AMAZON.YesIntent"),
        Step.CHECKIN_GIVE, heard=(p("give_yes"), "Sam, lukt het om Lotte ruimte te geven?"),
        not_heard=(p("summary_intro"), "Lotte, lukt het"), check=lambda s: s.partner_index == 1),
    Row("with names, the second answer: the close",
        replace(DONE_TWO, household=NAMED, step=Step.CHECKIN_GIVE, partner_index=1), i("AMAZON.YesIntent"),
        Step.STORM_OFFER, heard=(p("give_yes"), p("summary_intro"), p("progress_first")),
        not_heard=("lukt het om",)),
    Row("it can be given: the close", replace(DONE_ALONE, step=Step.CHECKIN_GIVE), i("AMAZON.YesIntent"), Step.ENDED,
        heard=(p("give_yes"), p("summary_intro"), p("progress_first"), p("closing_checkin_alone")),
        check=lambda s: s.household.checkin_dates == (TODAY,) and s.entries == ()),
    Row("it cannot: that is all right", replace(DONE_ALONE, step=Step.CHECKIN_GIVE), i("AMAZON.NoIntent"), Step.ENDED,
        heard=(p("give_no"), p("summary_intro"))),
    Row("whatever is said aloud to each other goes on, and is not kept", replace(DONE_TWO, step=Step.CHECKIN_GIVE),
        Unrecognized(), Step.STORM_OFFER, heard=(p("summary_intro"), p("progress_first"), p("storm_offer")),
        not_heard=(p("give_yes"), p("not_understood"))),
    Row("silence at the give question goes on too", replace(DONE_ALONE, step=Step.CHECKIN_GIVE), Silence(),
        Step.ENDED, heard=(p("summary_intro"),)),
    Row("a stop at the give question keeps nothing twice", replace(DONE_ALONE, step=Step.CHECKIN_GIVE),
        i("AMAZON.StopIntent"), Step.ENDED, heard=(p("goodbye"),)),
    Row("after the storm: breathe", at(Step.STORM_OFFER), i("AMAZON.YesIntent"), Step.BREATHING,
        heard=(p("trigger_intro"),), effects=()),
    Row("after the storm: no breathing", at(Step.STORM_OFFER), i("AMAZON.NoIntent"), Step.ENDED,
        heard=(p("closing_checkin"),), effects=()),
    Row("a conversation to give", replace(DONE_TWO, household=NAMED, entries=(CheckinEntry("ZONNIG", "GESPREK"),
        CheckinEntry("BEWOLKT", None))), i("SkipIntent"), Step.CHECKIN_GIVE,
        effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "GESPREK"), CheckinEntry("BEWOLKT", None))),),
        heard=("Lotte, lukt het om Sam tijd voor een gesprek te geven?",)),
    # --- "mijn partner is getriggerd" with names: who of the two, then each by name ---------------
    Row("partner triggered, names known: who of you?", replace(at(Step.MENU), household=NAMED),
        i("PartnerTriggeredIntent"), Step.WHO_TRIGGERED,
        heard=(p("support_intro"), p("who_triggered", first="Sam", second="Lotte"))),
    Row("partner triggered, no names: the offer at once", at(Step.MENU), i("PartnerTriggeredIntent"),
        Step.SUPPORT_OFFER, not_heard=("Wie van jullie",)),
    Row("Lotte is triggered", replace(at(Step.WHO_TRIGGERED), household=NAMED), i("TriggeredNameIntent", who="lotte"),
        Step.SUPPORT_OFFER, heard=(p("support_offer"),), check=lambda s: s.triggered == 1),
    Row("a name that is neither: on without names", replace(at(Step.WHO_TRIGGERED), household=NAMED),
        i("TriggeredNameIntent", who="Kees"), Step.SUPPORT_OFFER, check=lambda s: s.triggered is None),
    Row("not understood: on without names, nobody held up", replace(at(Step.WHO_TRIGGERED), household=NAMED),
        Unrecognized(), Step.SUPPORT_OFFER, not_heard=(p("not_understood"),), check=lambda s: s.triggered is None),
    Row("the guidance by name", replace(at(Step.SUPPORT_OFFER), household=NAMED, triggered=0), i("AMAZON.NoIntent"),
        Step.PARTNER_SAY, heard=(p("partner_guidance_named", helper="Lotte", triggered="Sam"), p("partner_say"))),
    Row("the question by name", replace(at(Step.PARTNER_SAY), household=NAMED, triggered=0, partner_present=True),
        i("GratitudeIntent"), Step.PARTNER_LISTEN, heard=(p("partner_ask_named", helper="Lotte", triggered="Sam"),)),
    Row("giving by name", replace(at(Step.PARTNER_LISTEN), household=NAMED, triggered=0, partner_present=True),
        Unrecognized(), Step.ENDED, heard=(p("partner_give_named", helper="Lotte", triggered="Sam"),)),
    # --- consent: asked once per household, before the first check-in is kept -------------------
    Row("the first check-in asks consent and hears the article's advice, once",
        replace(at(Step.MENU), household=replace(H, consent=None)), i("StartCheckinIntent"), Step.CHECKIN_CONSENT,
        heard=(p("checkin_opening"), "op een vast moment, zonder afleiding", p("consent_question")),
        not_heard=(p("checkin_who"),)),
    Row("a household with check-ins from before consent is asked, without the advice",
        replace(at(Step.MENU), household=replace(H, consent=None, checkin_dates=(TODAY,))), i("StartCheckinIntent"),
        Step.CHECKIN_CONSENT, heard=(p("consent_question"),), not_heard=("vast moment",)),
    Row("a later check-in hears neither", replace(at(Step.MENU), household=replace(H, checkin_dates=(TODAY,))),
        i("StartCheckinIntent"), Step.CHECKIN_WHO, not_heard=("vast moment", p("consent_question"))),
    Row("a household that said no is not asked again", replace(at(Step.MENU), household=replace(H, consent=False)),
        i("StartCheckinIntent"), Step.CHECKIN_WHO, not_heard=("vast moment", p("consent_question"))),
    Row("consent given", replace(at(Step.CHECKIN_CONSENT), household=replace(H, consent=None)),
        i("AMAZON.YesIntent"), Step.CHECKIN_WHO, effects=(SaveConsent(True),),
        heard=(p("consent_given"), p("checkin_who")), check=lambda s: s.household.consent is True),
    Row("consent refused: the check-in goes on, and what was kept before goes",
        replace(at(Step.CHECKIN_CONSENT), household=replace(H, consent=None, checkin_dates=(TODAY,))),
        i("AMAZON.NoIntent"), Step.CHECKIN_WHO, effects=(SaveConsent(False),),
        heard=(p("consent_refused"), p("checkin_who")),
        check=lambda s: s.household.consent is False and s.household.checkin_dates == ()),
    Row("'bewaar niets' at the consent question is a no", replace(at(Step.CHECKIN_CONSENT), household=replace(H, consent=None)),
        i("WithdrawConsentIntent"), Step.CHECKIN_WHO, effects=(SaveConsent(False),), heard=(p("consent_refused"),)),
    Row("not understood at the consent question: asked again, nothing kept",
        replace(at(Step.CHECKIN_CONSENT), household=replace(H, consent=None)), Unrecognized(), Step.CHECKIN_CONSENT,
        heard=(p("reprompt_checkin_consent"),)),
    Row("without consent a finished check-in keeps nothing",
        replace(DONE_ALONE, household=replace(H, consent=False)), i("SkipIntent"), Step.CHECKIN_GIVE,
        heard=("Bij jou is het vandaag regenachtig.",), not_heard=("bewaard",)),
    Row("without consent the close counts no days",
        replace(DONE_ALONE, step=Step.CHECKIN_GIVE, household=replace(H, consent=False)), i("AMAZON.YesIntent"),
        Step.ENDED, heard=(p("summary_intro"), p("closing_checkin_alone")),
        not_heard=(p("progress_first"), "ingecheckt", "bewaard"), check=lambda s: s.household.checkin_dates == ()),
    Row("without consent a stopped check-in keeps nothing and does not say so",
        alone(step=Step.CHECKIN_NEED, entries=(CheckinEntry("REGEN", None),), household=replace(H, consent=False)),
        i("AMAZON.StopIntent"), Step.ENDED, heard=(p("goodbye"),), not_heard=("bewaard",)),
    Row("without consent the trigger plan from a check-in keeps nothing",
        alone(step=Step.CHECKIN_NEED, entries=(CheckinEntry("STORM", None),), household=replace(H, consent=False)),
        i("StartTriggerPlanIntent"), Step.BREATHING),
    # --- consent withdrawn by voice: asked once more, then every check-in erased ----------------------
    Row("withdraw: asked once more", replace(at(Step.MENU), household=replace(H, checkin_dates=(TODAY,))),
        i("WithdrawConsentIntent"), Step.CONFIRM_WITHDRAW, heard=(p("withdraw_confirm"),),
        check=lambda s: s.return_step is Step.MENU),
    Row("withdraw confirmed mid check-in: erased, and the check-in goes on keeping nothing",
        alone(step=Step.CONFIRM_WITHDRAW, return_step=Step.CHECKIN_NEED, entries=(CheckinEntry("REGEN", None),),
              household=replace(H, checkin_dates=(TODAY,))),
        i("AMAZON.YesIntent"), Step.CHECKIN_NEED, effects=(SaveConsent(False),),
        heard=(p("withdraw_done"), p("ask_need_alone")),
        check=lambda s: s.household.consent is False and s.household.checkin_dates == () and s.return_step is None),
    Row("withdraw declined: nothing changes", alone(step=Step.CONFIRM_WITHDRAW, return_step=Step.CHECKIN_NEED),
        i("AMAZON.NoIntent"), Step.CHECKIN_NEED, heard=(p("withdraw_cancelled"), p("ask_need_alone")),
        check=lambda s: s.household.consent is True),
    Row("withdraw where nothing is kept: said, and the step goes on", replace(two(), household=replace(H, consent=False)),
        i("WithdrawConsentIntent"), Step.CHECKIN_WEATHER, heard=(p("withdraw_nothing"), p("ask_weather_unnamed"))),
    Row(
        "progress counts days this week",
        replace(DONE_ALONE, step=Step.CHECKIN_GIVE, household=replace(H, checkin_dates=(datetime.date(2026, 11, 20), datetime.date(2026, 11, 23), datetime.date(2026, 11, 25)))),
        i("AMAZON.YesIntent"),
        Step.ENDED,
        heard=("Jullie hebben deze week al op drie dagen ingecheckt.",),
        not_heard=(p("progress_first"),),
        check=lambda s: TODAY in s.household.checkin_dates,
    ),
    Row(
        "progress counts today once",
        replace(DONE_ALONE, step=Step.CHECKIN_GIVE, household=replace(H, checkin_dates=(datetime.date(2026, 11, 23), TODAY))),
        i("AMAZON.YesIntent"),
        Step.ENDED,
        heard=(p("progress_again_today"),),  # a second check-in today: never "the first"
        not_heard=(p("progress_first"), "dagen"),
    ),
    Row(
        "progress after a week without",
        replace(DONE_ALONE, step=Step.CHECKIN_GIVE, household=replace(H, checkin_dates=(datetime.date(2026, 11, 1), datetime.date(2026, 11, 22)))),
        i("AMAZON.YesIntent"),
        Step.LOOKBACK_OFFER,  # the week's first check-in, after one last week: the look-back is offered
        heard=(p("progress_first"), p("lookback_offer")),
    ),
    Row(
        "names said",
        at(Step.MENU),
        i("SetNamesIntent", first="Sam", second="Lotte"),
        Step.MENU,
        effects=(SaveNames("Sam", "Lotte"),),
        heard=(p("names_saved", names="Sam en Lotte"), p("menu_question")),
        check=lambda s: s.household.names == ("Sam", "Lotte"),
    ),
    Row(
        "names are not taken mid check-in (a mood sentence could look like names)",
        two(household=NAMED),
        i("SetNamesIntent", first="Moe", second="Chagrijnig"),
        Step.CHECKIN_WEATHER,
        heard=(p("out_of_step"), p("help_checkin_weather")),
        check=lambda s: s.household.names == NAMED.names,
    ),
    # (names said, not heard as two: how to say them)
    Row("half a name", at(Step.MENU), i("SetNamesIntent", first="Sam"), Step.MENU, heard=(p("names_retry"),)),
    # --- the trigger plan --------------------------------------------------------------------
    Row(
        "trigger plan: how strong is the feeling, first",
        at(Step.MENU),
        i("StartTriggerPlanIntent"),
        Step.TRIGGER_BEFORE,
        heard=(p("trigger_opening"), p("ask_strength")),
        not_heard=("Adem",),
        check=lambda s: s.moment == TriggerMoment(TODAY) and s.rating,
    ),
    Row(
        "trigger plan where moments are not kept: the breathing at once",
        replace(at(Step.MENU), household=replace(H, consent=None)),
        i("StartTriggerPlanIntent"),
        Step.BREATHING,
        heard=(p("trigger_intro"), p("breath_in", count=1), p("breath_in_short"), p("breathing_offer")),
        not_heard=(p("ask_strength"),),
        check=lambda s: s.moment is None,
    ),
    Row(
        "trigger plan from a check-in keeps its answers",
        two(entries=(CheckinEntry("ZONNIG", None), CheckinEntry(None, None))),
        i("StartTriggerPlanIntent"),
        Step.TRIGGER_BEFORE,
        effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", None), CheckinEntry(None, None))),),
        check=lambda s: s.entries == () and s.partners == 0,
    ),
    Row(
        "slower",
        at(Step.BREATHING),
        i("SlowerIntent"),
        Step.BREATHING,
        effects=(SavePace(5, 7),),
        heard=(p("pace_slower", inhale=5, exhale=7), p("breath_in_short")),
        check=lambda s: (s.household.inhale_seconds, s.household.exhale_seconds) == (5, 7),
    ),
    Row(
        "faster",
        at(Step.BREATHING),
        i("FasterIntent"),
        Step.BREATHING,
        effects=(SavePace(3, 5),),
        heard=(p("pace_faster", inhale=3, exhale=5),),
    ),
    Row(
        "slowest: about 6 s in and 8 s out",
        paced(6, 8),
        i("SlowerIntent"),
        Step.BREATHING,
        heard=(p("pace_limit_slow"),),
        not_heard=(p("breath_in", count=1),),
        check=lambda s: s.household.inhale_seconds == 6,
    ),
    Row(
        "a pace kept before the cap is brought within it, and slower stays at the cap",
        paced(8, 10),
        i("SlowerIntent"),
        Step.BREATHING,
        heard=(p("pace_limit_slow"),),
    ),
    Row(
        "faster from a pace kept before the cap starts from the cap",
        paced(8, 10),
        i("FasterIntent"),
        Step.BREATHING,
        effects=(SavePace(5, 7),),
        heard=(p("pace_faster", inhale=5, exhale=7),),
    ),
    Row(
        "after the breaths: how is it now, before the feeling",
        at(Step.TRIGGER_BEFORE, moment=TriggerMoment(TODAY), rating=True),
        i("IntensityIntent", level="7"),
        Step.BREATHING,
        heard=("Hoe is het nu?",),
        not_heard=(p("ask_feeling"),),
    ),
    Row(
        "fastest",
        paced(2, 3),
        i("FasterIntent"),
        Step.BREATHING,
        heard=(p("pace_limit_fast"),),
        check=lambda s: s.household.exhale_seconds == 3,
    ),
    Row(
        "five more",
        at(Step.BREATHING),
        i("MoreBreathsIntent"),
        Step.BREATHING,
        heard=(p("breathing_again"), p("breath_in_short"), p("breathing_offer")),
    ),
    Row("ready to go on: yes", at(Step.BREATHING), i("AMAZON.YesIntent"), Step.TRIGGER_FEELING, heard=(p("ask_feeling"),),
        not_heard=(p("breathing_again"),)),
    Row("done breathing", at(Step.BREATHING), i("AMAZON.NextIntent"), Step.TRIGGER_FEELING, heard=(p("ask_feeling"),)),
    Row("not ready yet: five more", at(Step.BREATHING), i("AMAZON.NoIntent"), Step.BREATHING,
        heard=(p("breathing_again"),)),
    Row(
        "feeling right after breathing",
        at(Step.BREATHING),
        i("FeelingIntent", feeling="ANGST"),
        Step.TRIGGER_NEED,
        heard=(p("ack_feeling", feeling="angst"), p("ask_trigger_need")),
    ),
    Row(
        "feeling",
        at(Step.TRIGGER_FEELING),
        i("FeelingIntent", feeling="JALOEZIE"),
        Step.TRIGGER_NEED,
        heard=(p("ack_feeling", feeling="jaloezie"),),
        check=lambda s: s.feeling == "JALOEZIE",
    ),
    Row("feeling skipped", at(Step.TRIGGER_FEELING), i("SkipIntent"), Step.TRIGGER_NEED, heard=(p("ack_skip"),)),
    Row(
        "unknown feeling",
        at(Step.TRIGGER_FEELING),
        i("FeelingIntent", feeling="BLIJ"),
        Step.TRIGGER_FEELING,
        heard=(p("not_understood"),),
    ),
    Row(
        "need in the trigger plan",
        at(Step.TRIGGER_NEED, feeling="PANIEK"),
        i("NeedIntent", need="GERUSTSTELLING"),
        Step.PARTNER_PRESENT,
        heard=(p("ack_need", need="geruststelling"), p("ask_partner_present")),
        check=lambda s: s.trigger_need == "GERUSTSTELLING",
    ),
    Row("need skipped in the trigger plan", at(Step.TRIGGER_NEED), i("SkipIntent"), Step.PARTNER_PRESENT),
    Row(
        "partner here",
        at(Step.PARTNER_PRESENT, feeling="PANIEK", trigger_need="GERUSTSTELLING"),
        i("AMAZON.YesIntent"),
        Step.PARTNER_SAY,
        heard=(
            p("partner_guidance"),
            "Je hoeft niets uit te leggen of te verdedigen.",
            "Zeg dan: Ik begrijp het, dat is logisch. Ik ben hier.",
        ),
        # One thing at a time: the question comes after the partner has spoken.
        not_heard=(p("self_care"), "Wat heb je nu van mij nodig?", "defensief", "Partner,", "Je partner zei net"),
    ),
    Row("the partner said it: now the question", at(Step.PARTNER_SAY), i("GratitudeIntent"), Step.PARTNER_LISTEN,
        heard=("Vraag dan: Wat heb je nu van mij nodig?",), not_heard=(p("partner_guidance"),)),
    Row("the partner said it quietly: the question too", at(Step.PARTNER_SAY), Silence(), Step.PARTNER_LISTEN,
        heard=(p("partner_ask"),)),
    Row("the partner said it in other words", at(Step.PARTNER_SAY), Unrecognized(), Step.PARTNER_LISTEN,
        heard=(p("partner_ask"),), not_heard=(p("not_understood"),)),
    Row("the triggered partner answers in their own voice; nothing kept", at(Step.PARTNER_LISTEN),
        i("NeedIntent", need="KNUFFEL"), Step.ENDED, heard=(p("partner_give"),), not_heard=("knuffel",)),
    Row("the answer not understood is still an answer", at(Step.PARTNER_LISTEN), Unrecognized(), Step.ENDED,
        heard=(p("partner_give"),)),
    Row("danger said while the coach listens", at(Step.PARTNER_LISTEN), i("SafetyIntent"), Step.SAFETY,
        heard=("112",), not_heard=(p("partner_give"),)),
    Row(
        "partner here, need skipped",
        at(Step.PARTNER_PRESENT, feeling="PANIEK"),
        i("TogetherIntent"),
        Step.PARTNER_SAY,
        heard=(p("partner_say"),),
    ),
    Row(
        "alone in the trigger plan",
        at(Step.PARTNER_PRESENT, feeling="WOEDE", trigger_need="RUIMTE"),
        i("AMAZON.NoIntent"),
        Step.ENDED,
        heard=(p("self_care"), p("self_care_words", feeling="woede", need="ruimte"), p("closing_trigger")),
        not_heard=("Wat heb je nu van mij nodig?",),
    ),
    Row(
        "alone, nothing named",
        at(Step.PARTNER_PRESENT),
        i("AloneIntent"),
        Step.ENDED,
        heard=(p("self_care"), p("closing_trigger")),
        not_heard=("Als je partner er weer is",),
    ),
    Row(
        "need when the partner is known to be there",
        at(Step.TRIGGER_NEED, partner_present=True),
        i("NeedIntent", need="GESPREK"),
        Step.PARTNER_SAY,
        heard=(p("ack_need", need="een gesprek"), p("partner_guidance"), p("partner_say")),
    ),
    # --- "mijn partner is getriggerd" ---------------------------------------------------------
    Row(
        "partner triggered",
        at(Step.MENU),
        i("PartnerTriggeredIntent"),
        Step.SUPPORT_OFFER,
        heard=(p("support_intro"), p("support_offer")),
        not_heard=(p("partner_guidance"), "defensief"),  # the words for the partner come once, later
    ),
    Row(
        "support: breathe together",
        at(Step.SUPPORT_OFFER),
        i("AMAZON.YesIntent"),
        Step.BREATHING,
        heard=(p("support_breathing"), p("breath_in", count=1)),
        check=lambda s: s.partner_present is True,
    ),
    Row(
        "support: no breathing",
        at(Step.SUPPORT_OFFER),
        i("AMAZON.NoIntent"),
        Step.PARTNER_SAY,
        heard=(p("support_decline"), p("partner_guidance"), p("partner_say")),
    ),
    # --- repeat, stop, pause --------------------------------------------------------------------
    Row(
        "stop keeps a partial check-in",
        two(
            partner_index=1, step=Step.CHECKIN_NEED, entries=(CheckinEntry("ZONNIG", None), CheckinEntry("REGEN", None))
        ),
        i("AMAZON.StopIntent"),
        Step.ENDED,
        effects=(SaveCheckin(TODAY, (CheckinEntry("ZONNIG", None), CheckinEntry("REGEN", None))),),
        heard=(p("goodbye_kept", kept="Het weer heb ik bewaard."),),  # exactly what was kept
        not_heard=("nodig is",),
    ),
    Row(
        "cancel keeps whose answers they were",
        two(partner_index=1, entries=(CheckinEntry(None, None), CheckinEntry(None, "RUST"))),
        i("AMAZON.CancelIntent"),
        Step.ENDED,
        effects=(SaveCheckin(TODAY, (CheckinEntry(None, None), CheckinEntry(None, "RUST"))),),
        heard=("Wat nodig is, heb ik bewaard.",),
        not_heard=("Het weer",),
    ),
    Row(
        "stop before any answer stores nothing and says so",
        two(),
        i("AMAZON.StopIntent"),
        Step.ENDED,
        heard=(p("goodbye"),),
        not_heard=("bewaard",),
    ),
    Row(
        "stop in the trigger plan stores nothing",
        at(Step.TRIGGER_NEED, feeling="PANIEK"),
        i("AMAZON.StopIntent"),
        Step.ENDED,
        heard=(p("goodbye"),),
    ),
    Row(
        "pause the breathing",
        at(Step.BREATHING),
        i("AMAZON.PauseIntent"),
        Step.PAUSED,
        heard=(p("paused"),),
        check=lambda s: s.return_step is Step.BREATHING,
    ),
    Row(
        "resume the breathing",
        at(Step.PAUSED, return_step=Step.BREATHING),
        i("AMAZON.ResumeIntent"),
        Step.BREATHING,
        heard=(p("breathing_resumed"), p("breath_in_short"), p("breathing_offer")),
        check=lambda s: s.return_step is None,
    ),
    Row(
        "slower while paused",
        at(Step.PAUSED, return_step=Step.BREATHING),
        i("SlowerIntent"),
        Step.BREATHING,
        effects=(SavePace(5, 7),),
        check=lambda s: s.return_step is None,
    ),
    Row(
        "slower while a check-in is paused",
        two(step=Step.PAUSED, return_step=Step.CHECKIN_WEATHER),
        i("SlowerIntent"),
        Step.PAUSED,
        heard=(p("out_of_step"), p("help_paused")),
    ),
    Row(
        "resume a check-in",
        two(step=Step.PAUSED, return_step=Step.CHECKIN_WEATHER),
        i("AMAZON.ResumeIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("resumed"), p("ask_weather_unnamed")),
    ),
    Row(
        "resume when nothing is paused",
        two(),
        i("AMAZON.ResumeIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("ask_weather_unnamed"),),
    ),
    # --- erase ---------------------------------------------------------------------------------------
    Row("erase asks first", at(Step.MENU), i("EraseDataIntent"), Step.CONFIRM_ERASE, heard=(p("erase_confirm"),)),
    Row(
        "erase confirmed",
        at(Step.CONFIRM_ERASE, return_step=Step.MENU, household=NAMED),
        i("AMAZON.YesIntent"),
        Step.ENDED,
        effects=(EraseHousehold(),),
        heard=(p("erase_done"),),
        check=lambda s: s.household.names is None,
    ),
    Row(
        "erase declined",
        two(step=Step.CONFIRM_ERASE, return_step=Step.CHECKIN_WEATHER),
        i("AMAZON.NoIntent"),
        Step.CHECKIN_WEATHER,
        heard=(p("erase_cancelled"), p("ask_weather_unnamed")),
    ),
    Row(
        "erase asked twice, then declined",
        at(Step.CONFIRM_ERASE, return_step=Step.BREATHING),
        i("EraseDataIntent"),
        Step.CONFIRM_ERASE,
        check=lambda s: s.return_step is Step.BREATHING,
    ),
    Row(
        "erase while paused goes back to the paused exercise",
        at(Step.PAUSED, return_step=Step.BREATHING),
        i("EraseDataIntent"),
        Step.CONFIRM_ERASE,
        check=lambda s: s.return_step is Step.BREATHING,
    ),
    # --- not understood, silence ---------------------------------------------------------------------
    Row(
        "not understood once", at(Step.MENU), Unrecognized(), Step.MENU, heard=(p("not_understood"), p("reprompt_menu"))
    ),
    Row(
        "not understood twice",
        at(Step.MENU, misunderstood=1),
        Unrecognized(),
        Step.MENU,
        heard=(p("not_understood_again"), p("help_menu")),
    ),
    Row(
        "not understood thrice: patience and the ways on, never a goodbye",
        at(Step.MENU, misunderstood=2),
        Unrecognized(),
        Step.MENU,
        heard=(p("not_understood_patient"),),
    ),
    Row(
        "not understood a fourth time starts the round again, keeping the check-in open",
        two(misunderstood=3, entries=(CheckinEntry("REGEN", None), CheckinEntry(None, None))),
        Unrecognized(),
        Step.CHECKIN_WEATHER,
        heard=(p("not_understood"),),
    ),
    Row(
        "an answer after not understood starts the count again",
        two(misunderstood=2),
        i("WeatherIntent", weather="ZONNIG"),
        Step.CHECKIN_NEED,
        check=lambda s: s.misunderstood == 0,
    ),
    Row(
        "silence once",
        two(),
        Silence(),
        Step.CHECKIN_WEATHER,
        heard=(p("reprompt_checkin_weather"),),
        check=lambda s: s.silences == 1,
    ),
    Row("silence twice", two(silences=1), Silence(), Step.ENDED, heard=(p("silence_goodbye"),)),
    Row("silence twice in a trigger moment: the coach stays", replace(two(silences=1), step=Step.TRIGGER_FEELING),
        Silence(), Step.TRIGGER_FEELING, heard=(p("silence_stay"),), check=lambda s: s.silences == 2),
    Row("silence three times in a trigger moment: the door stays open", replace(two(silences=2), step=Step.TRIGGER_FEELING),
        Silence(), Step.ENDED, heard=(p("silence_goodbye_trigger"),)),
    Row(
        "speaking resets the silence",
        two(silences=1),
        Unrecognized(),
        Step.CHECKIN_WEATHER,
        check=lambda s: s.silences == 0,
    ),
    # --- the first conversation ---------------------------------------------------------------------
    Row(
        "first conversation opened with an intent ends with the disclaimer",
        replace(S0, household=replace(H, introduced=False)),
        i("AMAZON.StopIntent"),
        Step.ENDED,
        effects=(MarkIntroduced(),),
        heard=(p("goodbye"), p("disclaimer"), "therapeut"),
    ),
    Row("after the end a new conversation starts", at(Step.ENDED), i("StartCheckinIntent"), Step.CHECKIN_WHO),
    # --- the country said, at any step: whose help lines the household hears ------------------
    Row(
        "the country said at the weather question: kept, said, the question again",
        two(),
        i("SetCountryIntent", country="BE"),
        Step.CHECKIN_WEATHER,
        effects=(SaveCountry("be"),),
        heard=(p("country_saved_be"), "Hoe is het weer vanbinnen"),
        check=lambda s: s.household.country == "be" and s.partners == 2,
    ),
    Row(
        "the Netherlands said at the menu",
        replace(S0, step=Step.MENU, household=replace(H, country="be")),
        i("SetCountryIntent", country="NL"),
        Step.MENU,
        effects=(SaveCountry("nl"),),
        heard=(p("country_saved_nl"), p("menu_question")),
        check=lambda s: s.household.country == "nl",
    ),
    Row(
        "the country said right after the help lines: the Belgian lines at once",
        at(Step.SAFETY, concern="SUICIDE", lines_given=1),
        i("SetCountryIntent", country="BE"),
        Step.SAFETY,
        effects=(SaveCountry("be"),),
        heard=(p("country_saved_be"), p("safety_numbers_suicide_be"), p("safety_question")),
        not_heard=("113", "0800-0113"),
        check=lambda s: s.household.country == "be" and s.lines_given == 2,
    ),
    Row(
        "the country said while the coach stays: the Belgian lines, the coach still stays",
        at(Step.SAFETY_STAY, concern="VIOLENCE", lines_given=2),
        i("SetCountryIntent", country="BE"),
        Step.SAFETY_STAY,
        effects=(SaveCountry("be"),),
        heard=(p("country_saved_be"), "1712"),
        not_heard=("Veilig Thuis", "0800-2000", p("safety_question")),
    ),
    Row(
        "a country not heard: nothing kept, the question again",
        at(Step.MENU),
        i("SetCountryIntent"),
        Step.MENU,
        heard=(p("menu_question"),),
        not_heard=(p("country_saved_be"), p("country_saved_nl")),
    ),
]


def rendered(locale: Locale, heard: Heard) -> str:
    return heard if isinstance(heard, str) else locale.say(heard.id, **dict(heard.params))


def ways(locale: Locale, heard: Heard) -> tuple[str, ...]:
    """Every way `heard` may be said (a prompt with variants is heard in any of them)."""
    return (heard,) if isinstance(heard, str) else locale.all_variants(heard.id, **dict(heard.params))


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_transition(coach: Coach, locale: Locale, row: Row) -> None:
    turn = coach.handle(row.state, row.event)
    text = turn.reply.text()
    assert turn.state.step is row.step
    assert turn.effects == row.effects
    for heard in row.heard:
        assert any(way in text for way in ways(locale, heard)), heard
    for heard in row.not_heard:
        assert not any(way in text for way in ways(locale, heard)), heard
    assert turn.reply.end_session == (row.step is Step.ENDED)
    assert (turn.reply.reprompt is None) == turn.reply.end_session
    if row.check is not None:
        assert row.check(turn.state)


# --- breathing: the pace, counted, no holds ----------------------------------------------------


def breaths(reply: Reply) -> list[tuple[str, float]]:
    """(cue, pause) pairs in the order spoken."""
    pairs: list[tuple[str, float]] = []
    for before, part in zip(reply.parts, reply.parts[1:]):
        if isinstance(before, Say) and isinstance(part, Pause):
            pairs.append((before.text, part.seconds))
    return pairs


@pytest.mark.parametrize(("inhale", "exhale"), [(4, 6), (5, 8), (2, 3), (6, 8)])
def test_five_breaths_at_the_household_pace_with_shorter_cues_after_the_first(
    coach: Coach, locale: Locale, inhale: int, exhale: int
) -> None:
    state = replace(S0, household=replace(H, inhale_seconds=inhale, exhale_seconds=exhale))
    state = coach.handle(state, i("StartTriggerPlanIntent")).state  # how strong is it? then the breaths
    reply = coach.handle(state, i("IntensityIntent", level="6")).reply
    expected: list[tuple[str, float]] = []
    for count in (1, 2):
        expected += [(locale.say("breath_in", count=count), inhale), (locale.say("breath_out"), exhale)]
    for _ in (3, 4, 5):
        expected += [(locale.say("breath_in_short"), inhale), (locale.say("breath_out_short"), exhale)]
    assert breaths(reply) == expected
    pauses = [part for part in reply.parts if isinstance(part, Pause)]
    assert len(pauses) == 10  # no breath holds
    # Each cue is said inside its breath: one breath takes the chosen seconds in and out.
    assert all(pause.includes_cue for pause in pauses)
    assert "vasthouden" not in reply.text()
    assert reply.text().endswith(locale.say("breathing_offer")) and locale.say("breathing_offer").startswith("Hoe is het nu?")


def test_the_default_pace_is_four_in_six_out(coach: Coach) -> None:
    reply = coach.handle(coach.begin(Household(today=TODAY)), i("StartTriggerPlanIntent")).reply
    assert [seconds for _, seconds in breaths(reply)][:2] == [4.0, 6.0]


def test_pace_stays_within_bounds_and_exhale_stays_longer(coach: Coach) -> None:
    for name in ("SlowerIntent", "FasterIntent"):
        state = at(Step.BREATHING)
        for _ in range(12):
            turn = coach.handle(state, i(name))
            state = turn.state
            h = state.household
            assert 2 <= h.inhale_seconds <= 6 and 3 <= h.exhale_seconds <= 8
            assert h.exhale_seconds > h.inhale_seconds
            for effect in turn.effects:
                assert effect == SavePace(h.inhale_seconds, h.exhale_seconds)


# --- help, repeat, launch ------------------------------------------------------------------------

LISTENING = [step for step in Step if step is not Step.ENDED]
# Outside a safety conversation, where "herhaal" says the numbers again.
ORDINARY = [step for step in LISTENING if step not in (Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY)]
# At a writing pause of the letter "herhaal" says the part again, whatever came last
# (tests/test_core_letter.py).
LETTER = (Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
          Step.LETTER_NEEDS)
REPEATS_LAST = [step for step in ORDINARY if step not in LETTER]


@pytest.mark.parametrize("step", LISTENING, ids=[s.value for s in LISTENING])
def test_help_fits_the_step_and_says_not_a_therapist(coach: Coach, locale: Locale, step: Step) -> None:
    state = two(step=step, return_step=Step.BREATHING)
    turn = coach.handle(state, i("AMAZON.HelpIntent"))
    assert turn.state.step is step
    assert locale.say(f"help_{step.value}") in turn.reply.text()
    # The not-a-therapist note with the menu's help only, not before every help; help is short.
    assert ("therapeut" in turn.reply.text()) == (step is Step.MENU)
    assert len(locale.say(f"help_{step.value}").split()) <= 28
    assert turn.effects == ()
    assert turn.reply.reprompt == (Say(locale.say(f"reprompt_{step.value}")),)


@pytest.mark.parametrize("step", REPEATS_LAST, ids=[s.value for s in REPEATS_LAST])
def test_repeat_says_exactly_the_last_reply(coach: Coach, step: Step) -> None:
    state = coach.launch(H).state
    for event in (i("StartTriggerPlanIntent"), i("SlowerIntent"), Unrecognized()):
        state = coach.handle(state, event).state
    last = state.last_reply
    assert last is not None
    turn = coach.handle(replace(state, step=step, return_step=Step.MENU), i("AMAZON.RepeatIntent"))
    assert turn.reply == last
    assert turn.effects == ()
    assert turn.state.step is step


def test_repeat_with_nothing_said_asks_the_question(coach: Coach, locale: Locale) -> None:
    turn = coach.handle(at(Step.MENU), i("AMAZON.RepeatIntent"))
    assert locale.say("menu_question") in turn.reply.text()


def test_first_launch_says_not_a_therapist(coach: Coach, locale: Locale) -> None:
    turn = coach.launch(Household(today=TODAY))
    assert "therapeut" in turn.reply.text()
    assert locale.say("names_hint") in turn.reply.text()
    assert turn.effects == (MarkIntroduced(),)
    assert turn.state.household.introduced
    # The rest of that conversation does not say it again.
    end = coach.handle(turn.state, i("AMAZON.StopIntent"))
    assert locale.say("disclaimer") not in end.reply.text()
    assert end.effects == ()


@pytest.mark.parametrize(
    ("household", "prompt"),
    [
        (H, p("welcome_back")),
        (NAMED, p("welcome_back_named", names="Sam en Lotte")),
    ],
)
def test_later_launches(coach: Coach, locale: Locale, household: Household, prompt: P) -> None:
    turn = coach.launch(household)
    assert rendered(locale, prompt) in turn.reply.text()
    assert "therapeut" not in turn.reply.text()
    assert turn.effects == ()
    assert turn.state.step is Step.MENU


def test_progress_never_shames(coach: Coach) -> None:
    for dates in [(), (datetime.date(2026, 11, 1),), (datetime.date(2026, 11, 23), datetime.date(2026, 11, 24), datetime.date(2026, 11, 25), datetime.date(2026, 11, 26))]:
        state = replace(DONE_ALONE, step=Step.CHECKIN_GIVE, household=replace(H, checkin_dates=dates))
        text = coach.handle(state, i("AMAZON.YesIntent")).reply.text().lower()
        for word in ("gemist", "vergeten", "helaas", "niet gedaan", "streak", "gebroken", "slechts", "maar "):
            assert word not in text


def test_names_start_sentences_with_a_capital(coach: Coach) -> None:
    """'partner één' is said mid-sentence, never where a capital belongs."""
    state = at(Step.CHECKIN_WHO)
    for event in [
        i("TogetherIntent"),
        i("WeatherIntent", weather="ZONNIG"),
        i("NeedIntent", need="RUST"),
        i("GratitudeIntent"),
        i("SkipIntent"),
        i("SkipIntent"),
        i("SkipIntent"),
        i("AMAZON.YesIntent"),
    ]:
        turn = coach.handle(state, event)
        for part in turn.reply.parts:
            if isinstance(part, Say):
                assert not part.text.startswith("partner")
                assert ". partner" not in part.text
        state = turn.state
    assert state.step is Step.ENDED


def test_an_interrupted_checkin_keeps_the_answers_given_and_an_ended_one_nothing(coach: Coach) -> None:
    state = State(
        household=Household(today=datetime.date(2026, 11, 27), consent=True),
        step=Step.CHECKIN_NEED,
        partners=2,
        entries=(CheckinEntry("STORM", None), CheckinEntry(None, None)),
    )
    assert coach.interrupted(state) == (SaveCheckin(datetime.date(2026, 11, 27), state.entries),)
    assert coach.interrupted(replace(state, entries=(CheckinEntry(None, None),) * 2)) == ()
    assert coach.interrupted(replace(state, step=Step.ENDED)) == ()


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.ENDED], ids=lambda s: s.value)
def test_who_are_you_at_every_step_keeps_the_step(coach: Coach, locale: Locale, step: Step) -> None:
    """"Wat ben jij?", "ben jij een therapeut?": what the coach is, and the step goes on."""
    state = replace(two(), step=step, return_step=Step.CHECKIN_WEATHER, concern="UNCLEAR", misunderstood=1)
    turn = coach.handle(state, i("WhoAreYouIntent"))
    assert locale.say("who_am_i") in turn.reply.text()
    assert turn.state.step is step and turn.effects == () and not turn.reply.end_session
    assert replace(turn.state, last_reply=None) == replace(state, last_reply=None)


def test_the_flow_steps_the_coach_knows_without_their_modules_are_theirs() -> None:
    """The coach tells the letter's, the contract's and the own plan's steps apart by the
    sets in dialogue.model (a launch imports none of those modules): the same steps, in the
    same order, as the flows themselves define them."""
    from dialogue import contract, letter, own_plan
    from dialogue.model import CONTRACT_STEPS, LETTER_STEPS, PLAN_MAKING_STEPS

    assert letter.STEPS == LETTER_STEPS == frozenset({Step.LETTER_INTRO, *letter.PARTS})
    assert contract.STEPS == CONTRACT_STEPS == tuple(step for step, _, _ in contract.AREAS)
    assert own_plan.MAKING == PLAN_MAKING_STEPS
    assert {step for step in Step if step.name.startswith("PLAN_") and step.name not in (
        "PLAN_WHO_NEED", "PLAN_WHO_PARTNER", "PLAN_NEED_OFFER")} == set(PLAN_MAKING_STEPS)
