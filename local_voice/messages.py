"""The voice mode's own Dutch messages, from interaction_models/nl-NL/voice.toml, checked at load."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dialogue import LocaleError
from edge.locale_files import LOCALE_DIR

VOICE_FILE = "voice.toml"

# Every message id and the placeholders it may use.
REQUIRED: Mapping[str, frozenset[str]] = {
    "missing_model": frozenset({"path"}),
    "broken_model": frozenset({"path", "reason"}),
    "missing_microphone": frozenset({"reason"}),
    "missing_speech": frozenset({"reason"}),
    "missing_audio_library": frozenset({"reason"}),
    "voice_only_exit": frozenset(),
    "no_runtime_grammar": frozenset(),
    "missing_words": frozenset({"words"}),
    "no_unknown_word": frozenset(),
    "listening": frozenset({"wake"}),
    "microphone_lost": frozenset({"seconds"}),
    "microphone_back": frozenset(),
    "checkin_scheduled": frozenset({"time"}),
    "checkin_invitation": frozenset(),
    "checkin_later": frozenset({"wake"}),
    "download_start": frozenset({"url"}),
    "download_done": frozenset({"path"}),
    "download_present": frozenset({"path"}),
    "download_offline": frozenset({"host", "reason"}),
    "download_checksum": frozenset({"actual", "expected"}),
    "download_failed": frozenset({"reason"}),
}


@dataclass(frozen=True)
class VoiceMessages:
    """The voice mode's messages by id."""

    texts: Mapping[str, str]

    def __call__(self, message_id: str, **params: object) -> str:
        """The message with its placeholders filled in."""
        return self.texts[message_id].format(**params)


def load_voice_messages(folder: Path = LOCALE_DIR) -> VoiceMessages:
    """Read and check voice.toml; raises LocaleError naming the file and key."""
    path = folder / VOICE_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LocaleError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LocaleError(f"{path}: is not valid ({error})") from None
    table = data.get("voice")
    if not isinstance(table, dict):
        raise LocaleError(f"{path}: voice: missing")
    for message_id, allowed in REQUIRED.items():
        text = table.get(message_id)
        if not isinstance(text, str) or not text.strip():
            raise LocaleError(f"{path}: voice.{message_id}: missing or empty")
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as error:
            raise LocaleError(f"{path}: voice.{message_id}: broken placeholder ({error})") from None
        if not used <= allowed:
            unknown = ", ".join(sorted(used - allowed))
            raise LocaleError(f"{path}: voice.{message_id}: unknown placeholder {unknown}")
    extra = sorted(set(table) - set(REQUIRED))
    if extra:
        raise LocaleError(f"{path}: voice.{extra[0]}: is not used (remove it or fix its id)")
    return VoiceMessages(dict(table))
