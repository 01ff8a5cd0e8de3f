"""The dataclasses' methods compiled ahead for the Lambda's cold start (skill/dataclass_code.py):
the classes are the same with it as without it, a class changed since it was made is compiled
as usual, and a missing, broken or foreign file is not used."""

from __future__ import annotations

import builtins
import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skill import dataclass_code
from skill.package import dataclass_code as made_for_zip
from skill.package import lambda_modules

ROOT = Path(__file__).resolve().parent.parent

# Every method dataclasses wrote for every dataclass of the modules, as a digest of its code
# (marshal: the bytecode, constants, names, line table, file name).
DESCRIBE = textwrap.dedent("""
    import dataclasses, hashlib, importlib, json, marshal, sys
    from skill import dataclass_code
    installed = dataclass_code.install(sys.argv[1]) if sys.argv[1] else False
    found = {}
    for name in sys.argv[2:]:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for key, value in sorted(vars(module).items()):
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name:
                for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
                    code = getattr(value.__dict__.get(method), "__code__", None)
                    if code is not None:
                        found[f"{name}.{key}.{method}"] = hashlib.sha256(marshal.dumps(code)).hexdigest()
    print(json.dumps({"installed": installed, "used": len(dataclass_code._compiled), "methods": found}))
""")


def _describe(code_file: str, modules: list[str], path: list[Path]) -> dict[str, object]:
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in path))
    result = subprocess.run([sys.executable, "-c", DESCRIBE, code_file, *modules], cwd=path[0], env=environ,
                            capture_output=True, text=True, timeout=120, check=True)
    described: dict[str, object] = json.loads(result.stdout)
    return described


@pytest.fixture
def uninstalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """`install` patches the dataclasses module of this process: undone after the test."""
    monkeypatch.setattr(dataclasses, "exec", builtins.exec, raising=False)
    monkeypatch.delattr(dataclasses, "exec")
    monkeypatch.setattr(dataclass_code, "_compiled", {})


def test_the_skills_classes_are_the_same_with_the_compiled_code(tmp_path: Path) -> None:
    code_file = tmp_path / "code.marshal"
    code_file.write_bytes(made_for_zip([ROOT]))
    modules = lambda_modules()
    with_code = _describe(str(code_file), modules, [ROOT])
    without = _describe("", modules, [ROOT])
    assert with_code["installed"] is True and not without["installed"]
    assert int(with_code["used"]) > 30  # type: ignore[call-overload]  # (one text a method; a class from 3.13)
    assert with_code["methods"] == without["methods"]
    assert len(without["methods"]) > 150  # type: ignore[arg-type]


def test_a_class_changed_since_the_code_was_made_is_compiled_as_usual(tmp_path: Path) -> None:
    module = tmp_path / "changing.py"
    module.write_text("from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass Thing:\n    a: int\n")
    code_file = tmp_path / "code.marshal"
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    subprocess.run([sys.executable, "-m", "skill.dataclass_code", str(code_file), "changing"], cwd=tmp_path,
                   env=environ, check=True, timeout=60)
    assert len(dataclass_code.load(str(code_file))) >= 4  # __init__, __repr__, __eq__, __hash__, ...
    module.write_text("from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass Thing:\n    a: int\n"
                      "    b: str = 'x'\n")
    check = ("import sys; from skill import dataclass_code; assert dataclass_code.install(sys.argv[1])\n"
             "from changing import Thing\n"
             "t = Thing(1, 'y'); assert repr(t) == \"Thing(a=1, b='y')\" and t == Thing(1, 'y') and t != Thing(1)\n"
             "assert hash(t) == hash((1, 'y'))\n")
    subprocess.run([sys.executable, "-c", check, str(code_file)], cwd=tmp_path, env=environ, check=True, timeout=60)
    changed = _describe(str(code_file), ["changing"], [tmp_path, ROOT])
    fresh = _describe("", ["changing"], [tmp_path, ROOT])
    assert changed["methods"] == fresh["methods"]


@pytest.mark.parametrize("damage", ["missing", "empty", "not marshal", "truncated", "other python", "bit flipped",
                                    "not a table", "not code"])
def test_a_missing_broken_or_foreign_file_is_not_used(tmp_path: Path, damage: str, uninstalled: None) -> None:
    good = dataclass_code.dumps({"def f(): pass": compile("def f(): pass", "<string>", "exec")})
    path = tmp_path / "code.marshal"
    body_at = len(dataclass_code._HEADER) + 4
    broken = {
        "missing": None,
        "empty": b"",
        "not marshal": dataclass_code._HEADER + b"\0\0\0\0" + b"nonsense",
        "truncated": good[:-5],
        "other python": good.replace(dataclass_code._HEADER, dataclass_code._HEADER[:-4] + b"\0\0\r\n", 1),
        "bit flipped": good[:body_at + 3] + bytes([good[body_at + 3] ^ 1]) + good[body_at + 4:],
        "not a table": dataclass_code.dumps(["def f(): pass"]),  # type: ignore[arg-type]
        "not code": dataclass_code.dumps({"def f(): pass": "def f(): pass"}),  # type: ignore[dict-item]
    }[damage]
    if broken is not None:
        path.write_bytes(broken)
    assert dataclass_code.load(str(path)) == {}
    assert dataclass_code.install(str(path)) is False
    assert "exec" not in vars(dataclasses)


def test_the_compiled_code_is_what_runs(tmp_path: Path) -> None:
    """(Shown with a table that compiles one text differently: its code is what the class gets.)"""
    module = tmp_path / "thing.py"
    module.write_text("from dataclasses import dataclass\n\n@dataclass\nclass Thing:\n    a: int\n")
    code_file = tmp_path / "code.marshal"
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    subprocess.run([sys.executable, "-m", "skill.dataclass_code", str(code_file), "thing"], cwd=tmp_path,
                   env=environ, check=True, timeout=60)
    table = dataclass_code.load(str(code_file))
    (text,) = [t for t in table if "def __repr__" in t]
    table[text] = compile(text.replace("return ", "return 'from the table' or ", 1), "<string>", "exec")
    code_file.write_bytes(dataclass_code.dumps(table))
    check = ("import sys; from skill import dataclass_code; assert dataclass_code.install(sys.argv[1])\n"
             "from thing import Thing\n"
             "assert repr(Thing(1)) == 'from the table', repr(Thing(1))\n"
             "assert Thing(1) == Thing(1) and Thing(1).a == 1\n")
    subprocess.run([sys.executable, "-c", check, str(code_file)], cwd=tmp_path, env=environ, check=True, timeout=60)
