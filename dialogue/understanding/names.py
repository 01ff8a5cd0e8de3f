"""Samples with first names ("wij heten {first} en {second}"), aligned word by word.

The sample's words must come in order; one missing or extra word costs a little. Each
name is one written word of letters that the locale does not use as a word as it is
written (a name near a word, "roos" or "mark", is still a name), unless it is written with
a capital ("Storm" may be a name, "boos" is not). In a sample that says it names (a naming
word of the locale: "wij heten {first} en {second}") any word is a name ("we heten storm en rust").
"""

from __future__ import annotations

import math
import re

from dialogue.model import Intent
from dialogue.understanding.index import IndexedSample
from dialogue.understanding.normalise import Token

MAX_NAME_LENGTH = 30
# Name samples are aligned only with utterances up to this many words.
MAX_NAME_UTTERANCE = 30
NAME_MISSING_COST = 0.1
NAME_EXTRA_COST = 0.05
# More other words than this and it is a sentence that happens to hold "en", not names
# ("we hadden ruzie en ik ben zo bang dat het weer escaleert" names nobody).
MAX_NAME_EXTRA_WORDS = 3

_NAME = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")


def name_spans(words: list[str], tokens: list[Token], vocabulary: frozenset[str]) -> dict[int, int]:
    """Where each written word that could be a first name starts and ends among the words
    (with no vocabulary: every written word of letters)."""
    spans: dict[int, int] = {}
    size = len(words)
    for index in range(size):
        if index == 0 or tokens[index].group != tokens[index - 1].group:
            end = index
            while end + 1 < size and tokens[end + 1].group == tokens[index].group:
                end += 1
            if _is_name(tokens[index], [t.word for t in tokens[index : end + 1]], vocabulary):
                spans[index] = end + 1
    return spans


def match_names(
    sample: IndexedSample, words: list[str], tokens: list[Token], names: dict[int, int]
) -> tuple[Intent | None, float]:
    """Align a sample with first-name slots: literals in order, one missing or extra word
    costs a little; each name is one written word, from `names` (see `name_spans`)."""
    pattern = sample.words
    literals = sum(1 for p in pattern if not p.startswith("*"))
    said = set(words)
    present = sum(1 for p in pattern if not p.startswith("*") and p in said)  # (at most this many literals match)
    if not present:
        return None, 0.0
    # Every word not taken by a literal or a name is an extra one, and every literal not
    # said is a missing one: too many, and no alignment can pass (the same answer as
    # aligning, without its cost).
    longest_name = max((stop - start for start, stop in names.items()), default=1)
    if len(words) - present - (len(pattern) - literals) * longest_name > MAX_NAME_EXTRA_WORDS or (
        literals - present > (literals - 1) // 2
    ):
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
    missing = extra = 0
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
        elif kind == "extra":
            extra += 1
        i, j = pi, pj
    if missing > (literals - 1) // 2 or extra > MAX_NAME_EXTRA_WORDS:
        return None, 0.0
    return Intent.of(sample.intent, **slots), 1.0 - total


def _is_name(token: Token, words: list[str], vocabulary: frozenset[str]) -> bool:
    written = token.written
    if not _NAME.match(written) or len(written) > MAX_NAME_LENGTH:
        return False
    if written[:1].isupper():
        return True
    return not any(word in vocabulary for word in words)
