"""What every household store shares: the store protocol, its error, and the one
interpreter of the core's effects.

`apply_effects(effects, writer)` checks a turn's effects, then hands each to a small
`EffectWriter` (save_names, save_pace, mark_introduced, save_consent, add_checkin, erase) that each
backend implements over its own storage. A backend that wants all or nothing wraps the
call in its own transaction; nothing is handed to the writer if any effect is invalid.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Protocol

from dialogue import (
    CheckinEntry,
    Effect,
    EraseHousehold,
    Household,
    MarkIntroduced,
    SaveCheckin,
    SaveConsent,
    SaveCountry,
    SaveNames,
    SavePace,
)
from dialogue.model import COUNTRIES

# The core counts the check-ins of the last week; older dates are not loaded.
RECENT_DAYS = 7
# The household of the local mode, and of a self-hosted skill that shares it.
LOCAL_HOUSEHOLD = "local"


class StoreError(Exception):
    """The store cannot be used. `reason` is 'unwritable', 'corrupt' or 'failed'; `path` names
    the store (a file, or e.g. `dynamodb:TABLE`).

    `detail` says what went wrong technically (an SQLite message, an exception type), never
    a stored value.
    """

    def __init__(self, reason: str, path: str, detail: str) -> None:
        super().__init__(f"{path}: {reason}: {detail}")
        self.reason = reason
        self.path = path
        self.detail = detail


class StoreConfigError(ValueError):
    """A store setting that is not understood, or a store that cannot be opened as set."""


class InvalidEffect(ValueError):
    """An effect no store can keep as it is (a bug in its maker); the turn is not stored."""


class Households(Protocol):
    """Where households are kept, each under a plain household id (an Alexa user id, `local`...)."""

    def load(self, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> Household:
        """The household as the core needs it on `today`; raises StoreError."""
        ...

    def apply(self, effects: Iterable[Effect], household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Keep the effects of one turn, all or nothing; raises StoreError."""
        ...

    def erase(self, household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Delete everything kept of the household; raises StoreError."""
        ...


class EffectWriter(Protocol):
    """One backend's way of writing each kind of effect for one household."""

    def save_names(self, first: str, second: str) -> None: ...

    def save_pace(self, inhale_seconds: int, exhale_seconds: int) -> None: ...

    def mark_introduced(self) -> None: ...

    def save_consent(self, given: bool) -> None:
        """Keep the consent answer; refused or withdrawn, every kept check-in is erased."""
        ...

    def add_checkin(self, date: datetime.date, entries: Sequence[CheckinEntry]) -> None:
        """Keep a check-in. A store that keeps answers keeps its date and `entries` only with
        the household's consent; one that keeps only dates keeps the date, never the entries."""
        ...

    def save_country(self, country: str) -> None: ...

    def erase(self) -> None: ...


def recent_since(today: datetime.date) -> datetime.date:
    """The first date whose check-ins still count on `today`."""
    return today - datetime.timedelta(days=RECENT_DAYS)


def parse_stored_date(text: object) -> datetime.date | None:
    """A date as stores keep it (plain ISO, YYYY-MM-DD); None for anything else."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def check_effect(effect: object) -> None:
    """Raise InvalidEffect for anything that is not a well-formed core effect."""
    if isinstance(effect, SaveCheckin):
        # A bad date would silently drop out of the week's count.
        if type(effect.date) is not datetime.date:  # a datetime would be kept with its time
            raise InvalidEffect("a check-in needs a date")
        for entry in effect.entries:
            if not all(value is None or isinstance(value, str) for value in (entry.weather, entry.need)):
                raise InvalidEffect("check-in answers must be value ids or None")
    elif isinstance(effect, SaveConsent):
        if type(effect.given) is not bool:
            raise InvalidEffect("consent is given or not")
    elif isinstance(effect, SaveCountry):
        if effect.country not in COUNTRIES:
            raise InvalidEffect(f"the country must be one of {', '.join(COUNTRIES)}")
    elif not isinstance(effect, (SaveNames, SavePace, MarkIntroduced, EraseHousehold)):
        raise InvalidEffect(f"unknown effect {type(effect).__name__}")


def apply_effects(effects: Sequence[Effect], writer: EffectWriter) -> None:
    """Check every effect (raises InvalidEffect), then write each in order through `writer`."""
    for effect in effects:
        check_effect(effect)
    for effect in effects:
        if isinstance(effect, SaveNames):
            writer.save_names(effect.first, effect.second)
        elif isinstance(effect, SavePace):
            writer.save_pace(effect.inhale_seconds, effect.exhale_seconds)
        elif isinstance(effect, MarkIntroduced):
            writer.mark_introduced()
        elif isinstance(effect, SaveConsent):
            writer.save_consent(effect.given)
        elif isinstance(effect, SaveCountry):
            writer.save_country(effect.country)
        elif isinstance(effect, SaveCheckin):
            # Writers keep answers only where the store keeps them and consent was given
            # (in the store, not only in the core's word).
            writer.add_checkin(effect.date, effect.entries)
        else:
            writer.erase()
