"""Finding danger in what was said, with the locale's category model (`dialogue.safety_rules`).

What was said is read into words once more, the way the danger net needs them: fillers
that matter here kept ("dood graag"), a few extra spellings ("nie"), words written in two
joined when together they are a danger word ("ge slagen", "zelf moord"), and a word the
model does not know read as one it does when that is near-certain: a d for a t at the end
("geduwt"), or one letter off in a long word ("geslaan"), never a real word ("geslapen").

Each word gets its tags: itself, and the word classes it belongs to. The harmless idioms
are found first and their words lose their tags ("ik schrok me dood"); so do the words of
the guarded idioms, unless a word of their `unless` is said just around them ("op mijn
kop gekregen" is being scolded, "een klap op mijn kop gekregen" is not); the worry model
does not read those words either (`without_idioms`). Then each category's
patterns are looked for: parts in order, each with at most `gap` other words before it;
a match with one of the category's `unless` words just around it does not count ("de
kleine schopte me bij het verschonen"). A category's `together` groups are found in any
order, all their parts within its `window` words ("hij heeft zijn vuist door de deur
geslagen").

The same model answers three questions: danger (any danger category), ambiguous ("ik kan
niet meer") and, for a free answer, distress ("ik ben nergens dankbaar voor"); and, with
patterns of the same kind, two that are no danger: guidance asked for a partner in
distress, and panic told by the body ("ik krijg geen lucht").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from dialogue.locale import UnderstandingRules
from dialogue.safety_rules import END, START, Category, pattern_parts
from dialogue.understanding import spelling
from dialogue.understanding.normalise import plain_words, split_words

# A word the model does not know is read as a danger word one letter away from this length.
MIN_TYPO_LENGTH = 7
# Words written apart are joined only into a danger word at least this long.
MIN_JOINED_LENGTH = 5
# Where an `unless` word is looked for: this many words before a match, and after it.
UNLESS_BEFORE = 2
UNLESS_AFTER = 4
# Harmless idioms are tight: at most this many other words between two parts.
HARMLESS_GAP = 2
_NO_TAGS: frozenset[str] = frozenset()
# The prefix of a Dutch past participle ("geslagen"); spelt before the infinitive ("geslaan").
_PARTICIPLE = "ge"

Tags = frozenset[str]


@dataclass(frozen=True)
class _Pattern:
    parts: tuple[Tags, ...]
    at_start: bool
    at_end: bool
    gap: int


@dataclass(frozen=True)
class _Together:
    parts: tuple[Tags, ...]
    window: int


# A rule of a category in `_Rules`: (category, _PATTERN or _TOGETHER, rule).
_PATTERN, _TOGETHER = 0, 1


@dataclass(frozen=True)
class _Category:
    name: str
    patterns: tuple[_Pattern, ...]
    unless: Tags
    together: tuple[_Together, ...] = ()


class _Rules:
    """Categories ready to be tried in order. Each rule is a run of bits, one per part, and a
    spacer bit after it: the bits of the parts said are set, and one addition of each run's
    lowest bit carries into a rule's spacer only when every part of it was said. So the rules
    that can match are found at once (there are hundreds; a sentence says every part of few)."""

    def __init__(self, categories: Sequence[_Category]) -> None:
        self.categories = tuple(categories)
        self._by_tag: dict[str, int] = {}  # tag -> the bits of the parts holding it
        self._lowest = 0  # the first bit of every rule
        self._spacers = 0
        self._rule_at: dict[int, tuple[int, int, int]] = {}  # spacer bit -> (category, kind, rule)
        bit = 0
        for category_index, category in enumerate(self.categories):
            rules = [(_PATTERN, i, p.parts) for i, p in enumerate(category.patterns)]
            rules += [(_TOGETHER, i, g.parts) for i, g in enumerate(category.together)]
            for kind, rule_index, parts in rules:
                self._lowest |= 1 << bit
                for part in parts:
                    for tag in part:
                        self._by_tag[tag] = self._by_tag.get(tag, 0) | 1 << bit
                    bit += 1
                self._spacers |= 1 << bit
                self._rule_at[bit] = (category_index, kind, rule_index)
                bit += 1

    def said_in_full(self, said: Iterable[str]) -> Iterator[tuple[_Category, int, int]]:
        """The rules every part of which holds a tag of `said`, in the categories' order."""
        parts_said = 0
        for tag in said:
            bits = self._by_tag.get(tag)
            if bits is not None:
                parts_said |= bits
        full = (parts_said + self._lowest) & self._spacers
        while full:
            lowest = full & -full
            category_index, kind, rule_index = self._rule_at[lowest.bit_length() - 1]
            yield self.categories[category_index], kind, rule_index
            full ^= lowest


class SafetyCheck:
    """The locale's danger, ambiguity and distress model, ready to match what was said."""

    def __init__(self, rules: UnderstandingRules, vocabulary: frozenset[str], first: frozenset[str] = frozenset(),
                 then: frozenset[str] = frozenset()) -> None:
        """The model of `rules`; the danger categories named in `first` are tried before the
        others (a body in danger now is named before the harm that led to it), then those in
        `then` (harm the speaker says they may do, before the harm that words share with it)."""
        model = rules.safety
        kept = frozenset(plain_words(" ".join(model.significant_fillers), replace(rules, fillers=frozenset())))
        self._rules = replace(
            rules, fillers=rules.fillers - kept, replacements={**rules.replacements, **model.spellings}
        )
        self._spelt: dict[str, str | None] = {}  # a memo of `_normalised`, while building
        self._parts: dict[str, Tags] = {}  # a memo of `_part`, while building
        self._exact: dict[str, set[str]] = {}  # word -> its tags (itself, its classes)
        self._prefixes: dict[str, set[str]] = {}  # beginning -> tags of the words it begins
        for name, words in model.classes.items():
            for word in words:
                self._add(word, f"<{name}>")
        self._harmless = tuple(self._pattern(p, HARMLESS_GAP) for p in model.harmless)
        self._idioms = tuple(self._category(c) for c in model.idioms)
        ordered = sorted(model.danger, key=lambda c: (c.name not in first, c.name not in then))
        self._danger = _Rules([self._category(c) for c in ordered])
        self._ambiguous = _Rules([self._category(model.ambiguous)])
        self._partner_guidance = self._rules_of(model.partner_guidance)
        self._self_trouble = self._rules_of(model.self_trouble)
        self._guidance_asked = self._rules_of(model.guidance_asked)
        self._guidance_about = self._rules_of(model.guidance_about)
        self._panic = self._rules_of(model.panic)
        calming = None if model.calming is None else self._category(model.calming)
        self._calming_unless = _NO_TAGS if calming is None else calming.unless
        # (the words that keep a sentence from asking calming are looked for in all of it, not near a match)
        self._calming = None if calming is None else _Rules([replace(calming, unless=_NO_TAGS)])
        self._stop_answer = self._rules_of(model.stop_answer)
        self._serious = self._rules_of(model.serious)
        self._distress = _Rules([self._category(model.distress)])
        self._gratitude = _Rules([self._category(model.gratitude)])
        refusals = [model.negated_gratitude] + ([] if model.bitter is None else [model.bitter])
        self._refusals = _Rules([self._category(c) for c in refusals])
        self._clause_start = self._tags_of_words(model.clause_start)
        self._vocabulary = vocabulary
        self._not_typos = frozenset(model.not_typos)
        # The long model words by length; and, made at the first look-up of a length (a memo:
        # it changes no result, only when the work is done), those of each length by the
        # strings they become with one letter deleted.
        self._long_words: dict[int, list[str]] = {}
        for word in sorted(w for w in self._exact if len(w) >= MIN_TYPO_LENGTH):
            self._long_words.setdefault(len(word), []).append(word)
        self._deletions: dict[int, dict[str, list[str]]] = {}
        self._tags: dict[str, Tags] = {}  # a memo: it changes no result, only how fast one is found
        self._last: tuple[str, tuple[list[Tags], frozenset[int]]] | None = None  # the last reading

    @property
    def words(self) -> frozenset[str]:
        """Every word of the model, as the understanding spells it (beginnings without '*')."""
        return frozenset(self._exact) | frozenset(self._prefixes)

    # --- the questions ------------------------------------------------------------------

    def knows(self, word: str) -> bool:
        """Whether `word` (as written, lower case) is a word of the model."""
        return bool(self._word_tags(word))

    def danger(self, text: str) -> str | None:
        """The first danger category said in `text`, or None."""
        return self._first(self._read(text), self._danger)

    def asks_partner_guidance(self, text: str, free_answer: bool = False) -> bool:
        """Whether `text` asks guidance for a partner in distress ("mijn man heeft een
        paniekaanval, wat moet ik doen"), not telling of one's own ("ik raak in paniek");
        as a free answer, not when it is shaped as a thank-you ("dat hij er was toen ...")."""
        if self._partner_guidance is None:
            return False
        tags = self._read(text)
        if self._self_trouble is not None and self._first(tags, self._self_trouble) is not None:
            return False
        if self._panic is not None and self._first(tags, self._panic) is not None:
            return False  # "ik krijg geen lucht als hij schreeuwt": one's own panic
        if free_answer and self._first(tags, self._gratitude) is not None:
            return False
        if self._first(tags, self._partner_guidance) is not None:
            return True
        # "hij is boos en verdrietig door wat ik heb gedaan, wat moet ik doen": the partner
        # first, then guidance asked in a question of one's own
        return (self._guidance_asked is not None and self._guidance_about is not None
                and self._first(tags, self._guidance_about) is not None
                and self._first(tags, self._guidance_asked) is not None)

    def panics(self, text: str, free_answer: bool = False) -> bool:
        """Whether `text` tells of one's own panic by the body ("ik krijg geen lucht", "mijn
        hart bonkt zo hard dat ik denk dat ik doodga"); not danger, which is asked apart. As a
        free answer, not when it is shaped as a thank-you."""
        if self._panic is None:
            return False
        tags = self._read(text)
        if free_answer and self._first(tags, self._gratitude) is not None:
            return False
        return self._first(tags, self._panic) is not None

    def asks_calming(self, text: str) -> bool:
        """Whether `text` asks to calm down or breathe ("help me rustig worden"), with none of
        the darker words that keep an ambiguous sentence a question ("geen uitweg")."""
        if self._calming is None:
            return False
        tags = self._read(text)
        if any(t & self._calming_unless for t in tags):
            return False
        return self._first(tags, self._calming) is not None

    def stop_answer(self, text: str) -> bool | None:
        """As the answer to the gentle check: True when `text` names the exercise or stopping
        ("de oefening", "het eerste"), False when it says it is not going well or denies
        stopping ("niet stoppen", "het tweede"), None when it says neither."""
        if self._stop_answer is None or self._serious is None:
            return None
        tags = self._read(text)
        if self._first(tags, self._serious) is not None:
            return False
        return True if self._first(tags, self._stop_answer) is not None else None

    def assess(self, text: str, free_answer: bool) -> tuple[str | None, bool, bool]:
        """(danger category or None, ambiguous, distressed) of `text`, read once. Distress is
        only judged for a free answer (`free_answer`)."""
        tags = self._read(text)
        found = self._first(tags, self._danger)
        if found is not None:
            return found, False, False
        if self._first(tags, self._ambiguous) is not None:
            return None, True, False
        return None, False, free_answer and self._distressed(tags)

    # --- building -----------------------------------------------------------------------

    def _normalised(self, word: str) -> str | None:
        """A word of the model as the understanding reads it ("mij" -> "me"); None for a filler."""
        cached = self._spelt.get(word, "")
        if cached != "":
            return cached
        star = word.endswith("*")
        plain = word.rstrip("*")
        if plain.isascii() and plain.isalpha() and plain.islower() and plain not in self._rules.replacements and (
            plain not in self._rules.fillers
        ):
            self._spelt[word] = word  # a plain word the normaliser leaves as it is (the common case, and a fast one)
            return word
        found = plain_words(plain, self._rules)
        normal = found[0] + ("*" if star else "") if len(found) == 1 else None
        self._spelt[word] = normal
        return normal

    def _add(self, word: str, tag: str) -> None:
        normal = self._normalised(word)
        if normal is None:
            return
        if normal.endswith("*"):
            self._prefixes.setdefault(normal[:-1], set()).add(tag)
        else:
            self._exact.setdefault(normal, set()).add(tag)

    def _pattern(self, pattern: str, gap: int) -> _Pattern:
        parts = pattern_parts(pattern)
        compiled: list[Tags] = []
        for part in parts:
            if part in (START, END):
                continue
            found = self._parts.get(part)
            if found is None:
                # (the same parts recur in many patterns: each is read once, as adding its
                # words again would change nothing)
                found = self._parts[part] = self._part(part)
            compiled.append(found)
        return _Pattern(tuple(compiled), parts[0] == START, parts[-1] == END, gap)

    def _part(self, part: str) -> Tags:
        """The tags of one part of a pattern ("slaat|sloeg|<hitting>"), its words added to the model."""
        tags: set[str] = set()
        for word in part.split("|"):
            if word.startswith("<"):
                tags.add(word)  # a word class
                continue
            normal = self._normalised(word)
            if normal is not None:
                self._add(word, normal)
                tags.add(normal)
        return frozenset(tags)

    def _rules_of(self, category: Category | None) -> _Rules | None:
        return None if category is None else _Rules([self._category(category)])

    def _category(self, category: Category) -> _Category:
        patterns = tuple(self._pattern(p, category.gap) for p in category.patterns)
        together = tuple(_Together(self._pattern(t, 0).parts, category.window) for t in category.together)
        unless: set[str] = set()
        for part in category.unless:
            unless |= self._pattern(part, 0).parts[0]
        return _Category(category.name, patterns, frozenset(unless), together)

    def _tags_of_words(self, words: Iterable[str]) -> Tags:
        found: set[str] = set()
        for word in words:
            normal = self._normalised(word)
            if normal is not None:
                self._add(word, normal)
                found.add(normal)
        return frozenset(found)

    # --- reading what was said ----------------------------------------------------------

    def _read(self, text: str) -> list[Tags]:
        """The tags of each word of `text`, harmless idioms already without theirs."""
        return self._read_pieces(text)[0]

    def names_any(self, text: str, word_classes: Iterable[str]) -> bool:
        """Whether `text` says a word of one of these word classes ("betrayal")."""
        wanted = {f"<{name}>" for name in word_classes}
        return any(not wanted.isdisjoint(tags) for tags in self._read(text))

    def without_idioms(self, text: str) -> str:
        """`text` without the pieces of the guarded idioms found in it ("op mijn kop
        gekregen"): what the worry model reads, so an idiom the rules know is harmless is
        not asked about either."""
        _, pieces = self._read_pieces(text)
        if not pieces:
            return text
        return " ".join(piece for number, piece in enumerate(text.split()) if number not in pieces)

    def _read_pieces(self, text: str) -> tuple[list[Tags], frozenset[int]]:
        """`_read`, and which written pieces of `text` (by position in `text.split()`) the
        guarded idioms took. One utterance is read for several questions in a row: the last
        reading is kept (the tags are never changed by those who read them)."""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        found = self._read_uncached(text)
        self._last = (text, found)
        return found

    def _read_uncached(self, text: str) -> tuple[list[Tags], frozenset[int]]:
        words: list[str] = []
        groups: list[set[int]] = []
        for token in split_words(text, self._rules):
            joined = words[-1] + token.word if words and token.after_te else ""
            if joined in self._exact:
                words[-1] = joined  # a separable verb split by "te": "aan te doen"
                groups[-1].add(token.group)
            else:
                words.append(token.word)
                groups.append({token.group})
        tags: list[Tags] = []
        pieces: list[set[int]] = []
        index = 0
        while index < len(words):
            word = words[index]
            if index + 1 < len(words):
                joined = word + words[index + 1]
                if len(joined) >= MIN_JOINED_LENGTH and self._word_tags(joined) and not (
                    self._word_tags(word) and self._word_tags(words[index + 1])
                ):
                    tags.append(self._word_tags(joined))
                    pieces.append(groups[index] | groups[index + 1])
                    index += 2
                    continue
            tags.append(self._word_tags(word))
            pieces.append(groups[index])
            index += 1
        # A pattern matches only where its first part is said (and the tags only lose some
        # below): the others are not tried (most words are of no class at all).
        said = frozenset().union(*tags)
        for pattern in self._harmless:
            if not pattern.parts[0] & said:
                continue
            for positions in list(self._matches(tags, pattern)):
                for position in positions:
                    tags[position] = _NO_TAGS
        taken: set[int] = set()
        for idiom in self._idioms:
            found = [positions for pattern in idiom.patterns if pattern.parts[0] & said
                     for positions in self._matches(tags, pattern)
                     if not self._excused(tags, positions, idiom.unless)]
            for positions in found:
                for position in positions:
                    tags[position] = _NO_TAGS
                    taken.update(pieces[position])
        return tags, frozenset(taken)

    def _word_tags(self, word: str) -> Tags:
        """The word itself (as the model spells it) and its classes; empty for other words."""
        cached = self._tags.get(word)
        if cached is None:
            cached = self._tags_uncached(word)
            if len(self._tags) < 20_000:
                self._tags[word] = cached
        return cached

    def _tags_uncached(self, word: str) -> Tags:
        read = self._known(word)
        if read is None:
            return _NO_TAGS
        found = {read, *self._exact.get(read, ())}
        for prefix, prefix_tags in self._prefixes.items():
            if read.startswith(prefix):
                found |= prefix_tags
        return frozenset(found)

    def _known(self, word: str) -> str | None:
        """The model's word `word` is read as, if any."""
        if word in self._exact or any(word.startswith(p) for p in self._prefixes):
            return word
        if word[-1:] in ("d", "t"):
            swapped = word[:-1] + ("t" if word[-1] == "d" else "d")
            if swapped in self._exact or any(swapped.startswith(p) for p in self._prefixes):
                return swapped
        if word.startswith(_PARTICIPLE) and word[len(_PARTICIPLE):] in self._exact:
            return word[len(_PARTICIPLE):]  # a participle made of the infinitive: "geslaan"
        if len(word) >= MIN_TYPO_LENGTH and word not in self._not_typos and word not in self._vocabulary:
            variants = {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}
            # (a word one letter off is one letter longer or shorter, or as long)
            tables = [self._deletions_of(length) for length in range(len(word) - 1, len(word) + 2)]
            near = sorted({c for table in tables for v in variants for c in table.get(v, ())})
            for candidate in near:
                if spelling.edit_distance(word, candidate) <= 1:
                    return candidate
        return None

    def _deletions_of(self, length: int) -> dict[str, list[str]]:
        """The long model words of this length by the strings they become with one letter deleted."""
        table = self._deletions.get(length)
        if table is None:
            table = {}
            for word in self._long_words.get(length, ()):
                for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
                    table.setdefault(variant, []).append(word)
            self._deletions[length] = table
        return table

    # --- matching -----------------------------------------------------------------------

    def _first(self, tags: Sequence[Tags], rules: _Rules) -> str | None:
        """The first category of `rules` one of whose rules matches, not excused; or None."""
        for category, kind, index in rules.said_in_full(frozenset().union(*tags)):
            if self._rule_fires(tags, category, kind, index):
                return category.name
        return None

    def _rule_fires(self, tags: Sequence[Tags], category: _Category, kind: int, index: int) -> bool:
        """Whether one rule of `category` (a pattern, or a together group), every part of which
        was said, matches, not excused."""
        rule = category.patterns[index] if kind == _PATTERN else category.together[index]
        found = self._matches(tags, rule) if isinstance(rule, _Pattern) else _together(tags, rule)
        return any(not self._excused(tags, positions, category.unless) for positions in found)

    def _distressed(self, tags: Sequence[Tags]) -> bool:
        if self._first(tags, self._refusals) is not None:
            return True
        if self._first(tags, self._gratitude) is not None:
            return False
        return self._first(tags, self._distress) is not None

    @staticmethod
    def _excused(tags: Sequence[Tags], positions: Sequence[int], unless: Tags) -> bool:
        if not unless:
            return False
        window = tags[max(0, positions[0] - UNLESS_BEFORE) : positions[-1] + UNLESS_AFTER + 1]
        return any(t & unless for t in window)

    def _matches(self, tags: Sequence[Tags], pattern: _Pattern) -> Iterator[list[int]]:
        """The positions of each match of `pattern`, one per start."""
        first = pattern.parts[0]
        for start in range(1 if pattern.at_start else len(tags)):
            if start < len(tags) and tags[start] & first:
                found = self._rest(tags, pattern, 1, start + 1)
                if found is not None:
                    yield [start, *found]

    def _rest(self, tags: Sequence[Tags], pattern: _Pattern, part: int, position: int) -> list[int] | None:
        if part == len(pattern.parts):
            if pattern.at_end and position < len(tags) and not tags[position] & self._clause_start:
                return None
            return []
        wanted = pattern.parts[part]
        for index in range(position, min(len(tags), position + pattern.gap + 1)):
            if tags[index] & wanted:
                found = self._rest(tags, pattern, part + 1, index + 1)
                if found is not None:
                    return [index, *found]
        return None


def _together(tags: Sequence[Tags], group: _Together) -> Iterator[list[int]]:
    """The positions (in order) of each way the group's parts are all said, each by its own
    word, within `window` words of each other: for each word of the first part, the words of
    the others nearest to it that fit ("hij laat me niet, hij houdt me vast ... en laat niet
    los": the second "laat", the nearer first one leaving "los" too far)."""
    for anchor, anchor_tags in enumerate(tags):
        if not anchor_tags & group.parts[0]:
            continue
        nearest = sorted(range(max(0, anchor - group.window), min(len(tags), anchor + group.window + 1)),
                         key=lambda i: abs(i - anchor))
        candidates = [[i for i in nearest if tags[i] & part] for part in group.parts[1:]]
        found = _fitting(candidates, [anchor], group.window)
        if found is not None:
            yield sorted(found)


def _fitting(candidates: Sequence[Sequence[int]], chosen: list[int], window: int) -> list[int] | None:
    """`chosen` and one position of each of `candidates` (tried nearest first), all different
    and within `window` of each other; None when no choice fits."""
    if not candidates:
        return chosen
    for position in candidates[0]:
        if position in chosen or max(*chosen, position) - min(*chosen, position) > window:
            continue
        found = _fitting(candidates[1:], [*chosen, position], window)
        if found is not None:
            return found
    return None
