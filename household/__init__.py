"""The household: what a couple keeps between conversations, and how the core's effects change it.

Every store keeps households under a plain household id and follows `Households`: `load`,
`apply` (one turn's effects, all or nothing) and `erase`. The backends:

- `household.store.HouseholdStore`: one SQLite file (the local mode); `SqliteHouseholds`
  is the same for a threaded server (one connection per thread).
- `household.dynamodb.DynamoDbHouseholds`: one DynamoDB table (the skill on AWS Lambda).

`household.effects.apply_effects` is the one interpreter of the core's effects that both use.
"""

from __future__ import annotations

from pathlib import Path

from household.effects import (
    LOCAL_HOUSEHOLD,
    RECENT_DAYS,
    EffectWriter,
    Households,
    InvalidEffect,
    StoreConfigError,
    StoreError,
    apply_effects,
)

__all__ = [
    "LOCAL_HOUSEHOLD",
    "RECENT_DAYS",
    "EffectWriter",
    "Households",
    "InvalidEffect",
    "StoreConfigError",
    "StoreError",
    "apply_effects",
    "open_households",
]


def open_households(spec: str = "", keeps_answers: bool = True) -> Households:
    """The store named by `spec`: `sqlite:PATH`, `dynamodb:TABLE`, or empty (or `sqlite:`) for
    the SQLite file in the user's data directory; `keeps_answers=False` keeps only the dates
    of check-ins (a public skill). Raises StoreConfigError or StoreError."""
    kind, _, target = spec.partition(":")
    if not spec or (kind == "sqlite" and not target):
        from household.paths import default_store_path
        from household.store import SqliteHouseholds

        return SqliteHouseholds(default_store_path(), keeps_answers)
    if kind == "sqlite":
        from household.store import SqliteHouseholds

        return SqliteHouseholds(Path(target), keeps_answers)
    if kind == "dynamodb" and target:
        from household.dynamodb import DynamoDbHouseholds

        return DynamoDbHouseholds(target, keeps_answers)
    raise StoreConfigError(f"must be sqlite:PATH or dynamodb:TABLE, not {spec!r}")
