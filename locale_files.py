"""Reading the locale folder from disk (the core validates what was read)."""

from __future__ import annotations

import contextlib
import functools
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dialogue.deferred import Deferred
from dialogue.locale import Locale, LocaleError, parse_message_table

try:  # pickle's own C functions: a cold start need not load the pickle module around them
    from _pickle import Unpickler as _Unpickler
    from _pickle import loads as _unpickle
except ImportError:  # (a Python without them)
    from pickle import Unpickler as _Unpickler
    from pickle import loads as _unpickle

LOCALE_DIR = Path(__file__).resolve().parent / "interaction_models" / "nl-NL"
MODEL_FILE = "interaction_model.json"
PROMPTS_FILE = "prompts.toml"
RULES_FILE = "understanding.toml"
WORRY_FILE = "worry_model.tsv"
_LOCALE_FILES = (MODEL_FILE, PROMPTS_FILE, RULES_FILE, WORRY_FILE)
# The locale already parsed and validated, beside the files it was made from: only the
# Lambda zip holds one (skill/package.py), so a cold start reads it instead of parsing
# the files again (and imports no TOML parser). It holds the files it was made from, byte
# for byte, and is used only while they are unchanged; the edges' message files (skill.toml,
# ...) parsed likewise.
COMPILED_FILE = "compiled_locale.pickle"
_COMPILED_FORMAT = "samen-sterker compiled locale, format 3"
# The parts of a compiled locale made into objects at their first read (see compiled_locale).
_PARTS = ("worry", "safety", "samples")
# The parsed message files of the compiled file each folder's locale was last read from.
_TABLES: dict[Path, dict[str, tuple[bytes, Any]]] = {}
# The snapshot of a built Understander that `load_understanding` keeps in a cache folder: its
# first line says what it was made from (this format, the code, the locale files), its second
# the CRC-32 of the pickle after it.
_SNAPSHOT_FORMAT = b"samen-sterker understanding snapshot, format 1"
# The code a snapshot depends on: the core, and this file (which reads the locale).
_CODE_DIRS = (LOCALE_DIR.parent.parent / "dialogue",)
_CODE_FILES = (LOCALE_DIR.parent.parent / "locale_files.py",)

if TYPE_CHECKING:
    from dialogue.understanding import Understander


def load_locale(folder: Path = LOCALE_DIR) -> Locale:
    """Read and validate the locale files in `folder`; raises LocaleError."""
    raw = {name: _read_bytes(folder / name) for name in _LOCALE_FILES}
    compiled = _compiled_locale(folder, raw)
    if compiled is not None:
        return compiled
    return _parse_locale(folder, raw)


def load_understanding(folder: Path = LOCALE_DIR, cache_dir: Path | None = None) -> tuple[Locale, Understander]:
    """The locale of `folder` (as `load_locale` reads it) and its Understander; raises LocaleError.

    With a `cache_dir`, the two come from a snapshot kept there, as built from the locale's
    files as they are now by the code as it is now: building the Understander takes several
    times longer than reading it back. A snapshot that is missing, stale, damaged or of
    another format is ignored, and a new one is written (atomically: a reader never sees
    half of one); a folder that cannot be written (a read-only file system) is no error.
    Either way the Understander is one that understands everything exactly as a fresh one
    (tests/test_understanding_snapshot.py)."""
    from dialogue.understanding import Understander

    if cache_dir is None:
        locale = load_locale(folder)
        return locale, Understander(locale)
    raw = {name: _read_bytes(folder / name) for name in _LOCALE_FILES}
    path = cache_dir / _snapshot_name(folder)
    try:
        header: bytes | None = _snapshot_header(raw)
    except OSError:
        header = None  # (the code cannot be read to know what it is: no snapshot)
    if header is not None:
        found = _read_snapshot(path, header)
        if found is not None:
            return found
    compiled = _compiled_locale(folder, raw)
    locale = compiled if compiled is not None else _parse_locale(folder, raw)
    understander = Understander(locale)
    if header is not None:
        _write_snapshot(path, header, (locale, understander))
    return locale, understander


def _snapshot_name(folder: Path) -> str:
    import hashlib

    place = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"understanding-{folder.name}-{place}.pickle"


def _snapshot_header(raw: Mapping[str, bytes]) -> bytes:
    """The first line of a snapshot made from these locale files by the code as it is now."""
    import hashlib
    import os
    import sys

    made_from = hashlib.sha256()
    made_from.update(sys.version.encode())
    sources = list(_CODE_FILES)
    for top in _CODE_DIRS:
        for here, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            sources += [Path(here) / name for name in sorted(files) if name.endswith(".py")]
    named = [(str(source), source.read_bytes()) for source in sources]
    named += [(name, raw[name]) for name in sorted(raw)]
    for name, data in named:
        made_from.update(b"%s %d\n" % (name.encode("utf-8", "surrogateescape"), len(data)))
        made_from.update(data)
    return _SNAPSHOT_FORMAT + b" " + made_from.hexdigest().encode() + b"\n"


def _read_snapshot(path: Path, header: bytes) -> tuple[Locale, Understander] | None:
    """The locale and Understander of the snapshot at `path` if it has this `header` and is
    whole; else None."""
    import gc
    import zlib

    from dialogue.understanding import Understander

    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(header):
        return None
    check, newline, payload = data[len(header):].partition(b"\n")
    if not newline or not check.isdigit() or int(check) != zlib.crc32(payload):
        return None
    # The snapshot is tens of thousands of objects that live as long as the process: the
    # garbage collector, walking them again and again while they are made, would take about
    # a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = _unpickle(payload)
    except Exception:  # noqa: BLE001 - any broken snapshot only means: build anew
        return None
    finally:
        if collecting:
            gc.enable()
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Locale)
            and isinstance(found[1], Understander)):
        return None
    return found[0], found[1]


def _write_snapshot(path: Path, header: bytes, built: tuple[Locale, Understander]) -> None:
    """Keep `built` at `path` for the next start, replacing what was there in one step; a
    folder that cannot be written is left as it is."""
    import os
    import pickle
    import tempfile
    import zlib

    try:
        payload = pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - (nothing in a locale resists pickling; if it did: no snapshot)
        return
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(header + str(zlib.crc32(payload)).encode() + b"\n" + payload)
        os.replace(temporary, path)
        temporary = None
    except OSError:
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _parse_locale(folder: Path, raw: Mapping[str, bytes]) -> Locale:
    model = _parse(folder / MODEL_FILE, raw[MODEL_FILE], json.loads)
    prompts = _parse(folder / PROMPTS_FILE, raw[PROMPTS_FILE], _toml)
    rules = _parse(folder / RULES_FILE, raw[RULES_FILE], _toml)
    worry = _parse(folder / WORRY_FILE, raw[WORRY_FILE], lambda text: text)
    try:
        return Locale.build(
            model,
            prompts,
            rules,
            worry,
            model_file=str(folder / MODEL_FILE),
            prompts_file=str(folder / PROMPTS_FILE),
            rules_file=str(folder / RULES_FILE),
            worry_file=str(folder / WORRY_FILE),
        )
    except LocaleError:
        raise
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as error:
        # A shape the validation does not foresee (e.g. null where a list belongs): still
        # a broken locale, reported in one line rather than a traceback.
        raise LocaleError(f"{folder}: a locale file has an unexpected shape ({type(error).__name__}: {error})") from error


def compiled_locale(folder: Path = LOCALE_DIR) -> bytes:
    """The locale of `folder`, read and validated, as the contents of its COMPILED_FILE;
    raises LocaleError like `load_locale`. The edges' message files (the folder's other
    TOML files) go in parsed, each that parses.

    What a launch never reads goes in parts of its own, made into objects at their first
    read (`dialogue.deferred`): the worry model, the danger rules, the intents' samples.
    Each part is checked (CRC-32) when the file is read, so a damaged part means parsing
    the files then, never a failure at its first read."""
    import pickle  # (here: building it is no cold start's work)
    import zlib

    raw = {name: _read_bytes(folder / name) for name in _LOCALE_FILES}
    locale = _parse_locale(folder, raw)
    deferred: dict[int, tuple[str, int]] = {}
    held: dict[str, list[Any]] = {name: [] for name in _PARTS}
    for name, value in (("worry", locale.worry), ("safety", locale.rules.safety)):
        if value is not None:
            deferred[id(value)] = (name, 0)
            held[name].append(value)
    for intent in locale.intents:
        if intent.samples:  # (not the empty tuple, which is one object everywhere)
            deferred[id(intent.samples)] = ("samples", len(held["samples"]))
            held["samples"].append(intent.samples)
    parts = {name: pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL) for name, values in held.items()}
    class Pickler(pickle.Pickler):
        def persistent_id(self, obj: Any) -> tuple[str, int] | None:
            return deferred.get(id(obj))

    main = io.BytesIO()
    Pickler(main, protocol=pickle.HIGHEST_PROTOCOL).dump(locale)
    tables: dict[str, tuple[bytes, Any]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name not in _LOCALE_FILES:
            data = _read_bytes(path)
            try:
                tables[path.name] = (data, _parse(path, data, _toml))
            except LocaleError:
                continue  # parsed (and reported) when the edge loads it
    checked = {name: (zlib.crc32(data), data) for name, data in parts.items()}
    return pickle.dumps((_COMPILED_FORMAT, raw, main.getvalue(), checked, tables), protocol=pickle.HIGHEST_PROTOCOL)


def _compiled(folder: Path) -> tuple[dict[str, bytes], bytes, dict[str, Any], dict[str, tuple[bytes, Any]]] | None:
    """The compiled file of `folder` (the files it was made from, the pickled locale, its
    parts, the parsed message files), or None when there is none or it cannot be read."""
    try:
        data = (folder / COMPILED_FILE).read_bytes()
    except OSError:
        return None
    try:
        made_as, raw, locale, parts, tables = _unpickle(data)
    except Exception:  # noqa: BLE001 - any broken cache only means: parse the files
        return None
    if made_as != _COMPILED_FORMAT or not all(isinstance(x, dict) for x in (raw, parts, tables)):
        return None
    return raw, locale, parts, tables


def _compiled_locale(folder: Path, raw: Mapping[str, bytes]) -> Locale | None:
    """The compiled locale of `folder` if it was made from the files as they are now (`raw`);
    None when there is none, it is stale, or it cannot be read (then the files are parsed)."""
    compiled = _compiled(folder)
    if compiled is None or compiled[0] != raw:
        return None
    _TABLES[folder] = compiled[3]
    parts = _parts(compiled[2])
    if parts is None:
        return None
    try:
        locale = _LocaleUnpickler(io.BytesIO(compiled[1]), parts).load()
    except Exception:  # noqa: BLE001 - as above
        return None
    return locale if isinstance(locale, Locale) else None


def _parts(checked: Mapping[str, Any]) -> dict[str, Callable[[], list[Any]]] | None:
    """Each part of a compiled locale, made (once) when first asked for; None unless every
    part is there, as it was written (its CRC-32)."""
    import zlib  # (the Lambda's dataclass code has loaded it already)

    parts: dict[str, Callable[[], list[Any]]] = {}
    for name in _PARTS:
        found = checked.get(name)
        if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], bytes)
                and found[0] == zlib.crc32(found[1])):
            return None
        parts[name] = functools.cache(functools.partial(_unpickle, found[1]))
    return parts


class _LocaleUnpickler(_Unpickler):
    """Unpickles a compiled locale, each object of its parts (part, index) deferred."""

    def __init__(self, file: io.BytesIO, parts: Mapping[str, Callable[[], list[Any]]]) -> None:
        super().__init__(file)
        self.parts = parts

    def persistent_load(self, pid: Any) -> Deferred[Any]:
        name, index = pid
        part = self.parts[name]
        return Deferred(lambda: part()[index])


def _compiled_table(path: Path, raw: bytes) -> Any:
    """The message file at `path` as compiled beside the locale, if it was made from `raw`
    (the file as it is now); else None. The message files of a compiled file that the locale
    was read from are kept from that read (whatever the compiled file holds now, a table is
    used only for the very bytes it was parsed from)."""
    tables = _TABLES.get(path.parent)
    if tables is None or path.name not in tables:
        compiled = _compiled(path.parent)
        tables = compiled[3] if compiled is not None else {}
    found = tables.get(path.name)
    return found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == raw else None


@dataclass(frozen=True)
class Messages:
    """An edge's own sentences by id (the skill's skill.toml, the voice mode's voice.toml)."""

    texts: Mapping[str, str]

    def say(self, message_id: str, **params: object) -> str:
        """The sentence with this id, its named placeholders filled in."""
        return self.texts[message_id].format(**params)

    __call__ = say


def load_messages(
    file_name: str, table: str, required: Mapping[str, frozenset[str]], folder: Path = LOCALE_DIR
) -> Messages:
    """Read one edge's message file from the locale folder and check it against `required`
    (id -> placeholders it may use); raises LocaleError naming the file and the key."""
    path = folder / file_name
    raw = _read_bytes(path)
    parsed = _compiled_table(path, raw)
    if parsed is None:
        parsed = _parse(path, raw, _toml)
    return Messages(parse_message_table(parsed, table, required, str(path)))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LocaleError(f"{path}: cannot be read ({error.strerror or error})") from None


def _toml(text: str) -> Any:
    import tomllib  # (here: a cold start that reads the compiled locale never loads it)

    return tomllib.loads(text)


def _parse(path: Path, raw: bytes, parse: Any) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LocaleError(f"{path}: is not UTF-8 text") from None
    try:
        return parse(text)
    except ValueError as error:  # (tomllib.TOMLDecodeError is one)
        raise LocaleError(f"{path}: is not valid ({error})") from None
