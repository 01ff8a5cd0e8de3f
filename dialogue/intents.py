"""Names of the intents and slots the core understands (they match the interaction model)."""

from __future__ import annotations

import enum


class IntentName(str, enum.Enum):
    START_CHECKIN = "StartCheckinIntent"
    START_TRIGGER_PLAN = "StartTriggerPlanIntent"
    PARTNER_TRIGGERED = "PartnerTriggeredIntent"
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
    SAFETY = "SafetyIntent"
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


class SlotName(str, enum.Enum):
    FIRST = "first"
    SECOND = "second"
    WEATHER = "weather"
    NEED = "need"
    FEELING = "feeling"
    GRATITUDE = "gratitude"


# The custom slot type behind each slot whose values the core reads by id.
SLOT_TYPES: dict[SlotName, str] = {
    SlotName.WEATHER: "WeatherType",
    SlotName.NEED: "NeedType",
    SlotName.FEELING: "FeelingType",
    SlotName.GRATITUDE: "GratitudeTopic",
}

# Slots filled with a free word (a first name) rather than a value of a custom type.
FREE_WORD_SLOT_TYPES = frozenset({"AMAZON.FirstName"})

# Slot types only Alexa fills (a reminder time): intents that use them belong to the skill,
# and the local understanding leaves their samples alone.
ALEXA_ONLY_SLOT_TYPES = frozenset({"AMAZON.TIME"})

# The slots the core reads, with the type each must have in the interaction model.
CORE_SLOTS: dict[IntentName, dict[SlotName, str]] = {
    IntentName.WEATHER: {SlotName.WEATHER: "WeatherType"},
    IntentName.NEED: {SlotName.NEED: "NeedType"},
    IntentName.FEELING: {SlotName.FEELING: "FeelingType"},
    IntentName.GRATITUDE: {SlotName.GRATITUDE: "GratitudeTopic"},
    IntentName.SET_NAMES: {SlotName.FIRST: "AMAZON.FirstName", SlotName.SECOND: "AMAZON.FirstName"},
}

# Intents Alexa recognises by itself; every other intent needs samples to be understood locally.
INTENTS_WITHOUT_SAMPLES = frozenset({IntentName.FALLBACK, IntentName.NAVIGATE_HOME})
