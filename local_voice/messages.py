"""The voice mode's own Dutch messages, from interaction_models/nl-NL/voice.toml, checked at load."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from locale_files import LOCALE_DIR, Messages, load_messages

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


def load_voice_messages(folder: Path = LOCALE_DIR) -> Messages:
    """Read and check voice.toml; raises LocaleError naming the file and key."""
    return load_messages(VOICE_FILE, "voice", REQUIRED, folder)
