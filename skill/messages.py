"""The skill's own sentences (interaction_models/nl-NL/skill.toml), validated at load time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from locale_files import LOCALE_DIR, Messages, load_messages

SKILL_FILE = "skill.toml"

# Every message id the skill uses, with the placeholders it may use.
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


def load_skill_messages(folder: Path = LOCALE_DIR) -> Messages:
    """Read and validate `skill.toml` in the locale folder; raises LocaleError naming file and key."""
    return load_messages(SKILL_FILE, "skill", REQUIRED_MESSAGES, folder)
