"""Reading the locale folder from disk (the core validates what was read)."""

from __future__ import annotations

import hashlib
import json
import pickle
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogue.locale import Locale, LocaleError, parse_message_table

LOCALE_DIR = Path(__file__).resolve().parent / "interaction_models" / "nl-NL"
MODEL_FILE = "interaction_model.json"
PROMPTS_FILE = "prompts.toml"
RULES_FILE = "understanding.toml"
WORRY_FILE = "worry_model.tsv"
_LOCALE_FILES = (MODEL_FILE, PROMPTS_FILE, RULES_FILE, WORRY_FILE)
# The locale already parsed and validated, beside the files it was made from: only the
# Lambda zip holds one (skill/package.py), so a cold start reads it instead of parsing
# the files again. It names the digest of the files; when they differ it is not used.
COMPILED_FILE = "compiled_locale.pickle"
_COMPILED_FORMAT = b"samen-sterker compiled locale, format 1"


def load_locale(folder: Path = LOCALE_DIR) -> Locale:
    """Read and validate the locale files in `folder`; raises LocaleError."""
    raw = {name: _read_bytes(folder / name) for name in _LOCALE_FILES}
    compiled = _compiled(folder / COMPILED_FILE, _digest(raw))
    if compiled is not None:
        return compiled
    model = _parse(folder / MODEL_FILE, raw[MODEL_FILE], json.loads)
    prompts = _parse(folder / PROMPTS_FILE, raw[PROMPTS_FILE], tomllib.loads)
    rules = _parse(folder / RULES_FILE, raw[RULES_FILE], tomllib.loads)
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
    raises LocaleError like `load_locale`."""
    raw = {name: _read_bytes(folder / name) for name in _LOCALE_FILES}
    locale = load_locale(folder)
    return pickle.dumps((_digest(raw), locale), protocol=pickle.HIGHEST_PROTOCOL)


def _digest(raw: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256(_COMPILED_FORMAT)
    for name in sorted(raw):
        digest.update(f"{name}:{len(raw[name])}:".encode())
        digest.update(raw[name])
    return digest.hexdigest()


def _compiled(path: Path, digest: str) -> Locale | None:
    """The compiled locale at `path` if it was made from the files as they are now; None
    when there is none, it is stale, or it cannot be read (then the files are parsed)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        made_from, locale = pickle.loads(data)
    except Exception:  # noqa: BLE001 - any broken cache only means: parse the files
        return None
    return locale if made_from == digest and isinstance(locale, Locale) else None


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
    return Messages(parse_message_table(_parse(path, _read_bytes(path), tomllib.loads), table, required, str(path)))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LocaleError(f"{path}: cannot be read ({error.strerror or error})") from None


def _parse(path: Path, raw: bytes, parse: Any) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LocaleError(f"{path}: is not UTF-8 text") from None
    try:
        return parse(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise LocaleError(f"{path}: is not valid ({error})") from None
