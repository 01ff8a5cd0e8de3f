"""The trust contract's monthly review (issue 10, section 4; Oefening 2: "Evalueer dit
contract elke maand: wat werkt, wat moet aangepast?").

"Evalueer ons contract" at any step, or offered once a month: after the first check-in of
a new calendar month, when a kept contract has agreements and it was not reviewed in the
last `REVIEW_EVERY_DAYS` days (`offer_due`; after the look-back, when that is offered too;
after a storm, the offer to breathe goes first and this one waits for next month). Never in
the trigger plan: only a check-in's close offers it.

For each agreement the article's own question of its area ("Gebeurt het elke dag?", "Zijn
jullie geweest?", "Lukt dit?"), answered ja, deels or nee ("sla over" leaves it out). Where
the coach knows the answer itself, the daily check-in (`SEEN`), it says what it saw in the
check-in dates it keeps ("Jullie deden de afgelopen maand op achttien dagen een check-in.")
and proposes the answer that fits; "ja" takes it, "deels" says it, "nee" asks the question
after all. Then "wat moet aangepast?": for each agreement that worked in part or not, keep
it, change it (another agreement of its area is offered, one a turn: `contract.others`) or
drop it. The contract as it now stands is said in short, and kept; then the menu's question,
or, when it was offered after a check-in, the check-in's goodbye.

Kept, only where the contract is (`Household.keeps_contract`): the answers, as soon as the
last one is given (`SaveContractReview`: the date and per agreement id ja, deels or nee),
and the contract when it changed (`SaveContract`). Nothing else of the review.

After a review, help may be suggested (`dialogue.seek_help`): its third sign is a review
that keeps failing (two reviews in a row with most agreements deels or nee).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from dialogue import checkin, contract, seek_help
from dialogue.intents import IntentName, SlotName
from dialogue.model import (
    REVIEW_ANSWERS,
    ContractReview,
    Effect,
    Household,
    Intent,
    Part,
    SaveContract,
    SaveContractReview,
    State,
    Step,
    Turn,
    replace,
)

if TYPE_CHECKING:
    from dialogue.coach import Coach

YES, PARTLY, NO = REVIEW_ANSWERS
REVIEW_EVERY_DAYS = 28
# What the coach sees itself: the days with a check-in in the last month (today included).
SEEN = frozenset({"DAILY_CHECKIN"})
MONTH_DAYS = 30
# A daily check-in done on this many days of the month or more worked (about six days a
# week); on this many or more, it worked in part (about twice a week).
SEEN_YES_DAYS = 25
SEEN_PARTLY_DAYS = 8
# The coach proposes an answer only when it has known the household this many days or
# more (its first kept check-in that long ago): of a new couple it knows too little of the
# month, and asks the article's question plainly.
SEEN_KNOWN_DAYS = 14


def offer_due(household: Household, *, counted: bool = False) -> bool:
    """Whether a check-in finished today is the first of a new calendar month, with a kept
    contract of agreements not reviewed in the last REVIEW_EVERY_DAYS days: then the review
    is offered, once. `counted`: the household holds that check-in already (after the
    look-back offered at its close), else it does not yet."""
    if not household.keeps_contract or not household.contract:
        return False
    today = household.today
    dates = {*household.checkin_dates, *(d.date for d in household.checkin_days)}
    if counted:
        dates.discard(today)
    if any((d.year, d.month) == (today.year, today.month) for d in dates):
        return False  # not the first check-in of this month
    last = last_review(household)
    return last is None or (today - last).days >= REVIEW_EVERY_DAYS


def last_review(household: Household) -> datetime.date | None:
    """The date of the latest kept review, if any."""
    return max((r.date for r in household.contract_reviews), default=None)


def seen(household: Household, agreement: str) -> tuple[int, str] | None:
    """What the coach saw itself of `agreement`: the days with a check-in in the last month,
    and the answer that fits them; None where it knows nothing (another agreement, or no
    dates kept) or too little (its first kept check-in less than SEEN_KNOWN_DAYS ago)."""
    if agreement not in SEEN or not household.keeps_checkin_dates:
        return None
    first = household.today - datetime.timedelta(days=MONTH_DAYS - 1)
    dates = {*household.checkin_dates, *(d.date for d in household.checkin_days)}
    if not dates or (household.today - min(dates)).days + 1 < SEEN_KNOWN_DAYS:
        return None
    days = sum(1 for d in dates if first <= d <= household.today)
    return days, YES if days >= SEEN_YES_DAYS else PARTLY if days >= SEEN_PARTLY_DAYS else NO


_Handler = Callable[["Coach", State, Intent], Turn]


def _asked(handler: _Handler) -> _Handler:
    """A handler of a review step, for a state that names the agreement asked about; a state
    that does not (the contract forgotten meanwhile) goes back to the menu's question."""
    @wraps(handler)
    def checked(coach: Coach, state: State, intent: Intent) -> Turn:
        if not _agreement(state):
            return coach.ask(replace(state, contract=(), review=(), review_index=0), Step.MENU, [])
        return handler(coach, state, intent)
    return checked


# --- the offer -------------------------------------------------------------------------------


def offer(coach: Coach, state: State, parts: list[Part], effects: tuple[Effect, ...] = (), *,
          counted: bool = False) -> Turn | None:
    """After a check-in's close, or the look-back offered there (`counted`), when the review
    is due (`offer_due`): "Zullen we jullie contract evalueren?". None when not due."""
    if not offer_due(state.household, counted=counted):
        return None
    return coach.ask(state, Step.CONTRACT_REVIEW_OFFER, parts, effects)


def offer_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """Yes to the review offered after a new month's first check-in: it ends, as the
    check-in would have, with the goodbye (`return_step` ENDED, unless an aside took its place)."""
    closing = "closing_checkin_alone" if state.partners == 1 else "closing_checkin"
    turn = start(coach, state, intent)
    if turn.state.step is Step.MENU:
        return coach.end(turn.state, [*turn.reply.parts[:-1], coach.say(closing)], turn.effects)
    return replace(turn, state=replace(turn.state, return_step=Step.ENDED))


def offer_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """Not now: it is offered again next month; "evalueer ons contract" works any day."""
    closing = coach.say("closing_checkin_alone" if state.partners == 1 else "closing_checkin")
    parts: list[Part] = [coach.say("review_later")]
    return seek_help.offer(coach, state, parts, (), menu=False) or coach.end(state, [*parts, closing])


# --- the answers -----------------------------------------------------------------------------


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Evalueer ons contract": what the review is, then the first agreement's question.
    Without a contract (or one without agreements) that is said, with the menu's question."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), return_step=None, contract=(), contract_option=0, review=(),
                    review_index=0)
    if not state.household.contract:
        parts = contract.told(coach, state) if state.household.contract is None else [coach.say("review_empty")]
        return coach.ask(state, Step.MENU, parts, kept)
    return _ask(coach, state, 0, [coach.say("review_intro")], kept)


def question(coach: Coach, state: State) -> list[Part]:
    """The question about the agreement at `review_index`: the article's, or what was seen."""
    agreement = _agreement(state)
    if not agreement:
        return [coach.say("reprompt_contract_review")]
    found = seen(state.household, agreement) if state.step is Step.CONTRACT_REVIEW_SEEN else None
    if found is not None:
        days, answer = found
        if days == 0:
            fact = coach.say("review_seen_none")
        elif days == 1:
            fact = coach.say("review_seen_one")
        else:
            fact = coach.say("review_seen", days=coach.locale.number_words.get(days, str(days)))
        return [fact, coach.say(f"review_seen_{answer}")]
    return [coach.say("review_ask", agreement=_sentence(contract.agreement_words(coach, agreement)),
                      question=coach.locale.say(f"review_question_{agreement}"))]


@_asked
def answer_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    return _answer(coach, state, YES)


@_asked
def answer_partly(coach: Coach, state: State, intent: Intent) -> Turn:
    return _answer(coach, state, PARTLY)


@_asked
def answer_no(coach: Coach, state: State, intent: Intent) -> Turn:
    return _answer(coach, state, NO)


@_asked
def answer_skip(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Sla over": this agreement is left out of the review."""
    return _ask(coach, state, state.review_index + 1, [])


@_asked
def seen_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja, klopt": the answer the coach proposed from what it saw."""
    found = seen(state.household, _agreement(state))
    return _answer(coach, state, YES if found is None else found[1])


@_asked
def seen_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee": what the coach saw is not the whole story; the article's question after all."""
    return coach.ask(state, Step.CONTRACT_REVIEW, [coach.say("review_seen_not")])


def _answer(coach: Coach, state: State, answer: str) -> Turn:
    """An answer, kept at once with those before it (a review left midway loses nothing said)."""
    state = replace(state, review=(*state.review, (_agreement(state), answer)))
    household = state.household
    reviews = tuple(r for r in household.contract_reviews if r.date != household.today)
    state = state.with_household(contract_reviews=(*reviews, ContractReview(household.today, state.review)))
    effects: tuple[Effect, ...] = ()
    if household.keeps_contract:
        effects = (SaveContractReview(household.today, state.review),)
    turn = _ask(coach, state, state.review_index + 1, [coach.say(f"review_ack_{answer}")])
    return replace(turn, effects=effects + turn.effects)


def _ask(coach: Coach, state: State, index: int, parts: list[Part], effects: tuple[Effect, ...] = ()) -> Turn:
    agreements = state.household.contract or ()
    if index >= len(agreements):
        return _answered(coach, replace(state, review_index=index), parts)
    step = Step.CONTRACT_REVIEW_SEEN if seen(state.household, agreements[index]) is not None else Step.CONTRACT_REVIEW
    return coach.ask(state, step, parts, effects, review_index=index)


def _answered(coach: Coach, state: State, parts: list[Part]) -> Turn:
    """Every agreement asked (the answers were kept as they came, `_answer`): what to adjust."""
    household = state.household
    answers = state.review
    if not answers:
        state = replace(state, review=())
        if state.return_step is Step.ENDED:
            return coach.end(state, [*parts, coach.say("review_none_answered"), coach.say("closing_checkin")])
        return coach.ask(state, Step.MENU, [*parts, coach.say("review_none_answered")])
    effects: tuple[Effect, ...] = ()
    if all(answer == YES for _, answer in answers):
        return _done(coach, replace(state, contract=household.contract or ()), [*parts, coach.say("review_all_worked")],
                     effects)
    return _adjust(coach, replace(state, contract=()), 0, [*parts, coach.say("review_adjust_intro")], effects)


# --- what must be adjusted -------------------------------------------------------------------


def _adjust(coach: Coach, state: State, index: int, parts: list[Part], effects: tuple[Effect, ...] = ()) -> Turn:
    """The agreements from `index` on: one that worked is kept as it is; the first that did
    not is asked about. `State.contract` holds the contract as adjusted so far, the household's
    contract before `index` (a change or a drop is in the household's contract at once)."""
    agreements = state.household.contract or ()
    answers = dict(state.review)
    kept = state.contract
    while index < len(agreements) and answers.get(agreements[index], YES) == YES:
        kept = (*kept, agreements[index])
        index += 1
    state = replace(state, contract=kept)
    if index >= len(agreements):
        return _done(coach, state, parts, effects)
    return coach.ask(state, Step.CONTRACT_ADJUST, parts, effects, review_index=index, contract_option=0)


def adjust_question(coach: Coach, state: State) -> list[Part]:
    agreement = _agreement(state)
    if not agreement:
        return [coach.say("reprompt_contract_adjust")]
    answer = dict(state.review).get(agreement, NO)
    return [coach.say(f"review_adjust_{answer}",
                      agreement=_sentence(contract.agreement_words(coach, agreement)))]


@_asked
def adjust(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Houden", "veranderen" or "schrappen" for the agreement asked about."""
    choice = coach.value(intent, SlotName.CHOICE)
    if choice == "CHANGE":
        if not contract.others(_agreement(state)):
            return keep(coach, state, intent)
        return coach.ask(state, Step.CONTRACT_CHANGE, [], contract_option=0)
    if choice == "DROP":
        # The contract without it, kept at once; the next agreement takes its place.
        state, effects = _changed(state, ())
        return _adjust(coach, state, state.review_index, [coach.say("review_dropped")], effects)
    if choice == "KEEP":
        return keep(coach, state, intent)
    return coach.misunderstood(state)


@_asked
def keep(coach: Coach, state: State, intent: Intent) -> Turn:
    """The agreement stays as it is: "houden", or not decided ("weet ik niet", "sla over"),
    which the coach does not decide for them."""
    undecided = intent.name in (IntentName.SKIP, IntentName.NEXT)
    state = replace(state, contract=(*state.contract, _agreement(state)))
    return _adjust(coach, state, state.review_index + 1, [coach.say("review_kept_undecided" if undecided else "review_kept")])


def change_question(coach: Coach, state: State) -> list[Part]:
    others = contract.others(_agreement(state))
    if state.contract_option >= len(others):
        return [coach.say("reprompt_contract_change")]
    offered = others[state.contract_option]
    return [contract.other(coach, offered, first=state.contract_option == 0)]


@_asked
def change_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja": the agreement offered takes the place of the old one."""
    others = contract.others(_agreement(state))
    if state.contract_option >= len(others):
        return change_no(coach, replace(state, contract_option=len(others) - 1), intent)
    state, effects = _changed(state, (others[state.contract_option],))
    return _adjust(coach, state, state.review_index + 1, [coach.say("review_changed")], effects)


def _changed(state: State, instead: tuple[str, ...]) -> tuple[State, tuple[Effect, ...]]:
    """The agreement asked about replaced by `instead` (another of its area, or nothing: dropped),
    in the household's contract at once, and kept where it may be: a review left midway loses
    no change already made. `State.contract` is the adjusted part before it."""
    agreements = state.household.contract or ()
    adjusted = (*state.contract, *instead)
    whole = (*adjusted, *agreements[state.review_index + 1:])
    state = replace(state.with_household(contract=whole), contract=adjusted)
    return state, ((SaveContract(whole),) if state.household.keeps_contract else ())


@_asked
def change_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee": the area's next agreement; after the last, the old one stays."""
    if state.contract_option + 1 < len(contract.others(_agreement(state))):
        return coach.ask(state, Step.CONTRACT_CHANGE, [], contract_option=state.contract_option + 1)
    state = replace(state, contract=(*state.contract, _agreement(state)))
    return _adjust(coach, state, state.review_index + 1, [coach.say("review_change_none")])


def _done(coach: Coach, state: State, parts: list[Part], effects: tuple[Effect, ...]) -> Turn:
    """The review is done: the contract as it now stands, kept where it may be; next month
    again. Then, when it is due, the suggestion of help, else the menu's question."""
    household = state.household
    adjusted = state.contract
    answered = state.review
    state = replace(state.with_household(contract=adjusted), contract=(), contract_option=0, review=(),
                    review_index=0)
    if any(agreement not in adjusted for agreement, _ in answered) or adjusted != household.contract:
        # Changed or dropped (kept already as it was done, `_changed`): the contract as it now stands.
        parts = [*parts, contract.summary(coach, adjusted, "review_done")]
    parts = [*parts, coach.say("review_next" if household.keeps_contract else "contract_not_kept")]
    if state.return_step is Step.ENDED:  # offered after a check-in: the check-in's goodbye
        return seek_help.offer(coach, state, parts, effects, menu=False) or coach.end(
            state, [*parts, coach.say("closing_checkin")], effects)
    return seek_help.offer(coach, state, parts, effects, menu=True) or coach.ask(state, Step.MENU, parts, effects)


def _agreement(state: State) -> str:
    """The agreement asked about ("" when the state names none)."""
    agreements = state.household.contract or ()
    found = agreements[state.review_index] if 0 <= state.review_index < len(agreements) else ""
    return found if found in contract.AREA_OF else ""


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]
