"""Looking back: "hoe ging onze week?", "hoe gaat het de laatste tijd met ons?".

The handlers here are the look-back's rows of the coach's one transition table
(`dialogue.coach`); they read only the household's history as the edge loaded it
(`Household.checkin_days` and `Household.trigger_moments`: the last `HISTORY_DAYS` days)
and store nothing.

A look-back covers the last seven days, or on request the last four weeks ("hoe ging onze
maand?"), today included; offered after a new week's first check-in, the calendar week
before. It says, in under about sixty words: on how many days the couple
checked in; for each partner the weather in a sentence ("vooral zonnig, met twee dagen
storm"; both together when the coach does not know their names, for then "who began" is no
person); the need asked most; the number of trigger moments and, when there are enough,
whether they are fewer or milder than in the weeks before; and one small win. A gap is
never shamed: a week without a check-in is "dat geeft niets". A check-in done alone shows
only that it happened (what one partner said alone is not told to the other). Where the
deployment keeps only dates, only the days are counted; where nothing is kept, it says so.

"Enough" for a trend: the weeks before were looked after by the coach for at least a week
(the history starts no later), and together the two stretches hold at least three trigger
moments; for the strength, at least two rated moments in each. The first check-in of a new
week, with a week before it to look back on, offers the look-back once
(`dialogue.checkin.offer_due`).
"""

from __future__ import annotations

import datetime
import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialogue import checkin, contract_review, seek_help
from dialogue.intents import OWN_WORDS, SlotName
from dialogue.model import CheckinEntry, Household, Intent, Part, Say, State, Step, TriggerMoment, Turn, replace

if TYPE_CHECKING:
    from dialogue.coach import Coach

# Where a look-back may be followed by the suggestion of professional help (`seek_help`).
_CALM_STEPS = frozenset({Step.MENU, Step.ENDED, Step.LOOKBACK_OFFER, Step.STORM_OFFER, *checkin.STEPS})

WEEK_DAYS = 7
MONTH_DAYS = 28
# The stretch before the period a trend compares it with: three weeks before a week, the
# four weeks before a month (so a month's look-back reads all of HISTORY_DAYS).
EARLIER_DAYS = {WEEK_DAYS: 21, MONTH_DAYS: 28}
MAX_WORDS = 60
MIN_TRACKED_DAYS = 7
MIN_MOMENTS_FOR_TREND = 3
MIN_RATED_FOR_STRENGTH = 2
# Fewer: at most three quarters of what the weeks before would give in as many days (and at
# least one less); more: at least a quarter more (and at least one more). Milder or stronger:
# the strength before the breathing a whole point lower or higher on average.
FEWER = 0.75
MORE = 1.25
STRENGTH_STEP = 1.0
# How many of the last weathers (the hardest: regen, storm) are worth their own days in a sentence.
HARD_WEATHERS = 2
# A period with this many check-in days or more is a win of its own.
WIN_DAYS = {WEEK_DAYS: 5, MONTH_DAYS: 16}
# A period with this many trigger moments or more was heavy: the count is said with care, and
# the win is that they kept going.
MANY_MOMENTS = {WEEK_DAYS: 5, MONTH_DAYS: 15}


class Trend(enum.StrEnum):
    """What a trend says (each has its sentence, `lookback_<value>`)."""

    FEWER = "fewer"
    AS_OFTEN = "as_often"
    MORE = "more"
    MILDER = "milder"
    STRONGER = "stronger"


@dataclass(frozen=True)
class Summary:
    """What a look-back says, as numbers and value ids (`summarise`)."""

    period: int  # days looked back, today included
    days: int  # days with a check-in in the period
    # Each partner's weather of every day checked in together (partner 0 began); with one
    # partner only (`joined`), both partners' weathers as one list.
    weathers: tuple[tuple[str, ...], ...]
    needs: tuple[str | None, ...]  # the need asked most, per partner (or joined), None if none
    joined: bool
    moments: int | None  # trigger moments in the period; None where they are not kept or never were
    trend: Trend | None  # FEWER, AS_OFTEN or MORE, when there is enough to say
    strength: Trend | None  # MILDER or STRONGER, when there is enough and a difference
    breathing: tuple[int, int] | None  # the average strength before and after, when it went down


def period_of(coach: Coach, intent: Intent) -> int:
    """The days a look-back covers: the month when asked for, else the week."""
    return MONTH_DAYS if coach.value(intent, SlotName.PERIOD) == "MONTH" else WEEK_DAYS


def look_back(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Hoe ging onze week?" at any step: the look-back, then the menu's question. An
    unfinished check-in is kept first (and counted), a trigger run's moment too."""
    kept = checkin.partial(state)
    calm = state.step in _CALM_STEPS  # never in the trigger plan nor near danger
    state = replace(checkin.leave(state), moment=None, rating=False, return_step=None)
    parts = told(coach, state.household, period_of(coach, intent))
    offered = seek_help.offer(coach, state, parts, kept, menu=True) if calm else None
    return offered or coach.ask(state, Step.MENU, parts, kept)


def offer_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """Yes to the look-back offered after a new week's first check-in: the calendar week
    before (or what was asked for instead: "hoe ging onze maand?"); then the review of the
    contract when that is due too, else help when due, else goodbye."""
    if intent.slot(SlotName.PERIOD):
        parts = told(coach, state.household, period_of(coach, intent))
    else:
        today = state.household.today
        parts = told(coach, state.household, WEEK_DAYS, today - datetime.timedelta(days=today.isoweekday()))
    return (contract_review.offer(coach, state, parts, counted=True)
            or seek_help.offer(coach, state, parts, (), menu=False) or coach.end(state, [*parts, _closing(coach, state)]))


def offer_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """No look-back: the review of the contract when that is due too (a new month's first
    check-in), else help when due, else the goodbye."""
    return (contract_review.offer(coach, state, [], counted=True)
            or seek_help.offer(coach, state, [], (), menu=False) or coach.end(state, [_closing(coach, state)]))


def _closing(coach: Coach, state: State) -> Part:
    return coach.say("closing_checkin_alone" if state.partners == 1 else "closing_checkin")


# --- what is said --------------------------------------------------------------------------


def told(coach: Coach, household: Household, period: int, last: datetime.date | None = None) -> list[Part]:
    """The look-back as sentences, under about MAX_WORDS words: the `period` days up to
    today, or up to `last` (the Sunday of last week, when that week is looked back on)."""
    if not household.keeps_checkin_dates:
        return [coach.say("lookback_not_kept" if household.consent is False else "lookback_not_asked")]
    summary = summarise(household, period, last)
    label_id = "period_last_week" if last is not None else "period_week" if period == WEEK_DAYS else "period_month"
    label = coach.locale.say(label_id)
    # (priority, sentence): the lowest priorities go first when it is too long; 9 stays.
    said: list[tuple[int, Part]] = []
    if summary.days == 0:
        said.append((9, coach.say("lookback_days_none", period=label)))
    elif summary.days == 1:
        said.append((9, coach.say("lookback_days_one", period=label)))
    else:
        said.append((9, coach.say("lookback_days", period=label, days=_number(coach, summary.days))))
    names = household.names
    who = [coach.locale.say("lookback_you")] if summary.joined or names is None else list(names)
    for index, weathers in enumerate(summary.weathers):
        if weathers:
            said.append((7, _weather(coach, who[index], weathers)))
    needs = summary.needs
    if len(needs) == 2 and names is not None and needs[0] and needs[1]:
        said.append((5, coach.say("lookback_needs_two", first=names[0], first_need=_need(coach, needs[0]),
                                  second=names[1], second_need=_need(coach, needs[1]))))
    elif names is not None and not summary.joined:
        for index, need in enumerate(needs):
            if need:
                said.append((5, coach.say("lookback_need", name=names[index], need=_need(coach, need))))
    elif needs and needs[0]:
        said.append((5, coach.say("lookback_need_unnamed", need=_need(coach, needs[0]))))
    if summary.moments is not None:
        if summary.moments == 0:
            said.append((8, coach.say("lookback_triggers_none")))
        elif summary.moments == 1:
            said.append((8, coach.say("lookback_triggers_one")))
        elif summary.moments >= MANY_MOMENTS[period]:
            said.append((8, coach.say("lookback_triggers_many", count=_number(coach, summary.moments))))
        else:
            said.append((8, coach.say("lookback_triggers", count=_number(coach, summary.moments))))
        if summary.trend is not None:
            said.append((8, coach.say(f"lookback_{summary.trend}")))
        if summary.strength is not None:
            # (above the win, which may rest on it: said only while what it celebrates is)
            said.append((7, coach.say(f"lookback_{summary.strength}")))
        if summary.breathing is not None:
            before, after = summary.breathing
            said.append((2, coach.say("lookback_breathing", before=_number(coach, before),
                                      after=_number(coach, after))))
    if summary.trend == Trend.FEWER or summary.strength == Trend.MILDER:
        said.append((6, coach.say("lookback_win_triggers")))
    elif summary.moments is not None and summary.moments >= MANY_MOMENTS[period] and summary.days >= 1:
        said.append((6, coach.say("lookback_win_heavy")))
    elif summary.days >= WIN_DAYS[period]:
        said.append((6, coach.say("lookback_win_days")))
    elif summary.days >= 1:
        said.append((6, coach.say("lookback_win")))
    while _words(part for _, part in said) > MAX_WORDS:
        lowest = min(range(len(said)), key=lambda i: (said[i][0], -i))
        if said[lowest][0] >= 9:
            break
        del said[lowest]
    return [part for _, part in said]


def _words(parts: Iterable[Part]) -> int:
    return sum(len(p.text.split()) for p in parts if isinstance(p, Say))


def _number(coach: Coach, number: int) -> str:
    return coach.locale.number_words.get(number, str(number))


def _need(coach: Coach, need: str) -> str:
    return coach.value_name(SlotName.NEED, need)


def _weather(coach: Coach, who: str, weathers: Sequence[str]) -> Part:
    """"Bij Sam was het vooral zonnig, met twee dagen storm.": the weather of most days, and
    the days of the heaviest weather besides it, if it is heavier and one of the two hardest
    (the last two of the interaction model's order: regen and storm)."""
    order = coach.value_ids(SlotName.WEATHER)
    counts = Counter(weathers)
    most = min(counts, key=lambda w: (-counts[w], order.index(w) if w in order else len(order)))
    adjective = coach.locale.weather_adjectives.get(most) or coach.value_name(SlotName.WEATHER, most)
    if len(counts) == 1:
        return coach.say("lookback_weather", name=who, weather=adjective)
    hard = order[-HARD_WEATHERS:]
    heavier = [w for w in counts if w in hard and most in order and order.index(w) > order.index(most)]
    if not heavier:
        return coach.say("lookback_weather_mostly", name=who, weather=adjective)
    other = max(heavier, key=order.index)
    other_name = coach.value_name(SlotName.WEATHER, other)
    if counts[other] == 1:
        return coach.say("lookback_weather_with_one", name=who, weather=adjective, other=other_name)
    return coach.say("lookback_weather_with", name=who, weather=adjective, other=other_name,
                     count=_number(coach, counts[other]))


# --- the numbers ---------------------------------------------------------------------------


def summarise(household: Household, period: int, last: datetime.date | None = None) -> Summary:
    """The numbers of a look-back over the `period` days up to `last` (default: today)."""
    today = household.today if last is None else last
    start = today - datetime.timedelta(days=period - 1)
    in_period = [d for d in household.checkin_days if start <= d.date <= today]
    days = len({d.date for d in in_period} | {d for d in household.checkin_dates if start <= d <= today})
    together = [d for d in in_period if len(d.entries) == 2]
    joined = household.names is None
    per_partner: list[list[CheckinEntry]] = [[], []]
    for day in together:
        for index, entry in enumerate(day.entries):
            per_partner[0 if joined else index].append(entry)
    groups = per_partner[:1] if joined else per_partner
    weathers = tuple(tuple(e.weather for e in group if e.weather is not None) for group in groups)
    needs = tuple(_most_asked(group) for group in groups)
    moments: int | None = None
    trend: Trend | None = None
    strength: Trend | None = None
    breathing: tuple[int, int] | None = None
    if household.keeps_trigger_moments:
        moments, trend, strength, breathing = _triggers(household, start, today, period)
    return Summary(period, days, weathers, needs, joined, moments, trend, strength, breathing)


def _most_asked(entries: Sequence[CheckinEntry]) -> str | None:
    """The need said most (a need in one's own words is no named need); of needs said
    equally often, the one said last."""
    counts: Counter[str] = Counter()
    last: dict[str, int] = {}
    for position, entry in enumerate(entries):
        if entry.need is not None and entry.need != OWN_WORDS:
            counts[entry.need] += 1
            last[entry.need] = position
    if not counts:
        return None
    return max(counts, key=lambda need: (counts[need], last[need]))


def _triggers(
    household: Household, start: datetime.date, last: datetime.date, period: int
) -> tuple[int | None, Trend | None, Trend | None, tuple[int, int] | None]:
    """How many moments from `start` to `last` (None when the history holds none at all),
    and, when there is enough, the trend of their number and strength, and the breathing's
    effect."""
    now = [m for m in household.trigger_moments if start <= m.date <= last]
    first_known = min((*(d.date for d in household.checkin_days), *(m.date for m in household.trigger_moments)),
                      default=last)
    earlier_start = max(start - datetime.timedelta(days=EARLIER_DAYS[period]), first_known)
    tracked = (start - earlier_start).days
    earlier = [m for m in household.trigger_moments if earlier_start <= m.date < start]
    moments = len(now) if household.trigger_moments else None
    trend: Trend | None = None
    strength: Trend | None = None
    if tracked >= MIN_TRACKED_DAYS and len(now) + len(earlier) >= MIN_MOMENTS_FOR_TREND:
        expected = len(earlier) * period / tracked
        if len(now) <= expected - 1 and len(now) <= FEWER * expected:
            trend = Trend.FEWER
        elif len(now) >= expected + 1 and len(now) >= MORE * expected:
            trend = Trend.MORE
        else:
            trend = Trend.AS_OFTEN
    rated_now = _strengths(now)
    rated_earlier = _strengths(earlier)
    if tracked >= MIN_TRACKED_DAYS and min(len(rated_now), len(rated_earlier)) >= MIN_RATED_FOR_STRENGTH:
        difference = _mean(rated_now) - _mean(rated_earlier)
        if difference <= -STRENGTH_STEP:
            strength = Trend.MILDER
        elif difference >= STRENGTH_STEP:
            strength = Trend.STRONGER
    pairs = [(m.before, m.after) for m in now if m.before is not None and m.after is not None]
    breathing = None
    if len(pairs) >= MIN_RATED_FOR_STRENGTH:
        before, after = _half_up(_mean([b for b, _ in pairs])), _half_up(_mean([a for _, a in pairs]))
        if after < before:
            breathing = (before, after)
    return moments, trend, strength, breathing


def _half_up(value: float) -> int:
    """A non-negative average said as a whole number, a half rounded up (7.5 and 4.5 are 8
    and 5, as people round; `round` gives 8 and 4)."""
    return int(value + 0.5)


def _mean(numbers: Sequence[int]) -> float:
    # (not statistics.mean: that module imports random, which the core never loads)
    return sum(numbers) / len(numbers)


def _strengths(moments: Sequence[TriggerMoment]) -> list[int]:
    """How strong each moment was: before the breathing, else after it."""
    found = (m.before if m.before is not None else m.after for m in moments)
    return [strength for strength in found if strength is not None]
