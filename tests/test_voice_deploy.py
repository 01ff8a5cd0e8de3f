"""The systemd unit shipped in deploy/, and the README's instructions for it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from local_voice.cli import parse_args

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "samen-sterker.service"
README = ROOT / "README.md"


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """systemd's unit syntax, as far as this unit uses it: [Section], Key=value, repeatable keys."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = sections.setdefault(header.group(1), {})
            continue
        assert current is not None, f"line {number}: a setting before any [Section]"
        assert "=" in line and not line.endswith("\\"), f"line {number}: not Key=value: {raw!r}"
        key, value = line.split("=", 1)
        assert re.fullmatch(r"[A-Za-z]+", key.strip()), f"line {number}: bad key {key!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


@pytest.fixture(scope="module")
def unit() -> dict[str, dict[str, list[str]]]:
    return parse_unit(UNIT.read_text(encoding="utf-8"))


def one(unit: dict[str, dict[str, list[str]]], section: str, key: str) -> str:
    values = unit[section].get(key, [])
    assert len(values) == 1, f"[{section}] {key}= should be set once, is {values}"
    return values[0]


def test_sections(unit: dict[str, dict[str, list[str]]]) -> None:
    assert set(unit) == {"Unit", "Service", "Install"}


def test_starts_python_m_local_voice_from_the_installs_venv(unit: dict[str, dict[str, list[str]]]) -> None:
    command = shlex.split(one(unit, "Service", "ExecStart"))
    install = one(unit, "Service", "WorkingDirectory")
    assert command[0] == f"{install}/.venv/bin/python"
    assert command[1:3] == ["-m", "local_voice"]
    args = parse_args(command[3:])  # every option really exists (SystemExit otherwise)
    assert args.voice_only  # no typed console without a keyboard: exit 1 and be restarted
    assert not args.list_devices and args.command is None and args.audio_file is None


def test_restarts_on_failure_after_a_pause(unit: dict[str, dict[str, list[str]]]) -> None:
    assert one(unit, "Service", "Restart") == "on-failure"
    assert 1 <= int(one(unit, "Service", "RestartSec")) <= 60
    assert one(unit, "Unit", "StartLimitIntervalSec") == "0"  # never gives up for good
    # Stopped by SIGTERM or SIGHUP the coach exits 128 + signal: a clean stop, not a failure.
    assert {"143", "129"} <= set(one(unit, "Service", "SuccessExitStatus").split())


def test_runs_as_a_dedicated_user_in_the_audio_group(unit: dict[str, dict[str, list[str]]]) -> None:
    assert one(unit, "Service", "User") == "samen-sterker"
    assert one(unit, "Service", "Group") == "samen-sterker"
    assert "audio" in one(unit, "Service", "SupplementaryGroups").split()


def test_after_the_sound_cards_and_at_boot(unit: dict[str, dict[str, list[str]]]) -> None:
    assert "sound.target" in one(unit, "Unit", "After").split()
    assert one(unit, "Install", "WantedBy") == "multi-user.target"


def test_the_household_data_lives_in_the_services_state_directory(unit: dict[str, dict[str, list[str]]]) -> None:
    environment = dict(v.split("=", 1) for v in unit["Service"]["Environment"])
    state = one(unit, "Service", "StateDirectory")
    data_dir = f"{environment['XDG_DATA_HOME']}/{state}"
    assert data_dir == "/var/lib/samen-sterker"
    args = parse_args(shlex.split(one(unit, "Service", "ExecStart"))[3:])
    assert str(args.data_dir) == data_dir
    assert f"{environment['XDG_CACHE_HOME']}/{one(unit, 'Service', 'CacheDirectory')}" == "/var/cache/samen-sterker"


def test_the_readme_installs_this_unit() -> None:
    text = README.read_text(encoding="utf-8")
    assert "sudo cp /opt/samen-sterker/deploy/samen-sterker.service /etc/systemd/system/" in text
    assert "sudo systemctl enable --now samen-sterker" in text
    assert "--groups audio samen-sterker" in text
    assert "/var/lib/samen-sterker" in text


def test_the_readme_names_the_right_command() -> None:
    text = README.read_text(encoding="utf-8")
    assert "local_voice.voice_cli" not in text
    quick = text.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in quick.splitlines()] == ["make run", "make test"]


def test_the_unit_keeps_the_households_files_private() -> None:
    unit = (Path(__file__).resolve().parent.parent / "deploy" / "samen-sterker.service").read_text(encoding="utf-8")
    assert "\nUMask=0077\n" in unit
    assert "\nStateDirectoryMode=0700\n" in unit
