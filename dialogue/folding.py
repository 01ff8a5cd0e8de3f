"""Text without case and accents, the form every comparison of words uses."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: 'Hé, één' -> 'he, een'."""
    if text.isascii():
        return text.lower()  # nothing to decompose (the common case, and a fast one)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
