"""The daily check-in: who takes part, then per partner a weather, a need and a gratitude.

The handlers here are the check-in's rows of the coach's one transition table
(`dialogue.coach`). Answers are kept as they come (`State.entries`, one per partner);
the finished check-in, or an unfinished one that ends, leaves as a `SaveCheckin` effect:
with its answers where the deployment keeps them and the household consented, as a date
alone where the deployment keeps only dates (`Household.keeps_answers`), else not at all.
The end comes in short turns: the summary, which asks whether what is needed can be given
(step checkin_give, where whatever is said aloud is the answer and is not kept; two named
partners are asked in turn, each about the other's need), then the week's progress and the
goodbye (or, after a storm, the offer to breathe).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dialogue import seek_help
from dialogue.intents import OWN_WORDS, IntentName, SlotName
from dialogue.model import (
    CheckinDay,
    CheckinEntry,
    Effect,
    Household,
    Intent,
    Part,
    SaveCheckin,
    SaveConsent,
    State,
    Step,
    Turn,
    replace,
)

if TYPE_CHECKING:
    from dialogue.coach import Coach

STEPS = frozenset({Step.CHECKIN_CONSENT, Step.CHECKIN_WHO, Step.CHECKIN_WEATHER, Step.CHECKIN_NEED,
                   Step.CHECKIN_GRATITUDE, Step.DISTRESS_CHOICE, Step.CHECKIN_GIVE})


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """Start (or start over) the check-in with the question who takes part.

    The first check-in of a household (its consent never asked) first asks whether the
    weather and needs may be kept, once, where the deployment keeps them; it also hears the
    article's advice then, once (not again for a household that has check-ins from before
    consent was asked). Where only dates are kept, nothing is asked; the first check-in
    hears the advice. Said while breathing inside the check-in ("verder met de check-in"),
    the check-in goes on where it was."""
    if state.step is Step.BREATHING and state.partners > 0:
        return after_breathing(coach, state, intent)
    household = state.household
    names = household.names
    opening = [coach.say("checkin_opening") if names is None
               else coach.say("checkin_opening_named", names=coach.both_names(names))]
    ask_consent = household.keeps_answers and household.consent is None
    # Without consent asked (only dates kept), "first" means: no check-in this last week.
    first = (ask_consent or not household.keeps_answers) and not household.checkin_dates
    parts = [*opening, coach.say("checkin_first_tip")] if first else opening
    step = Step.CHECKIN_CONSENT if ask_consent else Step.CHECKIN_WHO
    # A trigger run that was going on ends here: its moment is kept as it is (`trigger_plan.settle`).
    return coach.ask(state, step, parts, partners=0, partner_index=0, entries=(), moment=None, rating=False,
                     after_consent=None)


def consent_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """Yes to keeping the weather and needs: kept from now on. Asked by the plan or the
    contract (`State.after_consent`), these are kept too; on to their first question."""
    state = state.with_household(consent=True)
    if state.after_consent is not None:
        return _after_consent(coach, state, "consent_given_short", (SaveConsent(True),))
    return coach.ask(state, Step.CHECKIN_WHO, [coach.say("consent_given")], (SaveConsent(True),))


def consent_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """No: the check-in works the same and nothing of it is kept (what was kept before
    consent was asked is erased); the plan or the contract that asked lives in this
    conversation only."""
    state = state.with_household(consent=False, checkin_dates=(), checkin_days=(), trigger_moments=())
    if state.after_consent is not None:
        return _after_consent(coach, state, "consent_refused_short", (SaveConsent(False),))
    return coach.ask(state, Step.CHECKIN_WHO, [coach.say("consent_refused")], (SaveConsent(False),))


def _after_consent(coach: Coach, state: State, prompt: str, effects: tuple[Effect, ...]) -> Turn:
    """On to the first question of the plan or contract that asked for consent."""
    step = state.after_consent or Step.MENU
    parts = [coach.say(prompt)]
    if step is Step.CONTRACT_COMMUNICATION:
        parts.append(coach.say("contract_intro"))
    return coach.ask(state, step, parts, effects, after_consent=None)


def together(coach: Coach, state: State, intent: Intent) -> Turn:
    state = replace(state, partners=2, partner_index=0, entries=(CheckinEntry(None, None),) * 2)
    if state.household.names is None:
        parts = [coach.say("checkin_start_two_unnamed")]
    else:
        parts = [coach.say("checkin_start_two", name=coach.partner_name(state, 0))]
    return coach.ask(state, Step.CHECKIN_WEATHER, parts)


def alone(coach: Coach, state: State, intent: Intent) -> Turn:
    state = replace(state, partners=1, partner_index=0, entries=(CheckinEntry(None, None),))
    return coach.ask(state, Step.CHECKIN_WEATHER, [coach.say("checkin_start_alone")])


def weather(coach: Coach, state: State, intent: Intent) -> Turn:
    value = coach.value(intent, SlotName.WEATHER)
    if value is None:
        denied = coach.value(intent, SlotName.NEGATED)
        if denied is None:
            return coach.misunderstood(state)
        return _narrow(coach, state, denied)
    state = record(state, weather=value)
    return coach.ask(state, Step.CHECKIN_NEED, [ack_weather(coach, value, intent.said)])


def ack_weather(coach: Coach, value: str, said: str | None) -> Part:
    """The weather heard. Said in other words ("rot", "het gaat wel"), the coach says which
    weather it heard them as, so the person can correct it right away ("nee, storm")."""
    name = coach.value_name(SlotName.WEATHER, value)
    if said is not None and name.lower() not in said.lower():
        return coach.say("ack_weather_heard", weather=name)
    if f"ack_weather_{value.lower()}" in coach.locale.prompts:
        return coach.say(f"ack_weather_{value.lower()}")  # storm and regen: a real acknowledgement
    return coach.say("ack_weather", weather=name)


def _narrow(coach: Coach, state: State, denied: str) -> Turn:
    """"Niet zonnig": nothing is kept; a short question offers the other weathers."""
    others = [coach.value_name(SlotName.WEATHER, v) for v in coach.value_ids(SlotName.WEATHER) if v != denied]
    options = coach.locale.say("options_or", items=", ".join(others[:-1]), last=others[-1])
    parts = [coach.say("narrow_weather", negated=coach.value_name(SlotName.WEATHER, denied), options=options)]
    return coach.ask(state, Step.CHECKIN_WEATHER, parts, question=False)


def need(coach: Coach, state: State, intent: Intent) -> Turn:
    if intent.slot(SlotName.NEED) == OWN_WORDS:
        return own_words_need(coach, state, intent, lambda s, parts: coach.ask(
            record(s, need=OWN_WORDS), Step.CHECKIN_GRATITUDE, parts))
    value = coach.value(intent, SlotName.NEED)
    if value is None:
        return coach.misunderstood(state)
    state = record(state, need=value)
    parts = [coach.vary(state, "ack_need", need=coach.value_name(SlotName.NEED, value))]
    return coach.ask(state, Step.CHECKIN_GRATITUDE, parts)


def own_words_need(
    coach: Coach, state: State, intent: Intent, accept: Callable[[State, list[Part]], Turn]
) -> Turn:
    """A need in one's own words: a clear wish ("dat hij eerlijk is", "ik wil dat ze
    luistert") is taken at once; anything else after one gentle question (or anything not
    understood before it). It is taken as it was said, and reflected back turned to the one
    who said it ("Je wilt dat ze luistert.")."""
    # (imported here: the understanding and its rapidfuzz load only once words were said)
    from dialogue.understanding.normalise import is_wish

    clear = intent.said is not None and is_wish(intent.said, coach.locale.rules)
    if state.misunderstood == 0 and not clear:
        turn = coach.ask(state, state.step, [coach.say("ask_need_own_words")], question=False)
        return replace(turn, state=replace(turn.state, misunderstood=1))
    if intent.said:
        return accept(state, [coach.vary(state, "ack_need_own", words=_sentence(coach.locale.turned_to_listener(intent.said)))])
    return accept(state, [coach.say("ack_need_own_unsaid")])


def correct_weather(coach: Coach, state: State, intent: Intent) -> Turn:
    """A weather said right after it was answered ("nee, storm"): the answer is corrected."""
    return _correct(coach, state, intent, SlotName.WEATHER)


def correct_need(coach: Coach, state: State, intent: Intent) -> Turn:
    """A need said at the gratitude, right after the need was answered: the need is corrected."""
    return _correct(coach, state, intent, SlotName.NEED)


def _correct(coach: Coach, state: State, intent: Intent, slot: SlotName) -> Turn:
    value = coach.value(intent, slot)
    if value is None:
        return coach.misunderstood(state)
    state = record(state, **{str(slot): value})
    parts = [coach.say(f"corrected_{slot}", **{str(slot): coach.value_name(slot, value)})]
    if slot is SlotName.WEATHER and f"ack_weather_{value.lower()}" in coach.locale.prompts:
        parts.append(coach.say("corrected_weather_hard"))  # storm or regen, said on second thought
    return coach.ask(state, state.step, parts)


def distress(coach: Coach, state: State, intent: Intent) -> Turn:
    """Pain said where a gratitude was asked: never thanked. An acknowledgement, and a
    choice: skip the question, or breathe (the trigger plan)."""
    return coach.ask(state, Step.DISTRESS_CHOICE, [coach.say("distress_ack")])


def distress_skip(coach: Coach, state: State, intent: Intent) -> Turn:
    return _next_partner(coach, replace(state, step=Step.CHECKIN_GRATITUDE), [coach.vary(state, "ack_skip")])


def after_breathing(coach: Coach, state: State, intent: Intent, said: Sequence[Part] = ()) -> Turn:
    """Done breathing after pain at the gratitude ("ik ben klaar", a feeling, "verder met de
    check-in"): the check-in goes on where it was, the gratitude left out: the other
    partner's turn, or the summary."""
    parts = [*said, coach.say("checkin_after_breathing")]
    return _next_partner(coach, replace(state, step=Step.CHECKIN_GRATITUDE, return_step=None), parts)


def _sentence(words: str) -> str:
    """Words said, as the start of a sentence."""
    return words[:1].upper() + words[1:]


def skip_question(coach: Coach, state: State, intent: Intent) -> Turn:
    if state.step is Step.CHECKIN_GRATITUDE:
        return _next_partner(coach, state, [coach.vary(state, "ack_skip")])
    following = Step.CHECKIN_NEED if state.step is Step.CHECKIN_WEATHER else Step.CHECKIN_GRATITUDE
    return coach.ask(state, following, [coach.vary(state, "ack_skip")])


def gratitude(coach: Coach, state: State, intent: Intent) -> Turn:
    """A gratitude said aloud; its words are never kept."""
    if state.partners == 1:
        ack = coach.vary(state, "ack_gratitude_alone")
    elif state.household.names is None:
        ack = coach.vary(state, "ack_gratitude_unnamed")
    else:
        ack = coach.vary(state, "ack_gratitude", other=coach.partner_name(state, 1 - state.partner_index))
    return _next_partner(coach, state, [ack])


def _next_partner(coach: Coach, state: State, parts: Sequence[Part]) -> Turn:
    if state.partner_index + 1 < state.partners:
        state = replace(state, partner_index=state.partner_index + 1)
        if state.household.names is None:
            parts = [*parts, coach.say("next_partner_unnamed")]
        else:
            parts = [*parts, coach.say("next_partner", name=coach.partner_name(state, state.partner_index))]
        return coach.ask(state, Step.CHECKIN_WEATHER, parts)
    return _finish(coach, state, parts)


def _finish(coach: Coach, state: State, said: Sequence[Part]) -> Turn:
    """The last answer given: the check-in is kept (as the household allows, `_kept`) and
    summarised. When the summary asks whether what is needed can be given, the coach listens
    for that first."""
    effects = _kept(state)
    summary, questions = _summary(coach, state)
    if questions:
        # The answers stay in the state only to close (a storm?); `partial` keeps them no more.
        # Named partners are asked in turn; `partner_index` says whose need was asked about.
        index, question = questions[0]
        return coach.ask(state, Step.CHECKIN_GIVE, [*said, *summary, question], effects, question=False,
                         partner_index=index)
    return _close(coach, state, [*said, *summary], effects)


def give(coach: Coach, state: State, intent: Intent) -> Turn:
    """The answer to "lukt het om dat te geven?", or whatever was said aloud (not kept); then
    the same question about the other partner's need, if there is one, else the close."""
    reply = {IntentName.YES.value: "give_yes", IntentName.NO.value: "give_no",
             IntentName.PARTLY.value: "give_no"}.get(intent.name)
    parts = [] if reply is None else [coach.say(reply)]
    later = [(index, question) for index, question in _summary(coach, state)[1] if index > state.partner_index]
    if later:
        index, question = later[0]
        return coach.ask(state, Step.CHECKIN_GIVE, [*parts, question], question=False, partner_index=index)
    return _close(coach, state, [*parts, coach.say("summary_intro")], ())


def _close(coach: Coach, state: State, parts: list[Part], effects: tuple[Effect, ...]) -> Turn:
    """How the week goes (where dates are kept; else nothing is known of other days), then
    the goodbye; after a storm the offer to breathe, else on a new week's first check-in the
    offer to look back on the week before, else on a new month's first the offer to review
    the trust contract (`dialogue.contract_review`)."""
    from dialogue import contract_review  # (here: the review itself begins by keeping a check-in)

    household = state.household
    look_back = offer_due(household)
    review = contract_review.offer_due(household)  # (after the look-back, when both are due)
    if household.keeps_checkin_dates:
        parts.append(_progress(coach, household.checkin_dates, household.today))
        dates = set(household.checkin_dates) | {household.today}
        state = state.with_household(checkin_dates=tuple(sorted(dates)),
                                     checkin_days=with_checkin(household, state.entries).checkin_days)
    storm = any(entry.weather == "STORM" for entry in state.entries)
    state = replace(state, entries=())
    if storm:
        # After a storm: the offer to breathe, once the check-in is done (and kept).
        return coach.ask(state, Step.STORM_OFFER, parts, effects)
    if look_back:
        return coach.ask(state, Step.LOOKBACK_OFFER, parts, effects)
    if review:
        return coach.ask(state, Step.CONTRACT_REVIEW_OFFER, parts, effects)
    return seek_help.offer(coach, state, parts, effects, menu=False) or coach.end(
        state, [*parts, coach.say("closing_checkin_alone" if state.partners == 1 else "closing_checkin")], effects)


def _progress(coach: Coach, earlier: Sequence[datetime.date], today: datetime.date) -> Part:
    """How the week goes, never shaming a gap: the first this week, a second one today, or
    the number of days this week (today counted once)."""
    if today in earlier:
        return coach.say("progress_again_today")
    days = _days_this_week({*earlier, today}, today)
    if days == 1:
        return coach.say("progress_first")
    return coach.say("progress_days", days=coach.locale.number_words.get(days, str(days)))


def storm_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """No breathing after a storm: the look-back, where this was a new week's first
    check-in (the breathing's offer came first), else help when due, else goodbye."""
    household = state.household
    before_today = replace(household, checkin_dates=tuple(d for d in household.checkin_dates if d != household.today),
                           checkin_days=tuple(d for d in household.checkin_days if d.date != household.today))
    if offer_due(before_today):
        return coach.ask(state, Step.LOOKBACK_OFFER, [])
    closing = coach.say("closing_checkin_alone" if state.partners == 1 else "closing_checkin")
    return seek_help.offer(coach, state, [], (), menu=False) or coach.end(state, [closing])


def _weather_words(coach: Coach, value: str) -> str:
    return coach.locale.weather_adjectives.get(value) or coach.value_name(SlotName.WEATHER, value)


def _summary(coach: Coach, state: State) -> tuple[list[Part], list[tuple[int, Part]]]:
    """What each partner said, in natural sentences; a skipped answer is left out. Two named
    partners hear what the other needs today, as a question to the one who can give it (one
    question per need, asked in turn); two without names one question to both; one alone is
    asked whether it can be asked of the partner. Returns the sentences, and the questions
    with the index of the partner whose need each is about."""
    parts: list[Part] = []
    questions: list[tuple[int, Part]] = []
    named = state.household.names is not None
    weathers = [(index, e.weather) for index, e in enumerate(state.entries) if e.weather is not None]
    if state.partners == 1 and weathers:
        parts.append(coach.say("summary_weather_alone", weather=_weather_words(coach, weathers[0][1])))
    elif len(weathers) == 2:
        parts.append(coach.say("summary_weather_two", first=coach.partner_name(state, 0),
                               first_weather=_weather_words(coach, weathers[0][1]),
                               second=coach.partner_name(state, 1), second_weather=_weather_words(coach, weathers[1][1])))
    else:
        for index, value in weathers:
            parts.append(coach.say("summary_weather", name=coach.partner_name(state, index),
                                   weather=_weather_words(coach, value)))
    locale = coach.locale
    for index, entry in enumerate(state.entries):
        if entry.need is None:
            continue
        name = coach.partner_name(state, index)
        own = entry.need == OWN_WORDS
        need = None if own else coach.value_name(SlotName.NEED, entry.need)
        if state.partners == 1:
            questions.append((index, coach.say("summary_need_own_alone") if own
                                     else coach.say("summary_need_alone", need=need)))
        elif not named:
            parts.append(coach.say("summary_need_own_unnamed", name=_sentence(name)) if own
                         else coach.say("summary_need_unnamed", name=_sentence(name), need=need))
        else:
            other = coach.partner_name(state, 1 - index)
            if own:
                questions.append((index, coach.say("summary_need_own", name=name, other=other)))
            else:
                given = locale.needs_to_give.get(entry.need) or need
                questions.append((index, coach.say("summary_need_ask", name=name, other=other, need=given)))
    if state.partners == 2 and not named and any(e.need is not None for e in state.entries):
        questions.append((len(state.entries) - 1, coach.say("give_question")))
    return parts, questions


def record(state: State, **answer: str) -> State:
    """The state with the current partner's answer (weather or need) recorded."""
    entries = list(state.entries)
    entries[state.partner_index] = replace(entries[state.partner_index], **answer)
    return replace(state, entries=tuple(entries))


def partial(state: State) -> tuple[Effect, ...]:
    """What to keep of an unfinished check-in, if anything was answered at all (`_kept`).
    A check-in at its last question (checkin_give) was kept already."""
    if state.step is Step.CHECKIN_GIVE:
        return ()
    if not any(e.weather is not None or e.need is not None for e in state.entries):
        return ()
    return _kept(state)


def _kept(state: State) -> tuple[Effect, ...]:
    """A check-in as the household keeps it: every entry, answered or not (its position says
    which partner it was), where answers are kept; the date alone where only dates are;
    nothing without consent."""
    household = state.household
    if household.keeps_checkin_answers:
        return (SaveCheckin(household.today, state.entries),)
    if household.keeps_checkin_dates:
        return (SaveCheckin(household.today, ()),)
    return ()


def kept(coach: Coach, state: State) -> str | None:
    """What `partial` keeps, said exactly: the weather, what is needed, or both (a gratitude
    is never kept), or only the day; None when nothing is."""
    effects = partial(state)
    if not effects:
        return None
    if not state.household.keeps_checkin_answers:
        return coach.locale.say("kept_date")
    weather = any(e.weather is not None for e in state.entries)
    need = any(e.need is not None for e in state.entries)
    return coach.locale.say("kept_weather_need" if weather and need else "kept_weather" if weather else "kept_need")


def leave(state: State) -> State:
    """The state after an unfinished check-in was kept (see `partial`), ready for another exercise."""
    if partial(state):
        dates = set(state.household.checkin_dates) | {state.household.today}
        state = state.with_household(checkin_dates=tuple(sorted(dates)),
                                     checkin_days=with_checkin(state.household, state.entries).checkin_days)
    return replace(state, entries=(), partners=0, partner_index=0, feeling=None, feeling_words=None, trigger_need=None)


def _days_this_week(dates: set[datetime.date], today: datetime.date) -> int:
    """How many distinct days of today's ISO week had a check-in."""
    week = today.isocalendar()[:2]
    return sum(1 for d in dates if d.isocalendar()[:2] == week)


def offer_due(household: Household) -> bool:
    """Whether a check-in finished today is the first of a new week, with a week before it
    to look back on (a check-in, or a trigger moment, in the calendar week before): then the
    look-back is offered, once (`dialogue.lookback`)."""
    if not household.keeps_checkin_dates:
        return False
    today = household.today
    week = today.isocalendar()[:2]
    last_week = (today - datetime.timedelta(days=7)).isocalendar()[:2]
    dates = {*household.checkin_dates, *(d.date for d in household.checkin_days)}
    if any(d.isocalendar()[:2] == week for d in dates):
        return False  # not the first check-in of this week
    earlier = dates | {m.date for m in household.trigger_moments}
    return any(d.isocalendar()[:2] == last_week for d in earlier)


def with_checkin(household: Household, entries: Sequence[CheckinEntry]) -> Household:
    """The household's history with today's check-in in it, as a store would load it: the
    answers of a check-in done together (the latest answer of the day counting), the date
    alone for one done alone or where only dates are kept."""
    if not household.keeps_checkin_dates:
        return household
    today = household.today
    together = household.keeps_checkin_answers and len(entries) == 2
    new = tuple(entries) if together else ()
    old = next((d for d in household.checkin_days if d.date == today), None)
    if old is not None and old.entries and new:
        new = tuple(CheckinEntry(n.weather or o.weather, n.need or o.need)
                    for o, n in zip(old.entries, new, strict=True))
    elif old is not None and old.entries:
        new = old.entries
    others = tuple(d for d in household.checkin_days if d.date != today)
    return replace(household, checkin_days=(*others, CheckinDay(today, new)))
