"""`python -m local_voice page` and `--page`: the page served on this device, stopped cleanly."""

from __future__ import annotations

import re
import shlex
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from locale_files import load_locale

ROOT = Path(__file__).resolve().parent.parent


def start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen([sys.executable, "-m", "local_voice", *args], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stderr is not None
    lines = []
    while True:
        line = process.stderr.readline()
        assert line, f"the page did not start: {lines}"
        lines.append(line.rstrip("\n"))
        if line.startswith("De pagina staat klaar op "):
            return process, lines


def url_of(lines: list[str]) -> str:
    found = re.search(r"(http://\S+)", "\n".join(lines))
    assert found
    return found.group(1)


def test_page_serves_on_loopback_and_stops_on_sigterm(tmp_path: Path) -> None:
    process, lines = start("page", "--data-dir", str(tmp_path / "data"), "--page-port", "0")
    try:
        url = url_of(lines)
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read().decode("utf-8")
        assert '<html lang="nl">' in html and "Het weer" in html
        assert not any("Koppelcode" in line for line in lines)  # no pairing on loopback
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=20)
    assert process.returncode == 128 + signal.SIGTERM
    assert "GET /" not in errors  # no request log


def test_on_the_home_network_it_announces_a_pairing_code(tmp_path: Path) -> None:
    process, lines = start("page", "--data-dir", str(tmp_path / "data"), "--page-host", "0.0.0.0",
                           "--page-port", "0", "--checkin-at", "20:00")
    try:
        assert any(re.fullmatch(r"Koppelcode voor de pagina: \d{6} .*", line) for line in lines), lines
        with urllib.request.urlopen(url_of(lines), timeout=10) as response:
            html = response.read().decode("utf-8")
        assert "Elke dag om 20:00" in html
        assert "Een telefoon koppelen" in html  # the device's own page shows the code
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)


def test_the_typed_console_can_serve_the_page_beside_it(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "local_voice", "--text", "--no-wait", "--page", "--page-port", "0",
                             "--data-dir", str(tmp_path / "data")], cwd=ROOT, text=True, input="stop\n",
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stderr.startswith("De pagina staat klaar op http://127.0.0.1:")
    assert result.stdout.startswith(load_locale().say("welcome_first"))


def test_a_port_in_use_is_said_in_one_line(tmp_path: Path) -> None:
    process, lines = start("page", "--data-dir", str(tmp_path / "data"), "--page-port", "0")
    try:
        port = url_of(lines).rsplit(":", 1)[1].strip("/")
        result = subprocess.run([sys.executable, "-m", "local_voice", "page", "--page-port", port,
                                 "--data-dir", str(tmp_path / "data")], cwd=ROOT, text=True,
                                capture_output=True, timeout=60, check=False)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert f"De pagina kan niet starten op 127.0.0.1:{port}" in result.stderr


def test_page_is_not_a_typed_console_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "local_voice", "--text", "page"], cwd=ROOT, text=True,
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "page: not with --text" in result.stderr


def test_the_page_unit_runs_the_page_as_the_coachs_user_over_the_same_data() -> None:
    from test_voice_deploy import parse_unit

    from local_voice.cli import parse_args

    page = parse_unit((ROOT / "deploy" / "samen-sterker-page.service").read_text(encoding="utf-8"))
    voice = parse_unit((ROOT / "deploy" / "samen-sterker.service").read_text(encoding="utf-8"))
    command = shlex.split(page["Service"]["ExecStart"][0])
    args = parse_args(command[3:])
    assert args.command == "page" and args.page_host == "127.0.0.1"
    voice_args = parse_args(shlex.split(voice["Service"]["ExecStart"][0])[3:])
    assert args.data_dir == voice_args.data_dir
    for key in ("User", "Group", "WorkingDirectory", "StateDirectory", "StateDirectoryMode", "UMask",
                "ProtectSystem", "ProtectHome", "NoNewPrivileges", "SuccessExitStatus"):
        assert page["Service"][key] == voice["Service"][key], key
    assert "--page" in (ROOT / "deploy" / "samen-sterker.service").read_text(encoding="utf-8")
