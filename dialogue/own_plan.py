"""The couple's own trigger plan (issue 10, section 3; the article's Oefening 4: "Maak samen
een plan").

"Maak ons triggerplan" (not "start het triggerplan": that is the breathing, in a moment of
panic) asks each partner in turn, by name where the household's names are known: what
usually helps you when you are triggered (a need of the need list, then maybe one more;
or one's own words, kept only as `OWN`, the words never), and what the other partner
does best then, from the article's short list (`ACTIONS`): stop and give full attention,
say the sentence "Ik zie dat je pijn hebt. Ik ben hier.", ask what is needed, give space,
hold me. The plan is confirmed aloud in short; "wat staat er in ons plan?" reads it back;
making it again replaces it.

Kept (`SaveTriggerPlan`) only where answers are kept, with consent
(`Household.keeps_trigger_plan`); elsewhere (a public skill, no consent) the plan lives in
this conversation only, and the first question says so once. Erasing the household or
withdrawing consent removes it.

In a trigger moment the plan is used (`dialogue.trigger_plan`): who cannot name a need
hears their usual one offered (`usual_need`), and the partner's guidance leads with what
the triggered partner asked for (`asked_action`). Who of the two is triggered comes from the
run ("mijn partner is getriggerd, het is Lotte") or, where the two parts differ, from one
question (`who_needed`); without names the plan is used where both parts agree.

The handlers are rows of the coach's one transition table (`dialogue.coach`); danger, help,
repeat and stop work at every step here as everywhere (its global table).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.intents import OWN_WORDS, SlotName
from dialogue.model import PLAN_MAKING_STEPS, Intent, Part, PartnerPlan, SaveTriggerPlan, State, Step, Turn, replace

if TYPE_CHECKING:
    from dialogue.coach import Coach

# What the other partner does best in a trigger moment (the article's "Wanneer mijn partner
# getriggerd is"): each id has its sentences in the locale (`plan_action_<id>` as read back,
# `plan_lead_<id>` as the guidance in a trigger moment).
ACTIONS = ("ATTENTION", "EMPATHY", "ASK", "SPACE", "HOLD")
# A need named where the partner's action is asked: the action it asks for ("ruimte").
ACTION_OF_NEED = {
    "RUIMTE": "SPACE",
    "RUST": "SPACE",
    "KNUFFEL": "HOLD",
    "AANDACHT": "ATTENTION",
    "GERUSTSTELLING": "EMPATHY",
    "GESPREK": "ASK",
}
NEEDS_AT_MOST = 2
MAKING = PLAN_MAKING_STEPS  # (dialogue.model, for the coach)


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Maak ons triggerplan": what it is (and, where it is not kept, that it is not), then
    the first partner's question. What an unfinished check-in had so far is kept, as when
    another exercise starts."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), plan=(PartnerPlan(),), partner_index=0)
    parts = [coach.say("plan_intro")]
    household = state.household
    if household.keeps_answers and household.consent is None:
        # Consent never asked: the check-in's question first, so that a yes keeps the plan.
        turn = coach.ask(state, Step.CHECKIN_CONSENT, parts, return_step=None, after_consent=Step.PLAN_NEED)
        return replace(turn, effects=kept + turn.effects)
    if not household.keeps_trigger_plan:
        parts.append(coach.say("plan_not_kept"))
    turn = coach.ask(state, Step.PLAN_NEED, parts, return_step=None)
    return replace(turn, effects=kept + turn.effects)


def question(coach: Coach, state: State) -> list[Part]:
    """The question of a step of making the plan, to the partner whose turn it is."""
    index = state.partner_index
    if state.step is Step.PLAN_NEED:
        if state.household.names is None:
            return [coach.say("ask_plan_need_first" if index == 0 else "ask_plan_need_second")]
        return [coach.say("ask_plan_need_named", name=coach.partner_name(state, index))]
    if state.step is Step.PLAN_NEED_MORE:
        return [coach.say("ask_plan_need_more")]
    if state.household.names is None:
        return [coach.say("ask_plan_action")]
    return [coach.say("ask_plan_action_named", name=coach.partner_name(state, index),
                      other=coach.partner_name(state, 1 - index))]


def need(coach: Coach, state: State, intent: Intent) -> Turn:
    """A need that helps: kept for this partner (own words as `OWN` only); after the first,
    one more may be named."""
    if intent.slot(SlotName.NEED) == OWN_WORDS:
        return checkin.own_words_need(coach, state, intent, lambda s, parts: _need_taken(coach, s, OWN_WORDS, parts))
    value = coach.value(intent, SlotName.NEED)
    if value is None:
        return coach.misunderstood(state)
    return _need_taken(coach, state, value, [coach.say("plan_need_ack", need=coach.value_name(SlotName.NEED, value))])


def no_more_needs(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee", "sla over": no (more) need; on to what the partner does."""
    return coach.ask(state, Step.PLAN_ACTION, [])


def action(coach: Coach, state: State, intent: Intent) -> Turn:
    """What the partner does best: an action of the list, or a need that names one ("ruimte")."""
    value = coach.value(intent, SlotName.ACTION)
    if value is None and intent.slot(SlotName.NEED) is not None:
        value = ACTION_OF_NEED.get(coach.value(intent, SlotName.NEED) or "")
        if value is None:  # a need that names no action ("tijd samen"): what can be said here
            return coach.guide(state)
    if value is None:
        return coach.misunderstood(state)
    plan = _so_far(state)
    return _next_partner(coach, replace(state, plan=(*plan[:-1], replace(plan[-1], actions=(value,)))))


def no_action(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Sla over": nothing asked of the partner; on to the other partner, or the confirmation."""
    return _next_partner(coach, state)


def read(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat staat er in ons plan?": each partner's part, then the menu's question. Asked while
    the plan is being made: that it is not finished, what it holds so far, and the question
    where it was (nothing of it is dropped)."""
    if state.step in MAKING:
        so_far = _said(coach, state, _so_far(state))
        opening = [coach.say("plan_read_unfinished"), *so_far] if so_far else [coach.say("plan_read_unfinished_empty")]
        return coach.ask(state, state.step, [*opening, coach.step_say(state, "reprompt")], question=False)
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), return_step=None)
    plan = state.household.trigger_plan
    said = [] if plan is None else _said(coach, state, plan)
    parts: list[Part]
    if plan is None:
        parts = [coach.say("plan_none" if state.household.keeps_trigger_plan else "plan_not_kept_read")]
    elif not said:
        parts = [coach.say("plan_read_empty")]
    else:
        parts = [coach.say("plan_read"), *said]
    return coach.ask(state, Step.MENU, parts, kept)


def _so_far(state: State) -> tuple[PartnerPlan, ...]:
    """The parts made so far, the one of the partner whose turn it is last."""
    plan = state.plan[: state.partner_index + 1]
    return plan + (PartnerPlan(),) * (state.partner_index + 1 - len(plan))


def _need_taken(coach: Coach, state: State, value: str, parts: Sequence[Part]) -> Turn:
    plan = _so_far(state)
    current = plan[-1]
    if value not in current.needs:
        current = replace(current, needs=(*current.needs, value))
    state = replace(state, plan=(*plan[:-1], current))
    if state.step is Step.PLAN_NEED and len(current.needs) < NEEDS_AT_MOST:
        return coach.ask(state, Step.PLAN_NEED_MORE, parts)
    return coach.ask(state, Step.PLAN_ACTION, parts)


def _next_partner(coach: Coach, state: State) -> Turn:
    plan = _so_far(state)
    if len(plan) < 2:
        return coach.ask(replace(state, plan=(*plan, PartnerPlan()), partner_index=1), Step.PLAN_NEED,
                         [coach.say("plan_next")])
    return _confirm(coach, replace(state, plan=plan))


def _confirm(coach: Coach, state: State) -> Turn:
    """Both partners asked: the plan confirmed in short, kept where it may be."""
    plan = (state.plan[0], state.plan[1])
    state = replace(state.with_household(trigger_plan=plan), plan=(), partner_index=0)
    said = _said(coach, state, plan)
    parts = [coach.say("plan_done"), *said] if said else [coach.say("plan_done_empty")]
    effects = (SaveTriggerPlan(plan),) if state.household.keeps_trigger_plan else ()
    return coach.ask(state, Step.MENU, parts, effects)


def _said(coach: Coach, state: State, plan: Sequence[PartnerPlan]) -> list[Part]:
    """Each partner's part in one short sentence ("Sam: geruststelling; Lotte houdt je vast.");
    a part without needs or action is left out."""
    parts: list[Part] = []
    for index, part in enumerate(plan):
        needs = _listed(coach, [_need_name(coach, n) for n in part.needs])
        helper = coach.partner_name(state, 1 - index) if state.household.names else coach.locale.say(
            "plan_other" if index == 0 else "plan_one")
        action = (f"{helper} {coach.locale.say(f'plan_action_{part.actions[0]}')}"
                  if part.actions and part.actions[0] in ACTIONS else "")
        if not needs and not action:
            continue
        name = coach.partner_name(state, index) if state.household.names else coach.locale.say(
            "plan_one" if index == 0 else "plan_other").capitalize()
        if needs and action:
            parts.append(coach.say("plan_partner", name=name, needs=needs, action=action))
        elif needs:
            parts.append(coach.say("plan_partner_needs", name=name, needs=needs))
        else:
            parts.append(coach.say("plan_partner_action", name=name, action=action))
    return parts


def _need_name(coach: Coach, need_id: str) -> str:
    if need_id == OWN_WORDS:
        return coach.locale.say("plan_own_words")
    return coach.value_name(SlotName.NEED, need_id)


def _listed(coach: Coach, items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {coach.locale.say('contract_and')} {items[-1]}"


# --- the plan in a trigger moment (used by `dialogue.trigger_plan`) ------------------


def _first(values: tuple[str, ...], usable: frozenset[str] | None = None) -> str | None:
    return next((v for v in values if usable is None or v in usable), None)


def usual_need(state: State, known: frozenset[str]) -> str | None:
    """The need the triggered partner's plan names first (one of `known`: own words are not
    kept, so they cannot be offered); who is triggered not known, the need both parts name."""
    plan = state.household.trigger_plan
    if plan is None:
        return None
    if state.triggered is not None:
        return _first(plan[state.triggered].needs, known)
    firsts = {_first(p.needs, known) for p in plan}
    return firsts.pop() if len(firsts) == 1 else None


def asked_action(state: State) -> str | None:
    """What the triggered partner asked of the other in the plan; who is triggered not known,
    what both asked."""
    plan = state.household.trigger_plan
    if plan is None:
        return None
    if state.triggered is not None:
        return _first(plan[state.triggered].actions, frozenset(ACTIONS))
    firsts = {_first(p.actions, frozenset(ACTIONS)) for p in plan}
    return firsts.pop() if len(firsts) == 1 else None


def who_needed(state: State, of_need: bool, known: frozenset[str]) -> bool:
    """Whether to ask who of the two is triggered before using the plan: the names are known,
    who is not, it was not asked yet this run, and the two parts differ in what is used."""
    plan = state.household.trigger_plan
    if plan is None or state.household.names is None or state.triggered is not None or state.who_asked:
        return False
    firsts = {_first(p.needs, known) if of_need else _first(p.actions, frozenset(ACTIONS)) for p in plan}
    return len(firsts) > 1
