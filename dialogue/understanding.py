"""Understanding typed or transcribed Dutch: a pure function of text and the locale.

`Understander(locale).understand(text, expect)` returns an `Intent` (slots as value
ids), or `Unrecognized`. It never raises on any text.

How it works: the text is normalised (lower case, accents folded, punctuation dropped,
filler words removed, shorthand replaced) and each word not in the locale's vocabulary
is corrected to the nearest known word (edit distance 1, or 2 for long words). Safety
phrases are looked for anywhere in the words first. Then every sample of every intent
is scored against the words by a weighted overlap (words shared by many intents weigh
little), with slot values found in the words standing in for the sample's `{slot}`.
The intents the current step expects get a small bonus, so "goed" is a weather answer
when the coach asked for the weather.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from dialogue.intents import FREE_WORD_SLOT_TYPES, IntentName
from dialogue.locale import Locale
from dialogue.model import Event, Intent, Unrecognized

MIN_SCORE = 0.5
EXPECTED_BONUS = 0.15
# A free answer loses only to a command said clearly.
FREE_ANSWER_OVERRIDE = 0.8
SLOT_WEIGHT = 2.0
UNKNOWN_WORD_WEIGHT = 0.5
MAX_NAME_LENGTH = 30

_NON_WORD = re.compile(r"[^a-z0-9']+")
_SLOT_REF = re.compile(r"^\{(\w+)\}$")


def fold(text: str) -> str:
    """Lower case without accents: 'Hé, één' -> 'he, een'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Sample:
    intent: str
    words: tuple[str, ...]  # slot references as "<TypeName>"; free-word slots as "*slot"
    word_set: frozenset[str]
    weight: float
    slot_types: tuple[str, ...]  # custom slot types the sample needs
    free_slots: tuple[str, ...]  # free-word slot names, in order


class Understander:
    """Matches text against one locale's samples, slot values and safety phrases."""

    def __init__(self, locale: Locale) -> None:
        self._rules = locale.rules
        self._slot_of_type: dict[tuple[str, str], str] = {}
        raw_samples: list[tuple[str, list[str], dict[str, str]]] = []
        for intent in locale.intents:
            slot_types = dict(intent.slots)
            for slot_name, type_name in intent.slots:
                self._slot_of_type[(intent.name, type_name)] = slot_name
            for sample in intent.samples:
                raw_samples.append((intent.name, sample.split(), slot_types))

        # Slot phrases: normalised word tuples -> (type, value id).
        self._phrases: dict[str, dict[tuple[str, ...], str]] = {}
        vocabulary: set[str] = set()
        for type_name, slot_type in locale.slot_types.items():
            table: dict[tuple[str, ...], str] = {}
            for value in slot_type.values:
                for phrase in (value.name, *value.synonyms):
                    words = tuple(self._normalise_words(phrase))
                    if words:
                        table.setdefault(words, value.id)
                        vocabulary.update(words)
            self._phrases[type_name] = table
        self._longest_phrase = max((len(p) for t in self._phrases.values() for p in t), default=1)

        safety_phrases = list(self._rules.safety_phrases)
        safety_phrases += locale.intent(IntentName.SAFETY.value).samples
        self._safety = [tuple(self._normalise_words(p)) for p in safety_phrases]
        self._safety = [p for p in self._safety if p]
        for phrase in self._safety:
            vocabulary.update(phrase)

        samples: list[_Sample] = []
        document_frequency: dict[str, set[str]] = {}
        for intent_name, tokens, slot_types in raw_samples:
            if intent_name == IntentName.SAFETY.value:
                continue
            words: list[str] = []
            needed: list[str] = []
            free: list[str] = []
            for token in tokens:
                ref = _SLOT_REF.match(token)
                if ref:
                    type_name = slot_types[ref.group(1)]
                    if type_name in FREE_WORD_SLOT_TYPES:
                        words.append("*" + ref.group(1))
                        free.append(ref.group(1))
                    else:
                        words.append(f"<{type_name}>")
                        needed.append(type_name)
                else:
                    words.extend(self._normalise_words(token))
            for word in words:
                document_frequency.setdefault(word, set()).add(intent_name)
                if not word.startswith(("<", "*")):
                    vocabulary.add(word)
            samples.append(_Sample(intent_name, tuple(words), frozenset(words), 0.0, tuple(needed), tuple(free)))

        self._weights = {
            word: SLOT_WEIGHT if word.startswith("<") else 1.0 / math.sqrt(len(intents))
            for word, intents in document_frequency.items()
        }
        self._samples = [
            _Sample(s.intent, s.words, s.word_set, self._set_weight(s.word_set), s.slot_types, s.free_slots)
            for s in samples
            if s.words
        ]
        self._vocabulary = frozenset(vocabulary)
        self._deletions = _deletion_index(self._vocabulary)
        self._corrections: dict[str, str] = {}
        self._free_answers = self._rules.free_answer_intents

    # --- public ---------------------------------------------------------------------------

    def understand(self, text: str, expect: Sequence[str] = ()) -> Event:
        """What `text` means at a step that expects the intents in `expect`."""
        pairs = self._normalise_pairs(text)
        if not pairs:
            return Unrecognized()
        words = [self._correct(word) for word, _ in pairs]
        if self.mentions_danger(words):
            return Intent(IntentName.SAFETY.value)
        best, score = self._best_intent(words, [original for _, original in pairs], expect)
        free = [name for name in expect if name in self._free_answers]
        if free and (best is None or best.name not in expect) and score < FREE_ANSWER_OVERRIDE:
            return Intent(free[0])
        if best is None or score < MIN_SCORE:
            return Unrecognized()
        return best

    def is_danger(self, text: str) -> bool:
        """Whether `text` mentions violence, abuse, fear of the partner or suicide."""
        return self.mentions_danger([self._correct(word) for word, _ in self._normalise_pairs(text)])

    def mentions_danger(self, words: Sequence[str]) -> bool:
        return any(_contains(words, phrase) for phrase in self._safety)

    def vocabulary(self) -> frozenset[str]:
        """Every word the locale's samples, slot values and safety phrases use."""
        return self._vocabulary

    # --- normalising -------------------------------------------------------------------------

    def _normalise_words(self, text: str) -> list[str]:
        return [word for word, _ in self._normalise_pairs(text)]

    def _normalise_pairs(self, text: str) -> list[tuple[str, str]]:
        """(normalised word, word as written) pairs, fillers dropped, shorthand replaced."""
        pairs: list[tuple[str, str]] = []
        for written in text.split():
            for token in _NON_WORD.split(fold(written)):
                token = token.strip("'") if token not in self._rules.replacements else token
                if not token:
                    continue
                replaced = self._rules.replacements.get(token, token)
                for word in replaced.split():
                    if word not in self._rules.fillers:
                        pairs.append((word, written.strip(".,!?;:\"()")))
        return pairs

    def _correct(self, word: str) -> str:
        if word in self._vocabulary or len(word) < 4 or word.isdigit():
            return word
        cached = self._corrections.get(word)
        if cached is None:
            cached = _nearest(word, self._deletions) or word
            if len(self._corrections) < 10_000:
                self._corrections[word] = cached
        return cached

    # --- scoring -----------------------------------------------------------------------------

    def _set_weight(self, words: Iterable[str]) -> float:
        return sum(self._weights.get(w, UNKNOWN_WORD_WEIGHT) for w in words)

    def _best_intent(
        self, words: list[str], originals: list[str], expect: Sequence[str]
    ) -> tuple[Intent | None, float]:
        slots_by_type: dict[str, tuple[list[str], dict[str, str]]] = {}
        best: Intent | None = None
        best_score = 0.0
        for sample in self._samples:
            if sample.free_slots:
                candidate, score = self._match_free(sample, words, originals)
            else:
                candidate, score = self._match(sample, words, slots_by_type)
            if candidate is None:
                continue
            if candidate.name in expect:
                score += EXPECTED_BONUS
            if score > best_score:
                best, best_score = candidate, score
        return best, best_score

    def _match(
        self,
        sample: _Sample,
        words: list[str],
        cache: dict[str, tuple[list[str], dict[str, str]]],
    ) -> tuple[Intent | None, float]:
        slots: dict[str, str] = {}
        utterance = words
        for type_name in sample.slot_types:
            if type_name not in cache:
                cache[type_name] = self._replace_phrases(words, type_name)
            replaced, found = cache[type_name]
            if type_name not in found:
                return None, 0.0
            utterance = replaced
            slots[self._slot_of_type[(sample.intent, type_name)]] = found[type_name]
        if len(sample.slot_types) > 1:
            return None, 0.0  # no sample uses two custom slots; keep the matcher simple
        utterance_set = frozenset(utterance)
        shared = self._set_weight(sample.word_set & utterance_set)
        score = 2 * shared / (sample.weight + self._set_weight(utterance_set))
        return Intent.of(sample.intent, **slots), score

    def _replace_phrases(self, words: list[str], type_name: str) -> tuple[list[str], dict[str, str]]:
        """Words with the first (longest) value phrase of a type replaced by <type>."""
        table = self._phrases[type_name]
        for length in range(min(self._longest_phrase, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                value = table.get(tuple(words[start:start + length]))
                if value is not None:
                    replaced = words[:start] + [f"<{type_name}>"] + words[start + length:]
                    return replaced, {type_name: value}
        return words, {}

    def _match_free(
        self, sample: _Sample, words: list[str], originals: list[str]
    ) -> tuple[Intent | None, float]:
        """Align a sample with free-word slots (first names) word by word."""
        pattern = sample.words
        for start in range(len(words) - len(pattern) + 1):
            slots: dict[str, str] = {}
            for offset, expected in enumerate(pattern):
                index = start + offset
                if expected.startswith("*"):
                    name = originals[index]
                    if not name.isalpha() or len(name) > MAX_NAME_LENGTH:
                        break
                    slots[expected[1:]] = name[:1].upper() + name[1:]
                elif words[index] != expected:
                    break
            else:
                extra = len(words) - len(pattern)
                return Intent.of(sample.intent, **slots), 1.0 - 0.05 * extra
        return None, 0.0


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    length = len(phrase)
    return any(tuple(words[i:i + length]) == phrase for i in range(len(words) - length + 1))


def _max_distance(word: str) -> int:
    return 2 if len(word) >= 8 else 1


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _deletion_index(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for word in sorted(vocabulary):
        if len(word) < 4:
            continue
        for variant in _deletes(word, _max_distance(word)):
            index.setdefault(variant, []).append(word)
    return index


def _nearest(word: str, index: dict[str, list[str]]) -> str | None:
    """The closest vocabulary word within the allowed edit distance (symmetric deletes)."""
    limit = _max_distance(word)
    best: tuple[int, str] | None = None
    for variant in _deletes(word, limit):
        for candidate in index.get(variant, ()):
            distance = _edit_distance(word, candidate)
            if distance <= min(limit, _max_distance(candidate)) and (best is None or (distance, candidate) < best):
                best = (distance, candidate)
    return None if best is None else best[1]


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit)."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[len(b)]
