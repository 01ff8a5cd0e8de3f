"""From Alexa intents to core events, and reading slots from a request.

Every intent the core knows (`IntentName`) is routed to itself, with the slots the
interaction model gives it; only the exceptions are written out below. A slot of a
free-word type (a first name) is read as its resolution id, else its raw value; a number
(AMAZON.NUMBER: Alexa writes it in digits) as its digits; any other slot by entity
resolution id (`ER_SUCCESS_MATCH` only). A slot that is missing or
did not resolve is left out of the event, so the core answers it as not understood;
except an answer in one's own words (see `Routes`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ask_sdk_model.intent import Intent as AlexaIntent
from ask_sdk_model.slot import Slot

from dialogue import Event, Intent, Locale, Unrecognized
from dialogue.intents import FREE_WORD_SLOT_TYPES, NUMBER_SLOT_TYPES, OWN_WORDS, IntentName

MAX_RAW_VALUE_LENGTH = 30
MAX_SAID_WORDS = 20
MAX_NUMBER_DIGITS = 3
ER_SUCCESS_MATCH = "ER_SUCCESS_MATCH"

# Intents that do not reach the core as themselves: Alexa's "not understood" is the core's.
NOT_UNDERSTOOD = frozenset({IntentName.FALLBACK})
# Intents the skill answers itself, outside the core (skill/reminders.py).
SKILL_INTENTS = frozenset({"SetReminderIntent"})


class SlotReading(str, enum.Enum):
    BY_ID = "by_id"  # entity resolution id of a custom type
    RAW = "raw"  # a free word (AMAZON.FirstName): the id if resolved, else the raw value
    NUMBER = "number"  # a number (AMAZON.NUMBER): its digits, if that is what Alexa heard


@dataclass(frozen=True)
class Route:
    """What one Alexa intent becomes in the core."""

    core_intent: str | None
    slots: Mapping[str, SlotReading] = field(default_factory=dict)


def reading(slot_type: str) -> SlotReading:
    """How a slot of this type is read."""
    if slot_type in NUMBER_SLOT_TYPES:
        return SlotReading.NUMBER
    return SlotReading.RAW if slot_type in FREE_WORD_SLOT_TYPES else SlotReading.BY_ID


def build_routes(locale: Locale) -> dict[str, Route]:
    """The route of every intent the core knows, its slots as the locale's interaction model declares them."""
    return {
        name: Route(
            None if name in NOT_UNDERSTOOD else name,
            {slot: reading(slot_type) for slot, slot_type in locale.intent(name).slots},
        )
        for name in IntentName
    }


@dataclass(frozen=True)
class Routes:
    """The routes of one locale, and the core event for an Alexa intent.

    An answer that may be said in one's own words (a need: the locale's own_words_intents)
    whose slot heard words but did not resolve is that answer in own words (`OWN_WORDS`),
    its words carried for that turn only (`Intent.said`). A slot that did resolve carries
    the words heard too, so the coach can say which value it heard them as."""

    table: Mapping[str, Route]
    own_words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, locale: Locale) -> Routes:
        return cls(build_routes(locale), locale.rules.own_words_intents)

    def event(self, intent: AlexaIntent) -> Event:
        """The core event for an Alexa intent; an unknown intent is not understood."""
        route = self.table.get(intent.name or "")
        if route is None or route.core_intent is None:
            return Unrecognized()
        slots = intent.slots or {}
        values = {name: read_slot(slots.get(name), how) for name, how in route.slots.items()}
        said: str | None = None
        for name, how in route.slots.items():
            heard = _heard(slots.get(name))
            if how is SlotReading.BY_ID and heard is not None:
                if values[name] is None and route.core_intent in self.own_words:
                    values[name] = OWN_WORDS
                if values[name] is not None:
                    said = said or heard
        event = Intent.of(route.core_intent, **{name: value for name, value in values.items() if value is not None})
        return replace(event, said=said) if event.slots else event


def _heard(slot: Slot | None) -> str | None:
    """The words a slot heard, trimmed to a short phrase, or None."""
    if slot is None or not slot.value or not slot.value.strip():
        return None
    return " ".join(slot.value.split()[:MAX_SAID_WORDS])


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


def read_slot(slot: Slot | None, how: SlotReading) -> str | None:
    """The value the core gets for one slot, or None to leave the slot out."""
    if slot is None:
        return None
    if how is SlotReading.NUMBER:
        raw = (slot.value or "").strip()
        return str(int(raw)) if raw.isdigit() and len(raw) <= MAX_NUMBER_DIGITS else None
    value = resolved_id(slot)
    if value is None and how is SlotReading.RAW and slot.value:
        raw = slot.value.strip()
        # A name is one or a few letters-only words; anything else is not a name.
        if raw and len(raw) <= MAX_RAW_VALUE_LENGTH and raw.replace(" ", "").replace("-", "").isalpha():
            value = raw[:1].upper() + raw[1:]
    return value


def raw_values(intent: AlexaIntent) -> list[str]:
    """Every raw slot value heard (for the safety check only: never stored or logged)."""
    return [slot.value for slot in (intent.slots or {}).values() if slot is not None and slot.value]
