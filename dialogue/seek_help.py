"""Knowing when to seek help (issue 10, section 6; the article's "Wanneer is professionele
hulp noodzakelijk?").

From what the household keeps, the coach may invite the couple to find a relatietherapeut
(the huisarts can refer): when a partner reported regen or storm on most check-ins of each
of the last two weeks, when trigger moments are not fewer after two months, or when the
trust contract's monthly review keeps failing (`dialogue.contract_review`: the last two
reviews in a row, the latest of the last two months, each with most agreements deels or nee).

`due` is the decision, a pure function of the household. The coach asks at most once every
SUGGEST_EVERY_DAYS days whether it may suggest something ("Mag ik nog iets voorstellen?";
its date is kept: `SaveHelpSuggested`), only where check-in answers are kept with consent
(a public skill knows no weather), and only at the end of a check-in, after a look-back or
after a contract review: never in the trigger plan or a safety conversation. A yes hears
the suggestion (its own turn: a turn is at most about 40 words), an invitation, never a
diagnosis, with how to find help in the household's country (both countries when it is not
known).
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING

from dialogue.model import Effect, Household, Intent, Part, SaveHelpSuggested, State, Step, Turn

if TYPE_CHECKING:
    from dialogue.coach import Coach

SUGGEST_EVERY_DAYS = 30
# The weather: each of the last two weeks (today's included), a partner gave a weather in at
# least this many check-ins done together, and regen or storm in most of them (more than half).
WEEKS = 2
MIN_CHECKINS_A_WEEK = 2
HARD_WEATHERS = frozenset({"REGEN", "STORM"})
# The triggers: the last four weeks against the four before (the look-back's month trend),
# the coach having known the household since the first week of those eight (the stores load
# eight weeks, `HISTORY_DAYS`), and still about one moment a week or more.
FOLLOWED_DAYS = 49
MIN_MOMENTS_A_MONTH = 4
# The contract: this many reviews in a row failed (more than half of their answers deels or
# nee), the latest at most RECENT_REVIEW_DAYS days ago (a review a month, and some slack).
FAILED_REVIEWS = 2
RECENT_REVIEW_DAYS = 62


class Reason(enum.StrEnum):
    """Why help is suggested (each has its sentence, `seek_help_<value>`)."""

    WEATHER = "weather"
    TRIGGERS = "triggers"
    CONTRACT = "contract"


def due(household: Household) -> Reason | None:
    """Whether to suggest professional help today, and why; None when not: where answers are
    not kept (or not consented to), within SUGGEST_EVERY_DAYS days of the last suggestion,
    or when no criterion holds (`reason`)."""
    if not household.keeps_checkin_answers:
        return None
    last = household.help_suggested
    if last is not None and (household.today - last).days < SUGGEST_EVERY_DAYS:
        return None
    return reason(household)


def reason(household: Household) -> Reason | None:
    """Which of the article's signs the kept data shows, if any (the once-a-month rule aside)."""
    if _hard_weeks(household):
        return Reason.WEATHER
    if _triggers_not_fewer(household):
        return Reason.TRIGGERS
    if _reviews_failing(household):
        return Reason.CONTRACT
    return None


def _reviews_failing(household: Household) -> bool:
    """The last FAILED_REVIEWS reviews of the trust contract each had most agreements answered
    deels or nee, and the latest was recent."""
    reviews = sorted(household.contract_reviews, key=lambda r: r.date)[-FAILED_REVIEWS:]
    if len(reviews) < FAILED_REVIEWS or (household.today - reviews[-1].date).days > RECENT_REVIEW_DAYS:
        return False
    return all(2 * sum(1 for _, answer in r.answers if answer != "JA") > len(r.answers) for r in reviews)


def _hard_weeks(household: Household) -> bool:
    """A partner's weather was regen or storm in most check-ins of each of the last two weeks.
    Without names the partners are not told apart (who began differs from day to day): both
    partners' weathers count together."""
    partners: tuple[int | None, ...] = (None,) if household.names is None else (0, 1)
    return any(all(_hard_week(household, partner, week) for week in range(WEEKS)) for partner in partners)


def _hard_week(household: Household, partner: int | None, week: int) -> bool:
    """Regen or storm in most of the partner's weathers (`None`: both partners') of the
    check-ins done together in the week `week` weeks before this one (0: the last 7 days)."""
    last = household.today - datetime.timedelta(days=7 * week)
    first = last - datetime.timedelta(days=6)
    days = [day for day in household.checkin_days if first <= day.date <= last and len(day.entries) == 2]
    weathers = [entry.weather for day in days for index, entry in enumerate(day.entries)
                if entry.weather is not None and partner in (None, index)]
    checkins = len(weathers) if partner is not None else sum(
        1 for day in days if any(e.weather is not None for e in day.entries))
    hard = sum(1 for weather in weathers if weather in HARD_WEATHERS)
    return checkins >= MIN_CHECKINS_A_WEEK and 2 * hard > len(weathers)


def _triggers_not_fewer(household: Household) -> bool:
    """After two months, the last four weeks' trigger moments are not fewer than before."""
    from dialogue import lookback  # (here: the look-back itself offers this module's suggestion)

    known = (*household.checkin_dates, *(d.date for d in household.checkin_days),
             *(m.date for m in household.trigger_moments))
    if not known or (household.today - min(known)).days < FOLLOWED_DAYS:
        return False
    summary = lookback.summarise(household, lookback.MONTH_DAYS)
    if summary.moments is None or summary.moments < MIN_MOMENTS_A_MONTH:
        return False
    return summary.trend in (lookback.Trend.AS_OFTEN, lookback.Trend.MORE)


def offer(coach: Coach, state: State, parts: list[Part], effects: tuple[Effect, ...], *, menu: bool) -> Turn | None:
    """After a check-in's close or a look-back (`parts`, `effects`), when help is `due`: the
    question whether the coach may suggest something, instead of the goodbye (or, `menu`, the
    menu's question). Its date is kept now, so a no counts too: not asked again this month.
    None when not due."""
    household = state.household
    if due(household) is None:
        return None
    state = state.with_household(help_suggested=household.today)
    return coach.ask(state, Step.SEEK_HELP_OFFER, parts, (*effects, SaveHelpSuggested(household.today)),
                     return_step=Step.MENU if menu else None)


def yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """The suggestion: what the coach saw, how to find a relatietherapeut in the household's
    country, and that professional help is no sign of weakness. Then the conversation ends."""
    household = state.household
    parts: list[Part] = []
    found = reason(household)
    if found is not None:
        parts.append(coach.say(f"seek_help_{found}"))
    parts += [_where(coach, household), coach.say("seek_help_invite"), coach.say("seek_help_goodbye")]
    return coach.end(state, parts)


def asked(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Moeten we naar een therapeut?", asked at any step: the article's signs that help is
    needed, said as an invitation, and that the huisarts refers (in both countries), then the
    step's question again; nothing is kept."""
    return coach.ask_again(state, [coach.say("seek_help_asked")])


def _where(coach: Coach, household: Household) -> Part:
    where = {"nl": "seek_help_where", "be": "seek_help_where_be"}.get(household.country or "", "seek_help_where_both")
    return coach.say(where)


def no(coach: Coach, state: State, intent: Intent) -> Turn:
    """No suggestion now: back to the menu's question, or the goodbye."""
    if state.return_step is Step.MENU:
        return coach.ask(state, Step.MENU, [coach.say("seek_help_no")], return_step=None)
    closing = "closing_checkin_alone" if state.partners == 1 else "closing_checkin"
    return coach.end(state, [coach.say("seek_help_no"), coach.say(closing)])
