"""Own words said back to the one who said them, turned to them: "ik wil dat hij me
vergeeft" is said back as "je wilt dat hij je vergeeft", not as "Ik wil ...". The words
come from the locale (prompts.toml [said_back]); this module only applies them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# A word with what is around it: leading marks, the word (letters, digits, ' and -), trailing marks.
_PIECE = re.compile(r"^(\W*)([\w'’-]+?)(\W*)$")


@dataclass(frozen=True)
class SaidBackForms:
    """How the locale turns one's own words to the listener (prompts.toml [said_back])."""

    # First-person word -> the same word turned to the listener ("mij" -> "jou").
    pronouns: Mapping[str, str] = field(default_factory=dict)
    # The subject's own pronoun ("ik"): its verb, after it in the same clause, changes form.
    subject: str = ""
    # First-person verb form -> the form after "je" ("wil" -> "wilt").
    verbs: Mapping[str, str] = field(default_factory=dict)
    # Words that begin a new clause ("dat", "en"): a verb after them is not the subject's.
    clause_starts: frozenset[str] = frozenset()
    # Words spoken to the partner ("dat je me gelooft"): the words are then said back as they were.
    listener_words: frozenset[str] = frozenset()


def turned_to_listener(said: str, forms: SaidBackForms) -> str:
    """`said` with its first-person words turned to the one who said them; `said` as it was
    when it already speaks to someone ("dat je me gelooft") or the locale has no forms."""
    pieces = said.split()
    words = [_word(piece) for piece in pieces]
    if not forms.pronouns or any(word in forms.listener_words for word in words):
        return said
    if len(words) > 1 and words[0] in forms.verbs and words[1] == forms.subject:
        # "wil ik dat hij stopt": said back in the order of a statement, not of a question
        pieces = [pieces[1], pieces[0], *pieces[2:]]
        words = [words[1], words[0], *words[2:]]
    turned: list[str] = []
    verb_due = False
    for piece, word in zip(pieces, words, strict=True):
        if word in forms.clause_starts:
            verb_due = False
        replacement = forms.pronouns.get(word)
        if word == forms.subject:
            verb_due = True
        elif verb_due and word in forms.verbs:
            replacement, verb_due = forms.verbs[word], False
        turned.append(piece if replacement is None else _replace_word(piece, replacement))
        if _ends_clause(piece):
            verb_due = False
    return " ".join(turned)


def _word(piece: str) -> str:
    match = _PIECE.match(piece)
    return (match.group(2) if match else piece).lower().replace("’", "'")


def _ends_clause(piece: str) -> bool:
    return piece.rstrip("'\"”’)").endswith((",", ".", ";", "!", "?"))


def _replace_word(piece: str, replacement: str) -> str:
    match = _PIECE.match(piece)
    if match is None:
        return replacement
    word = match.group(2)
    if word[:1].isupper():
        replacement = replacement[:1].upper() + replacement[1:]
    return f"{match.group(1)}{replacement}{match.group(3)}"
