"""The Lambda zip as `make lambda-zip` builds it (dependencies from PyPI as wheels for the
Lambda's Python and architecture, skill/package.py), run the way Lambda runs it: unpacked into
a read-only folder, in a clean interpreter of the Lambda's Python version with nothing but that
folder and the standard library on its path. Skipped, with the reason, when this machine has no
Python of that version or cannot reach PyPI."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from skill_helpers import ENVELOPES

from skill.package import LAMBDA_PYTHON, lambda_pip_command, lambda_python

ROOT = Path(__file__).resolve().parent.parent
CACHE_TAG = "cpython-" + LAMBDA_PYTHON.replace(".", "")
# Amazon Linux 2023 under the Lambda's Python: glibc 2.34.
MAX_GLIBC = (2, 34)
LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}

CLEAN_RUN = r"""
import importlib.machinery, json, sys, sysconfig
task, launch = sys.argv[1], sys.argv[2]
sys.path.insert(0, task)
compiled = []
source_to_code = importlib.machinery.SourceFileLoader.source_to_code
def counting(self, data, path, *args, **kwargs):
    compiled.append(path)
    return source_to_code(self, data, path, *args, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = counting
import lambda_handler
result = lambda_handler.lambda_handler(json.load(open(launch)), None)
import rapidfuzz.fuzz_cpp  # the compiled module, not rapidfuzz's pure Python fallback
stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
outside = sorted(name for name, module in sys.modules.items()
                 if getattr(module, "__file__", None) and not module.__file__.startswith((task, *stdlib)))
from skill import dataclass_code
print(json.dumps({"result": result, "outside": outside, "compiled": [p for p in compiled if p.startswith(task)],
                  "dataclass_code": len(dataclass_code._compiled)}))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    python = lambda_python()
    if python is None:
        pytest.skip(f"no Python {LAMBDA_PYTHON} here to run the Lambda's zip (set SAMEN_STERKER_LAMBDA_PYTHON)")
    folder = tmp_path_factory.mktemp("lambda")
    deps = folder / "deps"
    pip = subprocess.run(lambda_pip_command(deps), capture_output=True, text=True, timeout=600, check=False)
    if pip.returncode != 0:
        if re.search(r"NewConnectionError|Temporary failure in name resolution|Network is unreachable", pip.stderr):
            pytest.skip("PyPI is unreachable: the zip's dependencies cannot be fetched")
        pytest.fail(pip.stderr)
    target = folder / "samen-sterker-lambda.zip"
    environ = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "skill.package", "lambda-zip", str(deps), str(target)], cwd=ROOT,
                   env=environ, check=True, capture_output=True, timeout=600)
    return target


def _glibc(tag: str) -> tuple[int, int] | None:
    platform = tag.split("-")[2]
    for legacy, version in LEGACY_MANYLINUX.items():
        if platform.startswith(legacy + "_"):
            return version
    found = re.match(r"manylinux_(\d+)_(\d+)_", platform)
    return (int(found[1]), int(found[2])) if found else None


def test_every_compiled_package_in_the_zip_is_built_for_the_lambdas_python_and_glibc(built: Path) -> None:
    archive = zipfile.ZipFile(built)
    compiled = 0
    for name in archive.namelist():
        if name.endswith(".dist-info/WHEEL"):
            tags = [line.split(":", 1)[1].strip() for line in archive.read(name).decode().splitlines()
                    if line.startswith("Tag:")]
            if all(tag.endswith("-none-any") for tag in tags):
                continue
            compiled += 1
            python = "cp" + LAMBDA_PYTHON.replace(".", "")
            assert any(tag.startswith(f"{python}-{python}-") and tag.endswith("_x86_64")
                       and (_glibc(tag) or (9, 9)) <= MAX_GLIBC for tag in tags), (name, tags)
    assert compiled >= 1  # rapidfuzz at least


def test_every_module_in_the_zip_has_its_bytecode_for_the_lambdas_python(built: Path) -> None:
    """Lambda's /var/task is read-only: a module without a .pyc is compiled at every cold start."""
    names = set(zipfile.ZipFile(built).namelist())
    sources = [n for n in names if n.endswith(".py")]
    assert "lambda_handler.py" in sources
    missing = [n for n in sources if f"{n.rpartition('/')[0] + '/' if '/' in n else ''}__pycache__/"
               f"{n.rpartition('/')[2][:-3]}.{CACHE_TAG}.pyc" not in names]
    assert missing == []


def test_the_unpacked_zip_alone_answers_a_launch_in_a_clean_interpreter(built: Path, tmp_path: Path) -> None:
    task = tmp_path / "task"
    zipfile.ZipFile(built).extractall(task)
    for path in [task, *task.rglob("*")]:  # read-only, as Lambda's /var/task
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH | (
            stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH if path.is_dir() else 0))
    python = lambda_python()
    assert python is not None
    environ = {"PATH": "/usr/bin:/bin", "SAMEN_STERKER_STORE": f"sqlite:{tmp_path / 'tmp' / 'h.sqlite3'}"}
    try:
        run = subprocess.run([python, "-I", "-S", "-c", CLEAN_RUN, str(task), str(ENVELOPES / "launch.json")],
                             cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120, check=False)
    finally:
        for path in [task, *task.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    response = report["result"]["response"]
    assert response["shouldEndSession"] is False and response["outputSpeech"]["ssml"]
    assert report["outside"] == []  # nothing came from anywhere but the zip and the standard library
    assert report["compiled"] == []  # every module of the zip was loaded from its .pyc
    assert report["dataclass_code"] > 30  # and the dataclasses' methods came compiled too (one text a class in 3.13)
