"""Typo correction and rough Dutch stemming against a vocabulary (pure functions).

Corrections are found with symmetric deletes: every word of the vocabulary is indexed by
the strings it becomes with up to one (or, for long words, two) letters deleted, so the
candidates for a typed word are looked up, not searched for. Candidates are ranked by
the optimal string alignment distance (Levenshtein plus the swap of two adjacent letters,
each substring edited at most once), as rapidfuzz computes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

# Words are read by their stem only from this length, and stems are at least this long.
MIN_STEMMED_WORD = 5
MIN_STEM = 4
# Words shorter than this are never corrected and never indexed for correction.
MIN_CORRECTED_WORD = 4
# Dutch inflection endings (past tense too), longest first; one is removed to find a stem.
_SUFFIXES = ("heid", "ende", "ing", "end", "den", "ten", "ig", "en", "de", "te", "je", "e", "t")


def edit_distance(a: str, b: str) -> int:
    """The optimal string alignment distance: adjacent transpositions count as one edit."""
    return OSA.distance(a, b)


def stem(word: str) -> str | None:
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


def max_distance(word: str) -> int:
    """How many edits a word of this length may be corrected by."""
    return 2 if len(word) >= 8 else 1


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class DeletionIndex:
    """Each deletion variant of the vocabulary's words -> the words (in alphabetical order) it
    comes from, by the words' first letter: a correction keeps the first letter, so only the
    words with the first letter of the word looked up are ever candidates. The table of a
    letter is made at its first look-up (most letters are never looked up by a launch or a
    short session); it changes no result, only when the work is done."""

    __slots__ = ("_tables", "_words")

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words: dict[str, list[str]] = {}
        for word in sorted(vocabulary):
            if len(word) >= MIN_CORRECTED_WORD:
                self._words.setdefault(word[0], []).append(word)
        self._tables: dict[str, dict[str, list[str]]] = {}

    def starting_with(self, letter: str) -> dict[str, list[str]]:
        """The variants of the words with this first letter -> those words."""
        table = self._tables.get(letter)
        if table is None:
            table = self._tables[letter] = _variants(self._words.get(letter, ()))
        return table


def _variants(words: Iterable[str]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for word in words:
        for variant in _deletes(word, max_distance(word)):
            found = table.get(variant)
            if found is None:
                table[variant] = [word]
            else:
                found.append(word)
    return table


def deletion_index(vocabulary: Iterable[str]) -> DeletionIndex:
    """The words of `vocabulary` indexed for `nearest`."""
    return DeletionIndex(vocabulary)


def nearest(word: str, index: DeletionIndex) -> str | None:
    """The closest indexed word within the allowed edit distance (ties: one the word begins,
    then one of the word's length, then alphabetical)."""
    if not word:
        return None
    # A typo or a mishearing keeps the first letter: "eerlijk" is not "heerlijk".
    table = index.starting_with(word[0])
    limit = max_distance(word)
    # (of as near ones, first one the word begins (an end not heard: "rege" is "regen"), then
    # one as long as the word (a vowel misheard: "plen" is "plan", no "pilen"))
    best: tuple[int, bool, bool, str] | None = None
    for variant in _deletes(word, limit):
        for candidate in table.get(variant, ()):
            distance = edit_distance(word, candidate)
            ranked = (distance, not candidate.startswith(word), len(candidate) != len(word), candidate)
            if distance <= min(limit, max_distance(candidate)) and (best is None or ranked < best):
                best = ranked
    return None if best is None else best[3]


def stems_of(vocabulary: Iterable[str]) -> dict[str, str]:
    """stem -> the vocabulary word read for it (the shortest, then the first alphabetically)."""
    stems: dict[str, str] = {}
    for word in sorted(vocabulary, key=lambda w: (len(w), w)):
        found = stem(word)
        if found is not None:
            stems.setdefault(found, word)
    return stems
