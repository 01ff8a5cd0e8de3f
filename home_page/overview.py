"""What the page shows, as plain values for the template: built from the household's
history and the page's words, with no Flask in sight (so it is tested and timed alone).

Each section is built by its own function. The trigger moments come from the store (issue
10: each run of the trigger plan, its date and strengths before and after the breathing).
The couple's own trigger plan, the trust contract and its latest monthly review come from
the household as the store keeps them (with consent, where answers are kept); each part the
household has none of says how to make it by voice, and where nothing is kept the page says
so. A need said in one's own words is shown only as that ("iets in eigen woorden"): its words
are never kept.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from dialogue import ContractReview, PartnerPlan
from dialogue.intents import OWN_WORDS
from dialogue.model import REVIEW_ANSWERS
from home_page.pictures import TriggerWeek, symbol_id
from home_page.words import PageWords
from household.history import History, days, need_counts

WEEKS_SHOWN = 4
NEED_DAYS = 30


@dataclass(frozen=True)
class Cell:
    """One partner's picture on one day; `symbol` None leaves the day empty."""

    symbol: str | None = None
    label: str = ""


@dataclass(frozen=True)
class DayColumn:
    weekday: str  # the full name, for screen readers
    short: str
    day: int
    today: bool
    future: bool


@dataclass(frozen=True)
class Row:
    heading: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Week:
    caption: str
    columns: tuple[DayColumn, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class NeedRow:
    name: str
    counts: tuple[int, int]
    labels: tuple[str, str]


@dataclass(frozen=True)
class PlanPart:
    """One partner's part of the trigger plan: what helps them (the needs as one list, "" when
    none) and what they asked of the other (`helper`; `action` "" when nothing)."""

    name: str
    needs: str
    helper: str
    action: str


@dataclass(frozen=True)
class ReviewRow:
    """One agreement's answer in a review: the agreement, the answer's id and its word."""

    agreement: str
    answer: str
    word: str


@dataclass(frozen=True)
class PlanAndContract:
    """The section "Ons plan en ons contract". `not_kept`: why nothing is kept here (the rest
    is then empty). Each part empty has its note instead: how to make it by voice."""

    not_kept: str | None = None
    parts: tuple[PlanPart, ...] = ()
    plan_note: str | None = None
    agreements: tuple[str, ...] = ()
    contract_note: str | None = None
    review_caption: str | None = None
    review: tuple[ReviewRow, ...] = ()
    review_note: str | None = None


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows."""

    partners: tuple[str, str]
    named: bool
    weeks: tuple[Week, ...]
    any_checkin: bool
    any_alone: bool
    legend: tuple[tuple[str, str], ...]  # (symbol id, weather name)
    needs: tuple[NeedRow, ...]
    largest_need: int
    triggers: tuple[TriggerWeek, ...]
    trigger_texts: tuple[str, ...]
    plan: PlanAndContract


def partner_names(history: History, words: PageWords) -> tuple[str, str]:
    """The partners' names, or 'Wie begon' / 'De ander' when the household did not tell them."""
    names = history.household.names
    return names if names else (words("partner_first_unnamed"), words("partner_second_unnamed"))


def build_overview(history: History, words: PageWords, today: datetime.date,
                   weeks: int = WEEKS_SHOWN, need_days: int = NEED_DAYS) -> Overview:
    """The overview of the last `weeks` calendar weeks (Monday to Sunday, this week last) and
    the needs of the last `need_days` days, up to `today`."""
    partners = partner_names(history, words)
    calendar, any_alone = weather_weeks(history, words, partners, today, weeks)
    needs = need_rows(history, words, partners, today - datetime.timedelta(days=need_days - 1), today)
    triggers = trigger_weeks(history, words, today, weeks)
    return Overview(
        partners=partners,
        named=history.household.names is not None,
        weeks=calendar,
        any_checkin=bool(history.checkins),
        any_alone=any_alone,
        legend=tuple((symbol_id(w), name) for w, name in words.weathers.items()),
        needs=needs,
        largest_need=max((max(r.counts) for r in needs), default=0),
        triggers=triggers,
        trigger_texts=trigger_texts(triggers, words),
        plan=plan_and_contract(history, words, partners),
    )


def weather_weeks(history: History, words: PageWords, partners: tuple[str, str], today: datetime.date,
                  weeks: int) -> tuple[tuple[Week, ...], bool]:
    """The calendar: one week per row group, a picture per partner per day; days without a
    check-in done together stay empty. Whether any week shows a check-in done alone."""
    first = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    last = first + datetime.timedelta(days=7 * weeks - 1)
    all_days = days(history, first, last)
    result = []
    any_alone = False
    for start in range(0, len(all_days), 7):
        week = all_days[start : start + 7]
        columns = tuple(DayColumn(words.weekdays[d.date.weekday()], words.weekdays_short[d.date.weekday()],
                                  d.date.day, d.date == today, d.date > today) for d in week)
        rows = [Row(partners[index], tuple(_weather_cell(words, partners[index], d.date, d.weathers[index])
                                           if d.together else Cell() for d in week)) for index in (0, 1)]
        if any(d.alone for d in week):
            any_alone = True
            rows.append(Row(words("alone_row"), tuple(
                Cell("w-alone", words("alone_cell", **_date_words(words, d.date))) if d.alone else Cell()
                for d in week)))
        start_day, end_day = week[0].date, week[-1].date
        first_text = str(start_day.day) if start_day.month == end_day.month else _day_month(words, start_day)
        caption = words("week_caption", first=first_text, last=_day_month(words, end_day))
        result.append(Week(caption, columns, tuple(rows)))
    return tuple(result), any_alone


def _date_words(words: PageWords, date: datetime.date) -> dict[str, object]:
    return {"weekday": words.weekdays[date.weekday()], "day": date.day, "month": words.months[date.month - 1]}


def _day_month(words: PageWords, date: datetime.date) -> str:
    return f"{date.day} {words.months[date.month - 1]}"


def _weather_cell(words: PageWords, name: str, date: datetime.date, weather: str | None) -> Cell:
    weather_name = words.weathers.get(weather or "", words("weather_unknown"))
    return Cell(symbol_id(weather), words("weather_cell", name=name, weather=weather_name, **_date_words(words, date)))


def need_rows(history: History, words: PageWords, partners: tuple[str, str], first: datetime.date,
              last: datetime.date) -> tuple[NeedRow, ...]:
    """One row per need that came up, in the coach's order; needs said in one's own words last."""
    counts = need_counts(history, first, last)
    names = dict(words.needs)
    names[OWN_WORDS] = words("need_own_words")
    order = [n for n in names if n in counts] + sorted(n for n in counts if n not in names)
    return tuple(
        NeedRow(names.get(need, need), counts[need],
                (words("need_count", name=partners[0], count=counts[need][0]),
                 words("need_count", name=partners[1], count=counts[need][1])))
        for need in order
    )


def trigger_weeks(history: History, words: PageWords, today: datetime.date, weeks: int) -> tuple[TriggerWeek, ...]:
    """The trigger moments per calendar week of the last `weeks` (Monday to Sunday, this week
    last), oldest first, each with the average strength before and after the breathing where
    it was given; nothing at all (the kind empty state) while none is kept."""
    if not history.trigger_moments:
        return ()
    first = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    result = []
    for week in range(weeks):
        start = first + datetime.timedelta(days=7 * week)
        moments = [m for m in history.trigger_moments if start <= m.date < start + datetime.timedelta(days=7)]
        befores = [m.before for m in moments if m.before is not None]
        afters = [m.after for m in moments if m.after is not None]
        result.append(TriggerWeek(_day_month(words, start), len(moments),
                                  sum(befores) / len(befores) if befores else None,
                                  sum(afters) / len(afters) if afters else None))
    return tuple(result)


def trigger_texts(weeks: Sequence[TriggerWeek], words: PageWords) -> tuple[str, ...]:
    """Each week of trigger moments in words: the chart's text alternative."""
    def strength(value: float) -> str:
        return f"{value:.1f}".replace(".", ",")

    return tuple(
        words("triggers_week", first=w.label, count=w.count, before=strength(w.before), after=strength(w.after))
        if w.before is not None and w.after is not None
        else words("triggers_week_no_strength", first=w.label, count=w.count)
        for w in weeks
    )


def plan_and_contract(history: History, words: PageWords, partners: tuple[str, str]) -> PlanAndContract:
    """The couple's own trigger plan per partner, the trust contract's agreements and its latest
    review, in the coach's own words; or why the household has none of them here."""
    household = history.household
    if not household.keeps_answers:
        return PlanAndContract(not_kept=words("plan_not_kept_public"))
    if household.consent is False:
        return PlanAndContract(not_kept=words("plan_not_kept_refused"))
    plan = household.trigger_plan
    parts = () if plan is None else tuple(
        _plan_part(words, partners, index, part, named=household.names is not None) for index, part in enumerate(plan))
    if not any(p.needs or p.action for p in parts):
        parts = ()
    contract = household.contract or ()
    agreements = tuple(_sentence(words.agreements[a]) for a in contract if a in words.agreements)
    latest = _latest(history.contract_reviews or household.contract_reviews)
    review = () if latest is None else tuple(
        ReviewRow(_sentence(words.agreements[agreement]), answer, words(f"review_{answer}"))
        for agreement, answer in latest.answers if agreement in words.agreements and answer in REVIEW_ANSWERS)
    return PlanAndContract(
        parts=parts,
        plan_note=None if parts else words("plan_none" if plan is None else "plan_empty"),
        agreements=agreements,
        contract_note=None if agreements else words("contract_none" if household.contract is None else "contract_empty"),
        review_caption=words("review_caption", date=_full_date(words, latest.date)) if review and latest else None,
        review=review,
        review_note=words("review_none") if agreements and not review else None,
    )


def _plan_part(words: PageWords, partners: tuple[str, str], index: int, part: PartnerPlan, *,
               named: bool) -> PlanPart:
    needs = [words.needs[n] if n in words.needs else words("plan_own_words") for n in part.needs
             if n in words.needs or n == OWN_WORDS]  # an id the page does not know is left out
    action = next((words.actions[a] for a in part.actions if a in words.actions), "")
    other = partners[1 - index]
    return PlanPart(partners[index], _listed(words, needs), other if named else other[:1].lower() + other[1:], action)


def _listed(words: PageWords, items: Sequence[str]) -> str:
    """"a, b en c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {words.and_word} {items[-1]}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _latest(reviews: Sequence[ContractReview]) -> ContractReview | None:
    return max(reviews, key=lambda r: r.date, default=None)


def _full_date(words: PageWords, date: datetime.date) -> str:
    return f"{date.day} {words.months[date.month - 1]} {date.year}"
