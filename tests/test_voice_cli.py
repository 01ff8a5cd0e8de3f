"""The voice command line: fallback to typing in one line, the model command, voice.toml checks."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from voice_helpers import korean_model_dir, needs_espeak, silence

from dialogue import LocaleError
from local_voice.messages import load_voice_messages
from locale_files import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "local_voice", *args], check=False, input=stdin,
                          text=True, capture_output=True, cwd=ROOT, timeout=60)


def test_without_a_model_it_says_so_in_one_line_and_types(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = run("--data-dir", str(tmp_path), "--model", str(missing), stdin="stop\n")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [load_voice_messages()("missing_model", path=missing)]
    assert "make model" in result.stderr
    assert result.stdout.splitlines()[0].startswith("Welkom! Ik ben geen therapeut")


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


def test_voice_only_exits_with_status_1_instead_of_typing(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = run("--voice-only", "--data-dir", str(tmp_path), "--model", str(missing), stdin="stop\n")
    assert result.returncode == 1  # systemd's Restart=on-failure tries again
    messages = load_voice_messages()
    assert result.stderr.splitlines() == [messages("missing_model", path=missing), messages("voice_only_exit")]
    assert result.stdout == ""


@needs_espeak
@pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay is not installed (apt-get install alsa-utils)")
def test_python_m_local_voice_listens_to_an_audio_file_until_it_ends(tmp_path: Path) -> None:
    audio = tmp_path / "quiet.wav"
    with wave.open(str(audio), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(silence(0.5, 16000))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    (tmp_path / "data").mkdir()
    # Invited today already: nothing is spoken, whatever the time (the diary is read at start).
    (tmp_path / "data" / "checkin-invitation").write_text(datetime.date.today().isoformat() + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "local_voice", "--voice-only", "--model", str(korean_model_dir()),
         "--data-dir", str(tmp_path / "data"), "--audio-file", str(audio), "--checkin-at", "23:59"],
        check=False, capture_output=True, text=True, cwd=ROOT, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    messages = load_voice_messages()
    lines = result.stderr.splitlines()
    assert messages("listening", wake="hé coach") in lines
    assert messages("checkin_scheduled", time="23:59") in lines
    assert result.stdout == ""


def test_the_help_lists_every_option_once() -> None:
    result = run("--help")
    assert result.returncode == 0
    options = result.stdout.split("\n\n", 1)[1]  # after the usage lines
    for option in ("--text", "--no-wait", "--data-dir", "--model", "--list-devices", "--input-device",
                   "--output-device", "--rate", "--wake", "--checkin-at", "--voice-only", "--names-by-voice",
                   "--no-names-by-voice", "--page", "--page-host", "--page-port"):
        assert len(re.findall(rf"(?<![\w-]){option}(?![\w-])", options)) == 1, option
    assert options.count("{download-model,page}") == 1
    assert "--locale-dir" not in result.stdout and "--audio-file" not in result.stdout


def test_voice_options_are_refused_with_text(tmp_path: Path) -> None:
    result = run("--text", "--rate", "120", "--data-dir", str(tmp_path), stdin="stop\n")
    assert result.returncode == 2
    assert "--rate: not with --text" in result.stderr
    assert result.stdout == ""


def test_the_typed_fallback_keeps_no_wait(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    result = run("--no-wait", "--data-dir", str(tmp_path), "--model", str(missing), stdin="ik ben getriggerd\nstop\n")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [load_voice_messages()("missing_model", path=missing)]
    assert "[pauze 4 s]" in result.stdout.splitlines()


def test_the_command_line_does_not_import_the_entry_point() -> None:
    code = "import sys, local_voice.cli; assert 'local_voice.__main__' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, timeout=60).returncode == 0
