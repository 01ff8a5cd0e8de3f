"""The shared dialogue core of Samen Sterker: pure, no I/O, no clock, no SDK imports."""

from dialogue.coach import Coach
from dialogue.locale import Locale, LocaleError
from dialogue.model import (
    CheckinEntry,
    Effect,
    EraseHousehold,
    Event,
    Household,
    Intent,
    MarkIntroduced,
    Pause,
    Reply,
    SaveCheckin,
    SaveNames,
    SavePace,
    Say,
    Silence,
    State,
    Step,
    Turn,
    Unrecognized,
    state_from_json,
    state_to_json,
)
from dialogue.understanding import Understander

__all__ = [
    "CheckinEntry",
    "Coach",
    "Effect",
    "EraseHousehold",
    "Event",
    "Household",
    "Intent",
    "Locale",
    "LocaleError",
    "MarkIntroduced",
    "Pause",
    "Reply",
    "SaveCheckin",
    "SaveNames",
    "SavePace",
    "Say",
    "Silence",
    "State",
    "Step",
    "Turn",
    "Understander",
    "Unrecognized",
    "state_from_json",
    "state_to_json",
]
