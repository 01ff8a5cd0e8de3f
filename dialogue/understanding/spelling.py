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

DeletionIndex = dict[str, list[str]]


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


def deletion_index(vocabulary: Iterable[str]) -> DeletionIndex:
    """Each deletion variant -> the words (in alphabetical order) it comes from."""
    index: DeletionIndex = {}
    for word in sorted(vocabulary):
        if len(word) < MIN_CORRECTED_WORD:
            continue
        for variant in _deletes(word, max_distance(word)):
            found = index.get(variant)
            if found is None:
                index[variant] = [word]
            else:
                found.append(word)
    return index


def nearest(word: str, index: DeletionIndex) -> str | None:
    """The closest indexed word within the allowed edit distance (ties: one the word begins,
    then one of the word's length, then alphabetical)."""
    limit = max_distance(word)
    # (of as near ones, first one the word begins (an end not heard: "rege" is "regen"), then
    # one as long as the word (a vowel misheard: "plen" is "plan", no "pilen"))
    best: tuple[int, bool, bool, str] | None = None
    for variant in _deletes(word, limit):
        for candidate in index.get(variant, ()):
            distance = edit_distance(word, candidate)
            # A typo or a mishearing keeps the first letter: "eerlijk" is not "heerlijk".
            if candidate[0] != word[0]:
                continue
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
