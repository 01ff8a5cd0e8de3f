"""Signals end the local coach as a stop does: the check-in so far is kept, the status is 128 + signal.

Reproduces the attack of issue 8 (finding 4): SIGTERM, SIGINT and SIGHUP during a typed
check-in used to leave nothing stored.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from household.store import STORE_FILE
from locale_files import load_locale

ROOT = Path(__file__).resolve().parent.parent


def _lines_until(process: subprocess.Popen[str], wanted: str) -> list[str]:
    """What the coach printed, up to and including the line holding `wanted` (or the end)."""
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if wanted in line:
            break
    return lines


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_during_a_typed_checkin_keeps_the_answers_and_exits_conventionally(
    tmp_path: Path, signum: signal.Signals
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait", "--data-dir", str(tmp_path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdin is not None
    try:
        process.stdin.write("start de check-in\nja\nalleen ik\nzonnig\n")  # ja: consent to keep it
        process.stdin.flush()
        # The weather is taken once the coach asks the next question.
        need_question = load_locale().say("ask_need_alone")
        assert any(need_question in line for line in _lines_until(process, need_question))
        process.send_signal(signum)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signum
    assert _stored_weather(tmp_path) == "ZONNIG"


def _stored_weather(data_dir: Path) -> str | None:
    path = data_dir / STORE_FILE
    if not path.exists():
        return None
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT weather FROM checkin_entry").fetchone()
    return None if row is None else str(row[0])
