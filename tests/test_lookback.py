"""Looking back (issue 10, section 2): what the look-back says over a week or a month, from
the history the store loaded into the household; the offer after a new week's first
check-in; and that it stays short, warm and never shames a gap."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

import pytest

from dialogue import CheckinDay, CheckinEntry, Coach, Household, Intent, Say, State, Step, TriggerMoment
from dialogue.lookback import MAX_WORDS, MONTH_DAYS, WEEK_DAYS, Trend, summarise, told

TODAY = datetime.date(2026, 11, 27)  # a Friday
NAMED = Household(today=TODAY, introduced=True, consent=True, names=("Sam", "Lotte"))
SHAMING = ("gemist", "helaas", "vergeten", "jammer", "slecht", "niet genoeg", "te weinig", "moet")


def day(days_ago: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days_ago)


def together(days_ago: int, first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> CheckinDay:
    return CheckinDay(day(days_ago), (CheckinEntry(*first), CheckinEntry(*second)))


def said(coach: Coach, household: Household, period: int = WEEK_DAYS) -> str:
    parts = told(coach, household, period)
    return " ".join(p.text for p in parts if isinstance(p, Say))


def a_good_week() -> Household:
    """Five days together this week (Sam mostly sunny with two storms, Lotte changeable), one
    trigger moment this week against two a week in the three weeks before, milder."""
    sam = ["ZONNIG", "STORM", "ZONNIG", "STORM", "ZONNIG"]
    needs = ["GERUSTSTELLING", "GERUSTSTELLING", "RUST", "GERUSTSTELLING", "KNUFFEL"]
    days = tuple(together(6 - 1 - n, (sam[n], needs[n]), ("WISSELVALLIG", "TIJD_SAMEN")) for n in range(5))
    earlier = tuple(CheckinDay(day(d)) for d in range(8, 28, 2))
    moments = (*(TriggerMoment(day(d), 8, 5) for d in (8, 11, 15, 18, 22, 25)), TriggerMoment(day(2), 5, 3))
    return replace(NAMED, checkin_days=(*earlier, *days), trigger_moments=moments)


def test_a_good_week_in_under_sixty_words(coach: Coach) -> None:
    text = said(coach, a_good_week())
    locale = coach.locale
    assert text.startswith(locale.say("lookback_days", period="De afgelopen week", days="vijf"))
    assert "Bij Sam was het vooral zonnig, met twee dagen storm." in text
    assert "Bij Lotte was het wisselvallig." in text
    assert "Sam vroeg het vaakst om geruststelling, Lotte om tijd samen." in text
    assert locale.say("lookback_triggers_one") in text
    assert locale.say("lookback_fewer") in text
    assert locale.say("lookback_win_triggers") in text  # the article's own sign, celebrated
    assert len(text.split()) <= MAX_WORDS
    assert not any(word in text.lower() for word in SHAMING)


def test_the_numbers_of_a_good_week(coach: Coach) -> None:
    summary = summarise(a_good_week(), WEEK_DAYS)
    assert summary.days == 5 and summary.moments == 1
    assert summary.trend is Trend.FEWER
    assert summary.strength is None  # one moment this week: too few to say how strong they were
    assert summary.needs == ("GERUSTSTELLING", "TIJD_SAMEN")


def test_milder_moments_are_told_when_there_are_enough(coach: Coach) -> None:
    moments = (*(TriggerMoment(day(d), 8, 6) for d in (30, 33, 37, 40, 44, 47, 51)),
               *(TriggerMoment(day(d), 5, 3) for d in (2, 9, 16, 23)))
    household = replace(NAMED, checkin_days=(CheckinDay(day(52)), CheckinDay(day(0))), trigger_moments=moments)
    summary = summarise(household, MONTH_DAYS)
    assert (summary.moments, summary.trend, summary.strength) == (4, Trend.FEWER, Trend.MILDER)
    text = said(coach, household, MONTH_DAYS)
    assert coach.locale.say("lookback_milder") in text and coach.locale.say("lookback_win_triggers") in text


def test_a_week_without_a_check_in_is_never_shamed(coach: Coach) -> None:
    household = replace(NAMED, checkin_days=(CheckinDay(day(12)),))
    text = said(coach, household)
    assert text == coach.locale.say("lookback_days_none", period="De afgelopen week")
    assert "Dat geeft niets" in text
    assert not any(word in text.lower() for word in SHAMING)


def test_without_names_both_partners_weather_is_told_together(coach: Coach) -> None:
    household = replace(NAMED, names=None, checkin_days=(
        together(1, ("REGEN", "RUST"), ("ZONNIG", "RUST")), together(0, ("ZONNIG", None), ("ZONNIG", "KNUFFEL"))))
    text = said(coach, household)
    assert "Bij jullie was het vooral zonnig, met één dag regen." in text
    assert "Wat het vaakst nodig was: rust." in text
    assert "wie begon" not in text and "de ander" not in text


def test_a_check_in_done_alone_counts_as_a_day_but_tells_nothing_to_the_other(coach: Coach) -> None:
    household = replace(NAMED, checkin_days=(CheckinDay(day(1)), CheckinDay(day(0))))
    text = said(coach, household)
    assert coach.locale.say("lookback_days", period="De afgelopen week", days="twee") in text
    assert "Bij" not in text and "vroeg" not in text


def test_a_month_counts_four_weeks_and_says_large_numbers_as_words(coach: Coach) -> None:
    days = tuple(together(d, ("ZONNIG", "AANDACHT"), ("BEWOLKT", "RUIMTE")) for d in range(0, 27, 3))
    alone = tuple(CheckinDay(day(d)) for d in range(1, 27, 3))
    household = replace(NAMED, checkin_days=tuple(sorted((*days, *alone), key=lambda d: d.date)))
    parts = told(coach, household, MONTH_DAYS)
    text = " ".join(p.text for p in parts if isinstance(p, Say))
    assert text.startswith("De afgelopen vier weken hebben jullie op achttien dagen ingecheckt.")
    assert coach.locale.say("lookback_win_days") in text


def test_a_public_skill_counts_only_the_days(coach: Coach) -> None:
    household = Household(today=TODAY, introduced=True, keeps_answers=False,
                          checkin_days=(CheckinDay(day(2)), CheckinDay(day(1))),
                          trigger_moments=(TriggerMoment(day(1), 7, 3),))
    text = said(coach, household)
    assert text == " ".join((coach.locale.say("lookback_days", period="De afgelopen week", days="twee"),
                             coach.locale.say("lookback_win")))


@pytest.mark.parametrize(("consent", "prompt"), [(False, "lookback_not_kept"), (None, "lookback_not_asked")])
def test_where_nothing_is_kept_it_says_so(coach: Coach, consent: bool | None, prompt: str) -> None:
    assert said(coach, replace(NAMED, consent=consent)) == coach.locale.say(prompt)


def test_no_trend_before_there_is_enough_to_compare(coach: Coach) -> None:
    # The coach was used for four days only: the count, never "fewer" or "more".
    household = replace(NAMED, checkin_days=(CheckinDay(day(3)),),
                        trigger_moments=(TriggerMoment(day(3), 9, 6), TriggerMoment(day(1), 7, 4)))
    summary = summarise(household, WEEK_DAYS)
    assert summary.moments == 2 and summary.trend is None and summary.strength is None
    text = said(coach, household)
    assert coach.locale.say("lookback_triggers", count="twee") in text
    assert "weken ervoor" not in text
    assert coach.locale.say("lookback_breathing", before="acht", after="vijf") in text  # 9,7 -> 6,4


def test_an_average_of_a_half_is_rounded_up_before_and_after(coach: Coach) -> None:
    # 8,7 -> 4,5: from 7.5 to 4.5, said "van acht naar vijf" (Python's round() said "naar vier").
    household = replace(NAMED, checkin_days=(CheckinDay(day(3)),),
                        trigger_moments=(TriggerMoment(day(3), 8, 4), TriggerMoment(day(1), 7, 5)))
    assert summarise(household, WEEK_DAYS).breathing == (8, 5)
    assert coach.locale.say("lookback_breathing", before="acht", after="vijf") in said(coach, household)


def test_more_trigger_moments_are_said_gently(coach: Coach) -> None:
    household = replace(NAMED, checkin_days=(CheckinDay(day(27)), CheckinDay(day(0))),
                        trigger_moments=(TriggerMoment(day(20)), *(TriggerMoment(day(d)) for d in (5, 4, 2, 1))))
    summary = summarise(household, WEEK_DAYS)
    assert summary.trend is Trend.MORE
    text = said(coach, household)
    assert coach.locale.say("lookback_more") in text and "herstel" in text
    assert not any(word in text.lower() for word in SHAMING)


def test_a_week_without_trigger_moments_after_weeks_with_them_is_a_win(coach: Coach) -> None:
    household = replace(NAMED, checkin_days=(CheckinDay(day(27)), CheckinDay(day(1))),
                        trigger_moments=tuple(TriggerMoment(day(d), 6, 4) for d in (9, 12, 16, 20, 24)))
    text = said(coach, household)
    assert coach.locale.say("lookback_triggers_none") in text
    assert coach.locale.say("lookback_fewer") in text and coach.locale.say("lookback_win_triggers") in text


def test_never_a_word_of_triggers_for_a_household_that_has_none(coach: Coach) -> None:
    household = replace(NAMED, checkin_days=(together(0, ("ZONNIG", "RUST"), ("ZONNIG", "RUST")),))
    assert "trigger" not in said(coach, household).lower()


@pytest.mark.parametrize("seed", range(200))
def test_any_history_is_told_in_under_sixty_words(coach: Coach, seed: int) -> None:
    chance = random.Random(seed)
    weathers = [None, *coach.value_ids(__import__("dialogue").intents.SlotName.WEATHER)]
    needs = [None, "OWN", *coach.value_ids(__import__("dialogue").intents.SlotName.NEED)]
    days = []
    for d in range(55, -1, -1):
        if chance.random() < 0.7:
            entries = () if chance.random() < 0.2 else tuple(
                CheckinEntry(chance.choice(weathers), chance.choice(needs)) for _ in range(2))
            days.append(CheckinDay(day(d), entries))
    moments = tuple(sorted((TriggerMoment(day(chance.randrange(56)), chance.choice([None, *range(11)]),
                                          chance.choice([None, *range(11)])) for _ in range(chance.randrange(40))),
                           key=lambda m: m.date))
    household = replace(NAMED, names=chance.choice([None, ("Sam", "Lotte")]), checkin_days=tuple(days),
                        trigger_moments=moments)
    for period in (WEEK_DAYS, MONTH_DAYS):
        text = said(coach, household, period)
        assert len(text.split()) <= MAX_WORDS, text
        assert not any(word in text.lower() for word in SHAMING), text


# --- asked for, and offered --------------------------------------------------------------


def test_asked_at_the_menu_it_answers_and_asks_the_menu_question_again(coach: Coach) -> None:
    turn = coach.handle(State(household=a_good_week()), Intent.of("LookBackIntent"))
    assert turn.state.step is Step.MENU and turn.effects == ()
    assert turn.reply.text().endswith(coach.locale.say("menu_question"))
    month = coach.handle(State(household=a_good_week()), Intent.of("LookBackIntent", period="MONTH"))
    assert month.reply.text().startswith("De afgelopen vier weken")


def test_asked_in_the_middle_of_a_check_in_the_answers_so_far_are_kept_and_counted(coach: Coach) -> None:
    state = State(household=replace(NAMED, checkin_days=()), step=Step.CHECKIN_NEED, partners=2,
                  entries=(CheckinEntry("REGEN", None), CheckinEntry(None, None)))
    turn = coach.handle(state, Intent.of("LookBackIntent"))
    assert [type(e).__name__ for e in turn.effects] == ["SaveCheckin"]
    assert turn.reply.text().startswith(coach.locale.say("lookback_days_one", period="De afgelopen week"))
    assert "Bij Sam was het regenachtig." in turn.reply.text()


def _finish_a_check_in(coach: Coach, household: Household, weather: str = "ZONNIG") -> State:
    state = coach.begin(household)
    for event in (Intent.of("StartCheckinIntent"), Intent.of("AloneIntent"),
                  Intent.of("WeatherIntent", weather=weather), Intent.of("NeedIntent", need="RUST"),
                  Intent.of("GratitudeIntent")):
        state = coach.handle(state, event).state
    return state


MONDAY = datetime.date(2026, 11, 30)


def test_the_first_check_in_of_a_new_week_offers_the_look_back_on_the_week_before(coach: Coach) -> None:
    last_week = tuple(replace(together(d, ("ZONNIG", "RUST"), ("BEWOLKT", "AANDACHT")),
                              date=MONDAY - datetime.timedelta(days=d)) for d in (5, 3, 1))  # Wed, Fri, Sun
    household = replace(NAMED, today=MONDAY, checkin_days=last_week,
                        checkin_dates=tuple(d.date for d in last_week if d.date >= MONDAY - datetime.timedelta(days=7)))
    state = _finish_a_check_in(coach, household)
    turn = coach.handle(state, Intent.of("AMAZON.YesIntent"))  # "lukt het om dat te vragen?"
    assert turn.state.step is Step.LOOKBACK_OFFER
    assert turn.reply.text().endswith(coach.locale.say("lookback_offer"))
    answer = coach.handle(turn.state, Intent.of("AMAZON.YesIntent"))
    text = answer.reply.text()
    # Last week, Monday to Sunday: three days, not today's check-in.
    assert text.startswith("Vorige week hebben jullie op drie dagen ingecheckt.")
    assert text.endswith(coach.locale.say("closing_checkin_alone")) and answer.reply.end_session
    no = coach.handle(turn.state, Intent.of("AMAZON.NoIntent"))
    assert no.reply.text() == coach.locale.say("closing_checkin_alone") and no.reply.end_session


def test_offered_once_a_week_and_never_without_a_week_to_look_back_on(coach: Coach) -> None:
    last_week = (replace(together(0, ("ZONNIG", "RUST"), ("BEWOLKT", "AANDACHT")), date=MONDAY - datetime.timedelta(days=3)),)
    household = replace(NAMED, today=MONDAY, checkin_days=last_week)
    again_today = replace(household, checkin_dates=(MONDAY,), checkin_days=(*last_week, CheckinDay(MONDAY)))
    nothing_before = replace(household, checkin_days=())
    for other in (again_today, nothing_before):
        state = _finish_a_check_in(coach, other)
        assert coach.handle(state, Intent.of("AMAZON.YesIntent")).state.step is Step.ENDED
    # A storm first: the breathing is offered, not the look-back.
    state = _finish_a_check_in(coach, household, weather="STORM")
    assert coach.handle(state, Intent.of("AMAZON.YesIntent")).state.step is Step.STORM_OFFER


def test_danger_at_the_offer_stops_everything_for_the_help_lines(coach: Coach) -> None:
    state = State(household=NAMED, step=Step.LOOKBACK_OFFER)
    turn = coach.handle(state, Intent.of("SafetyIntent", concern="VIOLENCE"))
    assert turn.state.step is Step.SAFETY and turn.effects == () and "112" in turn.reply.text()


def test_a_heavy_week_is_said_with_care_and_its_win_is_keeping_on(coach: Coach) -> None:
    """Found in a new user's trial: eighteen moments said as a bare figure, then "Elke check-in
    is een stap vooruit."; a week of many moments is named as heavy, and keeping on is the win."""
    household = replace(NAMED, checkin_days=(CheckinDay(day(1)),),
                        trigger_moments=tuple(TriggerMoment(day(d % 5)) for d in range(6)))
    text = said(coach, household)
    assert coach.locale.say("lookback_triggers_many", count="zes") in text
    assert coach.locale.say("lookback_win_heavy") in text and coach.locale.say("lookback_win") not in text
    assert not any(word in text.lower() for word in SHAMING)
