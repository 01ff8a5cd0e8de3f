"""The trust contract (issue 10, section 4; the article's Oefening 2: "Het vertrouwenscontract").

"Maak ons vertrouwenscontract": the article's five areas, one a turn, each with the
article's example agreement offered ("Houden jullie die afspraak?"): "ja" keeps it, "nee"
or "sla over" drops it. Then the contract is confirmed aloud in short (how many
agreements, their areas), and "wat staat er in ons contract?" reads it back. Making it
again replaces it. No free text: only the ids of the agreements kept (`AGREEMENTS`).

Kept (`SaveContract`) only where answers are kept, with consent (`Household.keeps_contract`);
elsewhere (a public skill, no consent) the contract lives in this conversation only, and the
confirmation says so once. Erasing the household or withdrawing consent removes it.

The handlers are rows of the coach's one transition table (`dialogue.coach`); danger, help,
repeat and stop work at every contract step as everywhere (its global table). The monthly
review ("evalueer ons contract") is not here yet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.model import Intent, Part, SaveContract, State, Step, Turn

if TYPE_CHECKING:
    from dialogue.coach import Coach

# The five areas in the article's order: the step that asks it, and its example agreement's id
# (each has its sentences: `contract_area_<id>` its area, `contract_agreement_<id>` the agreement).
AREAS: tuple[tuple[Step, str], ...] = (
    (Step.CONTRACT_COMMUNICATION, "DAILY_CHECKIN"),
    (Step.CONTRACT_TRANSPARENCY, "OPEN_PHONE"),
    (Step.CONTRACT_SOCIAL, "DISCUSS_CONTACTS"),
    (Step.CONTRACT_THERAPY, "THERAPY"),
    (Step.CONTRACT_INTIMACY, "QUALITY_TIME"),
)
STEPS = tuple(step for step, _ in AREAS)
AGREEMENTS = tuple(agreement for _, agreement in AREAS)


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Maak ons vertrouwenscontract": what it is, then the first area. What an unfinished
    check-in had so far is kept, as when another exercise starts."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), contract=())
    turn = coach.ask(state, STEPS[0], [coach.say("contract_intro")], return_step=None)
    return replace(turn, effects=kept + turn.effects)


def keep(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja": this area's agreement is kept; on to the next area."""
    return _next(coach, replace(state, contract=(*state.contract, _agreement(state.step))))


def drop(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee", "sla over": this area's agreement is left out; on to the next area."""
    return _next(coach, state)


def read(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat staat er in ons contract?": its agreements, then the menu's question."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), return_step=None)
    contract = state.household.contract
    if contract is None:
        parts = [coach.say("contract_none" if state.household.keeps_contract else "contract_not_kept_read")]
    elif not contract:
        parts = [coach.say("contract_read_empty")]
    else:
        parts = [coach.say("contract_read", agreements=_listed(coach, "contract_agreement", contract))]
    return coach.ask(state, Step.MENU, parts, kept)


def _next(coach: Coach, state: State) -> Turn:
    index = STEPS.index(state.step) + 1
    if index < len(STEPS):
        return coach.ask(state, STEPS[index], [])
    return _confirm(coach, state)


def _confirm(coach: Coach, state: State) -> Turn:
    """All five areas asked: the contract confirmed in short, kept where it may be."""
    agreements = state.contract
    household = state.household
    state = replace(state.with_household(contract=agreements), contract=())
    parts: list[Part]
    if not agreements:
        parts = [coach.say("contract_done_empty")]
    elif len(agreements) == 1:
        parts = [coach.say("contract_done_one", areas=_listed(coach, "contract_area", agreements))]
    else:
        count = coach.locale.number_words.get(len(agreements), str(len(agreements)))  # said as a word
        parts = [coach.say("contract_done", count=count, areas=_listed(coach, "contract_area", agreements))]
    if household.keeps_contract:
        return coach.ask(state, Step.MENU, parts, (SaveContract(agreements),))
    return coach.ask(state, Step.MENU, [*parts, coach.say("contract_not_kept")])


def _agreement(step: Step) -> str:
    return AGREEMENTS[STEPS.index(step)]


def _listed(coach: Coach, prefix: str, agreements: tuple[str, ...]) -> str:
    """The agreements' sentences (or areas) as one list: "a, b en c"."""
    said = [coach.locale.say(f"{prefix}_{a}") for a in agreements if a in AGREEMENTS]
    if len(said) <= 1:
        return "".join(said)
    return f"{', '.join(said[:-1])} {coach.locale.say('contract_and')} {said[-1]}"
