"""The voice command line: fallback to typing in one line, the model command, voice.toml checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dialogue import LocaleError
from edge.locale_files import LOCALE_DIR
from local_voice.messages import load_voice_messages

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "local_voice.voice_cli", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=60)


def test_without_a_model_it_says_so_in_one_line_and_types(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = run("--data-dir", str(tmp_path), "--model", str(missing), stdin="stop\n")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [load_voice_messages()("missing_model", path=missing)]
    assert "make model" in result.stderr
    assert result.stdout.splitlines()[0].startswith("Welkom bij Samen Sterker")


def test_download_model_when_present_says_so(tmp_path: Path) -> None:
    model = tmp_path / "model"
    (model / "am").mkdir(parents=True)
    (model / "conf").mkdir()
    (model / "am" / "final.mdl").write_bytes(b"x")
    (model / "conf" / "model.conf").write_text("--beam=10\n")
    result = run("download-model", "--model", str(model))
    assert result.returncode == 0
    assert result.stderr.strip() == load_voice_messages()("download_present", path=model)


def test_voice_messages_are_checked_at_load(tmp_path: Path) -> None:
    text = (LOCALE_DIR / "voice.toml").read_text(encoding="utf-8")
    (tmp_path / "voice.toml").write_text(text.replace("{seconds}", "{secs}"), encoding="utf-8")
    with pytest.raises(LocaleError, match=r"voice\.toml: voice\.microphone_lost: unknown placeholder secs"):
        load_voice_messages(tmp_path)
    (tmp_path / "voice.toml").write_text(text.replace("microphone_back =", "microphone_backk ="), encoding="utf-8")
    with pytest.raises(LocaleError, match=r"voice\.microphone_back: missing"):
        load_voice_messages(tmp_path)
