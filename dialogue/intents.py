"""Names of the intents and slots the core understands (they match the interaction model)."""

from __future__ import annotations

import enum


class IntentName(enum.StrEnum):
    """An intent of the interaction model; members are the model's names (plain strings)."""

    START_CHECKIN = "StartCheckinIntent"
    START_TRIGGER_PLAN = "StartTriggerPlanIntent"
    PARTNER_TRIGGERED = "PartnerTriggeredIntent"
    START_LETTER = "StartLetterIntent"  # "help me met de brief", "deel drie van de brief"
    TOGETHER = "TogetherIntent"
    ALONE = "AloneIntent"
    SET_NAMES = "SetNamesIntent"
    WEATHER = "WeatherIntent"
    NEED = "NeedIntent"
    FEELING = "FeelingIntent"
    GRATITUDE = "GratitudeIntent"
    SKIP = "SkipIntent"
    SLOWER = "SlowerIntent"
    FASTER = "FasterIntent"
    MORE_BREATHS = "MoreBreathsIntent"
    ERASE_DATA = "EraseDataIntent"
    WITHDRAW_CONSENT = "WithdrawConsentIntent"  # "trek mijn toestemming in": keep no check-ins
    WHO_ARE_YOU = "WhoAreYouIntent"  # "wat ben jij?", "ben jij een therapeut?"
    WHAT_IS_KEPT = "WhatIsKeptIntent"  # "wat doe je ermee?", "wie ziet het?": what is kept, and where
    GREET = "GreetIntent"  # "hallo", "goedenavond": greeted back, then the question again
    HELP_LINES = "HelpLinesIntent"  # "wat is het nummer van de hulplijn?", "is 113 ook voor mannen?"
    SEEK_HELP = "SeekHelpIntent"  # "moeten we naar een therapeut?": when and where to find help
    SAFE = "SafeIntent"  # "ik ben veilig": the answer to "ben je nu veilig?", also where the coach stays
    SET_COUNTRY = "SetCountryIntent"  # "ik woon in België", "ik zit in Gent": whose help lines
    TRIGGERED_NAME = "TriggeredNameIntent"  # "Lotte", "het is Lotte": who of the two is triggered
    INTENSITY = "IntensityIntent"  # "zeven", "een acht": how strong the feeling is, 0 to 10
    LOOK_BACK = "LookBackIntent"  # "hoe ging onze week?", "hoe ging onze maand?"
    MAKE_CONTRACT = "MakeContractIntent"  # "maak ons vertrouwenscontract"
    READ_CONTRACT = "ReadContractIntent"  # "wat staat er in ons contract?"
    MAKE_TRIGGER_PLAN = "MakeTriggerPlanIntent"  # "maak ons triggerplan" (not the breathing: StartTriggerPlan)
    READ_TRIGGER_PLAN = "ReadTriggerPlanIntent"  # "wat staat er in ons plan?"
    PLAN_ACTION = "PlanActionIntent"  # "geef me ruimte", "houd me vast": what the partner is asked to do
    REVIEW_CONTRACT = "ReviewContractIntent"  # "evalueer ons contract": the monthly review
    PARTLY = "PartlyIntent"  # "deels", "soms": an agreement of the contract worked in part
    ADJUST_AGREEMENT = "AdjustAgreementIntent"  # "houden", "veranderen", "schrappen" (slot choice)
    SAFETY = "SafetyIntent"
    AMBIGUOUS = "AmbiguousIntent"  # "ik kan niet meer": stop the exercise, or not wanting to live?
    DISTRESS = "DistressIntent"  # a free answer (the gratitude) that is hurt, anger or a refusal
    YES = "AMAZON.YesIntent"
    NO = "AMAZON.NoIntent"
    HELP = "AMAZON.HelpIntent"
    STOP = "AMAZON.StopIntent"
    CANCEL = "AMAZON.CancelIntent"
    REPEAT = "AMAZON.RepeatIntent"
    PAUSE = "AMAZON.PauseIntent"
    RESUME = "AMAZON.ResumeIntent"
    NEXT = "AMAZON.NextIntent"
    START_OVER = "AMAZON.StartOverIntent"
    FALLBACK = "AMAZON.FallbackIntent"
    NAVIGATE_HOME = "AMAZON.NavigateHomeIntent"


class SlotName(enum.StrEnum):
    """A slot the core reads; members are the model's slot names."""

    FIRST = "first"
    SECOND = "second"
    WEATHER = "weather"
    NEED = "need"
    FEELING = "feeling"
    GRATITUDE = "gratitude"
    WHO = "who"  # on TriggeredNameIntent: the first name of who is triggered
    NEGATED = "negated"  # a weather said with "niet" or "geen" before it, and no other
    CONCERN = "concern"  # on SafetyIntent: what the danger is about (a `Concern`)
    LETTER_PART = "part"  # on StartLetterIntent: the part of the letter to go on with
    LEVEL = "level"  # on IntensityIntent: a number (how strong the feeling is)
    PERIOD = "period"  # on LookBackIntent: the week or the month (none said: the week)
    ACTION = "action"  # on PlanActionIntent: what the partner is asked to do in a trigger moment
    CHOICE = "choice"  # on AdjustAgreementIntent: keep, change or drop an agreement
    COUNTRY = "country"  # on SetCountryIntent: NL or BE (a place or region says which)


class Concern(enum.StrEnum):
    """What a danger sentence is about, so the safety answer can fit it: thoughts of suicide
    or self-harm, violence or fear of the partner, a body in danger now, or not clear (both
    answers)."""

    SUICIDE = "SUICIDE"
    VIOLENCE = "VIOLENCE"
    UNCLEAR = "UNCLEAR"
    # A body in danger now (pills taken, chest pain, gas, bleeding): 112 at once, never
    # "Ben je nu veilig?"; the coach stays and asks who can call.
    EMERGENCY = "EMERGENCY"
    # Thoughts of suicide told of the partner ("ze zegt dat ze er niet meer wil zijn"): 113
    # first, for the one who tells it too; the coach asks whether the partner is safe.
    SUICIDE_OTHER = "SUICIDE_OTHER"
    # Harm the speaker says they may do ("ik kan hem wel slaan", "ze is bang voor me"): taking
    # distance now, Veilig Thuis (for those who use violence too) and 112; the coach asks
    # whether taking distance works, not whether the speaker is safe.
    SPEAKER_HARM = "SPEAKER_HARM"
    # Not a danger rule but the worry model (dialogue/worry_model.py): it sounds like harm,
    # so the coach asks whether the person is safe before anything else.
    UNSURE = "UNSURE"


class SlotKind(enum.Enum):
    """How the core reads a slot (its type comes from the interaction model)."""

    VALUE_ID = "value id"  # a value of a custom slot type, read by its id
    FREE_WORD = "free word"  # a free word: a first name
    NUMBER = "number"  # a number, as digits (Alexa's AMAZON.NUMBER; locally the locale's number words)


# Slots filled with a free word (a first name) rather than a value of a custom type.
FREE_WORD_SLOT_TYPES = frozenset({"AMAZON.FirstName"})

# Slot types that hold a number: Alexa fills them with digits; the local understanding reads
# the locale's number words (understanding.toml [numbers]) and digits.
NUMBER_SLOT_TYPES = frozenset({"AMAZON.NUMBER"})

# Slot types only Alexa fills (a reminder time): intents that use them belong to the skill,
# and the local understanding leaves their samples alone.
ALEXA_ONLY_SLOT_TYPES = frozenset({"AMAZON.TIME"})

# The slots the core reads, and how. Each slot read by id must have a custom type of its
# own in the interaction model; the locale says which (`Locale.slot_type`).
CORE_SLOTS: dict[IntentName, dict[SlotName, SlotKind]] = {
    IntentName.WEATHER: {SlotName.WEATHER: SlotKind.VALUE_ID, SlotName.NEGATED: SlotKind.VALUE_ID},
    IntentName.NEED: {SlotName.NEED: SlotKind.VALUE_ID},
    IntentName.FEELING: {SlotName.FEELING: SlotKind.VALUE_ID},
    IntentName.GRATITUDE: {SlotName.GRATITUDE: SlotKind.VALUE_ID},
    IntentName.SET_NAMES: {SlotName.FIRST: SlotKind.FREE_WORD, SlotName.SECOND: SlotKind.FREE_WORD},
    IntentName.TRIGGERED_NAME: {SlotName.WHO: SlotKind.FREE_WORD},
    IntentName.START_LETTER: {SlotName.LETTER_PART: SlotKind.VALUE_ID},
    IntentName.INTENSITY: {SlotName.LEVEL: SlotKind.NUMBER},
    IntentName.LOOK_BACK: {SlotName.PERIOD: SlotKind.VALUE_ID},
    IntentName.PLAN_ACTION: {SlotName.ACTION: SlotKind.VALUE_ID},
    IntentName.ADJUST_AGREEMENT: {SlotName.CHOICE: SlotKind.VALUE_ID},
    IntentName.SET_COUNTRY: {SlotName.COUNTRY: SlotKind.VALUE_ID},
}

# Slots that hold a value the person denied ("niet zonnig"): the local understanding finds a
# denial itself (see dialogue.understanding.matching), so it leaves samples using them to Alexa.
DENIED_SLOTS = frozenset({SlotName.NEGATED})

# A need said in the person's own words, not one of the need values: its id. The words
# themselves travel with the intent for that one turn (`Intent.said`) and are never stored.
OWN_WORDS = "OWN"

# Intents Alexa recognises by itself; every other intent needs samples to be understood locally.
INTENTS_WITHOUT_SAMPLES = frozenset({IntentName.FALLBACK, IntentName.NAVIGATE_HOME})
