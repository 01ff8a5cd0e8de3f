"""--checkin-at: when the daily invitation is due, the HH:MM option, and remembering it across restarts.

The invitation in the hands-free loop itself is tested in test_voice_loop.py.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from local_voice.checkin_schedule import CheckinSchedule, invitation_due, parse_time_of_day, read_diary
from local_voice.cli import parse_args

ROOT = Path(__file__).resolve().parent.parent
D = datetime.datetime
T = datetime.time
TODAY = datetime.date(2026, 11, 27)
YESTERDAY = datetime.date(2026, 11, 26)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("at", "last_invited", "now", "due"),
    [
        pytest.param(T(20, 0), None, D(2026, 11, 27, 19, 59, 59), False, id="before the time"),
        pytest.param(T(20, 0), None, D(2026, 11, 27, 20, 0), True, id="at the time"),
        pytest.param(T(20, 0), None, D(2026, 11, 27, 22, 45), True, id="after the time (started late)"),
        pytest.param(T(20, 0), YESTERDAY, D(2026, 11, 27, 20, 0, 30), True, id="invited yesterday"),
        pytest.param(T(20, 0), TODAY, D(2026, 11, 27, 20, 0, 30), False, id="already invited today"),
        pytest.param(T(20, 0), TODAY, D(2026, 11, 27, 23, 59, 59), False, id="already invited, late"),
        pytest.param(T(20, 0), TODAY, D(2026, 11, 28, 0, 0, 1), False, id="after midnight, before the time"),
        pytest.param(T(20, 0), TODAY, D(2026, 11, 28, 20, 0), True, id="the next day at the time"),
        pytest.param(T(23, 59), YESTERDAY, D(2026, 11, 27, 23, 59), True, id="late time"),
        pytest.param(T(23, 59), TODAY, D(2026, 11, 28, 0, 0), False, id="late time, across midnight"),
        pytest.param(T(0, 0), TODAY, D(2026, 11, 28, 0, 0), True, id="midnight itself"),
        pytest.param(T(20, 0), datetime.date(2026, 12, 1), D(2026, 11, 27, 20, 0), True,
                     id="clock set back: invites, never stays silent for days"),
    ],
)
def test_invitation_due(at: datetime.time, last_invited: datetime.date | None, now: D, due: bool) -> None:
    assert invitation_due(at, last_invited, now) is due


@pytest.mark.parametrize(
    ("at", "last_invited", "now", "due"),
    [
        # 29 March 2026: 02:00 CET becomes 03:00 CEST, 02:30 does not exist; it comes at 03:00.
        pytest.param(T(2, 30), None, D(2026, 3, 29, 1, 59, tzinfo=AMSTERDAM), False, id="spring: before"),
        pytest.param(T(2, 30), None, D(2026, 3, 29, 3, 0, tzinfo=AMSTERDAM), True, id="spring: skipped hour"),
        pytest.param(T(20, 0), None, D(2026, 3, 29, 20, 0, tzinfo=AMSTERDAM), True, id="spring: evening"),
        # 25 October 2026: 03:00 CEST becomes 02:00 CET, 02:30 comes twice; only the first invites.
        pytest.param(T(2, 30), None, D(2026, 10, 25, 2, 30, tzinfo=AMSTERDAM), True, id="autumn: first 02:30"),
        pytest.param(T(2, 30), datetime.date(2026, 10, 25), D(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM),
                     False, id="autumn: second 02:30"),
        pytest.param(T(20, 0), datetime.date(2026, 10, 24), D(2026, 10, 25, 20, 0, tzinfo=AMSTERDAM), True,
                     id="autumn: evening (a 25-hour day)"),
    ],
)
def test_invitation_due_is_daylight_saving_safe(
    at: datetime.time, last_invited: datetime.date | None, now: D, due: bool
) -> None:
    assert invitation_due(at, last_invited, now) is due


@pytest.mark.parametrize(("text", "expected"), [("20:00", T(20, 0)), ("7:30", T(7, 30)), ("00:00", T(0, 0)),
                                                 ("23:59", T(23, 59)), (" 08:05 ", T(8, 5))])
def test_times_of_day(text: str, expected: datetime.time) -> None:
    assert parse_time_of_day(text) == expected
    assert parse_args(["--checkin-at", text]).checkin_at == expected


@pytest.mark.parametrize("text", ["24:00", "20:60", "2000", "8pm", "20.00", "20:0", "-1:00", "", "٢٠:٠٠"])
def test_a_bad_time_is_a_clear_argparse_error(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        parse_args([f"--checkin-at={text}"])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "--checkin-at" in error and "HH:MM" in error and "e.g. 20:00" in error
    assert "Traceback" not in error


def test_python_m_local_voice_rejects_a_bad_time_before_starting_anything() -> None:
    result = subprocess.run([sys.executable, "-m", "local_voice", "--checkin-at", "25:00"], check=False,
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert "argument --checkin-at: '25:00' is not a time of day: use HH:MM" in result.stderr
    assert result.stdout == ""


def test_no_checkin_at_no_schedule() -> None:
    assert parse_args([]).checkin_at is None


class WallClock:
    def __init__(self, now: D) -> None:
        self.now = now

    def __call__(self) -> D:
        return self.now


def test_the_last_invitation_is_remembered_across_restarts(tmp_path: Path) -> None:
    diary = tmp_path / "data" / "checkin-invitation"
    clock = WallClock(D(2026, 11, 27, 20, 0, 5))
    first = CheckinSchedule(T(20, 0), now=clock, diary=diary)
    assert first.due()
    first.mark_invited()
    assert diary.read_text(encoding="utf-8") == "2026-11-27\n"
    assert not first.due()
    restarted = CheckinSchedule(T(20, 0), now=clock, diary=diary)  # systemd restarted the coach
    assert not restarted.due()
    clock.now = D(2026, 11, 28, 20, 0)
    assert restarted.due()
    assert list(diary.parent.iterdir()) == [diary]  # no temporary file left behind


def test_a_broken_or_unwritable_diary_only_costs_the_memory_across_restarts(tmp_path: Path) -> None:
    broken = tmp_path / "checkin-invitation"
    broken.write_bytes(b"\xff\xfe not a date")
    assert read_diary(broken) is None
    blocked = tmp_path / "a-file" / "checkin-invitation"
    (tmp_path / "a-file").write_text("not a folder")
    clock = WallClock(D(2026, 11, 27, 21, 0))
    schedule = CheckinSchedule(T(20, 0), now=clock, diary=blocked)
    assert schedule.due()
    schedule.mark_invited()  # cannot be written: no crash
    assert not schedule.due()  # still once a day while it runs


def test_the_diary_is_private(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        diary = tmp_path / "data" / "checkin-invitation"
        CheckinSchedule(T(20, 0), now=WallClock(D(2026, 11, 27, 20, 0, 5)), diary=diary).mark_invited()
    finally:
        os.umask(previous)
    assert diary.stat().st_mode & 0o777 == 0o600
    assert diary.parent.stat().st_mode & 0o777 == 0o700
