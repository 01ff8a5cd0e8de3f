"""The one normaliser of text: what the understanding, the voice grammars and the voice
loop all use to compare what was said with what the locale holds.

`fold`, `spoken_form` and `phrase_key` compare phrases; `split_words` and `Normaliser`
turn what was said into the understanding's words (see `dialogue.understanding`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from dialogue.folding import fold
from dialogue.locale import UnderstandingRules
from dialogue.understanding import spelling

_NOT_SPOKEN = re.compile(r"[^\w'\- ]+")


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


# --- the understanding's words ------------------------------------------------------------

# Words longer than this are not corrected (nobody types them; keeps odd input cheap).
MAX_CORRECTED_LENGTH = 30
# Two words written apart are joined only if both have this many letters ("sam en" stays).
MIN_COMPOUND_PART = 3
# A sentence written as one word is looked for in words this long, in pieces at most this long.
MIN_GLUED = 6
MAX_GLUED_PIECE = 16
# A word this short is never read as a misspelt shorthand.
MIN_SHORTHAND_TYPO = 5
# The infinitive marker, dropped before a word with this ending ("om rustig te worden").
_INFINITIVE_MARKER = "te"
_INFINITIVE_ENDING = "en"
_NON_WORD = re.compile(r"[^a-z0-9']+")
_STRIP = '.,!?;:"()[]{}<>…“”‘’«»'
_CLAUSE_END = (",", ".", ";", ":", "!", "?", "…")
# Pieces of one word a recogniser wrote apart ("zon nig", "wis sel val lig"): at most this many.
MAX_SYLLABLES = 4
# Pieces joined into a word only a typo away from a known one ("wissel valig") must be this long.
MIN_JOINED_TYPO = 8
# ... or, with a fragment shorter than a word among them ("be wolk"), this long.
MIN_FRAGMENT_TYPO = 6
# An epenthetic vowel a recogniser hears between l or r and a consonant ("storrem", "hullep").
_EPENTHESIS = re.compile(r"([lr])\1?[eu]([bcdfgkmnpt])$")


@dataclass(frozen=True)
class Token:
    """One normalised word of what was said, and where it came from."""

    word: str  # normalised
    written: str  # the whitespace-separated piece of text it came from, as written
    group: int  # index of that piece: the words of "Jan-Willem" share one group
    after_te: bool = False  # an infinitive marker "te" was dropped just before it
    clause: int = 0  # which clause it is in: a comma or a word like "maar" starts the next
    turn: int = 0  # how many words of a change of mind ("maar", "nu", "nee") came before it


def split_words(text: str, rules: UnderstandingRules, *, lone_intensifier: bool = False) -> list[Token]:
    """Tokens: folded, split at anything but letters, digits and apostrophes, fillers
    dropped, shorthand replaced, "te" before an infinitive dropped. Read as an answer
    (`lone_intensifier`), a word that only limits the word after it ("alleen" in "ik huil
    alleen maar", `only_phrases`) is dropped too: it says nothing of being alone."""
    tokens: list[Token] = []
    intensifiers: list[Token] = []
    last: Token | None = None  # the word just before, when it was an intensifier
    marker = False
    clause = turn = 0
    for group, written in enumerate(text.split()):
        for token in _NON_WORD.split(fold(written)):
            token = token.strip("'") if token not in rules.replacements else token
            if not token:
                continue
            replaced = rules.replacements.get(token, token)
            for word in replaced.split():
                if (lone_intensifier and tokens and tokens[-1].clause == clause and last is None
                        and (tokens[-1].word, word) in rules.only_phrases):
                    tokens.pop()  # "ik dacht er alleen aan": only, not alone
                if lone_intensifier and word in rules.changes and word not in rules.fillers and last is not None:
                    # "super vandaag": an intensifier right before a word of time or change
                    # strengthens nothing, and is the answer
                    tokens.append(last)
                if word in rules.changes:
                    turn += 1
                    if tokens and tokens[-1].clause == clause:
                        clause += 1
                if word in rules.intensifiers:
                    last = Token(word, written.strip(_STRIP), group, clause=clause, turn=turn)
                    intensifiers.append(last)
                    continue
                if word in rules.fillers:
                    continue
                last = None
                if marker and word.endswith(_INFINITIVE_ENDING):
                    tokens.pop()  # "te" before an infinitive says nothing
                    tokens.append(Token(word, written.strip(_STRIP), group, after_te=True, clause=clause, turn=turn))
                else:
                    tokens.append(Token(word, written.strip(_STRIP), group, clause=clause, turn=turn))
                marker = word == _INFINITIVE_MARKER
        if written.rstrip("'\"”’)").endswith(_CLAUSE_END):
            if lone_intensifier and last is not None and tokens:
                tokens.append(last)  # "het gaat super, echt": said last in its clause, the answer
                last = None
            clause += 1
    if lone_intensifier and last is not None and tokens:
        tokens.append(last)  # "het gaat super": said last, the answer
    if not tokens and lone_intensifier:
        return intensifiers[-1:]  # "vreselijk" said alone is the answer
    return tokens


def plain_words(text: str, rules: UnderstandingRules) -> list[str]:
    """Normalised words of locale text (no compounds joined, nothing corrected)."""
    words = text.split()
    if all(_plain(word, rules) for word in words):
        # Words of lower case letters only that no rule rewrites, drops or moves (the common
        # case of the locale's own text, read many times while the understanding is built):
        # `split_words` would give them as they are.
        return words
    return [t.word for t in split_words(text, rules, lone_intensifier=True)]


def _plain(word: str, rules: UnderstandingRules) -> bool:
    """Whether `split_words` leaves `word` as it is, wherever it stands."""
    return (word.isascii() and word.isalpha() and word.islower() and word != _INFINITIVE_MARKER
            and word not in rules.replacements and word not in rules.fillers
            and word not in rules.intensifiers and word not in rules.changes)


def opens_wish(words: Sequence[str], rules: UnderstandingRules) -> bool:
    """Whether these normalised words open with one of the locale's wish openers ("dat hij
    eerlijk is", "ik wil dat ze luistert"): a need said clearly in one's own words."""
    return wish_start(words, rules) is not None


def wish_start(words: Sequence[str], rules: UnderstandingRules) -> int | None:
    """Where a wish opener starts these words ("dat hij eerlijk is": 0), after any doubt said
    first ("weet niet, dat hij eerlijk is": 2); None when they open with none."""
    hedges, openers = _wish_phrases(rules)
    start, moved = 0, True
    while moved:
        moved = False
        for hedge in hedges:
            if list(words[start : start + len(hedge)]) == hedge:
                start, moved = start + len(hedge), True
                break
    for phrase in openers:
        if list(words[start : start + len(phrase)]) == phrase:
            return start
    return None


def plain_doubts(rules: UnderstandingRules) -> list[list[str]]:
    """The locale's doubts (hedges) as normalised words, each whole: a doubt that loses a
    word to the fillers is left out ("zeg maar" read as "zeg" would make "zeg" a doubt)."""
    return _wish_phrases(rules)[0]


_wish_phrases_of: dict[int, tuple[UnderstandingRules, list[list[str]], list[list[str]]]] = {}


def _wish_phrases(rules: UnderstandingRules) -> tuple[list[list[str]], list[list[str]]]:
    """The locale's doubts and wish openers as normalised words, made once per rules."""
    made = _wish_phrases_of.get(id(rules))
    if made is None or made[0] is not rules:
        # (a doubt that loses a word to the fillers is left out: "zeg maar" read as "zeg" would
        # make "zeg dat nog eens" a wish)
        plain = ((plain_words(hedge, rules), hedge.split()) for hedge in rules.hedges)
        hedges = [words_of for words_of, written in plain if words_of and len(words_of) == len(written)]
        openers = [phrase for phrase in (plain_words(o, rules) for o in rules.own_words_openers) if phrase]
        made = _wish_phrases_of[id(rules)] = (rules, hedges, openers)
    return made[1], made[2]


def is_wish(text: str, rules: UnderstandingRules) -> bool:
    """`opens_wish` for text as said (or as an edge heard it)."""
    return opens_wish(plain_words(text, rules), rules)


class Normaliser:
    """Normalises what was said against the locale's vocabulary: compounds joined, typos
    corrected, unknown inflections read by their stem."""

    def __init__(
        self, rules: UnderstandingRules, vocabulary: frozenset[str], pairs: Iterable[Sequence[str]] = ()
    ) -> None:
        self._rules = rules
        self.vocabulary = vocabulary
        # Two-word answers ("een knuffel", "tijd samen") by how a recogniser writes them as one.
        self._merged = {"".join(pair): tuple(pair) for pair in pairs if len(pair) == 2}
        self._deletions = spelling.deletion_index(vocabulary)
        # Shorthand and spellings the locale rewrites ("checkin"), so a typo of one is rewritten too.
        self._shorthand = spelling.deletion_index(k for k in rules.replacements if k.isalpha())
        self._stems = spelling.stems_of(vocabulary)
        # A memo of corrections; it changes no result, only how fast one is found.
        self._corrections: dict[str, str] = {}

    def tokens(self, text: str) -> list[Token]:
        """Tokens of what was said, with words written apart joined where the locale has one word."""
        joined: list[Token] = []
        for token in split_words(text, self._rules, lone_intensifier=True):
            if joined:
                previous = joined[-1]
                compound = previous.word + token.word
                if token.after_te:
                    # A separable verb split by "te": "aan te doen" is "aandoen".
                    replaced = self._rules.replacements.get(compound)
                    if replaced is not None:
                        joined.pop()
                        joined.extend(replace(previous, word=w) for w in replaced.split())
                        continue
                    if compound in self.vocabulary:
                        joined[-1] = replace(previous, word=compound)
                        continue
                unknown_part = previous.word not in self.vocabulary or token.word not in self.vocabulary
                long_parts = min(len(previous.word), len(token.word)) >= MIN_COMPOUND_PART
                if unknown_part and long_parts and compound in self.vocabulary:
                    joined[-1] = replace(previous, word=compound)
                    continue
                # A letter a recogniser heard twice at the break ("want trouwen": "wantrouwen").
                single = previous.word + token.word[1:]
                if (unknown_part and long_parts and previous.word[-1] == token.word[0]
                        and single in self.vocabulary):
                    joined[-1] = replace(previous, word=single)
                    continue
            for glued in self._split_glued(token):
                for piece in self._rewrite_misspelt_shorthand(glued):
                    joined.extend(self._split_merged(piece))
        return self._join_syllables(joined)

    def _split_glued(self, token: Token) -> list[Token]:
        """A sentence written as one word, read as its words ("ikbenbang" -> "ik ben bang"):
        a word the locale neither knows nor can correct, that opens with one of its
        `glued_openers` and is nothing else but known words (fillers dropped), fewest first."""
        word = token.word
        openers = self._rules.glued_openers
        if (not openers or len(word) < MIN_GLUED or len(word) > MAX_CORRECTED_LENGTH or word in self.vocabulary
                or not word.isalpha() or not any(word.startswith(o) for o in openers) or self.correct(word) != word):
            return [token]
        # best[i]: the fewest words that make word[:i], as the pieces they are read as
        best: list[list[str] | None] = [[]] + [None] * len(word)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - MAX_GLUED_PIECE), end - 1):
                before = best[start]
                if before is None:
                    continue
                piece = word[start:end]
                if start == 0 and piece not in openers:
                    continue
                read = self._rules.replacements.get(piece, piece).split()
                if not all(w in self.vocabulary or w in self._rules.fillers for w in read):
                    continue
                found = [*before, *read]
                current = best[end]
                if current is None or len(found) < len(current):
                    best[end] = found
        pieces = best[len(word)]
        # (two pieces at least, fillers counted: "jagraag" is "ja graag", read "ja")
        words = [w for w in pieces or () if w not in self._rules.fillers]
        if not words or pieces is None or len(pieces) < 2:
            return [token]
        return [replace(token, word=w) for w in words]

    def _join_syllables(self, tokens: list[Token]) -> list[Token]:
        """A word a recogniser wrote in pieces, joined again: "zon nig" -> "zonnig", "een
        zaam" -> "eenzaam". Pieces are joined only into a word the locale knows, and only
        if one piece is no word the locale knows or a fragment shorter than a word."""
        joined: list[Token] = []
        index = 0
        while index < len(tokens):
            for count in range(min(MAX_SYLLABLES, len(tokens) - index), 1, -1):
                parts = [t.word for t in tokens[index : index + count]]
                word = self._known_joined(parts)
                if word and not self._rules.never_joined.intersection(parts) and any(
                    p not in self.vocabulary or len(p) < MIN_COMPOUND_PART for p in parts
                ):
                    joined.append(replace(tokens[index], word=word))
                    index += count
                    break
            else:
                joined.append(tokens[index])
                index += 1
        return joined

    def _known_joined(self, parts: Sequence[str]) -> str:
        """The known word that `parts` joined make: the joined word, or, for pieces none of
        which is a known word (long ones, or with a fragment: "be wolk"), the word a typo away
        ("wissel valig" -> "wisselvallig"); "" if none."""
        word = "".join(parts)
        if word in self.vocabulary:
            return word
        if any(p in self.vocabulary for p in parts):
            return ""
        fragment = any(len(p) < MIN_COMPOUND_PART for p in parts)
        # Long pieces joined, or a fragment with an unknown word ("be wolk" -> "bewolkt").
        if len(word) < (MIN_FRAGMENT_TYPO if fragment else MIN_JOINED_TYPO):
            return ""
        corrected = self.correct(word)
        return corrected if corrected != word and corrected in self.vocabulary else ""

    def _split_merged(self, token: Token) -> list[Token]:
        """A two-word answer a recogniser wrote as one word, split again ("eenknuffel" ->
        "een knuffel", "tijdsamen" -> "tijd samen"), when it is no known word itself."""
        pair = self._merged.get(token.word)
        if pair is None or token.word in self.vocabulary:
            return [token]
        return [replace(token, word=word) for word in pair]

    def correct(self, word: str) -> str:
        """The vocabulary word meant by a word not in it (a typo, an inflection), or the word."""
        if (word in self.vocabulary or len(word) < spelling.MIN_CORRECTED_WORD
                or len(word) > MAX_CORRECTED_LENGTH or word.isdigit()):
            return word
        cached = self._corrections.get(word)
        if cached is None:
            cached = spelling.nearest(word, self._deletions) or self._stemmed(word) or self._epenthesis(word) or word
            if len(self._corrections) < 10_000:
                self._corrections[word] = cached
        return cached

    def _rewrite_misspelt_shorthand(self, token: Token) -> list[Token]:
        """A word that is no known word, nor one typo away from one, but a typo away from
        a shorthand the locale rewrites: rewritten as that shorthand ("chekin" -> "check in")."""
        word = token.word
        if word in self.vocabulary or len(word) < MIN_SHORTHAND_TYPO or len(word) > MAX_CORRECTED_LENGTH:
            return [token]
        if self.correct(word) != word:
            return [token]
        key = spelling.nearest(word, self._shorthand)
        if key is None:
            return [token]
        return [replace(token, word=w) for w in self._rules.replacements[key].split()]

    def _epenthesis(self, word: str) -> str | None:
        """The word without a vowel a recogniser heard between l or r and a consonant
        ("storrem" -> "storm", "hullep" -> "hulp"), if the locale knows that word."""
        plain = _EPENTHESIS.sub(r"\1\2", word)
        if plain == word:
            return None
        return plain if plain in self.vocabulary else spelling.nearest(plain, self._deletions)

    def _stemmed(self, word: str) -> str | None:
        """The vocabulary word with the same stem ("miezert" -> "miezerig"), if any."""
        if len(word) < spelling.MIN_STEMMED_WORD:
            return None
        found = spelling.stem(word)
        return None if found is None else self._stems.get(found)
