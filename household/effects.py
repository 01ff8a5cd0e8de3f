"""What every household store shares: the store protocol, its error, and the one
interpreter of the core's effects.

`apply_effects(effects, writer)` checks a turn's effects, then hands each to a small
`EffectWriter` (save_names, save_pace, mark_introduced, save_consent, add_checkin,
add_trigger_moment, save_country, save_help_suggested, save_contract, save_trigger_plan,
save_contract_review, erase) that each
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
    PartnerPlan,
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
)
from dialogue.model import COUNTRIES, HISTORY_DAYS, INTENSITY_RANGE, REVIEW_ANSWERS, CheckinDay

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

    def add_trigger_moment(self, date: datetime.date, before: int | None, after: int | None) -> None:
        """Keep a trigger moment: only where answers are kept, with the household's consent."""
        ...

    def save_country(self, country: str) -> None: ...

    def save_help_suggested(self, date: datetime.date) -> None:
        """Keep the date professional help was last suggested: only where answers are kept,
        with the household's consent (refused or withdrawn consent clears it)."""
        ...

    def save_contract(self, agreements: Sequence[str]) -> None:
        """Keep the trust contract's agreement ids, replacing the one before: only where
        answers are kept, with the household's consent (withdrawn consent clears it)."""
        ...

    def save_trigger_plan(self, partners: tuple[PartnerPlan, PartnerPlan]) -> None:
        """Keep the couple's own trigger plan (need and action ids per partner), replacing the
        one before: only where answers are kept, with the household's consent (withdrawn
        consent clears it)."""
    def save_contract_review(self, date: datetime.date, answers: Sequence[tuple[str, str]]) -> None:
        """Keep a review of the trust contract (its date, each agreement's answer), replacing
        one of the same date: only where the contract is kept (withdrawn consent clears it)."""
        ...

    def erase(self) -> None: ...


def recent_since(today: datetime.date) -> datetime.date:
    """The first date whose check-ins still count on `today`."""
    return today - datetime.timedelta(days=RECENT_DAYS)


def history_since(today: datetime.date) -> datetime.date:
    """The first date of the look-back's history on `today` (HISTORY_DAYS days, today included)."""
    return today - datetime.timedelta(days=HISTORY_DAYS - 1)


def checkin_days(
    checkins: Iterable[tuple[datetime.date, Sequence[tuple[str | None, str | None]]]],
) -> tuple[CheckinDay, ...]:
    """Stored check-ins (date, each partner's (weather, need)), oldest first, as the look-back
    reads them: one day per date; the answers of check-ins done together (two entries), the
    last answer given that day counting for each partner; none for a day checked in alone."""
    days: dict[datetime.date, list[CheckinEntry] | None] = {}
    for date, entries in checkins:
        found = days.setdefault(date, None)
        if len(entries) != 2:
            continue
        merged = found or [CheckinEntry(None, None), CheckinEntry(None, None)]
        days[date] = [CheckinEntry(w or old.weather, n or old.need) for old, (w, n) in zip(merged, entries, strict=True)]
    return tuple(CheckinDay(date, tuple(found or ())) for date, found in sorted(days.items()))


def is_strength(value: object) -> bool:
    """A strength as stores keep it: a whole number from 0 to 10, or None."""
    return value is None or (type(value) is int and INTENSITY_RANGE[0] <= value <= INTENSITY_RANGE[1])


def parse_stored_date(text: object) -> datetime.date | None:
    """A date as stores keep it (plain ISO, YYYY-MM-DD); None for anything else."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def is_trigger_plan(value: object) -> bool:
    """Whether `value` is a trigger plan as stores keep it: two partners' parts, each only
    ids (at most two needs and one action)."""
    return (isinstance(value, tuple) and len(value) == 2 and all(
        isinstance(part, PartnerPlan)
        and isinstance(part.needs, tuple) and len(part.needs) <= 2
        and isinstance(part.actions, tuple) and len(part.actions) <= 1
        and all(isinstance(i, str) and i.isidentifier() for i in (*part.needs, *part.actions))
        for part in value))


def trigger_plan_text(partners: tuple[PartnerPlan, PartnerPlan]) -> str:
    """The plan as one line of ids: each partner's needs, a slash, the action; partners
    separated by a semicolon ("GERUSTSTELLING RUST/HOLD;RUIMTE/ASK")."""
    return ";".join(f"{' '.join(p.needs)}/{' '.join(p.actions)}" for p in partners)


def trigger_plan_from_text(text: str) -> tuple[PartnerPlan, PartnerPlan] | None:
    """A plan from `trigger_plan_text`'s line; None when the line is not one."""
    parts = text.split(";")
    if len(parts) != 2 or any(p.count("/") != 1 for p in parts):
        return None
    first, second = (PartnerPlan(tuple(n.split()), tuple(a.split())) for n, a in (p.split("/") for p in parts))
    plan = (first, second)
    return plan if is_trigger_plan(plan) else None


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
    elif isinstance(effect, SaveTriggerMoment):
        if type(effect.date) is not datetime.date:
            raise InvalidEffect("a trigger moment needs a date")
        if not is_strength(effect.before) or not is_strength(effect.after):
            raise InvalidEffect("a strength is a whole number from 0 to 10, or none")
    elif isinstance(effect, SaveHelpSuggested):
        if type(effect.date) is not datetime.date:
            raise InvalidEffect("a suggestion of help needs a date")
    elif isinstance(effect, SaveContract):
        if not isinstance(effect.agreements, tuple) or not all(
                isinstance(a, str) and a.isidentifier() for a in effect.agreements):
            raise InvalidEffect("a contract is a tuple of agreement ids")
    elif isinstance(effect, SaveTriggerPlan):
        if not is_trigger_plan(effect.partners):
            raise InvalidEffect("a trigger plan is two partners' need and action ids")
    elif isinstance(effect, SaveContractReview):
        if type(effect.date) is not datetime.date:
            raise InvalidEffect("a contract review needs a date")
        if not isinstance(effect.answers, tuple) or not all(
                isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and pair[0].isidentifier()
                and pair[1] in REVIEW_ANSWERS for pair in effect.answers):
            raise InvalidEffect("a contract review is a tuple of (agreement id, JA, DEELS or NEE)")
        if len({agreement for agreement, _ in effect.answers}) != len(effect.answers):
            raise InvalidEffect("a contract review answers each agreement once")
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
        elif isinstance(effect, SaveTriggerMoment):
            # Likewise: only where answers are kept, after consent.
            writer.add_trigger_moment(effect.date, effect.before, effect.after)
        elif isinstance(effect, SaveHelpSuggested):
            writer.save_help_suggested(effect.date)
        elif isinstance(effect, SaveContract):
            writer.save_contract(effect.agreements)
        elif isinstance(effect, SaveTriggerPlan):
            writer.save_trigger_plan(effect.partners)
        elif isinstance(effect, SaveContractReview):
            writer.save_contract_review(effect.date, effect.answers)
        else:
            writer.erase()
