"""The core is pure: it imports no SDK, no I/O library, no clock and no randomness."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "dialogue"
FORBIDDEN_MODULES = [
    "ask_sdk_core",
    "ask_sdk_model",
    "flask",
    "vosk",
    "pyttsx3",
    "sqlite3",
    "sounddevice",
    "random",
    "socket",
]
# Pure computations the core may use: rapidfuzz (edit distances) does no I/O and keeps no
# state; its compiled parts bring the Cython runtime's own modules along.
ALLOWED_THIRD_PARTY = ["rapidfuzz", "cython_runtime"]
# Clocks, randomness and file access have no place in the core; they come in as arguments.
FORBIDDEN_SOURCE = {
    "a clock (datetime.now)": re.compile(r"\b(datetime\.)?(now|utcnow)\s*\("),
    "a clock (date.today)": re.compile(r"\btoday\s*\(\s*\)"),
    "a clock (time.time and friends)": re.compile(r"\btime\.(time|monotonic|perf_counter|sleep)\w*\s*\("),
    "the time module": re.compile(r"^\s*(import time\b|from time import)", re.MULTILINE),
    "randomness": re.compile(r"\brandom\b|\bsecrets\b|\buuid\b"),
    "file access (open)": re.compile(r"(?<![\w.])open\s*\("),
    "file access (pathlib, os)": re.compile(r"^\s*(import (os|pathlib|io)\b|from (os|pathlib|io)\b)", re.MULTILINE),
    "printing": re.compile(r"(?<![\w.])print\s*\("),
}


def test_importing_the_core_loads_nothing_impure() -> None:
    script = (
        "import json, sys\n"
        "import dialogue\n"
        "from dialogue import Coach, Understander\n"
        f"print(json.dumps(sorted(m for m in {FORBIDDEN_MODULES!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=CORE.parent, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def core_sources() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_there_is_a_core_to_scan() -> None:
    found = {p.relative_to(CORE).as_posix() for p in core_sources()}
    assert found >= {"coach.py", "model.py", "understanding/__init__.py"}


def test_the_core_imports_only_allowed_third_party_packages() -> None:
    script = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import dialogue\n"
        "from dialogue import Coach, Understander\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=CORE.parent, capture_output=True, text=True, check=True)
    loaded = {m for m in json.loads(done.stdout) if not m.startswith("_cython_")}
    loaded -= set(sys.stdlib_module_names) | {"dialogue"}
    assert loaded <= set(ALLOWED_THIRD_PARTY), loaded


@pytest.mark.parametrize("path", core_sources(), ids=lambda p: p.relative_to(CORE).as_posix())
def test_no_clock_randomness_or_files_in_the_core(path: Path) -> None:
    lines = [line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    code = "\n".join(lines)
    found = [what for what, pattern in FORBIDDEN_SOURCE.items() if pattern.search(code)]
    assert not found, f"{path.name} uses {', '.join(found)}"
