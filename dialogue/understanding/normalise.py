"""The one normaliser of text: what the understanding, the voice grammars and the voice
loop all use to compare what was said with what the locale holds."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_NOT_SPOKEN = re.compile(r"[^\w'\- ]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Hé, één' -> 'he, een'."""
    if text.isascii():
        return text.lower()  # nothing to decompose (the common case, and a fast one)
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spoken_form(text: str) -> str:
    """A phrase as a speech recogniser spells it: lower case, single spaces, punctuation
    other than apostrophes and hyphens dropped, accents kept ('Hé, coach!' -> 'hé coach')."""
    return " ".join(_NOT_SPOKEN.sub(" ", text.lower()).split())


def without_words(text: str, dropped: Collection[str]) -> str:
    """The text's words except those in `dropped` (e.g. a recogniser's unknown-word token)."""
    return " ".join(w for w in text.split() if w not in dropped)


def phrase_key(text: str) -> str:
    """What two spellings of one phrase share: folded, spoken form, hyphens as spaces
    ('Start de check-in' and 'start de check in' -> 'start de check in')."""
    return " ".join(spoken_form(fold(text)).replace("-", " ").split())
