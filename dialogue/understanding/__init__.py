"""Understanding typed or transcribed Dutch: a pure function of text and the locale.

`Understander(locale).understand(text, expect)` returns an `Intent` (slots as value
ids), or `Unrecognized`. It never raises on any text.

How it works:

1. Normalise: lower case, accents folded, punctuation dropped, filler words removed,
   shorthand replaced; "te" before an infinitive is dropped ("rustig te worden"), and a
   separable verb split by it is joined again ("in te checken" -> "inchecken"); two
   words written apart that the locale knows as one word are joined ("trigger plan" ->
   "triggerplan"). Each word not in the locale's vocabulary is corrected to the nearest
   known word (edit distance 1, or 2 for long words), or else read by its stem, so an
   inflection the locale does not list still counts ("het miezert" -> "miezerig").
2. Safety first: the safety phrases (understanding.toml and the SafetyIntent samples)
   are looked for anywhere in the words, in order but with a few other words allowed
   in between ("ik voel me thuis niet veilig" holds "voel me niet veilig"). A long
   safety word also counts at the start of a compound ("zelfmoordgedachten"). Typo
   correction may only lead to danger from a long word one letter off, so "slaapt" is
   never read as "slaat" and "opgeslagen" never as "geslagen".
3. Score every sample of every intent against the words by a weighted overlap (words
   shared by many intents weigh little), with slot values found in the words standing
   in for the sample's `{slot}` (a value phrase of three or more words may have a few
   other words inside: "dat je me even ziet" holds "dat je me ziet"). Samples with
   first names are aligned word by word, allowing a word missing or added. The intents
   the current step expects get a small bonus; an answer with a slot value (weather,
   need, feeling) that the step does not ask for gets a small malus, because the coach
   could do nothing with it there.
4. At a step that takes a free answer (the gratitude), anything that is not a command
   said clearly is that answer. A free answer never carries the words that were said.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dialogue.intents import ALEXA_ONLY_SLOT_TYPES, FREE_WORD_SLOT_TYPES, IntentName
from dialogue.locale import Locale, Sample, SlotRef
from dialogue.model import Event, Intent, Unrecognized
from dialogue.understanding.normalise import fold

NEGATION_REACH = 2  # "niet goed", "niet zo goed"
MIN_SCORE = 0.5
EXPECTED_BONUS = 0.15
# A slot answer (weather, need, feeling) at a step that did not ask for it.
UNASKED_ANSWER_MALUS = 0.15
# A free answer loses only to a command said clearly, or to an expected one (skip) said
# fairly clearly: a few shared common words do not turn a thank-you into a skip.
FREE_ANSWER_OVERRIDE = 0.8
FREE_ANSWER_EXPECTED = 0.6
SLOT_WEIGHT = 2.0
UNKNOWN_WORD_WEIGHT = 0.5
MAX_NAME_LENGTH = 30
# Words longer than this are not corrected (nobody types them; keeps odd input cheap).
MAX_CORRECTED_LENGTH = 30
# Two words written apart are joined only if both have this many letters ("sam en" stays).
MIN_COMPOUND_PART = 3
# Name samples are aligned only with utterances up to this many words.
MAX_NAME_UTTERANCE = 30
NAME_MISSING_COST = 0.1
NAME_EXTRA_COST = 0.05
# Other words allowed inside a safety phrase, in total.
SAFETY_GAP = 2
# A safety phrase's first word this long also counts at the end of a compound word.
SAFETY_HEAD_LENGTH = 4
# A single safety word this long also counts at the start of a compound word.
SAFETY_STEM_LENGTH = 7
# Other words allowed inside a slot value phrase of at least SLOT_GAP_MIN_WORDS words.
SLOT_GAP = 2
SLOT_GAP_MIN_WORDS = 3
# Words are read by their stem only from this length, and stems are at least this long.
MIN_STEMMED_WORD = 5
MIN_STEM = 4
# Dutch inflection endings (past tense too), longest first; one is removed to find a stem.
_SUFFIXES = ("heid", "ende", "ing", "end", "den", "ten", "ig", "en", "de", "te", "je", "e", "t")
# The infinitive marker, dropped before a word with this ending ("om rustig te worden").
_INFINITIVE_MARKER = "te"
_INFINITIVE_ENDING = "en"

_NON_WORD = re.compile(r"[^a-z0-9']+")
_NAME = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")
_STRIP = '.,!?;:"()[]{}<>…“”‘’«»'


@dataclass(frozen=True)
class _Token:
    word: str  # normalised
    written: str  # the whitespace-separated piece of text it came from, as written
    group: int  # index of that piece: the words of "Jan-Willem" share one group
    after_te: bool = False  # an infinitive marker "te" was dropped just before it


@dataclass(frozen=True)
class _Sample:
    intent: str
    words: tuple[str, ...]  # slot references as "<TypeName>"; free-word slots as "*slot"
    word_set: frozenset[str]
    weight: float
    slot_type: str | None  # the custom slot type the sample needs, if any
    free_slots: tuple[str, ...]  # free-word slot names, in order


class Understander:
    """Matches text against one locale's samples, slot values and safety phrases."""

    def __init__(self, locale: Locale) -> None:
        self._rules = locale.rules
        self._free_answers = self._rules.free_answer_intents
        self._slot_of_type: dict[tuple[str, str], str] = {}
        # Intents answering with a custom slot value: they mean something only when asked.
        self._answer_intents: set[str] = set()
        raw_samples: list[tuple[str, Sample]] = []
        for intent in locale.intents:
            for slot_name, type_name in intent.slots:
                self._slot_of_type[(intent.name, type_name)] = slot_name
                if type_name not in FREE_WORD_SLOT_TYPES and intent.name not in self._free_answers:
                    self._answer_intents.add(intent.name)
            if any(t in ALEXA_ONLY_SLOT_TYPES for _, t in intent.slots):
                continue
            for sample in intent.samples:
                raw_samples.append((intent.name, sample))

        # Slot phrases: normalised word tuples -> value id, per slot type.
        self._phrases: dict[str, dict[tuple[str, ...], str]] = {}
        vocabulary: set[str] = set()
        for type_name, definition in locale.slot_types.items():
            table: dict[tuple[str, ...], str] = {}
            for value in definition.values:
                for spoken in (value.name, *value.synonyms):
                    phrase_words = tuple(self._plain_words(spoken))
                    if phrase_words:
                        table.setdefault(phrase_words, value.id)
                        vocabulary.update(phrase_words)
            self._phrases[type_name] = table
        self._longest_phrase = max((len(p) for t in self._phrases.values() for p in t), default=1)
        # Phrases long enough to be found with other words inside, per type and length.
        self._gapped: dict[str, dict[int, tuple[tuple[tuple[str, ...], str], ...]]] = {}
        for type_name, table in self._phrases.items():
            by_length: dict[int, list[tuple[tuple[str, ...], str]]] = {}
            for phrase, value_id in sorted(table.items()):
                if len(phrase) >= SLOT_GAP_MIN_WORDS:
                    by_length.setdefault(len(phrase), []).append((phrase, value_id))
            self._gapped[type_name] = {length: tuple(found) for length, found in by_length.items()}

        safety = {tuple(self._plain_words(p)) for p in locale.safety_phrases}
        self._safety = sorted(p for p in safety if p)
        self._safety_by_first: dict[str, list[tuple[str, ...]]] = {}
        for danger in self._safety:
            self._safety_by_first.setdefault(danger[0], []).append(danger)
            vocabulary.update(danger)
        self._safety_words = frozenset(word for phrase in self._safety for word in phrase)
        # Words of multi-word phrases that also count as the head of a compound
        # ("doodsbang voor hem" holds "bang voor hem"); never for single danger words,
        # or "overslaan" would hold "slaan".
        self._safety_heads = tuple(
            sorted({w for p in self._safety if len(p) > 1 for w in p[:1] if len(w) >= SAFETY_HEAD_LENGTH})
        )
        self._safety_stems = tuple(
            sorted({p[0] for p in self._safety if len(p) == 1 and len(p[0]) >= SAFETY_STEM_LENGTH})
        )

        samples: list[_Sample] = []
        document_frequency: dict[str, set[str]] = {}
        # Sample words repeat a lot ("ik", "de", "me"); each is normalised once.
        normalised: dict[str, list[str]] = {}
        for intent_name, raw_sample in raw_samples:
            if intent_name == IntentName.SAFETY:
                continue
            sample_words: list[str] = []
            needed: list[str] = []
            free: list[str] = []
            for token in raw_sample.tokens:
                if isinstance(token, SlotRef):
                    if token.type in FREE_WORD_SLOT_TYPES:
                        sample_words.append("*" + token.name)
                        free.append(token.name)
                    else:
                        sample_words.append(f"<{token.type}>")
                        needed.append(token.type)
                else:
                    words_of_token = normalised.get(token)
                    if words_of_token is None:
                        words_of_token = normalised[token] = self._plain_words(token)
                    sample_words.extend(words_of_token)
            if not sample_words or len(needed) > 1:
                continue  # no sample uses two custom slots; keep the matcher simple
            for word in sample_words:
                document_frequency.setdefault(word, set()).add(intent_name)
                if not word.startswith(("<", "*")):
                    vocabulary.add(word)
            samples.append(
                _Sample(
                    intent_name,
                    tuple(sample_words),
                    frozenset(sample_words),
                    0.0,
                    needed[0] if needed else None,
                    tuple(free),
                )
            )

        self._weights = {
            word: SLOT_WEIGHT if word.startswith("<") else 1.0 / math.sqrt(len(intents))
            for word, intents in document_frequency.items()
        }
        self._samples = tuple(
            _Sample(s.intent, s.words, s.word_set, self._set_weight(s.word_set), s.slot_type, s.free_slots)
            for s in samples
            if not s.free_slots
        )
        self._name_samples = tuple(s for s in samples if s.free_slots)
        # word -> indices of the samples that contain it, so only those are scored.
        self._index: dict[str, list[int]] = {}
        for number, entry in enumerate(self._samples):
            for word in entry.word_set:
                self._index.setdefault(word, []).append(number)
        self._vocabulary = frozenset(vocabulary)
        self._deletions = _deletion_index(self._vocabulary)
        # Shorthand and spellings the locale rewrites ("checkin"), so a typo of one is rewritten too.
        self._shorthand = _deletion_index(k for k in self._rules.replacements if k.isalpha())
        # stem -> the vocabulary word read for it (the shortest, then the first alphabetically).
        self._stems: dict[str, str] = {}
        for word in sorted(self._vocabulary, key=lambda w: (len(w), w)):
            stem = _stem(word)
            if stem is not None:
                self._stems.setdefault(stem, word)
        # A memo of corrections; it changes no result, only how fast one is found.
        self._corrections: dict[str, str] = {}

    # --- public ---------------------------------------------------------------------------

    def understand(self, text: str, expect: Sequence[str] = ()) -> Event:
        """What `text` means at a step that expects the intents in `expect`."""
        tokens = self._tokens(text)
        if not tokens:
            return Unrecognized()
        if self._danger(tokens):
            return Intent(IntentName.SAFETY)
        words = [self._correct(t.word) for t in tokens]
        best, score = self._best_intent(words, tokens, expect)
        free = [name for name in expect if name in self._free_answers]
        if free:
            if best is not None and best.name not in self._free_answers:
                needed = FREE_ANSWER_EXPECTED if best.name in expect else FREE_ANSWER_OVERRIDE
                if score >= needed:
                    return best
            return Intent(free[0])
        if best is None or score < MIN_SCORE:
            return Unrecognized()
        if best.name in self._free_answers:
            return Intent(best.name)  # the words of a free answer are never kept
        return best

    def is_danger(self, text: str) -> bool:
        """Whether `text` mentions violence, abuse, fear of the partner or suicide."""
        return self._danger(self._tokens(text))

    def mentions_danger(self, words: Sequence[str]) -> bool:
        """Whether these normalised words hold a safety phrase (gaps allowed)."""
        for start, word in enumerate(words):
            for first in (word, *self._heads(word)):
                for phrase in self._safety_by_first.get(first, ()):
                    if _positions_with_gaps(words, start, phrase, SAFETY_GAP) is not None:
                        return True
        return False

    def _heads(self, word: str) -> tuple[str, ...]:
        """Safety phrase words that `word` ends with as a compound ('doodsbang' -> 'bang')."""
        return tuple(h for h in self._safety_heads if len(word) >= len(h) + 3 and word.endswith(h))

    def vocabulary(self) -> frozenset[str]:
        """Every word the locale's samples, slot values and safety phrases use."""
        return self._vocabulary

    # --- normalising -------------------------------------------------------------------------

    def _plain_words(self, text: str) -> list[str]:
        """Normalised words of locale text (no compounds joined: the vocabulary is being built)."""
        return [t.word for t in self._split(text)]

    def _split(self, text: str) -> list[_Token]:
        """Tokens, fillers dropped, shorthand replaced."""
        tokens: list[_Token] = []
        marker = False
        for group, written in enumerate(text.split()):
            for token in _NON_WORD.split(fold(written)):
                token = token.strip("'") if token not in self._rules.replacements else token
                if not token:
                    continue
                replaced = self._rules.replacements.get(token, token)
                for word in replaced.split():
                    if word in self._rules.fillers:
                        continue
                    if marker and word.endswith(_INFINITIVE_ENDING):
                        tokens.pop()  # "te" before an infinitive says nothing
                        tokens.append(_Token(word, written.strip(_STRIP), group, after_te=True))
                    else:
                        tokens.append(_Token(word, written.strip(_STRIP), group))
                    marker = word == _INFINITIVE_MARKER
        return tokens

    def _tokens(self, text: str) -> list[_Token]:
        """Tokens of what was said, with words written apart joined where the locale has one word."""
        tokens = self._split(text)
        joined: list[_Token] = []
        for token in tokens:
            if joined:
                previous = joined[-1]
                compound = previous.word + token.word
                if token.after_te:
                    # A separable verb split by "te": "aan te doen" is "aandoen".
                    replaced = self._rules.replacements.get(compound)
                    if replaced is not None:
                        joined.pop()
                        joined.extend(_Token(w, previous.written, previous.group) for w in replaced.split())
                        continue
                    if compound in self._vocabulary:
                        joined[-1] = _Token(compound, previous.written, previous.group)
                        continue
                unknown_part = previous.word not in self._vocabulary or token.word not in self._vocabulary
                long_parts = min(len(previous.word), len(token.word)) >= MIN_COMPOUND_PART
                if unknown_part and long_parts and compound in self._vocabulary:
                    joined[-1] = _Token(compound, previous.written, previous.group)
                    continue
            joined.extend(self._rewrite_misspelt_shorthand(token))
        return joined

    def _rewrite_misspelt_shorthand(self, token: _Token) -> list[_Token]:
        """A word that is no known word, nor one typo away from one, but a typo away from
        a shorthand the locale rewrites: rewritten as that shorthand ("chekin" -> "check in")."""
        word = token.word
        if word in self._vocabulary or len(word) < 5 or len(word) > MAX_CORRECTED_LENGTH:
            return [token]
        if self._correct(word) != word:
            return [token]
        key = _nearest(word, self._shorthand)
        if key is None:
            return [token]
        return [_Token(w, token.written, token.group) for w in self._rules.replacements[key].split()]

    def _correct(self, word: str) -> str:
        if word in self._vocabulary or len(word) < 4 or len(word) > MAX_CORRECTED_LENGTH or word.isdigit():
            return word
        cached = self._corrections.get(word)
        if cached is None:
            cached = _nearest(word, self._deletions) or self._stemmed(word) or word
            if len(self._corrections) < 10_000:
                self._corrections[word] = cached
        return cached

    def _stemmed(self, word: str) -> str | None:
        """The vocabulary word with the same stem ("miezert" -> "miezerig"), if any."""
        if len(word) < MIN_STEMMED_WORD:
            return None
        stem = _stem(word)
        return None if stem is None else self._stems.get(stem)

    # --- safety ------------------------------------------------------------------------------

    def _danger(self, tokens: Sequence[_Token]) -> bool:
        return self.mentions_danger([self._danger_word(t.word) for t in tokens])

    @staticmethod
    def _sure_correction(word: str, corrected: str) -> bool:
        return len(word) >= SAFETY_STEM_LENGTH and _edit_distance(word, corrected) <= 1

    def _danger_word(self, word: str) -> str:
        """The word as the safety check reads it: only near-certain corrections, compounds."""
        corrected = self._correct(word)
        if corrected != word and corrected in self._safety_words and not self._sure_correction(word, corrected):
            corrected = word
        if corrected not in self._safety_words:
            for stem in self._safety_stems:
                if corrected.startswith(stem):
                    return stem
        return corrected

    # --- scoring -----------------------------------------------------------------------------

    def _set_weight(self, words: Iterable[str]) -> float:
        return sum(self._weights.get(w, UNKNOWN_WORD_WEIGHT) for w in words)

    def _best_intent(
        self, words: list[str], tokens: list[_Token], expect: Sequence[str]
    ) -> tuple[Intent | None, float]:
        # The utterance as each kind of sample sees it: plain, or with one slot value replaced.
        plain = frozenset(words)
        views: dict[str | None, tuple[frozenset[str], float, str]] = {None: (plain, self._set_weight(plain), "")}
        candidates: set[int] = set()
        for word in plain:
            candidates.update(self._index.get(word, ()))
        for type_name in self._phrases:
            replaced, value = self._replace_phrase(words, type_name)
            if value is not None:
                view = frozenset(replaced)
                views[type_name] = (view, self._set_weight(view), value)
                candidates.update(self._index.get(f"<{type_name}>", ()))

        best: Intent | None = None
        best_score = 0.0
        for number in sorted(candidates):
            sample = self._samples[number]
            seen = views.get(sample.slot_type)
            if seen is None:
                continue
            utterance, utterance_weight, value = seen
            shared = self._set_weight(sample.word_set & utterance)
            score = self._adjust(sample.intent, 2 * shared / (sample.weight + utterance_weight), expect)
            if score > best_score:
                if sample.slot_type is None:
                    best = Intent(sample.intent)
                else:
                    best = Intent.of(sample.intent, **{self._slot_of_type[(sample.intent, sample.slot_type)]: value})
                best_score = score
        names = self._name_spans(words, tokens) if len(words) <= MAX_NAME_UTTERANCE else {}
        for sample in self._name_samples:
            if len(names) >= len(sample.free_slots):
                candidate, score = self._match_names(sample, words, tokens, names)
                if candidate is not None:
                    score = self._adjust(sample.intent, score, expect)
                    if score > best_score:
                        best, best_score = candidate, score
        return best, best_score

    def _name_spans(self, words: list[str], tokens: list[_Token]) -> dict[int, int]:
        """Where each written word that could be a first name starts and ends among the words."""
        spans: dict[int, int] = {}
        size = len(words)
        for index in range(size):
            if index == 0 or tokens[index].group != tokens[index - 1].group:
                end = index
                while end + 1 < size and tokens[end + 1].group == tokens[index].group:
                    end += 1
                if self._is_name(tokens[index], words[index : end + 1]):
                    spans[index] = end + 1
        return spans

    def _adjust(self, intent: str, score: float, expect: Sequence[str]) -> float:
        if intent in expect:
            return score + EXPECTED_BONUS
        if intent in self._answer_intents:
            return score - UNASKED_ANSWER_MALUS
        return score

    def _replace_phrase(self, words: list[str], type_name: str) -> tuple[list[str], str | None]:
        """Words with the first (longest) value phrase of a type replaced by <type>."""
        table = self._phrases[type_name]
        gapped = self._gapped[type_name]
        for length in range(min(self._longest_phrase, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                value = table.get(tuple(words[start : start + length]))
                if value is not None and not self._negated(words, start):
                    return words[:start] + [f"<{type_name}>"] + words[start + length :], value
            for phrase, value in gapped.get(length, ()):
                for start, word in enumerate(words):
                    if word == phrase[0]:
                        found = _positions_with_gaps(words, start, phrase, SLOT_GAP)
                        if found is not None and not self._negated(words, start):
                            # The phrase's words become the slot; the words inside it stay.
                            kept = [w for i, w in enumerate(words) if i not in found]
                            kept.insert(start, f"<{type_name}>")
                            return kept, value
        return words, None

    def _negated(self, words: list[str], start: int) -> bool:
        """Whether a negation stands just before position `start` ("niet (zo) goed")."""
        return any(w in self._rules.negations for w in words[max(0, start - NEGATION_REACH) : start])

    def _match_names(
        self, sample: _Sample, words: list[str], tokens: list[_Token], names: dict[int, int]
    ) -> tuple[Intent | None, float]:
        """Align a sample with first-name slots: literals in order, one missing or extra word
        costs a little; each name is one written word (see `_is_name`), from `names`."""
        pattern = sample.words
        literals = sum(1 for p in pattern if not p.startswith("*"))
        if not any(p in words for p in pattern):
            return None, 0.0
        size = len(words)
        infinity = math.inf
        # cost[i][j]: best cost of matching pattern[:i] with words[:j]; back holds the step.
        cost = [[infinity] * (size + 1) for _ in range(len(pattern) + 1)]
        back: list[list[tuple[int, int, str] | None]] = [[None] * (size + 1) for _ in range(len(pattern) + 1)]
        cost[0][0] = 0.0
        for i in range(len(pattern) + 1):
            for j in range(size + 1):
                here = cost[i][j]
                if here == infinity:
                    continue
                if j < size and here + NAME_EXTRA_COST < cost[i][j + 1]:
                    cost[i][j + 1] = here + NAME_EXTRA_COST
                    back[i][j + 1] = (i, j, "extra")
                if i == len(pattern):
                    continue
                expected = pattern[i]
                if expected.startswith("*"):
                    stop = names.get(j)
                    if stop is not None and here < cost[i + 1][stop]:
                        cost[i + 1][stop] = here
                        back[i + 1][stop] = (i, j, "name")
                    continue
                if j < size and words[j] == expected and here < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1] = here
                    back[i + 1][j + 1] = (i, j, "word")
                if here + NAME_MISSING_COST < cost[i + 1][j]:
                    cost[i + 1][j] = here + NAME_MISSING_COST
                    back[i + 1][j] = (i, j, "missing")
        total = cost[len(pattern)][size]
        if total == infinity:
            return None, 0.0
        slots: dict[str, str] = {}
        missing = 0
        i, j = len(pattern), size
        while (i, j) != (0, 0):
            step = back[i][j]
            assert step is not None
            pi, pj, kind = step
            if kind == "name":
                written = tokens[pj].written
                slots[pattern[pi][1:]] = written[:1].upper() + written[1:]
            elif kind == "missing":
                missing += 1
            i, j = pi, pj
        if missing > (literals - 1) // 2:
            return None, 0.0
        return Intent.of(sample.intent, **slots), 1.0 - total

    def _is_name(self, token: _Token, words: list[str]) -> bool:
        """One written word of letters (inner hyphens allowed) that the locale does not use as a
        word, unless it is written with a capital ("Storm" may be a name, "boos" is not)."""
        written = token.written
        if not _NAME.match(written) or len(written) > MAX_NAME_LENGTH:
            return False
        if written[:1].isupper():
            return True
        return not any(word in self._vocabulary for word in words)


def _positions_with_gaps(
    words: Sequence[str], start: int, phrase: tuple[str, ...], max_gaps: int
) -> frozenset[int] | None:
    """Where `phrase` lies in order from `start`, with at most `max_gaps` other words inside."""
    found = [start]
    gaps = 0
    index = start + 1
    for word in phrase[1:]:
        while index < len(words) and words[index] != word:
            gaps += 1
            if gaps > max_gaps:
                return None
            index += 1
        if index >= len(words):
            return None
        found.append(index)
        index += 1
    return frozenset(found)


def _stem(word: str) -> str | None:
    """A rough Dutch stem: one inflection ending off, a doubled last consonant single, a last
    z or v read as s or f ("geruststelling", "geruststelt" -> "geruststel"; "grijzig" -> "grijs")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    if len(word) >= 2 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    word = word[:-1] + {"z": "s", "v": "f"}.get(word[-1:], word[-1:])
    return word if len(word) >= MIN_STEM and word.isalpha() else None


def _max_distance(word: str) -> int:
    return 2 if len(word) >= 8 else 1


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _deletion_index(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for word in sorted(vocabulary):
        if len(word) < 4:
            continue
        for variant in _deletes(word, _max_distance(word)):
            found = index.get(variant)
            if found is None:
                index[variant] = [word]
            else:
                found.append(word)
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
