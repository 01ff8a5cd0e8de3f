"""Helpers for the page's tests and its benchmark: a household store seeded with weeks of
check-ins (deterministic), and the page's app over it."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from dialogue import (
    CheckinEntry,
    PartnerPlan,
    SaveCheckin,
    SaveConsent,
    SaveContract,
    SaveContractReview,
    SaveNames,
    SavePace,
    SaveTriggerPlan,
)
from home_page.access import Pairing
from home_page.app import PageConfig, create_page_app, secret_file
from home_page.words import load_page_words
from household.store import HouseholdStore
from locale_files import load_locale

TODAY = datetime.date(2026, 11, 26)  # a Thursday
WEATHERS = ("ZONNIG", "WISSELVALLIG", "BEWOLKT", "REGEN", "STORM")
NEEDS = ("RUIMTE", "AANDACHT", "KNUFFEL", "GERUSTSTELLING", "GESPREK", "RUST", "TIJD_SAMEN", "HULP", "OWN")


def planned_checkins(today: datetime.date, days: int, seed: int = 11, *, every_day: bool = False) -> list[SaveCheckin]:
    """A check-in together on most of the last `days` days (some days empty unless
    `every_day`, some alone, now and then a skipped answer), oldest first."""
    chance = random.Random(seed)
    result = []
    for back in range(days - 1, -1, -1):
        date = today - datetime.timedelta(days=back)
        roll = chance.random()
        if every_day and roll < 0.2:
            roll += 0.3  # the same answers otherwise, with no empty day
        if roll < 0.2:
            continue
        if roll < 0.28:
            result.append(SaveCheckin(date, (CheckinEntry(chance.choice(WEATHERS), chance.choice(NEEDS)),)))
            continue
        entries = tuple(
            CheckinEntry(chance.choice(WEATHERS) if chance.random() > 0.05 else None,
                         chance.choice(NEEDS) if chance.random() > 0.1 else None)
            for _ in range(2)
        )
        result.append(SaveCheckin(date, entries))
    return result


def seed_store(data_dir: Path, today: datetime.date = TODAY, days: int = 35,
               names: tuple[str, str] | None = ("Sam", "Lotte"), *, every_day: bool = False) -> list[SaveCheckin]:
    """Fill the household store in `data_dir` with `days` days of check-ins (and names)."""
    checkins = planned_checkins(today, days, every_day=every_day)
    with HouseholdStore.in_data_dir(data_dir) as store:
        if names:
            store.apply([SaveNames(*names)])
        store.apply([SavePace(4, 6), SaveConsent(True)])  # check-ins are kept only after consent
        store.apply(checkins)
    return checkins


# A plan (Sam: reassurance and something in her own words, Lotte holds her; Lotte: space, nothing
# asked of Sam), a contract of three agreements and two monthly reviews, the latest of 2 November.
PLAN = (PartnerPlan(("GERUSTSTELLING", "OWN"), ("HOLD",)), PartnerPlan(("RUIMTE",), ()))
CONTRACT = ("DAILY_CHECKIN", "CALL_IF_LATE", "WEEKLY_DATE")
REVIEWS = (
    SaveContractReview(datetime.date(2026, 10, 5), (("DAILY_CHECKIN", "NEE"), ("CALL_IF_LATE", "NEE"))),
    SaveContractReview(datetime.date(2026, 11, 2),
                       (("DAILY_CHECKIN", "JA"), ("CALL_IF_LATE", "DEELS"), ("WEEKLY_DATE", "NEE"))),
)


def seed_plan(data_dir: Path) -> None:
    """Keep PLAN, CONTRACT and REVIEWS in the store of `data_dir` (consent given before)."""
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveTriggerPlan(PLAN), SaveContract(CONTRACT), *REVIEWS])


def page_config(data_dir: Path, *, network: bool = False, today: datetime.date = TODAY,
                checkin_at: datetime.time | None = None, announced: list[str] | None = None,
                clock: list[float] | None = None) -> PageConfig:
    """The page's configuration over `data_dir`, on a fixed day; codes go to `announced`,
    `clock[0]` is the pairing's monotonic clock when given."""
    locale = load_locale()
    pairing = Pairing(secret_file(data_dir), announce=(announced.append if announced is not None else lambda c: None),
                      **({"clock": lambda: clock[0]} if clock is not None else {}))
    return PageConfig(
        data_dir=data_dir, locale=locale, words=load_page_words(locale), pairing=pairing, network=network,
        checkin_at=checkin_at, today=lambda: today,
        now=lambda: datetime.datetime.combine(today, datetime.time(21, 0), datetime.UTC),
    )


def page_app(data_dir: Path, **options: object):  # type: ignore[no-untyped-def]
    """The page's Flask app (see `page_config`)."""
    return create_page_app(page_config(data_dir, **options))  # type: ignore[arg-type]
