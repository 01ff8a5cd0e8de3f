"""The core's data: events in, replies and effects out, and the conversation state.

Everything here is a frozen dataclass that round-trips to plain JSON, because the
Alexa edge carries the state in session attributes between requests.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from dataclasses import dataclass, field
from typing import Any, TypeVar

JSON = dict[str, Any]


# --- Events: what a person did, as the edges understood it -----------------------


@dataclass(frozen=True)
class Intent:
    """A person said something that matched an intent; slots hold canonical value ids."""

    name: str
    slots: tuple[tuple[str, str], ...] = ()
    # The words said for an answer the locale has no value for (a need in the person's own
    # words), for this turn only: never stored, never logged, not part of equality.
    said: str | None = field(default=None, compare=False)
    # The answer was said of the partner, in the third person ("ze zegt dat ze niks meer
    # waard is"), so it is said back of them; for this turn only, not part of equality.
    of_other: bool = field(default=False, compare=False)

    def slot(self, slot_name: str) -> str | None:
        """The value id of one slot, or None when it was not filled."""
        for key, value in self.slots:
            if key == slot_name:
                return value
        return None

    @staticmethod
    def of(name: str, **slots: str) -> Intent:
        """Build an intent from keyword slots, sorted so equal intents compare equal."""
        return Intent(name, tuple(sorted(slots.items())))


@dataclass(frozen=True)
class Unrecognized:
    """A person said something, but it matched nothing the coach knows."""


@dataclass(frozen=True)
class Silence:
    """Nobody answered within the listening time."""


Event = Intent | Unrecognized | Silence


# --- Replies --------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    """A sentence the coach speaks.

    `text` is the sentence as it is shown (phone numbers in digits: "0800-2000");
    `speech`, when it differs, is the same sentence for a speech engine, each phone number
    written as it is said ("nul achthonderd, tweeduizend"), from the locale's table.
    """

    text: str
    speech: str | None = None

    @property
    def spoken(self) -> str:
        """The sentence as a text-to-speech engine must get it."""
        return self.text if self.speech is None else self.speech


@dataclass(frozen=True)
class Pause:
    """A timed silence, in seconds (breathing pace).

    With `includes_cue`, the seconds count from the start of the sentence before it: the
    cue's own speaking time is part of the breath ("In..." and the breathing in are one
    breath of the chosen seconds). Each edge subtracts the cue's time its own way.
    """

    seconds: float
    includes_cue: bool = False


Part = Say | Pause


@dataclass(frozen=True)
class Reply:
    """What the coach says in one turn.

    `parts` are spoken in order; `reprompt` is said if nobody answers (None when the
    conversation ends); `end_session` says whether the coach stops listening. A reply
    without parts that goes on listening is the coach waiting in silence (a writing pause
    of the letter); an edge that must say something to listen (Alexa) says the reprompt.
    """

    parts: tuple[Part, ...]
    reprompt: tuple[Part, ...] | None
    end_session: bool

    def text(self) -> str:
        """All spoken sentences joined by spaces (pauses left out)."""
        return " ".join(p.text for p in self.parts if isinstance(p, Say))


# --- Effects: what the edge must store ------------------------------------------


@dataclass(frozen=True)
class CheckinEntry:
    """One partner's stored answers: canonical value ids, None when skipped."""

    weather: str | None
    need: str | None


@dataclass(frozen=True)
class SaveNames:
    """Keep the partners' first names."""

    first: str
    second: str


@dataclass(frozen=True)
class SavePace:
    """Keep the breathing pace."""

    inhale_seconds: int
    exhale_seconds: int


@dataclass(frozen=True)
class SaveCheckin:
    """A finished (or stopped) check-in. Gratitude is deliberately not part of it."""

    date: datetime.date
    entries: tuple[CheckinEntry, ...]


@dataclass(frozen=True)
class SaveTriggerMoment:
    """A run of the trigger plan: its date and, where the person answered, how strong the
    feeling was before and after the breathing (0 to 10). Never the feeling, never the need.
    Kept only where check-in answers are (`Household.keeps_trigger_moments`)."""

    date: datetime.date
    before: int | None = None
    after: int | None = None


@dataclass(frozen=True)
class SaveHelpSuggested:
    """The coach suggested professional help today (`dialogue.seek_help`): the date is kept,
    only where answers are, so it is said at most once a month. Never why."""

    date: datetime.date


@dataclass(frozen=True)
class SaveContract:
    """The couple's trust contract (Oefening 2, `dialogue.contract`): the ids of the
    agreements they kept, replacing any contract before. Kept only where answers are, with
    consent (`Household.keeps_contract`); erased with the household or withdrawn consent."""

    agreements: tuple[str, ...]


@dataclass(frozen=True)
class PartnerPlan:
    """One partner's part of the couple's own trigger plan (Oefening 4, `dialogue.own_plan`):
    the needs that usually help (one or two NeedType ids, or `OWN` for a need said in one's
    own words, the words never kept) and what the other partner is asked to do (at most one
    action id of `dialogue.own_plan.ACTIONS`)."""

    needs: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveTriggerPlan:
    """The couple's own trigger plan: each partner's need ids and action ids (partner 0
    first), replacing any plan before. Kept only where answers are, with consent
    (`Household.keeps_trigger_plan`); erased with the household or withdrawn consent."""

    partners: tuple[PartnerPlan, PartnerPlan]


@dataclass(frozen=True)
class SaveContractReview:
    """A monthly review of the trust contract (`dialogue.contract_review`): its date and, per
    agreement id, the answer (`REVIEW_ANSWERS`: ja, deels or nee). A second review on the same
    day replaces the first. Kept only as the contract is (`Household.keeps_contract`)."""

    date: datetime.date
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class MarkIntroduced:
    """The household has heard the introduction and the not-a-therapist note."""


@dataclass(frozen=True)
class EraseHousehold:
    """Erase everything the household has stored."""


@dataclass(frozen=True)
class SaveCountry:
    """The country whose help lines the household hears: `nl` or `be` (the local mode's
    --country; erased with the household)."""

    country: str


@dataclass(frozen=True)
class SaveConsent:
    """The household's answer to keeping its weather and needs (health-related data).

    Given, check-ins are kept from now on; refused or withdrawn (`given` False), every kept
    check-in is erased and none is kept again. Names and pace are not part of it.
    """

    given: bool


Effect = (
    SaveNames | SavePace | SaveCheckin | MarkIntroduced | EraseHousehold | SaveConsent | SaveCountry
    | SaveTriggerMoment | SaveHelpSuggested | SaveContract | SaveTriggerPlan | SaveContractReview
)

# The countries whose help lines the locale holds; a household of neither (None: not known)
# hears both countries' lines.
COUNTRIES = ("nl", "be")


# --- State ------------------------------------------------------------------------

# The answers of a contract review, as kept: the agreement worked (ja), partly (deels), or not (nee).
REVIEW_ANSWERS = ("JA", "DEELS", "NEE")
# At most this many of the latest contract reviews are loaded (the monthly offer and the
# seek-help rule read the last two).
MAX_CONTRACT_REVIEWS = 12

DEFAULT_INHALE_SECONDS = 4
DEFAULT_EXHALE_SECONDS = 6
# How strong a feeling is, as the trigger plan asks it: "van nul tot tien".
INTENSITY_RANGE = (0, 10)
# How far back the look-back reads (the last four weeks, and the four before them for a
# trend): stores load this many days of history into the household.
HISTORY_DAYS = 56
# At most this many of the latest trigger moments of that stretch are loaded (a few a day).
MAX_TRIGGER_MOMENTS = 200


@dataclass(frozen=True)
class CheckinDay:
    """A day with a check-in, as the look-back reads it. `entries` holds each partner's
    answers of the check-ins done together that day (partner 0 began; of several, the last
    answer given counts), and is empty for a day checked in alone (what one partner said
    alone is not told to the other) or where only dates are kept."""

    date: datetime.date
    entries: tuple[CheckinEntry, ...] = ()


@dataclass(frozen=True)
class TriggerMoment:
    """A kept run of the trigger plan: its date, and how strong the feeling was before and
    after the breathing (0 to 10; None when not answered)."""

    date: datetime.date
    before: int | None = None
    after: int | None = None


@dataclass(frozen=True)
class ContractReview:
    """A kept review of the trust contract: its date and each agreement's answer
    (agreement id, one of `REVIEW_ANSWERS`), in the contract's order."""

    date: datetime.date
    answers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Household:
    """What the coach knows of the household when a conversation starts.

    `checkin_dates` are the dates of earlier check-ins (at least those of this week);
    `today` is the date the edge read from its clock. `consent` is the answer to keeping
    the check-ins' weather and needs: None while never asked, then True or False.
    `country` (`nl`, `be`, or None when not known: both countries' lines) chooses the help
    lines; the edges set it (Alexa from the device's time zone, the local mode from
    --country); stores give None when they keep none. `keeps_answers` is what the deployment
    allows, never asked of the household: True (the local mode, a private skill) keeps each
    check-in's weather and need after consent; False (a public skill) keeps only the dates
    of check-ins, asks no consent and uses the answers only within the conversation.
    """

    today: datetime.date
    names: tuple[str, str] | None = None
    inhale_seconds: int = DEFAULT_INHALE_SECONDS
    exhale_seconds: int = DEFAULT_EXHALE_SECONDS
    checkin_dates: tuple[datetime.date, ...] = ()
    introduced: bool = False
    consent: bool | None = None
    country: str | None = "nl"
    keeps_answers: bool = True
    # The look-back's history (the last `HISTORY_DAYS` days as the store keeps them, oldest
    # first): the days with a check-in and their answers, and the trigger moments.
    checkin_days: tuple[CheckinDay, ...] = ()
    trigger_moments: tuple[TriggerMoment, ...] = ()
    # When the coach last suggested professional help (`dialogue.seek_help`); None: never,
    # or not kept.
    help_suggested: datetime.date | None = None
    # The trust contract: the ids of the agreements kept (`dialogue.contract`); None: never
    # made, or not kept.
    contract: tuple[str, ...] | None = None
    # The couple's own trigger plan, each partner's part (`dialogue.own_plan`); None: never
    # made, or not kept.
    trigger_plan: tuple[PartnerPlan, PartnerPlan] | None = None
    # The contract's monthly reviews, oldest first (the last `MAX_CONTRACT_REVIEWS`); empty
    # when none, or not kept.
    contract_reviews: tuple[ContractReview, ...] = ()

    @property
    def keeps_contract(self) -> bool:
        """Whether the trust contract is kept: where answers are, after the same consent."""
        return self.keeps_answers and bool(self.consent)

    @property
    def holds_nothing(self) -> bool:
        """Whether nothing of this household is kept (a first visit, or right after erasing):
        no names, no pace of its own, no check-ins, moments, plan, contract or consent."""
        return (self.names is None and self.consent is None and not self.checkin_dates and not self.checkin_days
                and not self.trigger_moments and self.contract is None and self.trigger_plan is None
                and not self.contract_reviews and self.help_suggested is None
                and (self.inhale_seconds, self.exhale_seconds) == (DEFAULT_INHALE_SECONDS, DEFAULT_EXHALE_SECONDS))

    @property
    def keeps_trigger_plan(self) -> bool:
        """Whether the couple's own trigger plan is kept: where answers are, after the same consent."""
        return self.keeps_answers and bool(self.consent)

    @property
    def keeps_trigger_moments(self) -> bool:
        """Whether trigger moments are kept: mental-health data, so only where check-in
        answers are, after the same consent (a public skill keeps none)."""
        return self.keeps_answers and bool(self.consent)

    @property
    def keeps_checkin_answers(self) -> bool:
        """Whether a check-in's weather and need are kept: allowed here and consented to."""
        return self.keeps_answers and bool(self.consent)

    @property
    def keeps_checkin_dates(self) -> bool:
        """Whether the dates of check-ins are kept (always where answers are not: a date
        alone is no mood record)."""
        return not self.keeps_answers or bool(self.consent)


class Step(str, enum.Enum):
    """Where in a conversation the coach is: what it just asked."""

    MENU = "menu"
    CHECKIN_CONSENT = "checkin_consent"  # the first check-in: may the weather and needs be kept?
    CHECKIN_WHO = "checkin_who"
    CHECKIN_WEATHER = "checkin_weather"
    CHECKIN_NEED = "checkin_need"
    CHECKIN_GRATITUDE = "checkin_gratitude"
    CHECKIN_GIVE = "checkin_give"  # the summary asked: "lukt het om dat vandaag te geven?"
    BREATHING = "breathing"
    TRIGGER_FEELING = "trigger_feeling"
    TRIGGER_NEED = "trigger_need"
    PARTNER_PRESENT = "partner_present"
    SUPPORT_OFFER = "support_offer"
    PAUSED = "paused"
    CONFIRM_ERASE = "confirm_erase"
    CONFIRM_WITHDRAW = "confirm_withdraw"  # consent withdrawn by voice: erase the check-ins?
    GENTLE_CHECK = "gentle_check"  # "stop the exercise, or is it really not going well?"
    DISTRESS_CHOICE = "distress_choice"  # pain said at the gratitude: skip it, or breathe
    STORM_OFFER = "storm_offer"  # the check-in is done and someone said storm: breathe together?
    PARTNER_SAY = "partner_say"  # the partner in the room says the article's sentence aloud
    PARTNER_LISTEN = "partner_listen"  # the partner asked what is needed; the answer is for them
    SAFETY_CHECK = "safety_check"  # it sounded like harm (the worry model): "ben je nu veilig?"
    SAFETY = "safety"  # the help lines were given; asked "Ben je nu veilig?"
    SAFETY_FOLLOWUP = "safety_followup"  # answered safe; the numbers can still be repeated
    # Not safe, or not clearly ("nee", "niet echt", "weet ik niet"): the coach stays, with the
    # lines, another way than calling and someone to come, until a clear stop.
    SAFETY_STAY = "safety_stay"
    WHO_TRIGGERED = "who_triggered"  # "mijn partner is getriggerd", names known: "Wie van jullie?"
    # The letter of responsibility (Oefening 3), written on paper: what it is, then its five
    # parts, each a writing pause. Only the letter's commands and danger are heard there.
    LETTER_INTRO = "letter_intro"
    LETTER_DEED = "letter_deed"  # wat ik heb gedaan
    LETTER_IMPACT = "letter_impact"  # welke impact dit had op jou
    LETTER_REASON = "letter_reason"  # waarom dit gebeurde
    LETTER_ACTIONS = "letter_actions"  # wat ik concreet ga doen
    LETTER_NEEDS = "letter_needs"  # wat ik van jou nodig heb
    TRIGGER_BEFORE = "trigger_before"  # "Hoe sterk is het gevoel nu, van nul tot tien?" before breathing
    TRIGGER_AFTER = "trigger_after"  # the same after the breathing
    LOOKBACK_OFFER = "lookback_offer"  # a new week's first check-in is done: "zal ik terugkijken?"
    SEEK_HELP_OFFER = "seek_help_offer"  # "Mag ik nog iets voorstellen?" (`dialogue.seek_help`)
    # The trust contract (Oefening 2): one area a turn, its example agreement kept or dropped.
    CONTRACT_COMMUNICATION = "contract_communication"
    CONTRACT_TRANSPARENCY = "contract_transparency"
    CONTRACT_SOCIAL = "contract_social"
    CONTRACT_THERAPY = "contract_therapy"
    CONTRACT_INTIMACY = "contract_intimacy"
    # The couple's own trigger plan (Oefening 4), made for each partner in turn
    # (`dialogue.own_plan`): what usually helps (a need, then maybe one more), and what the
    # other partner is asked to do.
    PLAN_NEED = "plan_need"
    PLAN_NEED_MORE = "plan_need_more"
    PLAN_ACTION = "plan_action"
    # The plan used in a trigger moment: who of the two is triggered (when the plan differs
    # between them), before the usual need is offered or before the partner's guidance; and
    # "In jullie plan staat dat geruststelling je dan helpt. Klopt dat nu ook?"
    PLAN_WHO_NEED = "plan_who_need"
    PLAN_WHO_PARTNER = "plan_who_partner"
    PLAN_NEED_OFFER = "plan_need_offer"
    # Its monthly review: offered after a new month's first check-in; per agreement the
    # article's question (ja, deels, nee), or what the coach saw itself, to confirm; then for
    # each that did not work: keep, change (another agreement of its area) or drop.
    CONTRACT_REVIEW_OFFER = "contract_review_offer"
    CONTRACT_REVIEW = "contract_review"
    CONTRACT_REVIEW_SEEN = "contract_review_seen"
    CONTRACT_ADJUST = "contract_adjust"
    CONTRACT_CHANGE = "contract_change"
    ENDED = "ended"


# The steps of three flows a launch never reaches, known here so that the coach tells them
# apart without importing their modules at a cold start: the letter (`dialogue.letter.STEPS`),
# the contract's five areas in order (`dialogue.contract.STEPS`) and making the own plan
# (`dialogue.own_plan.MAKING`).
LETTER_STEPS = frozenset({Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON,
                          Step.LETTER_ACTIONS, Step.LETTER_NEEDS})
CONTRACT_STEPS = (Step.CONTRACT_COMMUNICATION, Step.CONTRACT_TRANSPARENCY, Step.CONTRACT_SOCIAL,
                  Step.CONTRACT_THERAPY, Step.CONTRACT_INTIMACY)
PLAN_MAKING_STEPS = (Step.PLAN_NEED, Step.PLAN_NEED_MORE, Step.PLAN_ACTION)


@dataclass(frozen=True)
class State:
    """The whole conversation state; everything needed to take the next turn."""

    household: Household
    step: Step = Step.MENU
    # Check-in: how many partners take part, whose turn it is, their answers so far.
    partners: int = 0
    partner_index: int = 0
    entries: tuple[CheckinEntry, ...] = ()
    # Trigger plan: what was named, and whether the partner is in the room (None: unknown).
    feeling: str | None = None
    # The feeling in the words it was said in, when the locale says it back as heard ("niks
    # waard" for WAARDELOOS); this conversation only, never stored.
    feeling_words: str | None = None
    trigger_need: str | None = None
    # A need said in one's own words in the trigger plan, passed on to the partner in the
    # room: it lives in this conversation's state only and is never stored.
    trigger_need_words: str | None = None
    partner_present: bool | None = None
    # Which partner is triggered (0 or 1), when a supporting partner named them: the guidance
    # then addresses each by name. This conversation only; never stored.
    triggered: int | None = None
    # What a danger sentence was about (a `dialogue.intents.Concern`), in a safety
    # conversation only: the numbers are repeated from it. Never stored.
    concern: str | None = None
    # In a safety conversation: how many turns gave help lines. A stop ends a conversation
    # with someone not safe only once they were said at least twice. Never stored.
    lines_given: int = 0
    # In a safety conversation: the person said no one can come ("niemand"); the coach
    # stays without asking for someone again. Never stored.
    no_one: bool = False
    # Trigger plan: the run's moment while it is not yet kept (its date, the strength before
    # and after so far), and whether this run asks how strong the feeling is. Kept when the
    # run moves past the question after the breathing or ends (`dialogue.trigger_plan`).
    moment: TriggerMoment | None = None
    rating: bool = False
    # Trigger plan: how many rounds of breaths this run has taken (this conversation only).
    breath_rounds: int = 0
    # The trust contract being made (or adjusted after a review): the ids of the agreements
    # kept so far (this conversation); and which of the area's agreements is offered (0: the
    # article's example, then its alternatives; in a change, the others of its area).
    contract: tuple[str, ...] = ()
    # The own trigger plan being made: each partner's part so far (the last one is being asked).
    plan: tuple[PartnerPlan, ...] = ()
    # In a trigger moment: whether the plan's usual need was offered (or who asked for it), and
    # whether the plan's "who of you?" was asked: each at most once a run.
    need_offered: bool = False
    who_asked: bool = False
    contract_option: int = 0
    # A contract review under way: each agreement's answer so far (agreement id, answer), and
    # the position of the agreement asked about (in the answers, then in the adjusting).
    review: tuple[tuple[str, str], ...] = ()
    review_index: int = 0
    # Where to go back to after a pause or an erase question.
    return_step: Step | None = None
    # Where the consent question leads when the plan or the contract asked it (their first
    # step); None: the check-in's (who takes part).
    after_consent: Step | None = None
    misunderstood: int = 0
    silences: int = 0
    last_reply: Reply | None = None
    # The part of the letter left for a trigger moment: named when the moment ends.
    letter_left: Step | None = None

    def with_household(self, **changes: Any) -> State:
        return replace(self, household=replace(self.household, **changes))


_T = TypeVar("_T")
# The classes `replace` and `state_from_json` make without their `__init__`: frozen, every
# field set by `__init__` as given (no `__post_init__`, no field outside `__init__`), nothing
# else in an instance's `__dict__`. A turn replaces its State several times.
_PLAIN: dict[type, frozenset[str]] = {cls: frozenset(f.name for f in dataclasses.fields(cls)) for cls in (State, Household)}


def replace(obj: _T, /, **changes: Any) -> _T:
    """`dataclasses.replace`, the same object made faster for a State or a Household (its
    fields copied, `changes` put in, as their `__init__` would set them)."""
    fields = _PLAIN.get(type(obj))
    if fields is None or not changes.keys() <= fields:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    new = object.__new__(type(obj))
    values = new.__dict__
    values.update(obj.__dict__)
    values.update(changes)
    return new


def _made(cls: type[_T], fields: dict[str, Any]) -> _T:
    """`cls(**fields)` for a State or a Household, made faster when every field is given."""
    if fields.keys() != _PLAIN[cls]:
        return cls(**fields)
    new = object.__new__(cls)
    new.__dict__.update(fields)
    return new


# --- JSON --------------------------------------------------------------------------


def _part_to_json(part: Part) -> JSON:
    if isinstance(part, Pause):
        return {"pause": part.seconds, "cue": True} if part.includes_cue else {"pause": part.seconds}
    return {"say": part.text} if part.speech is None else {"say": part.text, "speech": part.speech}


def _parts_to_json(parts: tuple[Part, ...]) -> list[JSON]:
    return [_part_to_json(p) for p in parts]


def _parts_from_json(items: list[JSON]) -> tuple[Part, ...]:
    parts: list[Part] = []
    for item in items:
        if "say" in item:
            speech = item.get("speech")
            parts.append(Say(str(item["say"]), None if speech is None else str(speech)))
        else:
            parts.append(Pause(float(item["pause"]), bool(item.get("cue", False))))
    return tuple(parts)


def reply_to_json(reply: Reply) -> JSON:
    return {
        "parts": _parts_to_json(reply.parts),
        "reprompt": None if reply.reprompt is None else _parts_to_json(reply.reprompt),
        "end_session": reply.end_session,
    }


def reply_from_json(data: JSON) -> Reply:
    reprompt = data.get("reprompt")
    return Reply(
        parts=_parts_from_json(data["parts"]),
        reprompt=None if reprompt is None else _parts_from_json(reprompt),
        end_session=bool(data["end_session"]),
    )


def state_to_json(state: State) -> JSON:
    """The state as plain JSON types (dicts, lists, strings, numbers, booleans, None)."""
    h = state.household
    return {
        "household": {
            "today": h.today.isoformat(),
            "names": None if h.names is None else list(h.names),
            "inhale_seconds": h.inhale_seconds,
            "exhale_seconds": h.exhale_seconds,
            "checkin_dates": [d.isoformat() for d in h.checkin_dates],
            "introduced": h.introduced,
            "consent": h.consent,
            "country": h.country,
            "keeps_answers": h.keeps_answers,
            "checkin_days": [
                [d.date.isoformat(), [[e.weather, e.need] for e in d.entries]] for d in h.checkin_days
            ],
            "trigger_moments": [[m.date.isoformat(), m.before, m.after] for m in h.trigger_moments],
            "help_suggested": None if h.help_suggested is None else h.help_suggested.isoformat(),
            "contract": None if h.contract is None else list(h.contract),
            "trigger_plan": None if h.trigger_plan is None else [_plan_to_json(p) for p in h.trigger_plan],
            "contract_reviews": [[r.date.isoformat(), [list(a) for a in r.answers]] for r in h.contract_reviews],
        },
        "step": state.step.value,
        "partners": state.partners,
        "partner_index": state.partner_index,
        "entries": [{"weather": e.weather, "need": e.need} for e in state.entries],
        "feeling": state.feeling,
        "feeling_words": state.feeling_words,
        "trigger_need": state.trigger_need,
        "trigger_need_words": state.trigger_need_words,
        "partner_present": state.partner_present,
        "triggered": state.triggered,
        "concern": state.concern,
        "lines_given": state.lines_given,
        "no_one": state.no_one,
        "moment": None if state.moment is None else _moment_to_json(state.moment),
        "rating": state.rating,
        "breath_rounds": state.breath_rounds,
        "contract": list(state.contract),
        "plan": [_plan_to_json(p) for p in state.plan],
        "need_offered": state.need_offered,
        "who_asked": state.who_asked,
        "contract_option": state.contract_option,
        "review": [list(a) for a in state.review],
        "review_index": state.review_index,
        "return_step": None if state.return_step is None else state.return_step.value,
        "after_consent": None if state.after_consent is None else state.after_consent.value,
        "misunderstood": state.misunderstood,
        "silences": state.silences,
        "last_reply": None if state.last_reply is None else reply_to_json(state.last_reply),
        "letter_left": None if state.letter_left is None else state.letter_left.value,
    }


def state_from_json(data: JSON) -> State:
    """Rebuild a state from `state_to_json` output; raises ValueError/KeyError/TypeError if malformed."""
    h = data["household"]
    names = h["names"]
    household = _made(Household, {
        "today": datetime.date.fromisoformat(str(h["today"])),
        "names": None if names is None else (str(names[0]), str(names[1])),
        "inhale_seconds": int(h["inhale_seconds"]),
        "exhale_seconds": int(h["exhale_seconds"]),
        "checkin_dates": tuple(datetime.date.fromisoformat(str(d)) for d in h["checkin_dates"]),
        "introduced": bool(h["introduced"]),
        "consent": None if h.get("consent") is None else bool(h["consent"]),
        "country": h.get("country") if h.get("country") in COUNTRIES else None,
        "keeps_answers": h.get("keeps_answers") is not False,
        "checkin_days": tuple(
            CheckinDay(datetime.date.fromisoformat(str(date)), tuple(CheckinEntry(w, n) for w, n in entries))
            for date, entries in h.get("checkin_days", ())
        ),
        "trigger_moments": tuple(_moment_from_json(m) for m in h.get("trigger_moments", ())),
        "help_suggested": None if h.get("help_suggested") is None
        else datetime.date.fromisoformat(str(h["help_suggested"])),
        "contract": None if h.get("contract") is None else tuple(str(a) for a in h["contract"]),
        "trigger_plan": _plans_from_json(h.get("trigger_plan")),
        "contract_reviews": tuple(
            ContractReview(datetime.date.fromisoformat(str(date)), tuple((str(a), str(v)) for a, v in answers))
            for date, answers in h.get("contract_reviews", ())
        ),
    })
    last = data["last_reply"]
    moment = data.get("moment")
    return_step = data["return_step"]
    return _made(State, {
        "household": household,
        "step": Step(data["step"]),
        "partners": int(data["partners"]),
        "partner_index": int(data["partner_index"]),
        "entries": tuple(CheckinEntry(e["weather"], e["need"]) for e in data["entries"]),
        "feeling": data["feeling"],
        "feeling_words": data.get("feeling_words"),
        "trigger_need": data["trigger_need"],
        "trigger_need_words": data.get("trigger_need_words"),
        "partner_present": data["partner_present"],
        "triggered": None if data.get("triggered") is None else int(data["triggered"]),
        "concern": data.get("concern"),
        "lines_given": int(data.get("lines_given", 0)),
        "no_one": bool(data.get("no_one", False)),
        "moment": None if moment is None else _moment_from_json(moment),
        "rating": bool(data.get("rating", False)),
        "breath_rounds": int(data.get("breath_rounds", 0)),
        "contract": tuple(str(a) for a in data.get("contract", ())),
        "plan": tuple(_plan_from_json(p) for p in data.get("plan", ())),
        "need_offered": bool(data.get("need_offered", False)),
        "who_asked": bool(data.get("who_asked", False)),
        "contract_option": int(data.get("contract_option", 0)),
        "review": tuple((str(a), str(v)) for a, v in data.get("review", ())),
        "review_index": int(data.get("review_index", 0)),
        "return_step": None if return_step is None else Step(return_step),
        "after_consent": None if data.get("after_consent") is None else Step(data["after_consent"]),
        "misunderstood": int(data["misunderstood"]),
        "silences": int(data["silences"]),
        "last_reply": None if last is None else reply_from_json(last),
        "letter_left": None if data.get("letter_left") is None else Step(data["letter_left"]),
    })


def _plan_to_json(plan: PartnerPlan) -> JSON:
    return {"needs": list(plan.needs), "actions": list(plan.actions)}


def _plan_from_json(data: JSON) -> PartnerPlan:
    return PartnerPlan(tuple(str(n) for n in data["needs"]), tuple(str(a) for a in data["actions"]))


def _plans_from_json(data: Any) -> tuple[PartnerPlan, PartnerPlan] | None:
    if data is None:
        return None
    first, second = (_plan_from_json(p) for p in data)
    return first, second


def _moment_to_json(moment: TriggerMoment) -> list[Any]:
    return [moment.date.isoformat(), moment.before, moment.after]


def _moment_from_json(data: list[Any]) -> TriggerMoment:
    date, before, after = data
    return TriggerMoment(
        datetime.date.fromisoformat(str(date)),
        None if before is None else int(before),
        None if after is None else int(after),
    )


def event_to_json(event: Event) -> JSON:
    if isinstance(event, Intent):
        return {"intent": event.name, "slots": dict(event.slots)}
    return {"event": "silence" if isinstance(event, Silence) else "unrecognized"}


def event_from_json(data: JSON) -> Event:
    if "intent" in data:
        return Intent.of(str(data["intent"]), **{str(k): str(v) for k, v in data.get("slots", {}).items()})
    return Silence() if data.get("event") == "silence" else Unrecognized()


@dataclass(frozen=True)
class Turn:
    """The result of one step of the core: what to say, the new state, what to store."""

    reply: Reply
    state: State
    effects: tuple[Effect, ...] = field(default=())
