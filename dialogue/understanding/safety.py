"""Finding danger (violence, abuse, fear of the partner, suicide) in what was said.

The safety phrases are looked for anywhere in the words, in order but with a few other
words allowed in between ("ik voel me thuis niet veilig" holds "voel me niet veilig").
A long safety word also counts at the start of a compound ("zelfmoordgedachten"), and a
phrase's long first word at the end of one ("doodsbang voor hem"). Typo correction may
only lead to danger from a long word one letter off, so "slaapt" is never read as
"slaat" and "opgeslagen" never as "geslagen".
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogue.understanding.index import SAFETY_STEM_LENGTH, Index, positions_with_gaps
from dialogue.understanding.normalise import Normaliser, Token
from dialogue.understanding.spelling import edit_distance

# Other words allowed inside a safety phrase, in total.
SAFETY_GAP = 2
# A compound's first part before a safety head has at least this many letters.
_MIN_COMPOUND_HEAD = 3


class SafetyCheck:
    """Whether normalised words hold a safety phrase of the locale."""

    def __init__(self, index: Index, normaliser: Normaliser) -> None:
        self._index = index
        self._normaliser = normaliser

    def in_tokens(self, tokens: Sequence[Token]) -> bool:
        """Whether what was said (its tokens, uncorrected) mentions danger."""
        return self.in_words([self._danger_word(t.word) for t in tokens])

    def in_words(self, words: Sequence[str]) -> bool:
        """Whether these normalised words hold a safety phrase (gaps allowed)."""
        by_first = self._index.safety_by_first
        for start, word in enumerate(words):
            for first in (word, *self._heads(word)):
                for phrase in by_first.get(first, ()):
                    if positions_with_gaps(words, start, phrase, SAFETY_GAP) is not None:
                        return True
        return False

    def _heads(self, word: str) -> tuple[str, ...]:
        """Safety phrase words that `word` ends with as a compound ('doodsbang' -> 'bang')."""
        return tuple(
            h for h in self._index.safety_heads if len(word) >= len(h) + _MIN_COMPOUND_HEAD and word.endswith(h)
        )

    def _danger_word(self, word: str) -> str:
        """The word as the safety check reads it: only near-certain corrections, compounds."""
        safety_words = self._index.safety_words
        corrected = self._normaliser.correct(word)
        if corrected != word and corrected in safety_words and not _sure_correction(word, corrected):
            corrected = word
        if corrected not in safety_words:
            for stem in self._index.safety_stems:
                if corrected.startswith(stem):
                    return stem
        return corrected


def _sure_correction(word: str, corrected: str) -> bool:
    return len(word) >= SAFETY_STEM_LENGTH and edit_distance(word, corrected) <= 1
