"""The skill's own sentences (interaction_models/nl-NL/skill.toml), validated at load time."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from edge.locale_files import LOCALE_DIR

SKILL_FILE = "skill.toml"

# Every message id the skill uses, with the placeholders it must (and may only) have.
REQUIRED_MESSAGES: Mapping[str, frozenset[str]] = {
    "internal_error": frozenset(),
    "reminder_consent": frozenset(),
    "reminder_no_permission": frozenset(),
    "reminder_card_title": frozenset(),
    "reminder_set": frozenset({"time"}),
    "reminder_changed": frozenset({"time"}),
    "reminder_no_time": frozenset(),
    "reminder_failed": frozenset(),
    "reminder_text": frozenset(),
}


class SkillMessagesError(Exception):
    """skill.toml is missing, malformed or incomplete; the message names file and key."""


@dataclass(frozen=True)
class SkillMessages:
    """The skill's sentences by id."""

    messages: Mapping[str, str]

    def say(self, message_id: str, **params: object) -> str:
        """The sentence with this id, its named placeholders filled in."""
        return self.messages[message_id].format(**params)


def load_skill_messages(folder: Path = LOCALE_DIR) -> SkillMessages:
    """Read and validate `skill.toml` in the locale folder; raises SkillMessagesError."""
    path = folder / SKILL_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SkillMessagesError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise SkillMessagesError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SkillMessagesError(f"{path}: is not valid TOML ({error})") from None
    return parse_skill_messages(data, str(path))


def parse_skill_messages(data: object, file: str) -> SkillMessages:
    """Validate parsed skill.toml contents; raises SkillMessagesError naming file and key."""
    table = data.get("skill") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise SkillMessagesError(f"{file}: skill: missing table [skill]")
    messages: dict[str, str] = {}
    for key, wanted in REQUIRED_MESSAGES.items():
        text = table.get(key)
        if text is None:
            raise SkillMessagesError(f"{file}: skill.{key}: missing")
        if not isinstance(text, str) or not text.strip():
            raise SkillMessagesError(f"{file}: skill.{key}: must be a non-empty string")
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as error:
            raise SkillMessagesError(f"{file}: skill.{key}: bad placeholder ({error})") from None
        if not all(name.isidentifier() for name in fields):
            raise SkillMessagesError(f"{file}: skill.{key}: placeholders must be {{name}}")
        if fields != wanted:
            expected = ", ".join(sorted(wanted)) or "none"
            raise SkillMessagesError(f"{file}: skill.{key}: placeholders must be: {expected}")
        messages[key] = text
    unknown = sorted(set(table) - set(REQUIRED_MESSAGES))
    if unknown:
        raise SkillMessagesError(f"{file}: skill.{unknown[0]}: unknown message id")
    return SkillMessages(messages)
