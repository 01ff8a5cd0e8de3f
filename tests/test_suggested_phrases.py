"""Issue 14, point 3: every phrase the coach tells people to say ("Zeg bijvoorbeeld: ...",
"zeg 'ga door'") is understood at the step where it is said, by Alexa's model (its samples
written out with every slot value, skill/model_phrases.py) and by the local understanding.
The phrases are taken from the prompts file itself, so a new suggestion is checked too."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace

import pytest

from dialogue import Coach, Household, Intent, State, Step, Unrecognized
from dialogue.understanding import Understander
from locale_files import LOCALE_DIR
from skill.model_phrases import Phrases

PROMPTS = tomllib.loads((LOCALE_DIR / "prompts.toml").read_text(encoding="utf-8"))["prompts"]
SKILL = tomllib.loads((LOCALE_DIR / "skill.toml").read_text(encoding="utf-8"))["skill"]
PHRASES = Phrases.of(json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8")))
S0 = State(household=Household(today=__import__("datetime").date(2026, 11, 27), introduced=True, consent=True,
                               names=("Sam", "Lotte")))

# Where a prompt that is not a step's help or reprompt is said (what answers it is heard there).
SAID_AT: dict[str, tuple[Step, ...]] = {
    "names_hint": (Step.MENU,),
    "breathing_offer": (Step.BREATHING,),
    "breathing_again_long": (Step.BREATHING,),
    "breathing_offer_checkin": (Step.BREATHING,),
    "names_retry": (Step.MENU,),
    "consent_again": (Step.CHECKIN_CONSENT,),
    "ask_need": (Step.CHECKIN_NEED,),
    "ask_need_alone": (Step.CHECKIN_NEED,),
    "ask_need_unnamed": (Step.CHECKIN_NEED,),
    "ask_trigger_need": (Step.TRIGGER_NEED,),
    "ack_weather_heard": (Step.CHECKIN_NEED,),
    "partner_say": (Step.PARTNER_SAY,),
    "consent_question": (Step.CHECKIN_CONSENT,),
    "consent_given": (Step.CHECKIN_WHO,),
    "ask_need_own_words": (Step.CHECKIN_NEED, Step.TRIGGER_NEED),
    "ask_feeling": (Step.TRIGGER_FEELING,),
    "paused": (Step.PAUSED,),
    "paused_waiting": (Step.PAUSED,),
    "breathing_unsure": (Step.BREATHING,),
    "erase_confirm": (Step.CONFIRM_ERASE,),
    "erase_confirm_dates": (Step.CONFIRM_ERASE,),
    "withdraw_confirm": (Step.CONFIRM_WITHDRAW,),
    "erase_unsure": (Step.CONFIRM_ERASE,),
    "withdraw_unsure": (Step.CONFIRM_WITHDRAW,),
    "safety_stay_no_one": (Step.SAFETY_STAY,),
    "withdraw_dates_only": (Step.MENU, Step.CHECKIN_WHO, Step.CHECKIN_WEATHER),
    "silence_goodbye_trigger": (Step.MENU,),  # the conversation ended: what is said next starts afresh
    "distress_choice": (Step.DISTRESS_CHOICE,),
    "safety_followup": (Step.SAFETY_FOLLOWUP,),
    "letter_ready": (Step.LETTER_INTRO,),
    "contract_intro": (Step.CONTRACT_COMMUNICATION,),
    "contract_none": (Step.MENU,),
    "contract_not_kept_read": (Step.MENU,),
    **{prompt: (Step.PLAN_NEED,) for prompt in ("ask_plan_need_first", "ask_plan_need_second", "ask_plan_need_named")},
    "ask_plan_need_more": (Step.PLAN_NEED_MORE,),
    "plan_partner_say": (Step.PARTNER_SAY,),
    "plan_none": (Step.MENU,),
    "plan_not_kept_read": (Step.MENU,),
    "review_intro": (Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN),
    "review_empty": (Step.MENU,),
    "review_later": (Step.MENU,),  # the conversation ended: what is said next starts afresh
    "letter_write": (Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS, Step.LETTER_NEEDS),
    "not_understood_patient": tuple(s for s in Step if s not in (Step.ENDED, Step.SAFETY, Step.SAFETY_FOLLOWUP,
                                                                 Step.SAFETY_STAY, Step.SAFETY_CHECK, Step.GENTLE_CHECK)),
}
# Steps where whatever is said aloud is the answer, and the questions whether someone is
# safe, where anything but yes (or stop) is the safety answer: every phrase is taken there.
SAID_ALOUD = {Step.CHECKIN_GRATITUDE, Step.CHECKIN_GIVE, Step.PARTNER_SAY, Step.PARTNER_LISTEN, Step.WHO_TRIGGERED,
              Step.SAFETY_CHECK, Step.GENTLE_CHECK, Step.PLAN_WHO_NEED, Step.PLAN_WHO_PARTNER}
# The strength questions of a trigger moment hold nobody up: whatever is not a number goes
# on, so a phrase suggested there ("verder") is checked below for what it is, not here.
GOES_ON = {Step.TRIGGER_BEFORE, Step.TRIGGER_AFTER}
# In a safety conversation whatever is not understood gets the numbers again: what is heard
# there is checked by the intents the coach listens for only.
SAFETY_STEPS = {Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY}
# The skill's own reminder flow answers these, at any step (skill/reminders.py).
REMINDER_PROMPTS = ("reminder_no_time", "reminder_no_permission")

_QUOTED = re.compile(r"'([^']+)'")
# "zeg: a, of: b." / "zeg dan: a" / "Zeg bijvoorbeeld a, b of c." / "bijvoorbeeld: a, b" / "zoals a, b of c"
_LEAD = re.compile(
    r"\b(?:zeg(?: dan| daarna opnieuw| bijvoorbeeld)?:?|bijvoorbeeld:?|zoals)\s+(?!het\b|hoe\b|wat\b|de naam\b|je\b|gerust\b|gewoon\b|dan\b)",
    re.IGNORECASE)
# "Zeg hoe het vanbinnen is: zonnig, ..." : a clause after "zeg", then the list after its colon
_LEAD_COLON = re.compile(r"\bzeg [^.:?'!]*?:\s+", re.IGNORECASE)
_END = re.compile(r"[.?!;…]|, dan\b| als\b| voor\b| dan\b")
_SPLIT = re.compile(r",\s*of:?\s+|,\s*|\s+of:?\s+")


def suggested(text: str) -> list[str]:
    """The phrases a sentence suggests saying."""
    found: list[str] = []
    text = text.replace("...", "…")  # "zeg: ik voel ..." starts a sentence, it is no phrase
    if "zeg" in text.lower():
        found += [q for q in _QUOTED.findall(text) if not q.startswith(("s ", "s-"))]
    for lead in (*_LEAD.finditer(text), *_LEAD_COLON.finditer(text)):
        rest = text[lead.end():]
        if rest.startswith("'"):
            continue  # quoted: taken above
        end = _END.search(rest)
        listed = rest[: end.start()] if end else rest
        for item in _SPLIT.split(listed):
            item = item.strip(" :'").lower()
            if end and rest[end.start()] == "…":
                break
            if item and "{" not in item and item not in ("of", "met één woord"):
                found.append(item)
    return list(dict.fromkeys(found))


def texts(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def prompt_steps(prompt_id: str) -> tuple[Step, ...]:
    for prefix in ("help_", "reprompt_"):
        if prompt_id.startswith(prefix):
            # "_named": by name; "_other", "_speaker": the safety question of another concern
            step = prompt_id.removeprefix(prefix).removesuffix("_named").removesuffix("_other").removesuffix("_speaker")
            return (Step(step),)
    return SAID_AT.get(prompt_id, ())


CASES = [
    (prompt_id, phrase)
    for prompt_id, value in PROMPTS.items()
    for text in texts(value)
    for phrase in suggested(text)
]


def test_the_extraction_finds_the_suggestions() -> None:
    assert suggested("Zeg bijvoorbeeld: start de check-in, of: ik ben getriggerd.") == ["start de check-in", "ik ben getriggerd"]
    assert suggested("Zeg 'ga door' als je verder wilt, of 'stop' om te stoppen.") == ["ga door", "stop"]
    assert suggested("Zeg bijvoorbeeld zonnig, bewolkt of storm.") == ["zonnig", "bewolkt", "storm"]
    assert suggested("Zeg ja, dan ademen we vijf keer samen; zeg nee, dan stoppen we hier.") == ["ja", "nee"]
    assert suggested("Zeg hoe het is: zonnig, regen of storm.") == ["zonnig", "regen", "storm"]
    assert suggested("Hoe laat? Zeg bijvoorbeeld: elke avond om acht uur.") == ["elke avond om acht uur"]
    phrases = {phrase for _, phrase in CASES}
    assert {"samen", "alleen ik", "sla over", "herhaal", "trek mijn toestemming in", "nog vijf"} <= phrases


def test_every_prompt_with_a_suggestion_says_where_it_is_said() -> None:
    missing = sorted({prompt_id for prompt_id, _ in CASES if not prompt_steps(prompt_id)})
    assert not missing, f"say in SAID_AT where these are said: {missing}"


def _state(step: Step) -> State:
    if step in (Step.CHECKIN_WEATHER, Step.CHECKIN_NEED, Step.CHECKIN_GRATITUDE, Step.CHECKIN_GIVE):
        return replace(S0, step=step, partners=2, entries=(__import__("dialogue").CheckinEntry(None, None),) * 2)
    if step in (Step.CONTRACT_REVIEW, Step.CONTRACT_REVIEW_SEEN, Step.CONTRACT_ADJUST, Step.CONTRACT_CHANGE):
        return replace(S0.with_household(contract=("DAILY_CHECKIN", "THERAPY")), step=step,
                       review=(("DAILY_CHECKIN", "DEELS"),))
    return replace(S0, step=step, return_step=Step.MENU if step is Step.PAUSED else None)


def _understood(coach: Coach, state: State, intent: Intent) -> bool:
    if intent.name not in coach.listening_intents(state):
        return False
    if state.step in SAFETY_STEPS:
        return True
    return coach.handle(state, intent).reply != coach.handle(state, Unrecognized()).reply


@pytest.mark.parametrize(("prompt_id", "phrase"), CASES, ids=[f"{p}:{w}" for p, w in CASES])
def test_every_suggested_phrase_is_understood_where_it_is_suggested(
    coach: Coach, understander: Understander, prompt_id: str, phrase: str
) -> None:
    for step in prompt_steps(prompt_id):
        if step in SAID_ALOUD:
            continue
        if step in GOES_ON:
            state = _state(step)
            assert PHRASES.intents(phrase) & set(coach.listening_intents(state)), (prompt_id, phrase)
            heard = understander.understand(phrase, expect=coach.expected_intents(state))
            assert isinstance(heard, Intent) and heard.name in coach.listening_intents(state), (prompt_id, phrase)
            continue
        state = _state(step)
        # Alexa: some intent that claims the phrase is one the coach acts on at this step.
        claimed = PHRASES.intents(phrase)
        assert claimed, f"{prompt_id} at {step.value}: no sample of the model says {phrase!r}"
        assert any(name in coach.listening_intents(state) for name in claimed), (
            f"{prompt_id} at {step.value}: {phrase!r} is {sorted(claimed)} for Alexa, not heard there")
        # The local understanding, told what the step expects.
        event = understander.understand(phrase, expect=coach.expected_intents(state))
        assert isinstance(event, Intent) and _understood(coach, state, event), (
            f"{prompt_id} at {step.value}: {phrase!r} is {event} locally")


@pytest.mark.parametrize("prompt_id", REMINDER_PROMPTS)
def test_the_reminders_suggestions_are_reminders_for_alexa(prompt_id: str) -> None:
    phrases = suggested(SKILL[prompt_id])
    assert phrases
    for phrase in phrases:
        assert PHRASES.intents(phrase) == {"SetReminderIntent"}, phrase


@pytest.mark.parametrize("step", sorted(GOES_ON))
def test_at_the_strength_questions_a_number_is_heard_and_verder_goes_on(
    coach: Coach, understander: Understander, step: Step
) -> None:
    state = _state(step)
    assert understander.understand("een zeven", expect=coach.expected_intents(state)) == Intent.of(
        "IntensityIntent", level="7")
    assert "IntensityIntent" in PHRASES.intents("zeven")
    assert understander.understand("verder", expect=coach.expected_intents(state)) == Intent("AMAZON.NextIntent")
