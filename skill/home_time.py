"""The household's clock: Dutch and Belgian time, without reading the system's zone data.

"Today" is asked on every request, the launch of a cold start included, where importing
`zoneinfo` (and the `sysconfig` it reads its search path from) was a tenth of the skill's own
start-up, and a Lambda image without zone data would fall back to UTC: a check-in at half
past midnight counted for the day before. The Netherlands and Belgium keep Central European
Time with the EU's summer time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on
the last Sunday of October (EU directive 2000/84/EC, the rule since 1996). A test holds this
against the system's Europe/Amsterdam and Europe/Brussels hour by hour over decades.
"""

from __future__ import annotations

import datetime

_STANDARD = datetime.timedelta(hours=1)
_SUMMER = datetime.timedelta(hours=2)
_SUMMER_SHIFT = datetime.timedelta(hours=1)
_SWITCH_HOUR_UTC = 1


def _last_sunday(year: int, month: int) -> datetime.date:
    last = datetime.date(year, month, 31)  # (March and October both have 31 days)
    return last - datetime.timedelta(days=(last.weekday() + 1) % 7)


def _in_summer(utc: datetime.datetime) -> bool:
    start = datetime.datetime.combine(_last_sunday(utc.year, 3), datetime.time(_SWITCH_HOUR_UTC))
    end = datetime.datetime.combine(_last_sunday(utc.year, 10), datetime.time(_SWITCH_HOUR_UTC))
    return start <= utc.replace(tzinfo=None) < end


class HomeTime(datetime.tzinfo):
    """Central European Time with EU summer time (CET/CEST): the zone of Europe/Amsterdam and
    Europe/Brussels. Exact when converting from UTC (`astimezone`), the only use here."""

    def utcoffset(self, dt: datetime.datetime | None) -> datetime.timedelta:
        return _STANDARD + self.dst(dt)

    def dst(self, dt: datetime.datetime | None) -> datetime.timedelta:
        if dt is None:
            return datetime.timedelta(0)
        # A local wall time: the switches in wall time are 02:00 (to 03:00) in March and 03:00
        # (back to 02:00) in October; in the hour that is skipped or said twice, `fold` picks.
        wall = dt.replace(tzinfo=None)
        start = datetime.datetime.combine(_last_sunday(wall.year, 3), datetime.time(_SWITCH_HOUR_UTC + 1))
        end = datetime.datetime.combine(_last_sunday(wall.year, 10), datetime.time(_SWITCH_HOUR_UTC + 2))
        if start + _SUMMER_SHIFT <= wall < end - _SUMMER_SHIFT:
            return _SUMMER_SHIFT
        if end - _SUMMER_SHIFT <= wall < end:
            return datetime.timedelta(0) if dt.fold else _SUMMER_SHIFT
        if start <= wall < start + _SUMMER_SHIFT:
            return _SUMMER_SHIFT if dt.fold else datetime.timedelta(0)
        return datetime.timedelta(0)

    def fromutc(self, dt: datetime.datetime) -> datetime.datetime:
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        if _in_summer(dt):
            return dt + _SUMMER
        local = dt + _STANDARD
        # The hour after the October switch is said twice: this is its second time.
        switched = datetime.datetime.combine(_last_sunday(dt.year, 10), datetime.time(_SWITCH_HOUR_UTC))
        return local.replace(fold=1) if switched <= dt.replace(tzinfo=None) < switched + _SUMMER_SHIFT else local

    def tzname(self, dt: datetime.datetime | None) -> str:
        return "CEST" if self.dst(dt) else "CET"

    def __repr__(self) -> str:
        return "HomeTime()"


HOME_TIME = HomeTime()


def home_date(stamp: datetime.datetime, zone: datetime.tzinfo = HOME_TIME) -> datetime.date:
    """The date at `stamp` (naive means UTC) in the Netherlands and Belgium, or in `zone`."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=datetime.UTC)
    return stamp.astimezone(zone).date()
