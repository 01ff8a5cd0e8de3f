"""The one table from Alexa intents to core events, and reading slots from a request.

Each intent of the interaction model has a `Route`: the core intent it becomes (None:
the core's "not understood") and how each of its slots is read. Custom slot types are
read by entity resolution id (`ER_SUCCESS_MATCH` only); a free-word slot (a first name)
falls back to the raw value. A slot that is missing or did not resolve is left out of
the event, so the core answers it as not understood. A test checks this table against
interaction_model.json in both directions.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from ask_sdk_model.intent import Intent as AlexaIntent
from ask_sdk_model.slot import Slot

from dialogue import Event, Intent, Unrecognized
from dialogue.intents import IntentName as I
from dialogue.intents import SlotName as S

MAX_RAW_VALUE_LENGTH = 30
ER_SUCCESS_MATCH = "ER_SUCCESS_MATCH"


class SlotReading(str, enum.Enum):
    BY_ID = "by_id"  # entity resolution id of a custom type
    RAW = "raw"  # a free word (AMAZON.FirstName): the id if resolved, else the raw value


@dataclass(frozen=True)
class Route:
    """What one Alexa intent becomes in the core."""

    core_intent: str | None
    slots: Mapping[str, SlotReading] = field(default_factory=dict)


def _to(name: I, **slots: SlotReading) -> Route:
    return Route(name.value, slots)


ROUTES: Mapping[str, Route] = {
    "StartCheckinIntent": _to(I.START_CHECKIN),
    "StartTriggerPlanIntent": _to(I.START_TRIGGER_PLAN),
    "PartnerTriggeredIntent": _to(I.PARTNER_TRIGGERED),
    "TogetherIntent": _to(I.TOGETHER),
    "AloneIntent": _to(I.ALONE),
    "SetNamesIntent": _to(I.SET_NAMES, **{S.FIRST.value: SlotReading.RAW, S.SECOND.value: SlotReading.RAW}),
    "WeatherIntent": _to(I.WEATHER, **{S.WEATHER.value: SlotReading.BY_ID}),
    "NeedIntent": _to(I.NEED, **{S.NEED.value: SlotReading.BY_ID}),
    "FeelingIntent": _to(I.FEELING, **{S.FEELING.value: SlotReading.BY_ID}),
    "GratitudeIntent": _to(I.GRATITUDE, **{S.GRATITUDE.value: SlotReading.BY_ID}),
    "SkipIntent": _to(I.SKIP),
    "SlowerIntent": _to(I.SLOWER),
    "FasterIntent": _to(I.FASTER),
    "MoreBreathsIntent": _to(I.MORE_BREATHS),
    "EraseDataIntent": _to(I.ERASE_DATA),
    "SafetyIntent": _to(I.SAFETY),
    "AMAZON.YesIntent": _to(I.YES),
    "AMAZON.NoIntent": _to(I.NO),
    "AMAZON.HelpIntent": _to(I.HELP),
    "AMAZON.StopIntent": _to(I.STOP),
    "AMAZON.CancelIntent": _to(I.CANCEL),
    "AMAZON.RepeatIntent": _to(I.REPEAT),
    "AMAZON.PauseIntent": _to(I.PAUSE),
    "AMAZON.ResumeIntent": _to(I.RESUME),
    "AMAZON.NextIntent": _to(I.NEXT),
    "AMAZON.StartOverIntent": _to(I.START_OVER),
    "AMAZON.NavigateHomeIntent": _to(I.NAVIGATE_HOME),
    "AMAZON.FallbackIntent": Route(None),
}


# Intents the skill answers itself, outside the core (skill/reminder_flow.py).
SKILL_INTENTS = frozenset({"SetReminderIntent"})


def resolved_id(slot: Slot) -> str | None:
    """The first entity resolution id with status ER_SUCCESS_MATCH, or None."""
    resolutions = slot.resolutions
    for authority in (resolutions.resolutions_per_authority or []) if resolutions else []:
        status = authority.status.code if authority.status else None
        code = getattr(status, "value", status)
        if code != ER_SUCCESS_MATCH:
            continue
        for wrapper in authority.values or []:
            if wrapper.value is not None and wrapper.value.id:
                return str(wrapper.value.id)
    return None


def read_slot(slot: Slot | None, reading: SlotReading) -> str | None:
    """The value the core gets for one slot, or None to leave the slot out."""
    if slot is None:
        return None
    value = resolved_id(slot)
    if value is None and reading is SlotReading.RAW and slot.value:
        raw = slot.value.strip()
        # A name is one or a few letters-only words; anything else is not a name.
        if raw and len(raw) <= MAX_RAW_VALUE_LENGTH and raw.replace(" ", "").replace("-", "").isalpha():
            value = raw[:1].upper() + raw[1:]
    return value


def raw_values(intent: AlexaIntent) -> list[str]:
    """Every raw slot value heard (for the safety check only: never stored or logged)."""
    return [slot.value for slot in (intent.slots or {}).values() if slot is not None and slot.value]


def to_event(intent: AlexaIntent) -> Event:
    """The core event for an Alexa intent; an unknown intent is not understood."""
    route = ROUTES.get(intent.name or "")
    if route is None or route.core_intent is None:
        return Unrecognized()
    slots = intent.slots or {}
    values = {name: read_slot(slots.get(name), reading) for name, reading in route.slots.items()}
    return Intent.of(route.core_intent, **{name: value for name, value in values.items() if value is not None})
