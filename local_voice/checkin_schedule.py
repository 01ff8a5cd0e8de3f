"""The daily check-in invitation (`--checkin-at HH:MM`): when it is due, and that it was given.

Decided on the local wall clock, the date and time a person reads on the kitchen clock:
an invitation is due once today's time has come and none was given on today's date. So
a daylight-saving change neither skips a day nor invites twice (on the spring change a
time that does not exist, say 02:30, is passed at 03:00 and the invitation comes then;
on the autumn change 02:30 comes twice but the date is the same), and a coach started
after the time on some day invites at once, that day only.

The date of the last invitation is kept in a one-line file in the data directory, so a
coach restarted by systemd does not invite a second time that day. It holds only that
date. A file that cannot be read or written is no reason to stop: the coach then
remembers the date for as long as it runs.

The time itself is kept in another one-line file (TIME_FILE): `--checkin-at` writes it,
the page at home changes or clears it, and a running coach reads it at each check, so a
time set on the page holds from then on. Erasing the household's data removes both.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from household.paths import PRIVATE_FILE_MODE, private_dir

DIARY_FILE = "checkin-invitation"
TIME_FILE = "checkin-time"

_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def parse_time_of_day(text: str) -> datetime.time:
    """'20:00' or '7:30' as a time of day; raises ValueError for anything else."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a time of day: {text!r}")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def checkin_time_argument(text: str) -> datetime.time:
    """argparse `type=` for --checkin-at: a clear message instead of a traceback."""
    try:
        return parse_time_of_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time of day: use HH:MM on the 24-hour clock (00:00 to 23:59), e.g. 20:00"
        ) from None


def invitation_due(at: datetime.time, last_invited: datetime.date | None, now: datetime.datetime) -> bool:
    """Whether to invite now: `now` (local wall clock) is at or past `at`, and not invited on its date."""
    if last_invited == now.date():
        return False
    return now.time() >= at


@dataclass
class CheckinSchedule:
    """The daily invitation: `due()` says when, `mark_invited()` records that it was given.
    With a `time_file` the time is read from it at each check (the page may change it);
    without one, or while it holds none, `at` counts (None: no invitation)."""

    at: datetime.time | None
    now: Callable[[], datetime.datetime] = datetime.datetime.now
    diary: Path | None = None  # the file that keeps the last invitation's date across restarts
    last_invited: datetime.date | None = field(default=None)
    time_file: Path | None = None

    def __post_init__(self) -> None:
        if self.last_invited is None and self.diary is not None:
            self.last_invited = read_diary(self.diary)

    def current(self) -> datetime.time | None:
        """The time of the daily invitation now: the time file's, else `at`."""
        kept = read_checkin_time(self.time_file) if self.time_file is not None else None
        return kept or self.at

    def due(self) -> bool:
        at = self.current()
        return at is not None and invitation_due(at, self.last_invited, self.now())

    def mark_invited(self) -> None:
        self.last_invited = self.now().date()
        if self.diary is not None:
            write_diary(self.diary, self.last_invited)

    @property
    def at_text(self) -> str:
        at = self.current()
        return at.strftime("%H:%M") if at is not None else ""


def read_diary(path: Path) -> datetime.date | None:
    """The date in the diary file; None when there is none or it cannot be read."""
    try:
        return datetime.date.fromisoformat(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def read_checkin_time(path: Path) -> datetime.time | None:
    """The time of day in the time file; None when there is none or it cannot be read."""
    try:
        return parse_time_of_day(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def write_checkin_time(path: Path, at: datetime.time | None) -> bool:
    """Keep the time of the daily invitation (None: no invitation, the file goes); whether it was kept."""
    if at is None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            return False
        return True
    return _write_line(path, at.strftime("%H:%M"))


def remove_schedule_files(data_dir: Path) -> None:
    """Erasing the household: its check-in time and the date of the last invitation go."""
    for name in (TIME_FILE, DIARY_FILE):
        with contextlib.suppress(OSError):
            (data_dir / name).unlink(missing_ok=True)


def write_diary(path: Path, day: datetime.date) -> None:
    """Write the date atomically (a crash leaves the old date or the new one, never half)."""
    _write_line(path, day.isoformat())


def _write_line(path: Path, line: str) -> bool:
    """Write one line atomically into a private file; whether it was written."""
    staging = path.with_name(f".{path.name}.tmp")
    try:
        private_dir(path.parent)
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()  # left by a crash, perhaps with another mode
        with os.fdopen(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE), "w",
                       encoding="utf-8") as file:
            file.write(line + "\n")
        os.replace(staging, path)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        return False
    return True
