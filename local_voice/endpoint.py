"""End of speech from the grammar: a complete phrase, unchanged, over trailing quiet.

Vosk ends an utterance after its trailing-silence rules (in the model's conf), which
adds a few hundred milliseconds after the last word. When the step listens for a
phrase list, the partial result often already is one whole phrase of that list by the
time the person stops: `EarlyEndpoint` takes it as final once it has stayed the same for
`hold_seconds` of audio AND that audio was quiet (the person stopped speaking). A Vosk
grammar also accepts phrases one after another ("nee stop"): such a sequence counts as
whole when its last phrase does.

Why both: Vosk updates its partial result in chunks, and with a grammar it forces
sounds onto the nearest phrase, so a short phrase can stand unchanged in the partial for
a few hundred milliseconds while a longer word is still being said; the quiet check
keeps that from being cut off. A phrase that is the beginning of a longer phrase of the
same grammar ("nog" / "nog vijf", "ja" / "ja graag") never ends early: the person may be
pausing in the middle of the longer one, so Vosk's own endpoint decides.
"""

from __future__ import annotations

import array
import math
from collections.abc import Iterable

from local_voice.grammar import UNK

# Tuned on recorded speech (bench/bench_voice.py). The partial result trails the audio by
# about 150 ms, so by the time a phrase has stood 150 ms over quiet audio the person has
# been silent for about 300 ms. 100 ms was faster (median -60 ms) but took a slow word's
# stop closure for the end and answered a wrong phrase sequence; 200 ms gives away the
# head start (median +90 ms).
HOLD_SECONDS = 0.15
# A frame is quiet below this share of the loudest frame of the utterance (-20 dB),
# or below the absolute floor (digital silence, a very quiet room).
QUIET_RATIO = 0.1
QUIET_FLOOR = 60.0


def ends_with_early_phrase(text: str, phrases: frozenset[str], early: frozenset[str]) -> bool:
    """Whether `text` is whole phrases one after another (a Vosk grammar accepts a sequence,
    "nee stop"), the last of them one that may end early."""
    words = text.split()
    # whole[i]: the first i words are a sequence of whole phrases.
    whole = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        whole[end] = any(whole[start] and " ".join(words[start:end]) in phrases for start in range(end))
    return any(whole[start] and " ".join(words[start:]) in early for start in range(len(words)))


def early_phrases(phrases: Iterable[str]) -> frozenset[str]:
    """The phrases that may end early: every phrase that is not the first words of
    another phrase of the same list (and not `[unk]`), spaces normalised."""
    normal = {" ".join(p.split()) for p in phrases if p and p != UNK}
    word_lists = [tuple(p.split()) for p in normal]
    prefixes = {words[:n] for words in word_lists for n in range(1, len(words))}
    return frozenset(p for p in normal if tuple(p.split()) not in prefixes)


def frame_level(frame: bytes) -> float:
    """Root mean square of a 16-bit little-endian PCM frame."""
    samples = array.array("h")
    samples.frombytes(frame[: len(frame) - len(frame) % 2])
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


class EarlyEndpoint:
    """Watches one utterance's partial results; `update` says when to take the partial as final."""

    def __init__(self, phrases: Iterable[str], sample_rate: int, *, hold_seconds: float = HOLD_SECONDS,
                 quiet_ratio: float = QUIET_RATIO, quiet_floor: float = QUIET_FLOOR) -> None:
        """`phrases`: the grammar's phrases as the recogniser listens for them."""
        self._phrases = frozenset(" ".join(p.split()) for p in phrases if p and p != UNK)
        self._early = early_phrases(self._phrases)
        self._hold = hold_seconds * sample_rate
        self._ratio = quiet_ratio
        self._floor = quiet_floor
        self._loudest = 0.0
        self._partial = ""
        self._stable = 0  # samples since the partial last changed, all of them quiet

    def ends_early(self, text: str) -> bool:
        """Whether a final text is a phrase that may end an utterance early."""
        return ends_with_early_phrase(text, self._phrases, self._early)

    def update(self, frame: bytes, partial: str) -> bool:
        """Feed the frame just given to the recogniser and the partial result after it;
        True when `partial` may be taken as the utterance's final text."""
        level = frame_level(frame)
        self._loudest = max(self._loudest, level)
        quiet = level < max(self._floor, self._loudest * self._ratio)
        partial = " ".join(partial.split())
        if partial != self._partial or not quiet:
            self._partial = partial
            self._stable = 0
            return False
        self._stable += len(frame) // 2
        return self._stable >= self._hold and self.ends_early(partial)
