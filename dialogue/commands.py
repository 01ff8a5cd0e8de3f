"""The commands that work at every step: safety, help, repeat, stop, names, erase, start
over, pause and resume (rows of the coach's one transition table, `dialogue.coach`).

Safety comes before everything and stores nothing of the conversation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogue import checkin, trigger_plan
from dialogue.intents import Concern, IntentName, SlotName
from dialogue.model import (
    COUNTRIES,
    PLAN_MAKING_STEPS,
    EraseHousehold,
    Household,
    Intent,
    Pause,
    Reply,
    SaveConsent,
    SaveCountry,
    SaveNames,
    Say,
    State,
    Step,
    Turn,
    replace,
)

if TYPE_CHECKING:
    from dialogue.coach import Coach


SAFETY_STEPS = frozenset({Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY})
# Where what is not understood is itself an answer (not clearly safe, not clearly yes).
_NOT_UNDERSTOOD_MEANS_SOMETHING = SAFETY_STEPS | {Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW}
# The steps of a contract review: they read the kept contract, which withdrawn consent forgets.
REVIEW_STEPS = frozenset({Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN, Step.CONTRACT_ADJUST, Step.CONTRACT_CHANGE})
# Steps beside the way: a pause and the questions before erasing; they return to `return_step`.
ASIDES = frozenset({Step.PAUSED, Step.CONFIRM_ERASE, Step.CONFIRM_WITHDRAW})


def safety(coach: Coach, state: State, intent: Intent) -> Turn:
    """Danger said: the help lines that fit it, numbers first, then "Ben je nu veilig?".
    The conversation goes on, so the numbers can be repeated, and nothing of it is stored:
    not this turn, not the unfinished check-in, not what was said before. What only
    sounds like harm (concern UNSURE) is asked about first, once. A country named with the
    danger ("ik zit hier in Gent en ...") is the household's from now on: its lines at once."""
    country = (coach.value(intent, SlotName.COUNTRY) or "").lower()
    if country in COUNTRIES and country != state.household.country:
        turn = _safety(coach, state.with_household(country=country), intent)
        return replace(turn, effects=(*turn.effects, SaveCountry(country)))
    return _safety(coach, state, intent)


def _safety(coach: Coach, state: State, intent: Intent) -> Turn:
    concern = coach.concern(intent)
    if concern == Concern.UNSURE:
        if state.step not in (*SAFETY_STEPS, Step.SAFETY_CHECK, Step.GENTLE_CHECK):
            return safety_check(coach, state, intent)
        concern = Concern.UNCLEAR
    said = concern  # (its lines lead, also when two kinds of danger were said)
    before: list[Say] = []  # the line of the kind said before, after them
    if state.step in SAFETY_STEPS and Concern.EMERGENCY in (state.concern, concern):
        concern = said = Concern.EMERGENCY  # a body in danger now outweighs every other line
    elif state.step in SAFETY_STEPS and state.concern not in (None, concern):
        concern = Concern.UNCLEAR  # two kinds of danger said: every help line from now on
        earlier, now = _LINE_OF.get(str(state.concern)), _LINE_OF.get(str(said))
        if earlier is not None and earlier != now:
            before = [coach.say(in_country(state, f"also_{earlier}"))]
    if concern == Concern.EMERGENCY and state.step is not Step.SAFETY_STAY:
        # A body in danger now: 112 at once, never "Ben je nu veilig?"; the coach stays.
        fresh = State(household=state.household, concern=concern, lines_given=state.lines_given)
        return _stay(coach, fresh, help_lines(coach, fresh, "safety", "emergency"))
    if state.step in (Step.SAFETY, Step.SAFETY_STAY):
        # Danger said again by someone not safe, or as the answer to "Ben je nu veilig?"
        # ("ja, behalve als hij terugkomt"): the lines that fit at once, with another way
        # than calling, and the coach stays; never "Ben je nu veilig?" again.
        kept = State(household=state.household, concern=concern, lines_given=state.lines_given,
                     no_one=state.no_one)
        return _stay(coach, kept, [*help_lines(coach, kept, "safety_again", said.lower()), *before])
    if state.step is Step.SAFETY_CHECK:
        # Harm said, or sounding, as the answer to "ben je nu veilig?" ("ja, ik zit op de wc
        # met de deur op slot"): not safe; the lines that fit, and the coach stays.
        answered = State(household=state.household, concern=concern)
        return _stay(coach, answered, help_lines(coach, answered, "safety", concern.lower()))
    fresh = State(household=state.household, concern=concern, lines_given=1)
    return coach.ask(fresh, Step.SAFETY, [*help_lines(coach, fresh, "safety", said.lower()), *before])


# Which line of the other kind a concern said before is named by, after the lines of a
# second kind (`safety`): the suicide line (113) or the violence line (Veilig Thuis).
_LINE_OF: dict[str, str] = {Concern.SUICIDE: "suicide", Concern.SUICIDE_OTHER: "suicide", Concern.VIOLENCE: "violence",
                             Concern.SPEAKER_HARM: "violence"}


def help_lines(coach: Coach, state: State, kind: str, concern: str) -> list[Say]:
    """The sentence `{kind}_{concern}` with the help lines of the household's country: the
    Dutch ones (`nl`), the Belgian ones (`{kind}_{concern}_be`), or, when the country is not
    known, the Dutch sentence and the Belgian lines after it (`belgium_{concern}`)."""
    country = state.household.country
    if country == "be":
        return [coach.say(in_country(state, f"{kind}_{concern}"))]
    parts = [coach.say(f"{kind}_{concern}")]
    if country is None and kind in ("safety", "safety_numbers", "safety_goodbye"):
        parts.append(coach.say(f"belgium_{concern}"))
    return parts


def in_country(state: State, prompt_id: str) -> str:
    """The id of the sentence `prompt_id` in the household's country: its Belgian version
    (`prompt_id`_be) in Belgium, else the Dutch one."""
    return f"{prompt_id}_be" if state.household.country == "be" else prompt_id


def _concern(state: State) -> str:
    concern = state.concern if state.concern in Concern._value2member_map_ else Concern.UNCLEAR
    return str(concern).lower()


def safety_repeat(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Herhaal", "wat was het nummer?": the numbers again, from this conversation's state only."""
    if state.step is Step.SAFETY_STAY:
        return _stay(coach, state, help_lines(coach, state, "safety_numbers", _concern(state)))
    return coach.ask(state, state.step, help_lines(coach, state, "safety_numbers", _concern(state)),
                     lines_given=state.lines_given + 1)


def lines_asked(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat is het nummer van de hulplijn?", "is Veilig Thuis ook voor mannen?": the lines are
    for everyone, then the numbers (in a safety conversation this conversation's, else all
    of them), then the question where it was; asking is not danger, and nothing is kept."""
    if state.step in SAFETY_STEPS:
        # (whom the lines are for answers "is Veilig Thuis ook voor mannen?"; to someone with
        # thoughts of suicide "wat was het nummer nog?" asks only the number)
        everyone = [] if _LINE_OF.get(str(state.concern)) == "suicide" else [coach.say("lines_for_everyone")]
        numbers = help_lines(coach, state, "safety_numbers", _concern(state))
        if state.step is Step.SAFETY_STAY:
            return _stay(coach, state, [*everyone, *numbers])
        return coach.ask(state, state.step, [*everyone, *numbers], lines_given=state.lines_given + 1)
    parts: list[Say] = [coach.say(in_country(state, "lines_asked"))]
    if state.household.country is None:
        parts.append(coach.say("belgium_unclear"))
    return coach.ask_again(state, parts)


def safety_hold(coach: Coach, state: State, intent: Intent) -> Turn:
    """Another exercise or command asked for in a safety conversation: not now, kindly."""
    return coach.ask(state, state.step, [coach.say("safety_hold")])


def safety_safe(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.SAFETY_FOLLOWUP, help_lines(coach, state, "safety_safe", _concern(state)))


def safety_unsafe(coach: Coach, state: State, intent: Intent) -> Turn:
    """Not safe, or not clearly ("nee", "niet echt", "weet ik niet", an answer not
    understood): call now, and the coach stays (`Step.SAFETY_STAY`) with someone to come."""
    return _stay(coach, state, help_lines(coach, state, "safety_unsafe", _concern(state)))


def safety_not_safe(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Nee" (or doubt) where the coach asked whether someone is safe before any danger was
    named (`Step.SAFETY_CHECK`): every help line, and the coach stays; not the question again."""
    fresh = State(household=state.household, concern=Concern.UNCLEAR)
    return _stay(coach, fresh, help_lines(coach, fresh, "safety", "unclear"))


# How the coach stays with someone not safe (`Step.SAFETY_STAY`): every answer is met in a
# few warm words and the lines; then someone to come, asked a little differently each time.


def _stay(coach: Coach, state: State, parts: list[Say], *, question: bool = True) -> Turn:
    lines = state.lines_given + 1
    if question:
        # Who can come (in an emergency: who can call); once no one can, the coach stays
        # without asking it again.
        asked = ("safety_stay_no_one" if state.no_one
                 else "safety_stay_emergency" if state.concern == Concern.EMERGENCY else "safety_stay")
        parts = [*parts, coach.say_variant(asked, max(lines - 2, 0))]
    return coach.ask(state, Step.SAFETY_STAY, parts, question=False, lines_given=lines)


def stay_no(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ik wil niet bellen", "nee": another way than calling, and someone to come."""
    return _stay(coach, state, help_lines(coach, state, "safety_stay_no", _concern(state)))


def stay_alone(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ik ben alleen thuis", "niemand": heard, and never asked for someone again."""
    state = replace(state, no_one=True)
    return _stay(coach, state, help_lines(coach, state, "safety_stay_alone", _concern(state)))


def stay_hope(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Waarom zou ik", doubt, or anything else: warmth and the lines, never "not understood"."""
    return _stay(coach, state, help_lines(coach, state, "safety_stay_hope", _concern(state)))


def stay_yes(coach: Coach, state: State, intent: Intent) -> Turn:
    """Someone can come: ask them now; the coach stays."""
    return _stay(coach, state, help_lines(coach, state, "safety_stay_yes", _concern(state)), question=False)


def stay_stop(coach: Coach, state: State, intent: Intent) -> Turn:
    """A clear stop ends the conversation once the lines were said at least twice (the
    goodbye with the line first); before that the coach asks once more to stay."""
    if state.lines_given >= 2:
        return safety_stop(coach, state)
    return _stay(coach, state, [coach.say("safety_stay_hold"),
                                *help_lines(coach, state, "safety_numbers", _concern(state))])


def stay_silence(coach: Coach, state: State) -> Turn:
    """Silence while the coach stays: it is still there, with the numbers; a second
    silence ends with the goodbye, line first."""
    if state.silences >= 1:
        return safety_stop(coach, state, silent=True)
    turn = _stay(coach, state, [coach.say("safety_still_here"),
                                *help_lines(coach, state, "safety_numbers", _concern(state))])
    return replace(turn, state=replace(turn.state, silences=1))


def safety_stop(coach: Coach, state: State, intent: Intent | None = None, *, silent: bool = False) -> Turn:
    """The end of a safety conversation: the main number first; nothing stored. Ended by a
    second silence (`silent`), not by a stop: no "Goed, ik stop." to someone who said nothing."""
    ending = coach.say("safety_goodbye_silent" if silent else "safety_goodbye_stop")
    reply = Reply((*help_lines(coach, state, "safety_goodbye", _concern(state)), ending), None, end_session=True)
    return Turn(reply, coach.ended(state, None))


def safety_thanks(coach: Coach, state: State, intent: Intent) -> Turn:
    """Safe, and then "ok" or "dank je": a kind goodbye, the line first; nothing stored."""
    reply = Reply((*help_lines(coach, state, "safety_goodbye", _concern(state)), coach.say("safety_goodbye_thanks")),
                  None, end_session=True)
    return Turn(reply, coach.ended(state, None))


def safety_check(coach: Coach, state: State, intent: Intent) -> Turn:
    """It sounded like harm, but no danger rule was sure: "ben je nu veilig?", once. What
    was said so far stays in the state until the answer."""
    back = state.return_step if state.step in ASIDES else state.step
    return coach.ask(state, Step.SAFETY_CHECK, [], return_step=back)


def safety_check_fine(coach: Coach, state: State, intent: Intent) -> Turn:
    """Safe, the person says: the line for harm at home that is no emergency (in the
    household's country), then on with the question that was asked (a breathing round anew)."""
    back = state.return_step or Step.MENU
    fine = in_country(state, "safety_check_fine")
    if back is Step.BREATHING:
        return trigger_plan.breathe(coach, replace(state, return_step=None), fine)
    return coach.ask(state, back, [coach.say(fine)], return_step=None)


def gentle_check(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ik wil niet meer": stop the exercise, or not want to live? Asked once, gently;
    what was said so far stays in the state until the answer."""
    back = state.return_step if state.step in ASIDES | {Step.GENTLE_CHECK} else state.step
    return coach.ask(state, Step.GENTLE_CHECK, [], return_step=back)


def gentle_stop(coach: Coach, state: State, intent: Intent) -> Turn:
    """The answer to the gentle check was: stop the exercise. A calm stop, keeping what was done."""
    kept = checkin.kept(coach, state)
    return coach.end(state, [coach.say("gentle_stop") if kept is None else coach.say("gentle_stop_kept", kept=kept)])


def distress(coach: Coach, state: State, intent: Intent) -> Turn:
    """Pain said at a step that asked something else: acknowledged, never thanked; the
    question again. Where safety or an erase is asked, it is not the answer asked for, and
    goes where anything not understood goes there (not clearly safe, not clearly yes)."""
    if state.step in _NOT_UNDERSTOOD_MEANS_SOMETHING:
        return coach.misunderstood(state)
    return coach.ask(state, state.step, [coach.say("distress_elsewhere")])


def guide(coach: Coach, state: State, intent: Intent) -> Turn:
    """Understood, but no answer to this step (a weather at the menu, a need while breathing).
    A weather said ahead of its question, at "samen of alleen?", is no mistake: it is heard
    warmly, and asked for again in a moment."""
    if state.step is Step.CHECKIN_WHO and intent.name == IntentName.WEATHER:
        return coach.ask_again(state, [coach.say("weather_ahead")])
    return coach.guide(state)


def help_(coach: Coach, state: State, intent: Intent) -> Turn:
    if state.step in SAFETY_STEPS:
        return coach.ask(state, state.step, [coach.step_say(state, "help")], question=False)
    # The not-a-therapist note is said at the first launch and with the menu's help, not before every help.
    parts = [coach.say("help_disclaimer")] if state.step is Step.MENU else []
    parts.append(coach.step_say(state, "help"))
    return coach.ask(state, state.step, parts, question=False)


def repeat(coach: Coach, state: State, intent: Intent) -> Turn:
    """The last thing said again; after a timed exercise (the breathing) only the question
    it ended with ("Hoe is het nu?"): the breaths again are asked for with "nog vijf"."""
    if state.last_reply is None or any(isinstance(part, Pause) for part in state.last_reply.parts):
        return coach.ask(state, state.step, [])
    return Turn(state.last_reply, replace(state, misunderstood=0))


def stop(coach: Coach, state: State, intent: Intent) -> Turn:
    kept = checkin.kept(coach, state)
    return coach.end(state, [coach.say("goodbye") if kept is None else coach.say("goodbye_kept", kept=kept)])


def set_names(coach: Coach, state: State, intent: Intent) -> Turn:
    first, second = intent.slot(SlotName.FIRST), intent.slot(SlotName.SECOND)
    if not first or not second:
        # Names said ("wij heten ..."), but not heard as two names: how to say them.
        return coach.ask_again(state, [coach.say("names_retry")], question=False)
    known = state.household.names
    if known is not None and {n.casefold() for n in known} == {first.casefold(), second.casefold()}:
        # The names it already knows, said again by a returning couple: no new acquaintance.
        return coach.ask_again(state, [coach.say("names_known", names=coach.both_names(known))])
    state = state.with_household(names=(first, second))
    parts = [coach.say("names_saved", names=coach.both_names((first, second)))]
    return coach.ask(state, state.step, parts, (SaveNames(first, second),))


def erase_request(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.CONFIRM_ERASE, [], return_step=_way_back(state))


def erase_confirmed(coach: Coach, state: State, intent: Intent) -> Turn:
    household = Household(today=state.household.today, introduced=True)
    reply = Reply((coach.say("erase_done"),), None, end_session=True)
    return Turn(reply, State(household=household, step=Step.ENDED, last_reply=reply), (EraseHousehold(),))


def erase_declined(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, state.return_step or Step.MENU, [coach.say("erase_cancelled")], return_step=None)


def erase_unsure(coach: Coach, state: State, intent: Intent) -> Turn:
    """Doubt, a question, a hedged yes or anything unclear where a yes erases everything:
    nothing erased, and the question again. Only a clear yes erases."""
    return coach.ask(state, Step.CONFIRM_ERASE, [coach.say("erase_unsure")], question=False)


def withdraw_unsure(coach: Coach, state: State, intent: Intent) -> Turn:
    """The same where a yes withdraws consent (and erases every check-in)."""
    return coach.ask(state, Step.CONFIRM_WITHDRAW, [coach.say("withdraw_unsure")], question=False)


def withdraw_request(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Trek mijn toestemming in": asked once more, for it erases every check-in kept.
    Where nothing is kept or will be, or only dates are, that is said, and the step goes on."""
    if not state.household.keeps_answers:
        return coach.ask(state, state.step, [coach.say("withdraw_dates_only")])
    if state.household.consent is False:
        return coach.ask(state, state.step, [coach.say("withdraw_nothing")])
    return coach.ask(state, Step.CONFIRM_WITHDRAW, [], return_step=_way_back(state))


def withdraw_confirmed(coach: Coach, state: State, intent: Intent) -> Turn:
    """Consent withdrawn: every check-in erased, none kept again (this one neither); the
    conversation goes on where it was."""
    state = state.with_household(consent=False, checkin_dates=(), checkin_days=(), trigger_moments=(),
                                 help_suggested=None, contract=None, trigger_plan=None, contract_reviews=())
    back = state.return_step or Step.MENU
    if back in REVIEW_STEPS:
        back = Step.MENU  # the contract under review is forgotten with the rest
        state = replace(state, contract=(), contract_option=0, review=(), review_index=0)
    return coach.ask(state, back, [coach.say("withdraw_done")], (SaveConsent(False),), return_step=None,
                     moment=None, rating=False)


def withdraw_declined(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, state.return_step or Step.MENU, [coach.say("withdraw_cancelled")], return_step=None)


def who_are_you(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat ben jij?", "ben jij een therapeut?": what the coach is and is not, then the
    step's question again; nothing else changes."""
    return coach.ask_again(state, [coach.say("who_am_i")])


def greet(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Hallo", "goedenavond" said on its own: a greeting back, then the step's question
    again; a greeting is not something the coach failed to understand."""
    return coach.ask_again(state, [coach.say("greeting")])


def what_is_kept(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Wat doe je ermee?", "wie ziet het?": what is kept and where, as this household keeps
    it, then the step's question again (at the consent question its short form, as after a
    doubt there: "weet ik niet"); nothing else changes, and nothing is kept."""
    household = state.household
    if household.holds_nothing and household.keeps_answers and state.step is not Step.CHECKIN_CONSENT:
        # (after erasing: what is kept, not what would be; asked for consent: what would be)
        prompt = "kept_explained_nothing"
    elif not household.keeps_answers:
        prompt = "kept_explained_dates"
    elif household.consent is False:
        prompt = "kept_explained_none"
    else:
        prompt = "kept_explained"
    if state.step is Step.CHECKIN_CONSENT:
        return coach.ask_again(state, [coach.say(prompt), coach.say("consent_again")], question=False)
    return coach.ask_again(state, [coach.say(prompt)])


def set_country(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ik woon in België", "ik zit in Gent", "ik ben Belg": the household's country (whose
    help lines it hears) is kept, said in one sentence, then the step's question again. In a
    safety conversation the help lines are said again at once, in the new country's version.
    A country not heard: the step's question again (in a safety conversation, the lines)."""
    value = coach.value(intent, SlotName.COUNTRY)
    if value is None or value.lower() not in COUNTRIES:
        if state.step in SAFETY_STEPS:
            return safety_repeat(coach, state, intent)
        return coach.ask_again(state, [])
    country = value.lower()
    state = state.with_household(country=country)
    parts = [coach.say(f"country_saved_{country}")]
    effects = (SaveCountry(country),)
    if state.step is Step.SAFETY_STAY:
        turn = _stay(coach, state, [*parts, *help_lines(coach, state, "safety_numbers", _concern(state))])
        return replace(turn, effects=effects)
    if state.step in SAFETY_STEPS:
        return coach.ask(state, state.step, [*parts, *help_lines(coach, state, "safety_numbers", _concern(state))],
                         effects, lines_given=state.lines_given + 1)
    return coach.ask_again(state, parts, effects)


def pause(coach: Coach, state: State, intent: Intent) -> Turn:
    return coach.ask(state, Step.PAUSED, [], return_step=_way_back(state))


def resume(coach: Coach, state: State, intent: Intent) -> Turn:
    """Back to where the pause was; the breathing starts a fresh round."""
    back = state.return_step or Step.MENU
    if back is Step.BREATHING:
        return trigger_plan.breathe(coach, replace(state, return_step=None), "breathing_resumed", counted=False)
    return coach.ask(state, back, [coach.say("resumed")], return_step=None)


def resume_elsewhere(coach: Coach, state: State, intent: Intent) -> Turn:
    """"Ga door" where nothing is paused: the current question again."""
    return coach.ask(state, state.step, [])


def start_over(coach: Coach, state: State, intent: Intent) -> Turn:
    if state.step in checkin.STEPS:
        return checkin.start(coach, state, intent)
    if state.step in trigger_plan.STEPS:
        return trigger_plan.start_over(coach, state)
    if state.step in PLAN_MAKING_STEPS:
        from dialogue import own_plan

        return own_plan.start(coach, state, intent)
    return coach.ask(state, Step.MENU, [])


def _way_back(state: State) -> Step:
    """Where to return after a pause or an erase question (never to another such aside)."""
    if state.step in ASIDES:
        return state.return_step or Step.MENU
    return state.step
