"""The shared dialogue core of Samen Sterker: pure, no I/O, no clock, no SDK imports."""

from typing import TYPE_CHECKING

from dialogue.coach import Coach
from dialogue.locale import Locale, LocaleError
from dialogue.model import (
    CheckinDay,
    CheckinEntry,
    ContractReview,
    Effect,
    EraseHousehold,
    Event,
    Household,
    Intent,
    MarkIntroduced,
    PartnerPlan,
    Pause,
    Reply,
    SaveCheckin,
    SaveConsent,
    SaveContract,
    SaveContractReview,
    SaveCountry,
    SaveHelpSuggested,
    SaveNames,
    SavePace,
    SaveTriggerMoment,
    SaveTriggerPlan,
    Say,
    Silence,
    State,
    Step,
    TriggerMoment,
    Turn,
    Unrecognized,
    state_from_json,
    state_to_json,
)

if TYPE_CHECKING:
    from dialogue.understanding import Understander


def __getattr__(name: str) -> object:
    # The understanding (and rapidfuzz) loads on first use: the Alexa skill needs it only
    # for the raw slot values it checks for danger, never at a cold start's launch.
    if name == "Understander":
        from dialogue.understanding import Understander

        return Understander
    raise AttributeError(f"module 'dialogue' has no attribute {name!r}")

__all__ = [
    "CheckinDay",
    "CheckinEntry",
    "Coach",
    "ContractReview",
    "Effect",
    "EraseHousehold",
    "Event",
    "Household",
    "Intent",
    "Locale",
    "LocaleError",
    "MarkIntroduced",
    "PartnerPlan",
    "Pause",
    "Reply",
    "SaveCheckin",
    "SaveConsent",
    "SaveContract",
    "SaveContractReview",
    "SaveCountry",
    "SaveHelpSuggested",
    "SaveNames",
    "SavePace",
    "SaveTriggerMoment",
    "SaveTriggerPlan",
    "Say",
    "Silence",
    "State",
    "Step",
    "TriggerMoment",
    "Turn",
    "Understander",
    "Unrecognized",
    "state_from_json",
    "state_to_json",
]
