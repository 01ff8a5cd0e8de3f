"""Where the skill keeps households: the SQLite store (default) or DynamoDB.

`open_households(spec)` takes the value of SAMEN_STERKER_STORE: `sqlite:PATH` reuses
household.store.HouseholdStore (the same file format as the local mode), `dynamodb:TABLE`
uses ask-sdk's DynamoDB persistence adapter (boto3 is imported only then: importing
it without an AWS region fails). Households are keyed by the Alexa userId.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model.request_envelope import RequestEnvelope

from dialogue import Household
from dialogue.model import Effect
from household.paths import default_store_path
from household.store import HouseholdStore, StoreError
from skill.attributes import apply_to_attributes, household_from_attributes

if TYPE_CHECKING:
    from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

STORE_ENV = "SAMEN_STERKER_STORE"
HOUSEHOLD_ENV = "SAMEN_STERKER_HOUSEHOLD"


class HouseholdsError(ValueError):
    """The store setting is not understood."""


class Households(Protocol):
    """Reads and writes one household per Alexa user."""

    def load(self, envelope: RequestEnvelope, today: str) -> Household: ...

    def apply(self, envelope: RequestEnvelope, effects: Iterable[Effect]) -> None: ...


def household_id(envelope: RequestEnvelope) -> str:
    """The Alexa userId of the request (one household per Alexa account)."""
    system = envelope.context.system if envelope.context else None
    user = system.user if system else None
    if user is None or not user.user_id:
        raise ValueError("the request carries no userId")
    return str(user.user_id)


class SqliteHouseholds:
    """Households in one SQLite file, one connection per thread (SQLite's rule)."""

    def __init__(self, path: str | Path, shared_household: str | None = None) -> None:
        self.path = Path(path)
        # One home, one household: every Alexa user is that household ("local" is the local mode's).
        self.shared_household = shared_household
        self._local = threading.local()
        self._store()  # fail at start, not at the first request, if the file is unusable

    def _store(self) -> HouseholdStore:
        store: HouseholdStore | None = getattr(self._local, "store", None)
        if store is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            store = HouseholdStore(self.path)
            self._local.store = store
        return store

    def load(self, envelope: RequestEnvelope, today: str) -> Household:
        return self._store().load(today, self._id(envelope))

    def apply(self, envelope: RequestEnvelope, effects: Iterable[Effect]) -> None:
        effects = list(effects)
        if effects:
            self._store().apply(effects, self._id(envelope))

    def _id(self, envelope: RequestEnvelope) -> str:
        return self.shared_household or household_id(envelope)


class AttributeHouseholds:
    """Households as persistent attributes of an ask-sdk persistence adapter (DynamoDB)."""

    def __init__(self, adapter: AbstractPersistenceAdapter, name: str = "persistent attributes") -> None:
        self.adapter = adapter
        self.name = name

    def load(self, envelope: RequestEnvelope, today: str) -> Household:
        try:
            attributes = self.adapter.get_attributes(envelope)
        except PersistenceException as error:
            raise StoreError("failed", self.name, type(error).__name__) from None
        return household_from_attributes(attributes, today)

    def apply(self, envelope: RequestEnvelope, effects: Iterable[Effect]) -> None:
        effects = list(effects)
        if not effects:
            return
        try:
            updated = apply_to_attributes(self.adapter.get_attributes(envelope), effects)
            if updated is None:
                self.adapter.delete_attributes(envelope)
            else:
                self.adapter.save_attributes(envelope, updated)
        except PersistenceException as error:
            raise StoreError("failed", self.name, type(error).__name__) from None


def open_households(spec: str | None = None) -> Households:
    """Open the store named by `spec` (default: $SAMEN_STERKER_STORE, else the default SQLite file).

    With SQLite, $SAMEN_STERKER_HOUSEHOLD (e.g. `local`) makes every Alexa user one household.
    """
    spec = spec if spec is not None else os.environ.get(STORE_ENV, "")
    kind, _, target = spec.partition(":")
    shared = os.environ.get(HOUSEHOLD_ENV) or None
    if not spec or (kind == "sqlite" and not target):
        return SqliteHouseholds(default_store_path(), shared)
    if kind == "sqlite":
        return SqliteHouseholds(target, shared)
    if kind == "dynamodb" and target:
        return AttributeHouseholds(dynamodb_adapter(target), f"dynamodb:{target}")
    raise HouseholdsError(f"{STORE_ENV} must be sqlite:PATH or dynamodb:TABLE, not {spec!r}")


def dynamodb_adapter(table: str) -> AbstractPersistenceAdapter:
    """ask-sdk's DynamoDB adapter for `table` (endpoint from AWS_ENDPOINT_URL_DYNAMODB if set)."""
    import boto3  # type: ignore[import-untyped]  # lazily: boto3 and the adapter cost import time and need a region
    from botocore.exceptions import NoRegionError  # type: ignore[import-untyped]

    try:
        resource = boto3.resource("dynamodb")
        from ask_sdk_dynamodb.adapter import DynamoDbAdapter  # builds a resource at import, too
    except NoRegionError:
        raise HouseholdsError(f"{STORE_ENV}=dynamodb:{table} needs an AWS region (set AWS_REGION)") from None
    return DynamoDbAdapter(table_name=table, partition_key_name="id", attribute_name="attributes",
                           create_table=False, dynamodb_resource=resource)
