"""The household's clock against the system's zone data, hour by hour."""

from __future__ import annotations

import datetime

import pytest

from skill.home_time import HOME_TIME, home_date

zoneinfo = pytest.importorskip("zoneinfo")


def _zone(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip(f"this system has no zone data for {name}")


@pytest.mark.parametrize("name", ["Europe/Amsterdam", "Europe/Brussels"])
def test_every_hour_and_half_hour_from_1997_to_2037_is_the_zones_local_time(name: str) -> None:
    zone = _zone(name)
    moment = datetime.datetime(1997, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(2037, 12, 31, tzinfo=datetime.UTC)
    step = datetime.timedelta(minutes=30)
    while moment < end:
        ours, theirs = moment.astimezone(HOME_TIME), moment.astimezone(zone)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None), moment
        assert ours.utcoffset() == theirs.utcoffset(), moment
        moment += step


@pytest.mark.parametrize(
    ("utc", "date"),
    [
        # Half past eleven at night in UTC is half past midnight at home, summer and winter.
        (datetime.datetime(2026, 7, 1, 22, 30), datetime.date(2026, 7, 2)),
        (datetime.datetime(2026, 1, 1, 23, 30), datetime.date(2026, 1, 2)),
        (datetime.datetime(2026, 1, 1, 22, 30), datetime.date(2026, 1, 1)),
        # The switches themselves: 29 March 2026 and 25 October 2026, at 01:00 UTC.
        (datetime.datetime(2026, 3, 28, 22, 59, tzinfo=datetime.UTC), datetime.date(2026, 3, 28)),
        (datetime.datetime(2026, 10, 24, 22, 0, tzinfo=datetime.UTC), datetime.date(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 22, 59, tzinfo=datetime.UTC), datetime.date(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 23, 0, tzinfo=datetime.UTC), datetime.date(2026, 10, 26)),
    ],
)
def test_the_home_date_of_a_moment(utc: datetime.datetime, date: datetime.date) -> None:
    assert home_date(utc) == date


def test_the_offsets_and_names_of_a_local_wall_time() -> None:
    winter, summer = datetime.datetime(2026, 1, 5, 12, tzinfo=HOME_TIME), datetime.datetime(2026, 7, 5, 12, tzinfo=HOME_TIME)
    assert (winter.utcoffset(), winter.tzname()) == (datetime.timedelta(hours=1), "CET")
    assert (summer.utcoffset(), summer.tzname()) == (datetime.timedelta(hours=2), "CEST")
    assert summer.astimezone(datetime.UTC).hour == 10
