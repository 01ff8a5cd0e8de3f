"""The trigger plan: breathe at the household's pace, name the feeling and the need, then
ask the partner to help (or care for yourself alone); and the support offer for a partner
who sees the other triggered.

The handlers here are the trigger plan's rows of the coach's one transition table
(`dialogue.coach`). A pace change is kept as a `SavePace` effect.

Each run that someone starts ("ik ben getriggerd", "mijn partner is getriggerd") is a
trigger moment, kept where the household keeps check-in answers (`SaveTriggerMoment`):
its date and, where the person answers, how strong the feeling was before and after the
breathing, 0 to 10 ("Hoe sterk is het gevoel nu, van nul tot tien?"). Never the feeling,
never the need. The question is short and never in the way: a skip, silence or anything
that is not a number goes on at once (`Step.TRIGGER_BEFORE`, `Step.TRIGGER_AFTER`). Where
moments are not kept (no consent, or a public skill) the question is not asked, and consent
is never asked in a trigger moment. Breathing offered by the coach itself (after a storm,
or pain at the gratitude) is no trigger moment.

The moment waits in the state (`State.moment`) and is kept once the question after the
breathing is answered or passed; a run that ends or turns elsewhere before that keeps what
it has (`settle`, called by the coach after every turn), except a run that turned into a
safety conversation or an erase: nothing of those is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dialogue import checkin
from dialogue.intents import OWN_WORDS, IntentName, SlotName
from dialogue.model import (
    INTENSITY_RANGE,
    LETTER_STEPS,
    EraseHousehold,
    Intent,
    Part,
    Pause,
    SavePace,
    SaveTriggerMoment,
    State,
    Step,
    TriggerMoment,
    Turn,
    replace,
)

if TYPE_CHECKING:
    from dialogue.coach import Coach

BREATHS_PER_ROUND = 5
# Slowed down at most to about 6 s in and 8 s out: slower is no longer calming.
INHALE_RANGE = (2, 6)
EXHALE_RANGE = (3, 8)
# The first breaths are guided in full; after them the cues are short ("In...", "En uit...").
FULL_CUES = 2
# Panic still named after this many rounds: where to go if the breathing does not ease it.
ROUNDS_BEFORE_CARE = 3
MAX_COUNTED_ROUNDS = 12
# The openings of a round asked for again ("nog vijf", "nog niet", "weet ik niet").
_AGAIN = frozenset({"breathing_again", "breathing_again_hard", "breathing_unsure"})

STEPS = frozenset({Step.BREATHING, Step.TRIGGER_FEELING, Step.TRIGGER_NEED, Step.PARTNER_PRESENT, Step.PARTNER_SAY,
                   Step.PARTNER_LISTEN, Step.WHO_TRIGGERED, Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER,
                   Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER, Step.PLAN_NEED_OFFER})
# A strength after the breathing from which, when it is not lower, more breaths are offered.
STILL_STRONG = 7
# Where the coach itself offered to breathe: what follows is no trigger moment.
_OFFERED = frozenset({Step.DISTRESS_CHOICE, Step.STORM_OFFER})
# Weathers that say it is still hard, as an answer to "Hoe is het nu?" ("slecht", "niet
# goed", "storm"); "gaat wel" (wisselvallig) and "zonnig" go on.
STILL_HARD_WEATHERS = frozenset({"BEWOLKT", "REGEN", "STORM"})
# The feelings of a trigger moment (panic, anger, fear, jealousy, betrayal): named at the
# menu ("ik ben woedend"), they start the trigger plan, as "ik ben getriggerd" does. Sadness
# or tiredness named there ("ik voel me rot") is heard, and the menu asked again.
TRIGGER_FEELINGS = frozenset({"PANIEK", "ANGST", "ONRUST", "WOEDE", "BOOS", "GEFRUSTREERD", "JALOEZIE", "VERRADEN",
                              "BEDROGEN", "WANTROUWEN"})
# Where nothing of the conversation is kept (a safety conversation).
_NOTHING_KEPT = frozenset({Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY})


def start(coach: Coach, state: State, intent: Intent) -> Turn:
    """Start the trigger plan, keeping what an unfinished check-in had so far. Where trigger
    moments are kept, first: how strong is the feeling? Said again within a run, the
    breathing starts again, in the same moment. Said with one's name ("ik ben getriggerd,
    mirjam hier", slot `who`), the plan knows who is triggered and does not ask it."""
    kept = checkin.partial(state)
    offered = state.step in _OFFERED
    letter_left = state.step if state.step in LETTER_STEPS else state.letter_left
    state = replace(checkin.leave(state), partner_present=None, triggered=_named_index(state, intent),
                    need_offered=False, who_asked=False, letter_left=letter_left, breath_rounds=0)
    if state.moment is None and not offered and state.household.keeps_trigger_moments:
        state = replace(state, moment=TriggerMoment(state.household.today), rating=True)
        return coach.ask(state, Step.TRIGGER_BEFORE, [coach.say("trigger_opening")], kept)
    turn = breathe(coach, state, "trigger_intro")
    return replace(turn, effects=kept + turn.effects)


def strength(coach: Coach, intent: Intent) -> int | None:
    """The number of an IntensityIntent, if it is one from 0 to 10."""
    said = (intent.slot(SlotName.LEVEL) or "").strip()
    if not said.isdigit() or len(said) > 2:
        return None
    number = int(said)
    return number if INTENSITY_RANGE[0] <= number <= INTENSITY_RANGE[1] else None


def rated_before(coach: Coach, state: State, intent: Intent) -> Turn:
    """How strong the feeling is before the breathing (not a number: as a skip); then breathe."""
    number = strength(coach, intent)
    if number is not None and state.moment is not None:
        state = replace(state, moment=replace(state.moment, before=number))
    return breathe(coach, state, "breathing_start")


def not_rated_before(coach: Coach, state: State, intent: Intent) -> Turn:
    """A skip, silence or anything else at the question before the breathing: breathe now."""
    return breathe(coach, state, "breathing_start")


def rated_after(coach: Coach, state: State, intent: Intent) -> Turn:
    """How strong the feeling is after the breathing: the moment is kept, then the feeling."""
    number = strength(coach, intent)
    moment = state.moment
    if number is None or moment is None:
        return not_rated_after(coach, state, intent)
    parts: list[Part] = []
    state, effects = keep_moment(replace(state, moment=replace(moment, after=number)))
    if moment.before is not None and number < moment.before:
        parts.append(coach.say("strength_lower", before=_number(coach, moment.before), after=_number(coach, number)))
    elif number >= STILL_STRONG:
        # Not lower after the breathing, and still strong: named, and five more offered.
        return coach.ask(state, Step.BREATHING, [coach.say("strength_still_strong")], effects)
    else:
        parts.append(coach.say("strength_noted"))
    return coach.ask(state, Step.TRIGGER_FEELING, parts, effects)


def not_rated_after(coach: Coach, state: State, intent: Intent) -> Turn:
    """A skip, silence or anything else after the breathing: the moment is kept as it is,
    and on to the feeling."""
    state, effects = keep_moment(state)
    return coach.ask(state, Step.TRIGGER_FEELING, [], effects)


def feeling_after(coach: Coach, state: State, intent: Intent) -> Turn:
    """A feeling named where the strength was asked: the moment is kept, the feeling taken."""
    state, effects = keep_moment(state)
    turn = feeling(coach, replace(state, step=Step.TRIGGER_FEELING), intent)
    return replace(turn, effects=effects + turn.effects)


def more_breaths_after(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nog niet" where the strength was asked after the breathing: five more breaths; the
    question comes again after them."""
    return breathe(coach, state, "breathing_again")


def keep_moment(state: State) -> tuple[State, tuple[SaveTriggerMoment, ...]]:
    """The run's moment kept at this turn, where moments are kept: the effect, and the state without
    the waiting moment, its household counting it."""
    moment = state.moment
    state = replace(state, moment=None, rating=False)
    if moment is None or not state.household.keeps_trigger_moments:
        return state, ()
    state = state.with_household(trigger_moments=(*state.household.trigger_moments, moment))
    return state, (SaveTriggerMoment(moment.date, moment.before, moment.after),)


def pending(state: State) -> tuple[SaveTriggerMoment, ...]:
    """What a conversation that ends without a goodbye keeps of a run: its moment, unless it
    is a safety conversation or asks whether someone is safe."""
    if state.moment is None or state.step in _NOTHING_KEPT | {Step.SAFETY_CHECK, Step.GENTLE_CHECK}:
        return ()
    return keep_moment(state)[1]


def settle(before: State, turn: Turn) -> Turn:
    """After any turn: a run whose moment was waiting and is gone from the new state (the run
    ended, or turned to something else) keeps its moment as it was, unless the turn kept it
    itself, erased the household, or turned into a safety conversation."""
    if before.moment is None or turn.state.moment is not None or turn.state.step in _NOTHING_KEPT:
        return turn
    if any(isinstance(e, (SaveTriggerMoment, EraseHousehold)) for e in turn.effects):
        return turn
    state, effects = keep_moment(replace(turn.state, moment=before.moment))
    return replace(turn, state=state, effects=turn.effects + effects)


def _number(coach: Coach, number: int) -> str:
    return coach.locale.number_words.get(number, str(number))


def start_over(coach: Coach, state: State) -> Turn:
    """The trigger plan from the first breaths again, feeling and need forgotten."""
    return breathe(coach, replace(state, feeling=None, feeling_words=None, trigger_need=None, trigger_need_words=None,
                                  need_offered=False), "breathing_again")


def partner_triggered(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Mijn partner is getriggerd": an offer to breathe together first; the words for the
    partner come after the breathing, or right away when the offer is declined, once. A
    trigger moment too (where kept), without the strength question: the one who speaks is
    not the one who is triggered. A request that named who ("lotte zit te huilen", slot
    `who`) is not asked who again."""
    kept = checkin.partial(state)
    state = replace(checkin.leave(state), triggered=None, need_offered=False, who_asked=False, breath_rounds=0)
    if state.moment is None and state.household.keeps_trigger_moments:
        state = replace(state, moment=TriggerMoment(state.household.today))
    state = replace(state, rating=False)  # the one who speaks now is not the one who is triggered
    names = state.household.names
    if names is not None:
        # Names known: who of the two (unless the request said it), so the guidance can
        # address each by name.
        said = (intent.slot(SlotName.WHO) or "").strip().lower()
        index = next((i for i, name in enumerate(names) if name.lower() == said), None)
        if index is None:
            return coach.ask(state, Step.WHO_TRIGGERED, [coach.say("support_intro")], kept)
        intro = coach.say("support_intro_named", triggered=names[index])
        return coach.ask(state, Step.SUPPORT_OFFER, [intro], kept, triggered=index)
    return coach.ask(state, Step.SUPPORT_OFFER, [coach.say("support_intro")], kept)


def who_triggered(coach: Coach, state: State, intent: Intent) -> Turn:
    """The name of the partner who is triggered; anything else (not a name of the two,
    silence, not understood) goes on without names: nobody is held up here."""
    said = (intent.slot(SlotName.WHO) or "").strip().lower()
    names = state.household.names or ("", "")
    index = next((i for i, name in enumerate(names) if name and name.lower() == said), None)
    return coach.ask(state, Step.SUPPORT_OFFER, [], triggered=index)


def pace(state: State) -> tuple[int, int]:
    """The household's breathing pace (in, out), within the bounds the coach guides (a pace
    kept before the bounds were narrowed is brought within them)."""
    household = state.household
    return _clamp(household.inhale_seconds, INHALE_RANGE), _clamp(household.exhale_seconds, EXHALE_RANGE)


def breathe(coach: Coach, state: State, intro_id: str, before: Sequence[Part] = (), *, counted: bool = True,
            **intro: object) -> Turn:
    """A round of counted breaths at the household's pace, then "Hoe is het nu?". The first
    breaths are guided in full, the rest with short cues; each cue is said inside its breath,
    so a breath takes the chosen seconds in and out, not more. Asked again after three
    rounds, each round opens a little differently: once with where to go if the breathing
    does not help, then with other small ways (slower, sitting down). A round started again
    at another pace or after a pause is not `counted` as one more."""
    inhale, exhale = pace(state)
    if intro_id in _AGAIN and state.breath_rounds >= ROUNDS_BEFORE_CARE:
        opening = coach.say_variant("breathing_again_long", state.breath_rounds - ROUNDS_BEFORE_CARE)
    else:
        opening = coach.say(intro_id, **intro)
    parts: list[Part] = [*before, opening]
    for count in range(1, BREATHS_PER_ROUND + 1):
        full = count <= FULL_CUES
        parts += [
            coach.say("breath_in", count=count) if full else coach.say("breath_in_short"),
            Pause(float(inhale), includes_cue=True),
            coach.say("breath_out" if full else "breath_out_short"),
            Pause(float(exhale), includes_cue=True),
        ]
    # (counted up to where it changes what is said)
    rounds = min(state.breath_rounds + 1, MAX_COUNTED_ROUNDS) if counted else state.breath_rounds
    return coach.ask(state, Step.BREATHING, parts, breath_rounds=rounds)


def more_breaths(coach: Coach, state: State, intent: Intent) -> Turn:
    return breathe(coach, state, "breathing_again")


def how_now_weather(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Hoe is het nu?" answered with how one is, in words of the weather ("slecht", "storm",
    "gaat wel"): still hard is five more breaths, said warmly; lighter goes on."""
    if coach.value(intent, SlotName.WEATHER) in STILL_HARD_WEATHERS:
        return breathe(coach, state, "breathing_again_hard")
    return to_feeling(coach, state, intent)


def how_now_strength(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Hoe is het nu?" answered with how strong the feeling is ("een vijf"): taken as the
    strength after the breathing where this run asks it (then on, or five more offered when it
    is still strong); elsewhere still strong is five more, said warmly, and lower goes on."""
    if state.rating and state.moment is not None and not in_checkin(state):
        return rated_after(coach, state, intent)
    number = strength(coach, intent)
    if number is not None and number >= STILL_STRONG:
        return breathe(coach, state, "breathing_again_hard")
    return to_feeling(coach, state, intent)


def how_now_unsure(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Weet ik niet (meer)" at "Hoe is het nu?": five more breaths, gently."""
    return breathe(coach, state, "breathing_unsure")


def change_pace(coach: Coach, state: State, intent: Intent) -> Turn:
    """Slower or faster by a second, within bounds; also from a pause during the breathing."""
    if state.step is Step.PAUSED:
        if state.return_step is not Step.BREATHING:
            return coach.guide(state)
        state = replace(state, return_step=None)
    current = pace(state)
    delta = 1 if intent.name == IntentName.SLOWER else -1
    inhale = _clamp(current[0] + delta, INHALE_RANGE)
    exhale = _clamp(current[1] + delta, EXHALE_RANGE)
    if (inhale, exhale) == current:
        limit = "pace_limit_slow" if delta > 0 else "pace_limit_fast"
        return coach.ask(state, Step.BREATHING, [coach.say(limit)])
    state = state.with_household(inhale_seconds=inhale, exhale_seconds=exhale)
    prompt = "pace_slower" if delta > 0 else "pace_faster"
    turn = breathe(coach, state, prompt, counted=False, inhale=inhale, exhale=exhale)
    return replace(turn, effects=(SavePace(inhale, exhale),))


def breathe_in_checkin(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja" to breathing, offered after pain at the gratitude: a round of breaths inside the
    check-in (its answers and whose turn it is stay in the state; no trigger moment), then
    the check-in goes on where it was (`in_checkin`, `checkin.after_breathing`)."""
    return breathe(coach, replace(state, moment=None, rating=False, breath_rounds=0), "trigger_intro")


def in_checkin(state: State) -> bool:
    """Whether the breathing is the check-in's own (`breathe_in_checkin`): the check-in's
    partners are still in the state (every other run starts by leaving the check-in)."""
    return state.step is Step.BREATHING and state.partners > 0


def to_feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    """Done breathing: how strong the feeling is at this point, where this run asks it; then
    the feeling. Breathing inside the check-in: the check-in goes on."""
    if in_checkin(state):
        return checkin.after_breathing(coach, state, intent)
    if state.rating and state.moment is not None:
        return coach.ask(state, Step.TRIGGER_AFTER, [])
    return coach.ask(state, Step.TRIGGER_FEELING, [])


def feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    """The feeling named, reflected in the person's own word ("Je voelt je verraden.").
    Named after breathing inside the check-in: said back, and the check-in goes on; panic
    named there is five more breaths."""
    value = coach.value(intent, SlotName.FEELING)
    if value is None:
        return coach.misunderstood(state)
    if in_checkin(state):
        if value == coach.locale.rules.safety.panic_feeling:
            # ("paniek ofzo": not on with the check-in)
            return breathe(coach, state, "breathing_again_panic", _not_easing(coach, state, value))
        return checkin.after_breathing(coach, state, intent, [_ack_feeling(coach, state, value, intent)])
    return coach.ask(state, Step.TRIGGER_NEED, [_ack_feeling(coach, state, value, intent), *_not_easing(coach, state, value)],
                     feeling=value, feeling_words=coach.locale.feeling_as_said(value, intent.said))


def _not_easing(coach: Coach, state: State, value: str) -> list[Part]:
    """Panic still named after many rounds of breaths ("ik kan niet meer ademen" after
    twenty): where to go when the breathing does not ease, and 112 for pain on the chest."""
    if value != coach.locale.rules.safety.panic_feeling or state.breath_rounds < ROUNDS_BEFORE_CARE:
        return []
    return [coach.say("breath_not_easing")]


def correct_feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    """A feeling named at the need question, right after the feeling: the feeling is corrected."""
    value = coach.value(intent, SlotName.FEELING)
    if value is None:
        return coach.misunderstood(state)
    return coach.ask(state, Step.TRIGGER_NEED, [_ack_feeling(coach, state, value, intent)], feeling=value,
                     feeling_words=coach.locale.feeling_as_said(value, intent.said))


def _ack_feeling(coach: Coach, state: State, value: str, intent: Intent) -> Part:
    """"Je voelt je verraden.": the value's name, or the words it was said in where the
    locale says that value back as heard ("niks waard"); told of the triggered partner ("ze
    zegt dat ze niks meer waard is"), of them ("Je partner voelt zich ...", by name when known)."""
    prompt = "ack_feeling_reflexive" if value in coach.locale.reflexive_feelings else "ack_feeling"
    words = coach.locale.feeling_as_said(value, intent.said) or coach.value_name(SlotName.FEELING, value)
    if not _told_of_partner(state, intent):
        return coach.say(prompt, feeling=words)
    name = _triggered_name(state)
    if name is None:
        return coach.say(f"{prompt}_other", feeling=words)
    return coach.say(f"{prompt}_other_named", feeling=words, name=name)


def _ack_need(coach: Coach, state: State, value: str, intent: Intent) -> Part:
    """"Je hebt een knuffel nodig."; told of the triggered partner, of them ("Je partner
    heeft ...", by name when known)."""
    name = coach.value_name(SlotName.NEED, value)
    if not _told_of_partner(state, intent):
        return coach.vary(state, "ack_need", need=name)
    triggered = _triggered_name(state)
    if triggered is None:
        return coach.say("ack_need_other", need=name)
    return coach.say("ack_need_other_named", need=name, name=triggered)


def _told_of_partner(state: State, intent: Intent) -> bool:
    """Whether an answer is told of the triggered partner: said in the third person, by the
    partner who supports (`partner_triggered`: they are in the room from the start). Said by
    the one who is triggered, the third person is what they need of the other ("ze moet
    gewoon even weg": they need space), their own."""
    return intent.of_other and state.partner_present is True


def _triggered_name(state: State) -> str | None:
    """The name of the partner who is triggered, where the supporting partner named them."""
    names = state.household.names
    return None if names is None or state.triggered is None else names[state.triggered]


def skip_feeling(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.TRIGGER_NEED, [coach.vary(state, "ack_skip")], feeling=None, feeling_words=None)


def need(coach: Coach, state: State, intent: Intent) -> Turn:
    if intent.slot(SlotName.NEED) == OWN_WORDS:
        # The words go to the partner in the room; they live in this conversation only.
        return checkin.own_words_need(coach, state, intent, lambda s, parts: _after_need(
            coach, replace(s, trigger_need=OWN_WORDS, trigger_need_words=intent.said), parts))
    value = coach.value(intent, SlotName.NEED)
    if value is None:
        return coach.misunderstood(state)
    parts = [_ack_need(coach, state, value, intent)]
    return _after_need(coach, replace(state, trigger_need=value, trigger_need_words=None), parts)


def skip_need(coach: Coach, state: State, intent: Intent) -> Turn:
    """No need named ("weet ik niet", "sla over", silence): the couple's own plan's usual need
    offered, once a run, where the plan has one; otherwise on without a need."""
    offered = offer_usual_need(coach, state)
    if offered is not None:
        return offered
    return _after_need(coach, replace(state, trigger_need=None, trigger_need_words=None), [coach.vary(state, "ack_skip")])


def _known_needs(coach: Coach) -> frozenset[str]:
    return frozenset(coach.value_ids(SlotName.NEED))


def offer_usual_need(coach: Coach, state: State) -> Turn | None:
    """"In jullie plan staat dat geruststelling je dan helpt. Klopt dat nu ook?" (first, where
    the two parts differ and who is triggered is not known: who of the two); None where the
    plan offers nothing or it was offered already this run."""
    if state.need_offered or state.household.trigger_plan is None:
        return None
    from dialogue import own_plan  # (here: a launch never reaches the own plan)

    known = _known_needs(coach)
    if own_plan.who_needed(state, True, known):
        return coach.ask(state, Step.PLAN_WHO_NEED, [], need_offered=True, who_asked=True)
    if own_plan.usual_need(state, known) is None:
        return None
    return coach.ask(state, Step.PLAN_NEED_OFFER, [], need_offered=True)


def usual_need_question(coach: Coach, state: State) -> Part:
    """The offer's question, with the usual need's name."""
    from dialogue import own_plan  # (here: a launch never reaches the own plan)

    value = own_plan.usual_need(state, _known_needs(coach)) or ""
    return coach.say("plan_need_offer", need=coach.value_name(SlotName.NEED, value) if value else "")


def usual_need_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ja": the plan's usual need is the need now."""
    from dialogue import own_plan  # (here: a launch never reaches the own plan)

    value = own_plan.usual_need(state, _known_needs(coach))
    if value is None:
        return skip_need(coach, state, intent)
    parts = [coach.vary(state, "ack_need", need=coach.value_name(SlotName.NEED, value))]
    return _after_need(coach, replace(state, trigger_need=value, trigger_need_words=None), parts)


def usual_need_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee": not now; the open question, with its examples."""
    return coach.ask(state, Step.TRIGGER_NEED, [coach.say("plan_need_not_now")])


def who_for_need(coach: Coach, state: State, intent: Intent) -> Turn:
    """The name of who is triggered: their usual need offered (if their part has one). Not a
    name ("ik", "mij"): the names once more, then on without a need."""
    index = _named_index(state, intent)
    if index is None and intent.slot(SlotName.WHO) is None:
        return _who_again(coach, state) or skip_need(coach, state, intent)
    state = replace(state, triggered=index)
    from dialogue import own_plan  # (here: a launch never reaches the own plan)

    if state.triggered is not None and own_plan.usual_need(state, _known_needs(coach)) is not None:
        return coach.ask(state, Step.PLAN_NEED_OFFER, [])
    return coach.ask(state, Step.TRIGGER_NEED, [])


def who_for_need_passed(coach: Coach, state: State, intent: Intent) -> Turn:
    """A skip or silence where who was asked: on without a need, nobody held up."""
    return skip_need(coach, state, intent)


def who_for_partner(coach: Coach, state: State, intent: Intent) -> Turn:
    """The name of who is triggered: the partner's guidance, following their plan. Not a name
    ("ik", "mij"): the names once more, then the guidance without it."""
    index = _named_index(state, intent)
    if index is None and intent.slot(SlotName.WHO) is None:
        again = _who_again(coach, state)
        if again is not None:
            return again
    return _guide_partner(coach, replace(state, triggered=index), [])


def who_for_partner_passed(coach: Coach, state: State, intent: Intent) -> Turn:
    """A skip or silence where who was asked: the guidance without names, nobody held up."""
    return _guide_partner(coach, state, [])


def _who_again(coach: Coach, state: State) -> Turn | None:
    """"Zeg je naam: Mirjam of Koen?", once (a panicking "ik" is no name); None the second time."""
    names = state.household.names
    if names is None or state.misunderstood:
        return None
    turn = coach.ask(state, state.step, [coach.say("plan_who_again", first=names[0], second=names[1])],
                     question=False)
    return replace(turn, state=replace(turn.state, misunderstood=1))


def _named_index(state: State, intent: Intent) -> int | None:
    said = (intent.slot(SlotName.WHO) or "").strip().lower()
    names = state.household.names or ("", "")
    return next((i for i, name in enumerate(names) if name and name.lower() == said), None)


def _need_words(coach: Coach, state: State) -> str | None:
    """The need as the person can say it aloud: its name, their own words, or None."""
    if state.trigger_need == OWN_WORDS:
        return state.trigger_need_words
    if state.trigger_need is None:
        return None
    return coach.value_name(SlotName.NEED, state.trigger_need)


def _after_need(coach: Coach, state: State, parts: Sequence[Part]) -> Turn:
    if state.partner_present:
        return _guide_partner(coach, state, parts)
    return coach.ask(state, Step.PARTNER_PRESENT, parts)


def partner_here(coach: Coach, state: State, intent: Intent) -> Turn:
    return _guide_partner(coach, state, [])


def _guide_partner(coach: Coach, state: State, said: Sequence[Part]) -> Turn:
    """The partner in the room, in short turns with room to speak: put down what you are
    doing and say the article's sentence yourself (the coach listens); then ask what is
    needed, and the coach listens while the triggered partner answers in their own voice.
    Said once on every path.

    Where the couple's own plan says what the triggered partner asked for, the guidance leads
    with it (`plan_lead_<action>`): asking what is needed goes straight to the question, the
    empathic sentence is the plan's, space ends with the door open; who is triggered asked
    first, once, where the two asked for different things."""
    from dialogue import own_plan  # (here: a launch never reaches the own plan)

    if own_plan.who_needed(state, False, _known_needs(coach)):
        return coach.ask(state, Step.PLAN_WHO_PARTNER, said, who_asked=True)
    named = helper_and_triggered(coach, state)
    action = own_plan.asked_action(state)
    if action is not None:
        lead = coach.say(f"plan_lead_{action}_named", **named) if named else coach.say(f"plan_lead_{action}")
        if action == "SPACE":
            return coach.end(state, [*said, lead, coach.say("closing_trigger")])
        if action == "ASK":
            return coach.ask(state, Step.PARTNER_LISTEN, [*said, lead])
        return coach.ask(state, Step.PARTNER_SAY, [*said, lead])
    guidance = coach.say("partner_guidance") if named is None else coach.say("partner_guidance_named", **named)
    return coach.ask(state, Step.PARTNER_SAY, [*said, guidance])


def helper_and_triggered(coach: Coach, state: State) -> dict[str, str] | None:
    """The names of the partner who helps and the one who is triggered, when known."""
    names = state.household.names
    if names is None or state.triggered is None:
        return None
    return {"helper": names[1 - state.triggered], "triggered": names[state.triggered]}


def partner_question(coach: Coach, state: State) -> Part:
    """"Vraag dan: Wat heb je nu van mij nodig?", to the helping partner by name when known."""
    named = helper_and_triggered(coach, state)
    return coach.say("partner_ask") if named is None else coach.say("partner_ask_named", **named)


def partner_said(coach: Coach, state: State, intent: Intent) -> Turn:
    """The sentence was said aloud (or the moment passed): now the question. Nothing said is kept."""
    return coach.ask(state, Step.PARTNER_LISTEN, [])


def partner_listened(coach: Coach, state: State, intent: Intent) -> Turn:
    """The triggered partner said what they need, to their partner; the coach keeps none of it."""
    named = helper_and_triggered(coach, state)
    return coach.end(state, [coach.say("partner_give") if named is None else coach.say("partner_give_named", **named)])


def partner_away(coach: Coach, state: State, intent: Intent) -> Turn:
    from dialogue.understanding.normalise import is_wish  # (here: its rapidfuzz loads once words were said)

    parts: list[Part] = [coach.say("self_care")]
    needed = _need_words(coach, state)
    if state.feeling is not None and needed is not None:
        prompt = "self_care_words_reflexive" if state.feeling in coach.locale.reflexive_feelings else "self_care_words"
        if state.trigger_need == OWN_WORDS and is_wish(needed, coach.locale.rules):
            prompt += "_own"  # (a wish as they said it: "ik wil dat hij me gelooft", not "ik heb ... nodig")
        felt = state.feeling_words or coach.value_name(SlotName.FEELING, state.feeling)
        parts.append(coach.say(prompt, feeling=felt, need=needed))
    parts.append(coach.say("closing_trigger"))
    return coach.end(state, parts)


def support_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    return breathe(coach, replace(state, partner_present=True), "support_breathing")


def support_no(coach: Coach, state: State, intent: Intent) -> Turn:
    return _guide_partner(coach, replace(state, partner_present=True), [coach.say("support_decline")])


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))
