"""Reading the locale folder from disk (the core validates what was read)."""

from __future__ import annotations

import json
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


def load_locale(folder: Path = LOCALE_DIR) -> Locale:
    """Read and validate the three locale files in `folder`; raises LocaleError."""
    model = _read(folder / MODEL_FILE, json.loads)
    prompts = _read(folder / PROMPTS_FILE, tomllib.loads)
    rules = _read(folder / RULES_FILE, tomllib.loads)
    try:
        return Locale.build(
            model,
            prompts,
            rules,
            model_file=str(folder / MODEL_FILE),
            prompts_file=str(folder / PROMPTS_FILE),
            rules_file=str(folder / RULES_FILE),
        )
    except LocaleError:
        raise
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as error:
        # A shape the validation does not foresee (e.g. null where a list belongs): still
        # a broken locale, reported in one line rather than a traceback.
        raise LocaleError(f"{folder}: a locale file has an unexpected shape ({type(error).__name__}: {error})") from error


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
    return Messages(parse_message_table(_read(path, tomllib.loads), table, required, str(path)))


def _read(path: Path, parse: Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LocaleError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise LocaleError(f"{path}: is not UTF-8 text") from None
    try:
        return parse(text)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise LocaleError(f"{path}: is not valid ({error})") from None
