"""The household's history, read only: what the page at home and an export show.

Everything here reads through the store's own API (`HouseholdStore.load`,
`HouseholdStore.checkins`, `HouseholdStore.trigger_moments` and
`HouseholdStore.contract_reviews`) and changes nothing. The answers of a check-in done together
belong to partner 0 (who began) and partner 1; a check-in done alone has one entry and
no partner to pin it on. What one partner said alone is not shown to the other: only
that a check-in happened (`Day.alone`); the export, the household's own copy, holds it all.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from dialogue import CheckinEntry, ContractReview, Household, TriggerMoment
from household.effects import LOCAL_HOUSEHOLD

EXPORT_FORMAT = "samen-sterker-export"
EXPORT_VERSION = 1


class HistoryStore(Protocol):
    """What the history reads from a store (`household.store.HouseholdStore` has both)."""

    def load(self, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> Household: ...

    def checkins(
        self, household_id: str = LOCAL_HOUSEHOLD
    ) -> list[tuple[datetime.date, list[tuple[str | None, str | None]]]]: ...

    def trigger_moments(self, household_id: str = LOCAL_HOUSEHOLD) -> list[TriggerMoment]: ...

    def contract_reviews(self, household_id: str = LOCAL_HOUSEHOLD) -> list[ContractReview]: ...


@dataclass(frozen=True)
class Checkin:
    """One stored check-in: its date and each partner's answers (one entry when done alone)."""

    date: datetime.date
    entries: tuple[CheckinEntry, ...]

    @property
    def alone(self) -> bool:
        """Done by one partner alone: the answers cannot be pinned on a partner."""
        return len(self.entries) == 1


@dataclass(frozen=True)
class History:
    """The household as stored, with every check-in, trigger moment and review of the trust
    contract, oldest first."""

    household: Household
    checkins: tuple[Checkin, ...]
    trigger_moments: tuple[TriggerMoment, ...] = ()
    contract_reviews: tuple[ContractReview, ...] = ()


@dataclass(frozen=True)
class Day:
    """One calendar day: each partner's weather from a check-in done together that day
    (None: no such check-in, or the weather was skipped), and whether anyone checked in alone."""

    date: datetime.date
    together: bool = False
    weathers: tuple[str | None, str | None] = (None, None)
    alone: bool = False


def read_history(store: HistoryStore, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> History:
    """The household and all its check-ins; raises StoreError."""
    household = store.load(today, household_id)
    checkins = tuple(
        Checkin(date, tuple(CheckinEntry(weather, need) for weather, need in entries))
        for date, entries in store.checkins(household_id)
    )
    return History(household, checkins, tuple(store.trigger_moments(household_id)),
                   tuple(store.contract_reviews(household_id)))


def days(history: History, first: datetime.date, last: datetime.date) -> list[Day]:
    """Every day from `first` to `last`, both included. Of several check-ins done together on
    one day, the last answer given counts for each partner."""
    together: dict[datetime.date, list[str | None]] = {}
    alone: set[datetime.date] = set()
    for checkin in history.checkins:
        if not first <= checkin.date <= last:
            continue
        if checkin.alone:
            alone.add(checkin.date)
            continue
        weathers = together.setdefault(checkin.date, [None, None])
        for index, entry in enumerate(checkin.entries[:2]):
            if entry.weather is not None:
                weathers[index] = entry.weather
    result = []
    day = first
    while day <= last:
        found = together.get(day)
        result.append(Day(day, found is not None, (found[0], found[1]) if found else (None, None), day in alone))
        day += datetime.timedelta(days=1)
    return result


def need_counts(history: History, first: datetime.date, last: datetime.date) -> dict[str, tuple[int, int]]:
    """How often each need value id came up per partner (who began, the other) in check-ins
    done together from `first` to `last`; needs never said are left out."""
    counts: list[Counter[str]] = [Counter(), Counter()]
    for checkin in history.checkins:
        if checkin.alone or not first <= checkin.date <= last:
            continue
        for index, entry in enumerate(checkin.entries[:2]):
            if entry.need is not None:
                counts[index][entry.need] += 1
    return {need: (counts[0][need], counts[1][need]) for need in counts[0].keys() | counts[1].keys()}


def export_document(
    history: History, exported_at: datetime.datetime, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the household has stored, as one JSON-ready document (value ids as stored;
    `extra` adds what the device keeps beside the store, e.g. the last check-in invitation)."""
    household = history.household
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "names": list(household.names) if household.names else None,
        "breathing": {"inhale_seconds": household.inhale_seconds, "exhale_seconds": household.exhale_seconds},
        "introduced": household.introduced,
        "checkins": [_checkin_document(c) for c in history.checkins],
        "trigger_moments": [{"date": m.date.isoformat(), "before": m.before, "after": m.after}
                            for m in history.trigger_moments],
        "help_suggested": None if household.help_suggested is None else household.help_suggested.isoformat(),
        "trigger_plan": None if household.trigger_plan is None
        else [{"needs": list(p.needs), "actions": list(p.actions)} for p in household.trigger_plan],
        "contract": None if household.contract is None else list(household.contract),
        "contract_reviews": [{"date": r.date.isoformat(), "answers": [{"agreement": a, "answer": v} for a, v in r.answers]}
                             for r in history.contract_reviews],
    }
    document.update(extra or {})
    return document


def _checkin_document(checkin: Checkin) -> dict[str, Any]:
    entries: Sequence[CheckinEntry] = checkin.entries
    return {
        "date": checkin.date.isoformat(),
        "together": not checkin.alone,
        "partners": [{"weather": e.weather, "need": e.need} for e in entries],
    }
