"""The core's state as it comes back in a request's session attributes: untrusted input.

Alexa hands the skill back the attributes it sent, but a request can carry any, so
`read_state` checks every field before the core sees it: ISO dates near the request's
own date, value ids the locale knows, paces, pauses, counters and texts within bounds.
A state that fails raises `BadState` with a reason that names the field, never its value.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from dialogue import Locale, State, Step, state_from_json
from dialogue.contract import ALL_AGREEMENTS, AREAS
from dialogue.intents import OWN_WORDS, Concern, IntentName
from dialogue.model import (
    COUNTRIES,
    HISTORY_DAYS,
    INTENSITY_RANGE,
    MAX_CONTRACT_REVIEWS,
    MAX_TRIGGER_MOMENTS,
    REVIEW_ANSWERS,
)

# A session lasts minutes; its date may lag or lead the request's by a day (midnight, time zones).
MAX_DATE_SKEW = datetime.timedelta(days=1)
MAX_CHECKIN_DATES = 31
MAX_NAME_CHARS = 40
MAX_PACE_SECONDS = 60
MAX_PAUSE_SECONDS = 60.0
MAX_PARTS = 80
MAX_SAY_CHARS = 1_000
MAX_COUNTER = 100
MAX_PARTNERS = 2

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STEPS = frozenset(step.value for step in Step)
_CONCERNS = frozenset(concern.value for concern in Concern)


class BadState(ValueError):
    """The session's state is not one the skill could have sent; `reason` names the field."""


def _fail(reason: str) -> BadState:
    return BadState(reason)


def _date(value: Any, field: str) -> datetime.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _fail(f"{field} is not an ISO date")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{field} is not an ISO date") from None


def _int(value: Any, field: str, low: int, high: int) -> None:
    if type(value) is not int or not low <= value <= high:
        raise _fail(f"{field} is not a whole number from {low} to {high}")


def _choice(value: Any, field: str, allowed: Collection[str], *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or value not in allowed:
        raise _fail(f"{field} is not a known value")


def _parts(value: Any, field: str) -> int:
    """Check a list of reply parts; the number of characters they say."""
    if not isinstance(value, list) or len(value) > MAX_PARTS:
        raise _fail(f"{field} is not a list of at most {MAX_PARTS} parts")
    chars = 0
    for part in value:
        if not isinstance(part, dict) or not (len(part) == 1 or set(part) in ({"say", "speech"}, {"pause", "cue"})):
            raise _fail(f"{field} holds a part that is not one say or pause")
        if "cue" in part and part["cue"] is not True:
            raise _fail(f"{field} holds a pause whose cue is not true")
        if "say" in part:
            for key in ("say", "speech") if "speech" in part else ("say",):
                text = part[key]
                if not isinstance(text, str) or len(text) > MAX_SAY_CHARS:
                    raise _fail(f"{field} holds a sentence that is not text of at most {MAX_SAY_CHARS} characters")
                chars += len(text)
        elif "pause" in part:
            seconds = part["pause"]
            if (type(seconds) not in (int, float) or not math.isfinite(seconds)
                    or not 0 <= seconds <= MAX_PAUSE_SECONDS):
                raise _fail(f"{field} holds a pause that is not 0 to {MAX_PAUSE_SECONDS:.0f} seconds")
        else:
            raise _fail(f"{field} holds a part that is not one say or pause")
    return chars


def _agreements(value: Any, field: str, limit: int) -> None:
    if not isinstance(value, list) or len(value) > limit:
        raise _fail(f"{field} is not a list of at most {limit} agreements")
    for agreement in value:
        _choice(agreement, field, ALL_AGREEMENTS, optional=False)


def _answers(value: Any, field: str, limit: int) -> None:
    if not isinstance(value, list) or len(value) > limit:
        raise _fail(f"{field} is not a list of at most {limit} answers")
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise _fail(f"{field} holds something that is not an agreement and its answer")
        _choice(pair[0], field, ALL_AGREEMENTS, optional=False)
        _choice(pair[1], field, REVIEW_ANSWERS, optional=False)


def _strength(value: Any, field: str) -> None:
    if value is not None:
        _int(value, field, *INTENSITY_RANGE)


def _moment(value: Any, field: str, first: datetime.date, last: datetime.date) -> None:
    if not isinstance(value, list) or len(value) != 3:
        raise _fail(f"{field} is not a date and two strengths")
    if not first <= _date(value[0], field) <= last:
        raise _fail(f"{field} is not a date of the household's history")
    _strength(value[1], field)
    _strength(value[2], field)


class StateReader:
    """Checks session states against one locale's value ids."""

    def __init__(self, locale: Locale) -> None:
        def ids(intent: IntentName, slot: str) -> frozenset[str]:
            return frozenset(v.id for v in locale.slot_types[locale.slot_type(intent.value, slot)].values)

        self.weathers = ids(IntentName.WEATHER, "weather")
        self.needs = ids(IntentName.NEED, "need")
        self.kept_needs = self.needs | {OWN_WORDS}  # a need in one's own words is kept as that
        self.feelings = ids(IntentName.FEELING, "feeling")

    def read(self, data: Any, today: datetime.date) -> State:
        """The state in `data` if every field is one the skill could have sent on `today`
        (the request's date); raises BadState."""
        self.check(data, today)
        try:
            return state_from_json(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError):
            raise _fail("the state does not rebuild") from None

    def check(self, data: Any, today: datetime.date) -> None:
        """Raise BadState unless `data` is a state the skill could have sent on `today`."""
        if not isinstance(data, Mapping):
            raise _fail("the state is not an object")
        household = data.get("household")
        if not isinstance(household, Mapping):
            raise _fail("household is not an object")
        day = _date(household.get("today"), "household.today")
        if abs(day - today) > MAX_DATE_SKEW:
            raise _fail("household.today is not the request's date")
        dates = household.get("checkin_dates")
        if not isinstance(dates, list) or len(dates) > MAX_CHECKIN_DATES:
            raise _fail(f"household.checkin_dates is not a list of at most {MAX_CHECKIN_DATES} dates")
        for value in dates:
            if _date(value, "household.checkin_dates") > day:
                raise _fail("household.checkin_dates holds a date after today")
        names = household.get("names")
        if names is not None:
            if not isinstance(names, list) or len(names) != 2:
                raise _fail("household.names is not two names")
            for name in names:
                if (not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS
                        or not all(c.isalpha() or c in " -'" for c in name)):
                    raise _fail("household.names holds something that is not a name")
        _int(household.get("inhale_seconds"), "household.inhale_seconds", 1, MAX_PACE_SECONDS)
        _int(household.get("exhale_seconds"), "household.exhale_seconds", 1, MAX_PACE_SECONDS)
        if not isinstance(household.get("introduced"), bool):
            raise _fail("household.introduced is not true or false")
        if household.get("consent") not in (None, True, False):
            raise _fail("household.consent is not true, false or null")
        if household.get("country") not in (None, *COUNTRIES):
            raise _fail("household.country is not a known country or null")
        if household.get("help_suggested") is not None and _date(household["help_suggested"],
                                                                 "household.help_suggested") > day:
            raise _fail("household.help_suggested is after today")
        self._check_history(household, day)
        self._check_contract(household, data, day)

        _choice(data.get("step"), "step", _STEPS, optional=False)
        _choice(data.get("return_step"), "return_step", _STEPS)
        _int(data.get("partners"), "partners", 0, MAX_PARTNERS)
        _int(data.get("partner_index"), "partner_index", 0, MAX_PARTNERS - 1)
        entries = data.get("entries")
        if not isinstance(entries, list) or len(entries) > MAX_PARTNERS:
            raise _fail(f"entries is not a list of at most {MAX_PARTNERS} answers")
        for entry in entries:
            if not isinstance(entry, Mapping) or set(entry) != {"weather", "need"}:
                raise _fail("entries holds something that is not one partner's answers")
            _choice(entry["weather"], "entries.weather", self.weathers)
            _choice(entry["need"], "entries.need", self.kept_needs)
        _choice(data.get("feeling"), "feeling", self.feelings)
        _choice(data.get("trigger_need"), "trigger_need", self.kept_needs)
        _choice(data.get("concern"), "concern", _CONCERNS)
        if data.get("triggered") not in (None, 0, 1):
            raise _fail("triggered is not 0, 1 or null")
        if data.get("partner_present") not in (None, True, False):
            raise _fail("partner_present is not true, false or null")
        moment = data.get("moment")
        if moment is not None:
            _moment(moment, "moment", day, day)
        if not isinstance(data.get("rating", False), bool):
            raise _fail("rating is not true or false")
        _int(data.get("breath_rounds", 0), "breath_rounds", 0, MAX_COUNTER)
        _int(data.get("misunderstood"), "misunderstood", 0, MAX_COUNTER)
        _int(data.get("silences"), "silences", 0, MAX_COUNTER)
        last = data.get("last_reply")
        if last is not None:
            if not isinstance(last, Mapping) or not isinstance(last.get("end_session"), bool):
                raise _fail("last_reply is not a reply")
            chars = _parts(last.get("parts"), "last_reply.parts")
            if last.get("reprompt") is not None:
                chars += _parts(last.get("reprompt"), "last_reply.reprompt")
            if chars > MAX_PARTS * MAX_SAY_CHARS // 10:
                raise _fail("last_reply is longer than any reply")

    def _check_contract(self, household: Mapping[str, Any], data: Mapping[str, Any], day: datetime.date) -> None:
        """The trust contract and its reviews, and a contract being made or reviewed: known
        agreement ids (at most one per area: five), answers ja, deels or nee, dates up to today,
        positions within the contract (all absent in a state of an older version)."""
        limit = len(AREAS)
        contract = household.get("contract")
        if contract is not None:
            _agreements(contract, "household.contract", limit)
        reviews = household.get("contract_reviews", [])
        if not isinstance(reviews, list) or len(reviews) > MAX_CONTRACT_REVIEWS:
            raise _fail(f"household.contract_reviews is not a list of at most {MAX_CONTRACT_REVIEWS} reviews")
        for review in reviews:
            if not isinstance(review, list) or len(review) != 2:
                raise _fail("household.contract_reviews holds something that is not a date and its answers")
            if _date(review[0], "household.contract_reviews") > day:
                raise _fail("household.contract_reviews holds a date after today")
            _answers(review[1], "household.contract_reviews", limit)
        _agreements(data.get("contract", []), "contract", limit)
        _answers(data.get("review", []), "review", limit)
        _int(data.get("contract_option", 0), "contract_option", 0, 2)
        _int(data.get("review_index", 0), "review_index", 0, limit)

    def _check_history(self, household: Mapping[str, Any], day: datetime.date) -> None:
        """The look-back's history: days and moments of the last HISTORY_DAYS days, value ids
        the locale knows, strengths from 0 to 10 (absent in a state of an older version)."""
        first = day - datetime.timedelta(days=HISTORY_DAYS)
        days = household.get("checkin_days", [])
        if not isinstance(days, list) or len(days) > HISTORY_DAYS + 1:
            raise _fail(f"household.checkin_days is not a list of at most {HISTORY_DAYS + 1} days")
        for item in days:
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[1], list) or len(item[1]) > 2:
                raise _fail("household.checkin_days holds something that is not a day and its answers")
            if not first <= _date(item[0], "household.checkin_days") <= day:
                raise _fail("household.checkin_days holds a date outside the history")
            for entry in item[1]:
                if not isinstance(entry, list) or len(entry) != 2:
                    raise _fail("household.checkin_days holds something that is not one partner's answers")
                _choice(entry[0], "household.checkin_days.weather", self.weathers)
                _choice(entry[1], "household.checkin_days.need", self.kept_needs)
        moments = household.get("trigger_moments", [])
        if not isinstance(moments, list) or len(moments) > MAX_TRIGGER_MOMENTS:
            raise _fail(f"household.trigger_moments is not a list of at most {MAX_TRIGGER_MOMENTS} moments")
        for moment in moments:
            _moment(moment, "household.trigger_moments", first, day)
