"""Typo correction's edit distance: rapidfuzz's OSA is the hand-written one it replaced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogue.understanding.spelling import deletion_index, edit_distance, nearest, stem


def _reference_osa(a: str, b: str) -> int:
    """The hand-written distance the understanding used before (optimal string alignment:
    Levenshtein plus one adjacent transposition, no substring edited twice)."""
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


PAIRS = [
    ("", ""), ("", "abc"), ("abc", ""), ("zonnig", "zonnig"), ("zonig", "zonnig"), ("zonnnig", "zonnig"),
    ("znonig", "zonnig"), ("slaapt", "slaat"), ("opgeslagen", "geslagen"), ("ca", "abc"),  # OSA 3, DL 2
    ("knuffle", "knuffel"), ("miezert", "miezerig"), ("bewolkt", "bewlokt"), ("chekin", "checkin"),
    ("één", "een"), ("abcdef", "badcfe"), ("regenachtig", "regenahctig"),
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_rapidfuzz_osa_agrees_with_the_old_distance_on_the_table(a: str, b: str) -> None:
    assert edit_distance(a, b) == _reference_osa(a, b)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcdeéz'", max_size=9), st.text(alphabet="abcdeéz'", max_size=9))
def test_rapidfuzz_osa_agrees_with_the_old_distance_always(a: str, b: str) -> None:
    assert edit_distance(a, b) == _reference_osa(a, b)


def test_corrections_and_stems() -> None:
    index = deletion_index(["zonnig", "bewolkt", "regenachtig"])
    assert nearest("zonig", index) == "zonnig"
    assert nearest("regenahctig", index) == "regenachtig"
    assert nearest("storm", index) is None
    assert stem("geruststelling") == stem("geruststelt") == "geruststel"
