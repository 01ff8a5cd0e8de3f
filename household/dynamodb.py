"""Households in a DynamoDB table, one item per household: {"id": household id, "attributes": {...}}.

The attributes are a plain dict: {"names": [first, second] | None, "inhale_seconds": int,
"exhale_seconds": int, "introduced": bool, "consent": bool | None (absent: never asked),
"checkins": [{"date": ISO date, "entries": [{"weather", "need"}]}], "trigger_moments":
[{"date": ISO date, "before": 0-10 | None, "after": 0-10 | None}], "help_suggested": ISO
date (absent: never), "contract": [agreement ids] (absent: none), "contract_reviews":
[{"date": ISO date, "answers": [{"agreement": id, "answer": "JA" | "DEELS" | "NEE"}]}]
(absent: none), "trigger_plan": [{"needs": [need ids], "actions": [action ids]} for each
partner] (absent: none)}; check-ins, trigger moments, the date help was last suggested, the
trust contract, its reviews and the couple's own trigger plan are kept only with consent,
and refused or withdrawn consent empties them. A table
opened with `keeps_answers=False` (a public skill) keeps each check-in's date with no
entries and no trigger moment, and drops the entries and moments an earlier setting kept at
the household's next write. This is the item ask-sdk's DynamoDB persistence adapter wrote
(partition key `id`, attribute name `attributes`), so tables it filled keep working.
Gratitude and anything said in a safety moment never reach it: the core's effects do not
carry them. Numbers come back from DynamoDB as Decimal; they are read as int.

boto3 is imported only when a table is opened: importing it costs time and, without an
AWS region, fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dialogue import CheckinEntry, ContractReview, Effect, EraseHousehold, Household, PartnerPlan, TriggerMoment
from dialogue.model import (
    COUNTRIES,
    DEFAULT_EXHALE_SECONDS,
    DEFAULT_INHALE_SECONDS,
    MAX_CONTRACT_REVIEWS,
    MAX_TRIGGER_MOMENTS,
    REVIEW_ANSWERS,
)
from household.effects import (
    LOCAL_HOUSEHOLD,
    InvalidEffect,
    StoreConfigError,
    StoreError,
    apply_effects,
    checkin_days,
    history_since,
    is_strength,
    is_trigger_plan,
    parse_stored_date,
    recent_since,
)

PARTITION_KEY = "id"
# Items that record a request's id (replays), beside the households' items.
REQUEST_PREFIX = "request#"
ATTRIBUTES = "attributes"
# A DynamoDB item holds at most 400 KB; this many check-ins and trigger moments stay well inside it.
MAX_CHECKINS = 1000
MAX_STORED_MOMENTS = 1000
# A review a month: ten years of them.
MAX_STORED_REVIEWS = 120


def household_from_attributes(
    attributes: Mapping[str, Any], today: datetime.date, keeps_answers: bool = True
) -> Household:
    """The household as the core needs it: the check-in dates of the last week, and the
    look-back's history (check-ins and trigger moments of the last HISTORY_DAYS days)."""
    if not attributes:
        return Household(today=today, country=None, keeps_answers=keeps_answers)
    since = recent_since(today)
    first = history_since(today)
    names = attributes.get("names")
    # ISO dates compare as their text: only the weeks read are parsed (a year holds hundreds).
    earliest = min(since, first).isoformat()
    stored = [(parse_stored_date(c["date"]), c) for c in attributes.get("checkins", [])
              if not isinstance(c.get("date"), str) or c["date"] >= earliest]
    dates = sorted({d for d, _ in stored if d is not None and d >= since})
    in_history = sorted(((d, c) for d, c in stored if d is not None and first <= d <= today), key=lambda item: item[0])
    history = checkin_days(
        (d, [(e.get("weather"), e.get("need")) for e in c.get("entries", [])] if keeps_answers else [])
        for d, c in in_history
    )
    moments: list[TriggerMoment] = []
    for moment in attributes.get("trigger_moments", []) if keeps_answers else []:
        text = moment.get("date")
        if isinstance(text, str) and text < earliest:
            continue
        date = parse_stored_date(text)
        before, after = _strength(moment.get("before")), _strength(moment.get("after"))
        if date is not None and first <= date <= today and is_strength(before) and is_strength(after):
            moments.append(TriggerMoment(date, before, after))
    return Household(
        today=today,
        names=(str(names[0]), str(names[1])) if names else None,
        inhale_seconds=int(attributes.get("inhale_seconds", DEFAULT_INHALE_SECONDS)),
        exhale_seconds=int(attributes.get("exhale_seconds", DEFAULT_EXHALE_SECONDS)),
        checkin_dates=tuple(dates),
        introduced=bool(attributes.get("introduced", False)),
        consent=_consent(attributes.get("consent")),
        country=attributes.get("country") if attributes.get("country") in COUNTRIES else None,
        keeps_answers=keeps_answers,
        checkin_days=history,
        trigger_moments=tuple(sorted(moments, key=lambda m: m.date)[-MAX_TRIGGER_MOMENTS:]),
        help_suggested=parse_stored_date(attributes.get("help_suggested")) if keeps_answers else None,
        contract=_contract(attributes.get("contract")) if keeps_answers and _consent(attributes.get("consent")) is True
        else None,
        trigger_plan=_trigger_plan(attributes.get("trigger_plan"))
        if keeps_answers and _consent(attributes.get("consent")) is True else None,
        contract_reviews=tuple(r for r in _reviews(attributes.get("contract_reviews")) if r.date <= today)[
            -MAX_CONTRACT_REVIEWS:] if keeps_answers and _consent(attributes.get("consent")) is True else (),
    )


def _trigger_plan(value: Any) -> tuple[PartnerPlan, PartnerPlan] | None:
    """The stored plan's parts; None when none is kept (or it is not two parts of ids)."""
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(p, Mapping) for p in value):
        return None
    parts = []
    for part in value:
        needs, actions = part.get("needs"), part.get("actions")
        if not isinstance(needs, list) or not isinstance(actions, list):
            return None
        parts.append(PartnerPlan(tuple(needs), tuple(actions)))
    plan = (parts[0], parts[1])
    return plan if is_trigger_plan(plan) else None


def _plain_trigger_plan(plan: tuple[PartnerPlan, PartnerPlan]) -> list[dict[str, list[str]]]:
    return [{"needs": list(p.needs), "actions": list(p.actions)} for p in plan]


def _reviews(value: Any) -> list[ContractReview]:
    """The stored reviews of the contract, oldest first; one that is not a review is left out."""
    reviews: list[ContractReview] = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, Mapping):
            continue
        date = parse_stored_date(item.get("date"))
        answers = item.get("answers")
        if date is None or not isinstance(answers, list):
            continue
        pairs = [(a.get("agreement"), a.get("answer")) for a in answers if isinstance(a, Mapping)]
        if all(isinstance(agreement, str) and answer in REVIEW_ANSWERS for agreement, answer in pairs):
            reviews.append(ContractReview(date, tuple((str(a), str(v)) for a, v in pairs)))
    return sorted(reviews, key=lambda r: r.date)


def _plain_review(review: ContractReview) -> dict[str, Any]:
    return {"date": review.date.isoformat(),
            "answers": [{"agreement": agreement, "answer": answer} for agreement, answer in review.answers]}


def _contract(value: Any) -> tuple[str, ...] | None:
    """The stored contract's agreement ids; None when none is kept (or it is not a list of ids)."""
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        return None
    return tuple(value)


def _consent(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _strength(value: Any) -> Any:
    """A stored strength as an int (DynamoDB gives Decimal), None, or the value as it is
    (which `is_strength` then refuses)."""
    if value is None or isinstance(value, bool):
        return value
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return number if number == value else value


def _plain_moment(moment: Mapping[str, Any]) -> dict[str, Any]:
    return {"date": str(moment["date"]), "before": _strength(moment.get("before")),
            "after": _strength(moment.get("after"))}


class AttributeWriter:
    """The effects of one turn applied to a copy of the attributes; `erased` when the item must go."""

    def __init__(self, attributes: Mapping[str, Any], keeps_answers: bool = True) -> None:
        self.keeps_answers = keeps_answers
        self.attributes: dict[str, Any] = {
            "names": attributes.get("names"),
            "inhale_seconds": int(attributes.get("inhale_seconds", DEFAULT_INHALE_SECONDS)),
            "exhale_seconds": int(attributes.get("exhale_seconds", DEFAULT_EXHALE_SECONDS)),
            "introduced": bool(attributes.get("introduced", False)),
            "consent": _consent(attributes.get("consent")),
            "checkins": [_plain_checkin(c, keeps_answers) for c in attributes.get("checkins", [])],
            # A public skill keeps no trigger moment: those an earlier setting kept go.
            "trigger_moments": [_plain_moment(m) for m in attributes.get("trigger_moments", [])]
            if keeps_answers else [],
        }
        if attributes.get("country") in COUNTRIES:
            self.attributes["country"] = attributes["country"]
        if keeps_answers and parse_stored_date(attributes.get("help_suggested")) is not None:
            self.attributes["help_suggested"] = attributes["help_suggested"]
        if keeps_answers and _contract(attributes.get("contract")) is not None:
            self.attributes["contract"] = list(attributes["contract"])
        kept_plan = _trigger_plan(attributes.get("trigger_plan")) if keeps_answers else None
        if kept_plan is not None:
            self.attributes["trigger_plan"] = _plain_trigger_plan(kept_plan)
        if keeps_answers and _reviews(attributes.get("contract_reviews")):
            self.attributes["contract_reviews"] = [_plain_review(r) for r in _reviews(attributes["contract_reviews"])]
        self.erased = False

    def save_names(self, first: str, second: str) -> None:
        self.erased = False
        self.attributes["names"] = [first, second]

    def save_pace(self, inhale_seconds: int, exhale_seconds: int) -> None:
        self.erased = False
        self.attributes["inhale_seconds"], self.attributes["exhale_seconds"] = inhale_seconds, exhale_seconds

    def mark_introduced(self) -> None:
        self.erased = False
        self.attributes["introduced"] = True

    def save_consent(self, given: bool) -> None:
        self.erased = False
        self.attributes["consent"] = given
        if not given:
            self.attributes["checkins"] = []
            self.attributes["trigger_moments"] = []
            self.attributes.pop("help_suggested", None)
            self.attributes.pop("contract", None)
            self.attributes.pop("trigger_plan", None)
            self.attributes.pop("contract_reviews", None)

    def save_country(self, country: str) -> None:
        self.erased = False
        self.attributes["country"] = country

    def add_checkin(self, date: datetime.date, entries: Sequence[CheckinEntry]) -> None:
        if not self.keeps_answers:
            entries = ()
        elif self.attributes["consent"] is not True:
            return  # no consent: nothing of a check-in is kept
        self.erased = False
        checkin = {"date": date.isoformat(), "entries": [{"weather": e.weather, "need": e.need} for e in entries]}
        self.attributes["checkins"] = (self.attributes["checkins"] + [checkin])[-MAX_CHECKINS:]

    def add_trigger_moment(self, date: datetime.date, before: int | None, after: int | None) -> None:
        if not self.keeps_answers or self.attributes["consent"] is not True:
            return  # mental-health data: kept only where answers are, after consent
        self.erased = False
        moment = {"date": date.isoformat(), "before": before, "after": after}
        self.attributes["trigger_moments"] = (self.attributes["trigger_moments"] + [moment])[-MAX_STORED_MOMENTS:]

    def save_help_suggested(self, date: datetime.date) -> None:
        if not self.keeps_answers or self.attributes["consent"] is not True:
            return  # drawn from the answers: kept as they are
        self.erased = False
        self.attributes["help_suggested"] = date.isoformat()

    def save_contract(self, agreements: Sequence[str]) -> None:
        if not self.keeps_answers or self.attributes["consent"] is not True:
            return  # the couple's agreements: kept as the answers are
        self.erased = False
        self.attributes["contract"] = list(agreements)

    def save_trigger_plan(self, partners: tuple[PartnerPlan, PartnerPlan]) -> None:
        if not self.keeps_answers or self.attributes["consent"] is not True:
            return  # the couple's plan: kept as the answers are
        self.erased = False
        self.attributes["trigger_plan"] = _plain_trigger_plan(partners)
    def save_contract_review(self, date: datetime.date, answers: Sequence[tuple[str, str]]) -> None:
        if not self.keeps_answers or self.attributes["consent"] is not True:
            return  # kept as the contract is
        self.erased = False
        others = [r for r in self.attributes.get("contract_reviews", []) if r["date"] != date.isoformat()]
        review = _plain_review(ContractReview(date, tuple(answers)))
        self.attributes["contract_reviews"] = sorted([*others, review], key=lambda r: str(r["date"]))[
            -MAX_STORED_REVIEWS:]

    def erase(self) -> None:
        self.erased = True
        self.attributes = {"names": None, "inhale_seconds": DEFAULT_INHALE_SECONDS,
                           "exhale_seconds": DEFAULT_EXHALE_SECONDS, "introduced": False, "consent": None,
                           "checkins": [], "trigger_moments": []}


def apply_to_attributes(
    attributes: Mapping[str, Any], effects: Iterable[Effect], keeps_answers: bool = True
) -> dict[str, Any] | None:
    """The attributes after the effects; None when the household was erased (delete the item).
    Raises InvalidEffect."""
    writer = AttributeWriter(attributes, keeps_answers)
    apply_effects(list(effects), writer)
    return None if writer.erased else writer.attributes


def _plain_checkin(checkin: Mapping[str, Any], keeps_answers: bool) -> dict[str, Any]:
    entries = checkin.get("entries", []) if keeps_answers else []
    return {
        "date": str(checkin["date"]),
        "entries": [{"weather": e.get("weather"), "need": e.get("need")} for e in entries],
    }


class DynamoDbHouseholds:
    """Households as items of one DynamoDB table (endpoint from AWS_ENDPOINT_URL_DYNAMODB if set).

    Every failure of the table (missing, throttled, unreachable) raises StoreError('failed'),
    naming only the exception type.
    """

    def __init__(self, table_name: str, keeps_answers: bool = True) -> None:
        import boto3  # type: ignore[import-untyped]
        from botocore.exceptions import NoRegionError  # type: ignore[import-untyped]

        self.name = f"dynamodb:{table_name}"
        self.keeps_answers = keeps_answers
        try:
            self._table = boto3.resource("dynamodb").Table(table_name)
        except NoRegionError:
            raise StoreConfigError(f"{self.name} needs an AWS region (set AWS_REGION)") from None

    def _attributes(self, household_id: str) -> Mapping[str, Any]:
        item = self._table.get_item(Key={PARTITION_KEY: household_id}, ConsistentRead=True).get("Item")
        attributes = item.get(ATTRIBUTES) if item else None
        return attributes if isinstance(attributes, Mapping) else {}

    def load(self, today: datetime.date, household_id: str = LOCAL_HOUSEHOLD) -> Household:
        """The household as the core needs it; raises StoreError."""
        try:
            attributes = self._attributes(household_id)
        except Exception as error:  # noqa: BLE001 (boto3 raises many types; each means the table failed)
            raise StoreError("failed", self.name, type(error).__name__) from None
        return household_from_attributes(attributes, today, self.keeps_answers)

    def apply(self, effects: Iterable[Effect], household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Read the item, apply the effects, write it back (or delete it after an erase); raises StoreError."""
        effects = list(effects)
        if not effects:
            return
        try:
            updated = apply_to_attributes(self._attributes(household_id), effects, self.keeps_answers)
            if updated is None:
                self._table.delete_item(Key={PARTITION_KEY: household_id})
            else:
                self._table.put_item(Item={PARTITION_KEY: household_id, ATTRIBUTES: updated})
        except InvalidEffect as error:
            raise StoreError("failed", self.name, str(error)) from None
        except Exception as error:  # noqa: BLE001 (as in load)
            raise StoreError("failed", self.name, type(error).__name__) from None

    def claim_request(self, request_id: str, expires_at: int) -> bool:
        """Record that a request's effects are being kept; False when it was recorded before
        (a replay). One conditional write of an item `request#ID` with `expires` (epoch
        seconds: enable the table's TTL on `expires` to have DynamoDB remove them). Raises StoreError."""
        try:
            self._table.put_item(
                Item={PARTITION_KEY: f"{REQUEST_PREFIX}{request_id}", "expires": expires_at},
                ConditionExpression="attribute_not_exists(#id)",
                ExpressionAttributeNames={"#id": PARTITION_KEY},
            )
        except Exception as error:  # noqa: BLE001 (as in load)
            if type(error).__name__ == "ConditionalCheckFailedException" or (
                getattr(error, "response", {}).get("Error", {}).get("Code") == "ConditionalCheckFailedException"
            ):
                return False
            raise StoreError("failed", self.name, type(error).__name__) from None
        return True

    def erase(self, household_id: str = LOCAL_HOUSEHOLD) -> None:
        """Delete the household's item; raises StoreError."""
        self.apply([EraseHousehold()], household_id)
