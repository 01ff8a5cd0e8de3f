"""The trust contract (issue 10, section 4; the article's Oefening 2: "Het vertrouwenscontract").

"Maak ons vertrouwenscontract": the article's five areas, one a turn, each with the
article's example agreement offered ("Houden jullie die afspraak?"): "ja" keeps it; "nee"
offers another agreement of that area instead, from a short list drawn from the article
(`AREAS`: at most two more, one a turn, "Is dat iets voor jullie?"); "nee" to the last of
them, or "sla over" at any of them, leaves the area out. Then the contract is confirmed
aloud in short (how many agreements, their areas), and "wat staat er in ons contract?"
reads it back. Making it again replaces it. No free text: only the ids of the agreements
kept, at most one per area, in the areas' order.

Kept (`SaveContract`) only where answers are kept, with consent (`Household.keeps_contract`);
elsewhere (a public skill, no consent) the contract lives in this conversation only, and the
confirmation says so once. Erasing the household or withdrawing consent removes it.

The handlers are rows of the coach's one transition table (`dialogue.coach`); danger, help,
repeat and stop work at every contract step as everywhere (its global table). The monthly
review ("evalueer ons contract") is `dialogue.contract_review`; it changes an agreement for
another of the same area (`others`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.model import CONTRACT_STEPS, Intent, Part, SaveContract, State, Step, Turn, replace

if TYPE_CHECKING:
    from dialogue.coach import Coach

# The five areas in the article's order: the step that asks it, the area's id (its name is
# `contract_area_<area>`), and its agreements (each said as `contract_agreement_<id>`): the
# article's example first (its table in Oefening 2), then the alternatives offered after a
# "nee", from the article's other examples (Stap 2, 4, 6 and 7, and the section on infidelity).
AREAS: tuple[tuple[Step, str, tuple[str, ...]], ...] = (
    (Step.CONTRACT_COMMUNICATION, "COMMUNICATION", ("DAILY_CHECKIN", "WEEKLY_TALK", "DEEP_TALK")),
    (Step.CONTRACT_TRANSPARENCY, "TRANSPARENCY", ("OPEN_PHONE", "CALL_IF_LATE", "SHARE_WHEREABOUTS")),
    (Step.CONTRACT_SOCIAL, "SOCIAL", ("DISCUSS_CONTACTS", "NOT_ALONE_WITH", "NO_CONTACT")),
    (Step.CONTRACT_THERAPY, "THERAPY", ("THERAPY", "MONTHLY_THERAPY", "OWN_THERAPY")),
    (Step.CONTRACT_INTIMACY, "INTIMACY", ("QUALITY_TIME", "WEEKLY_DATE", "MONTHLY_ADVENTURE")),
)
STEPS = CONTRACT_STEPS  # the areas' steps in order (dialogue.model, for the coach)
# The article's example agreements, one per area.
AGREEMENTS = tuple(options[0] for _, _, options in AREAS)
# Every agreement a contract may hold, and the area of each.
ALL_AGREEMENTS = tuple(agreement for _, _, options in AREAS for agreement in options)
AREA_OF = {agreement: area for _, area, options in AREAS for agreement in options}
_OPTIONS = {step: options for step, _, options in AREAS}
_AREA_OPTIONS = {area: options for _, area, options in AREAS}


def others(agreement: str) -> tuple[str, ...]:
    """The other agreements of the area of `agreement`, in the list's order."""
    return tuple(a for a in _AREA_OPTIONS.get(AREA_OF.get(agreement, ""), ()) if a != agreement)


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Maak ons vertrouwenscontract": what it is, then the first area. What an unfinished
    check-in had so far is kept, as when another exercise starts."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), contract=(), contract_option=0, review=(), review_index=0)
    household = state.household
    if household.keeps_answers and household.consent is None:
        # Consent never asked: the check-in's question first, so that a yes keeps the contract.
        turn = coach.ask(state, Step.CHECKIN_CONSENT, [coach.say("consent_first")], return_step=None,
                         after_consent=STEPS[0])
    else:
        turn = coach.ask(state, STEPS[0], [coach.say("contract_intro")], return_step=None)
    return replace(turn, effects=kept + turn.effects)


def question(coach: Coach, state: State) -> list[Part]:
    """The area's question: its example agreement, or the alternative now offered."""
    if state.contract_option == 0:
        return [coach.say(f"ask_{state.step.value}")]
    return [other(coach, _offered(state), first=state.contract_option == 1)]


def other(coach: Coach, agreement: str, *, first: bool) -> Part:
    """Another agreement of the area offered: "Of liever deze: ...", then "Of anders: ..."."""
    return coach.say("contract_other" if first else "contract_other_next", agreement=agreement_words(coach, agreement))


def keep(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja": the agreement offered is kept; on to the next area."""
    return _next(coach, replace(state, contract=(*state.contract, _offered(state))))


def decline(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee": the area's next agreement is offered instead; after its last, the area is left out."""
    if state.contract_option + 1 < len(_OPTIONS[state.step]):
        return coach.ask(state, state.step, [], contract_option=state.contract_option + 1)
    return _next(coach, state)


def drop(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Sla over", or not agreed ("we zijn het er niet over eens"): this area is left out,
    said so, and the talk about it is left to the couple; on to the next area."""
    return _next(coach, state, [coach.say("contract_skipped")])


def read(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat staat er in ons contract?": its agreements, then the menu's question. Asked while
    the contract is being made: that it is not finished, what it holds so far, and the
    question where it was (nothing of it is dropped)."""
    if state.step in STEPS:
        so_far = (coach.say("contract_read_unfinished", agreements=listed(coach, "agreement", state.contract))
                  if state.contract else coach.say("contract_read_unfinished_empty"))
        return coach.ask(state, state.step, [so_far, coach.step_say(state, "reprompt")], question=False)
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), return_step=None)
    return coach.ask(state, Step.MENU, [*told(coach, state)], kept)


def told(coach: Coach, state: State) -> list[Part]:
    """The contract as it stands, or why there is none to read."""
    contract = state.household.contract
    if contract is None:
        return [coach.say("contract_none" if state.household.keeps_contract else "contract_not_kept_read")]
    if not contract:
        return [coach.say("contract_read_empty")]
    return [coach.say("contract_read", agreements=listed(coach, "agreement", contract))]


def _offered(state: State) -> str:
    options = _OPTIONS[state.step]
    return options[state.contract_option] if 0 <= state.contract_option < len(options) else options[0]


def _next(coach: Coach, state: State, said: Sequence[Part] = ()) -> Turn:
    index = STEPS.index(state.step) + 1
    if index < len(STEPS):
        return coach.ask(state, STEPS[index], [*said], contract_option=0)
    return _confirm(coach, state, said)


def _confirm(coach: Coach, state: State, said: Sequence[Part] = ()) -> Turn:
    """All five areas asked: the contract confirmed in short, kept where it may be."""
    agreements = state.contract
    household = state.household
    state = replace(state.with_household(contract=agreements), contract=(), contract_option=0)
    parts = [*said, summary(coach, agreements, "contract_done")]
    if household.keeps_contract:
        return coach.ask(state, Step.MENU, parts, (SaveContract(agreements),))
    return coach.ask(state, Step.MENU, [*parts, coach.say("contract_not_kept")])


def summary(coach: Coach, agreements: tuple[str, ...], prompt: str) -> Part:
    """"Jullie contract staat: drie afspraken, over ...": how many, and their areas
    (`prompt`, `prompt`_one and `prompt`_empty for one and none)."""
    if not agreements:
        return coach.say(f"{prompt}_empty")
    areas = listed(coach, "area", agreements)
    if len(agreements) == 1:
        return coach.say(f"{prompt}_one", areas=areas)
    count = coach.locale.number_words.get(len(agreements), str(len(agreements)))  # said as a word
    return coach.say(prompt, count=count, areas=areas)


def agreement_words(coach: Coach, agreement: str) -> str:
    """An agreement as it is said ("elke avond om acht uur een check-in")."""
    return coach.locale.say(f"contract_agreement_{agreement}")


def listed(coach: Coach, kind: str, agreements: tuple[str, ...]) -> str:
    """The agreements' sentences (`kind` "agreement") or areas ("area") as one list: "a, b en c"."""
    said = [coach.locale.say(f"contract_area_{AREA_OF[a]}" if kind == "area" else f"contract_agreement_{a}")
            for a in agreements if a in AREA_OF]
    if len(said) <= 1:
        return "".join(said)
    return f"{', '.join(said[:-1])} {coach.locale.say('contract_and')} {said[-1]}"
