"""The methods `dataclasses` writes for each dataclass, compiled ahead for a Lambda cold start.

For every dataclass, `dataclasses` writes the source text of its methods (__init__, __repr__,
__eq__, __hash__; __setattr__ and __delattr__ for a frozen one) and compiles it. For the forty
classes a launch imports that was about half of the skill's own import at a cold start. The
Lambda zip holds that code compiled once (CODE_FILE, written by `skill.package` with the
Lambda's Python), keyed by the exact source text. `install()` makes `dataclasses` run the
compiled code for a text found there, and compile any other text as it always does: a class
changed since the zip was built is compiled, and a missing, unreadable, broken or foreign file
(another Python's bytecode) only means compiling everything. The classes are the same either
way (tests/test_dataclass_code.py).

    python -m skill.dataclass_code OUT MODULE...   import the modules, write the code of
        their dataclasses to OUT (run in a fresh interpreter: a module imported before is
        not recorded)

This module has no `from __future__ import annotations`, on purpose: the text it hands to
`exec` is then compiled as `dataclasses` itself compiles it (with no future features).
"""

import builtins
import dataclasses
import importlib
import marshal
import os
import sys
import zlib
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

CODE_NAME = "dataclass_code.marshal"  # beside this module
CODE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), CODE_NAME)
# The bytecode's Python (its magic number) is part of the header: another Python's is ignored.
_HEADER = b"samen-sterker dataclass code, format 1\n" + MAGIC_NUMBER
_FILENAME = "<string>"  # what exec() names code compiled from a string

_compiled: dict[str, CodeType] = {}
_recorded: dict[str, CodeType] = {}
_recording: set[str] = set()  # the modules whose classes are recorded


def _exec_compiled(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    code = _compiled.get(source) if type(source) is str else None
    builtins.exec(source if code is None else code, globals, locals)  # noqa: S102 - as dataclasses does


def _exec_recording(source: Any, globals: Any = None, locals: Any = None, /) -> None:
    if type(source) is str and isinstance(globals, dict) and globals.get("__name__") in _recording:
        _recorded[source] = compile(source, _FILENAME, "exec", dont_inherit=True)
    builtins.exec(source, globals, locals)  # noqa: S102 - as dataclasses does


def install(path: str = CODE_FILE) -> bool:
    """Let `dataclasses` use the compiled code in `path` from now on; whether any was read.
    Without a usable file nothing changes."""
    table = load(path)
    if not table or _recording:  # (recording: every text is compiled, to be written out)
        return False
    _compiled.update(table)
    # `exec` is looked up among dataclasses' globals before the built-ins.
    dataclasses.exec = _exec_compiled  # type: ignore[attr-defined]
    return True


def load(path: str = CODE_FILE) -> dict[str, CodeType]:
    """The table in `path` (source text -> its code); empty when there is none, or it is
    broken, or it was written by another Python."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return {}
    body = data[len(_HEADER) + 4:]
    if not data.startswith(_HEADER) or int.from_bytes(data[len(_HEADER):len(_HEADER) + 4], "big") != zlib.crc32(body):
        return {}
    try:
        table = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(table, dict):
        return {}
    for source, code in table.items():
        if not (isinstance(source, str) and isinstance(code, CodeType) and code.co_filename == _FILENAME):
            return {}
    return table


def dumps(table: dict[str, CodeType]) -> bytes:
    """The contents of a CODE_FILE holding `table`."""
    body = marshal.dumps(table)
    return _HEADER + zlib.crc32(body).to_bytes(4, "big") + body


def record(modules: list[str]) -> dict[str, CodeType]:
    """Import `modules` (each that can be imported here) and return the code of the methods
    of their dataclasses, by source text (not of other modules they import)."""
    _recording.update(modules)
    dataclasses.exec = _exec_recording  # type: ignore[attr-defined]
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except ImportError:
                continue  # a module needing what is not installed here: compiled at run time
    finally:
        delattr(dataclasses, "exec")
    return dict(_recorded)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], "wb") as file:
        file.write(dumps(record(argv[1:])))
    return 0


if __name__ == "__main__":
    # Run as the module the skill imports (`lambda_handler` installs through it), not as a
    # second copy named __main__ that would not know it is recording.
    from skill.dataclass_code import main as _main

    sys.exit(_main(sys.argv[1:]))
