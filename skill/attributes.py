"""The household as persistent attributes (a plain dict), for key-value stores like DynamoDB.

Shape: {"names": [first, second] | None, "inhale_seconds": int, "exhale_seconds": int,
"introduced": bool, "checkins": [{"date": ISO date, "entries": [{"weather", "need"}]}]}.
Gratitude and anything said in a safety moment never reach it: the core's effects do not
carry them. Numbers may come back as Decimal (DynamoDB); they are read as int.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from dialogue import EraseHousehold, Household, MarkIntroduced, SaveCheckin, SaveNames, SavePace
from dialogue.model import DEFAULT_EXHALE_SECONDS, DEFAULT_INHALE_SECONDS, Effect

RECENT_DAYS = 7
# A DynamoDB item holds at most 400 KB; this many check-ins stay well inside it.
MAX_CHECKINS = 1000


def household_from_attributes(attributes: Mapping[str, Any], today: str) -> Household:
    """The household as the core needs it, with the check-in dates of the last week."""
    if not attributes:
        return Household(today=today)
    since = (datetime.date.fromisoformat(today) - datetime.timedelta(days=RECENT_DAYS)).isoformat()
    names = attributes.get("names")
    dates = sorted({str(c["date"]) for c in attributes.get("checkins", []) if str(c["date"]) >= since})
    return Household(
        today=today,
        names=(str(names[0]), str(names[1])) if names else None,
        inhale_seconds=int(attributes.get("inhale_seconds", DEFAULT_INHALE_SECONDS)),
        exhale_seconds=int(attributes.get("exhale_seconds", DEFAULT_EXHALE_SECONDS)),
        checkin_dates=tuple(dates),
        introduced=bool(attributes.get("introduced", False)),
    )


def apply_to_attributes(attributes: Mapping[str, Any], effects: Iterable[Effect]) -> dict[str, Any] | None:
    """The attributes after the effects; None when the household was erased (delete it)."""
    result: dict[str, Any] = {
        "names": attributes.get("names"),
        "inhale_seconds": int(attributes.get("inhale_seconds", DEFAULT_INHALE_SECONDS)),
        "exhale_seconds": int(attributes.get("exhale_seconds", DEFAULT_EXHALE_SECONDS)),
        "introduced": bool(attributes.get("introduced", False)),
        "checkins": [_plain_checkin(c) for c in attributes.get("checkins", [])],
    }
    erased = False
    for effect in effects:
        if isinstance(effect, EraseHousehold):
            result = {"names": None, "inhale_seconds": DEFAULT_INHALE_SECONDS,
                      "exhale_seconds": DEFAULT_EXHALE_SECONDS, "introduced": False, "checkins": []}
            erased = True
            continue
        erased = False
        if isinstance(effect, SaveNames):
            result["names"] = [effect.first, effect.second]
        elif isinstance(effect, SavePace):
            result["inhale_seconds"], result["exhale_seconds"] = effect.inhale_seconds, effect.exhale_seconds
        elif isinstance(effect, MarkIntroduced):
            result["introduced"] = True
        elif isinstance(effect, SaveCheckin):
            datetime.date.fromisoformat(effect.date)
            entries = [{"weather": e.weather, "need": e.need} for e in effect.entries]
            result["checkins"] = (result["checkins"] + [{"date": effect.date, "entries": entries}])[-MAX_CHECKINS:]
        else:
            raise TypeError(f"unknown effect {type(effect).__name__}")
    return None if erased else result


def _plain_checkin(checkin: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "date": str(checkin["date"]),
        "entries": [{"weather": e.get("weather"), "need": e.get("need")} for e in checkin.get("entries", [])],
    }
