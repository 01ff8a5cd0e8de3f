"""The danger net as data: word classes and category patterns (understanding.toml's
`[safety]`, `[ambiguous]` and `[distress]` sections, and the same kind of patterns for
`[partner_guidance]`, `[panic]` and `[gentle_check]`), parsed and checked once.

A pattern is a line of parts separated by spaces, found in order in what was said with
at most `gap` other words between two parts:

- `<class>`: any word of a word class (`[safety.classes]`);
- `a|b|c`: one of these words; a word ending in `*` is a beginning ("zelfmoord*": also
  "zelfmoordgedachten"); classes and words mix: `<hit>|<throw>|bonkte`;
- `^` (first part only): the pattern starts at the first word;
- `$` (last part only): nothing follows but the end or a word of `clause_start`.

A category may also hold `together`: parts found in any order, all within `window` words
of each other ("hij ... geslagen", "geslagen ... hij"): for what is danger whenever two
things are said in one breath, however the sentence around them is built.

A category holds patterns and, optionally, `unless`: words or classes that, close to a
match, show a harmless sense ("de kleine schopte me bij het verschonen"). The harmless
idioms (`harmless`) are found first and their words are not read for danger at all; so
are those of the guarded idioms (`idioms`: categories whose `unless` words, said just
around one, keep it from counting).

`example_phrases` turns the model into a bounded list of concrete phrases (the first
words of each class), for the voice grammars and Alexa's SafetyIntent samples.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dialogue.interaction_model import fail, require

START = "^"
END = "$"
DEFAULT_GAP = 3
DEFAULT_WINDOW = 6
MAX_WINDOW = 10
# Phrases made from one pattern: its first words, then a few other class words.
EXAMPLES_PER_PATTERN = 3


@dataclass(frozen=True)
class Category:
    """One kind of danger (or of ambiguity, of distress): its patterns and harmless contexts."""

    name: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = ()
    gap: int = DEFAULT_GAP
    examples: bool = True  # whether its patterns make example phrases
    together: tuple[str, ...] = ()  # parts said in any order, all within `window` words
    window: int = DEFAULT_WINDOW


@dataclass(frozen=True)
class SafetyRules:
    """The category model of understanding.toml, as written there (not yet normalised)."""

    classes: Mapping[str, tuple[str, ...]]
    danger: tuple[Category, ...]
    harmless: tuple[str, ...]
    ambiguous: Category
    distress: Category
    negated_gratitude: Category  # "ik ben nergens dankbaar voor": distress, whatever else is said
    gratitude: Category  # a thank-you said plainly: not distress
    clause_start: tuple[str, ...]
    significant_fillers: tuple[str, ...]  # fillers kept for the safety check ("dood graag")
    not_typos: tuple[str, ...]  # real words a letter away from a danger word ("geslapen")
    spellings: Mapping[str, str]  # read by the safety check only ("nie" -> "niet")
    # Asking guidance for a partner in distress, in any words ("ze zit te hyperventileren"),
    # unless the speaker says it of themselves (`self_trouble`: "ik raak in paniek").
    partner_guidance: Category | None = None
    self_trouble: Category | None = None
    # Guidance asked in a question of one's own ("wat moet ik doen", "hoe reageer ik") after a
    # sentence that opens with the partner ("hij is boos en verdrietig door wat ik heb gedaan,
    # wat moet ik doen"): `guidance_asked`, said with `guidance_about`.
    guidance_asked: Category | None = None
    guidance_about: Category | None = None
    # Panic told by the body, of oneself ("ik krijg geen lucht", "mijn hart bonkt"), and the
    # feeling value it is heard as where a feeling is asked.
    panic: Category | None = None
    panic_feeling: str | None = None
    # A request to calm down said with an ambiguous sentence ("ik trek het niet meer, help me
    # rustig worden"): that request, unless a word of its `unless` is said anywhere.
    calming: Category | None = None
    # The answer to the gentle check: naming the exercise or stopping (`stop_answer`) is
    # stopping it, unless it also says it is not going well or denies stopping (`serious`).
    stop_answer: Category | None = None
    serious: Category | None = None
    # Thanks said bitterly ("bedankt voor niks", "dankbaar voor de leugens zeker"): distress,
    # whatever else is said, as `negated_gratitude`, with parts closer together.
    bitter: Category | None = None
    # Idioms harmless only without force said just around them (their `unless`): "op mijn
    # kop gekregen" is being scolded, "een klap op mijn kop gekregen" is not.
    idioms: tuple[Category, ...] = ()


def pattern_parts(pattern: str) -> list[str]:
    """The parts of a pattern, in order."""
    return pattern.split()


def _category(data: Any, file: str, key: str, classes: Mapping[str, Sequence[str]], default_gap: int) -> Category:
    name = require(data, "name", str, file, key) if "name" in data else key
    patterns = data.get("patterns", [])
    together = data.get("together", [])
    unless = data.get("unless", [])
    gap = data.get("gap", default_gap)
    window = data.get("window", DEFAULT_WINDOW)
    examples = data.get("examples", True)
    if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 6:
        raise fail(file, f"{key}.gap", "must be a whole number from 0 to 6")
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= MAX_WINDOW:
        raise fail(file, f"{key}.window", f"must be a whole number from 1 to {MAX_WINDOW}")
    if not isinstance(examples, bool):
        raise fail(file, f"{key}.examples", "must be true or false")
    for field, items in (("patterns", patterns), ("together", together), ("unless", unless)):
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise fail(file, f"{key}.{field}", "must be a list of non-empty strings")
    if not patterns and not together:
        raise fail(file, f"{key}.patterns", "must not be empty (or give `together`)")
    for pattern in [*patterns, *together, *unless]:
        _check_pattern(pattern, file, key, classes)
    for group in together:
        if START in group.split() or END in group.split():
            raise fail(file, f"{key}.together", f"{group!r}: ^ and $ only in patterns")
    return Category(
        str(name), tuple(p.lower() for p in patterns), tuple(u.lower() for u in unless), gap, examples,
        tuple(t.lower() for t in together), window,
    )


def _check_pattern(pattern: str, file: str, key: str, classes: Mapping[str, Sequence[str]]) -> None:
    parts = pattern_parts(pattern)
    for index, part in enumerate(parts):
        if part == START and index != 0 or part == END and index != len(parts) - 1:
            raise fail(file, key, f"{pattern!r}: {part} only at the {'start' if part == START else 'end'}")
        if part in (START, END):
            continue
        for choice in part.split("|"):
            if choice.startswith("<") or choice.endswith(">"):
                if not (choice.startswith("<") and choice.endswith(">")) or choice[1:-1] not in classes:
                    raise fail(file, key, f"{pattern!r}: unknown word class {choice}")
            elif not choice.strip("*").replace("'", "").isalpha():
                raise fail(file, key, f"{pattern!r}: {part!r} is not a word, a|b or <class>")
    if not [p for p in parts if p not in (START, END)]:
        raise fail(file, key, f"{pattern!r}: no words")


def _words(data: Any, file: str, key: str) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
        raise fail(file, key, "must be a list of non-empty strings")
    return tuple(w.lower() for w in data)


def parse_safety_rules(rules: Any, file: str) -> SafetyRules:
    """The `[safety]`, `[ambiguous]` and `[distress]` sections; raises LocaleError."""
    safety = require(rules, "safety", dict, file, "")
    gap = safety.get("gap", DEFAULT_GAP)
    if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 6:
        raise fail(file, "safety.gap", "must be a whole number from 0 to 6")
    raw_classes = require(safety, "classes", dict, file, "safety")
    classes = {name: _words(words, file, f"safety.classes.{name}") for name, words in raw_classes.items()}
    for name, words in classes.items():
        if not words:
            raise fail(file, f"safety.classes.{name}", "must not be empty")
    raw_danger = require(safety, "categories", list, file, "safety")
    if not raw_danger:
        raise fail(file, "safety.categories", "must not be empty")
    danger = tuple(
        _category(c, file, f"safety.categories[{n}]", classes, gap) if isinstance(c, dict)
        else _raise(file, f"safety.categories[{n}]")
        for n, c in enumerate(raw_danger)
    )
    raw_idioms = safety.get("idioms", [])
    if not isinstance(raw_idioms, list):
        raise fail(file, "safety.idioms", "must be a list of tables")
    idioms = tuple(
        _category(c, file, f"safety.idioms[{n}]", classes, gap) if isinstance(c, dict)
        else _raise(file, f"safety.idioms[{n}]")
        for n, c in enumerate(raw_idioms)
    )
    harmless = _words(safety.get("harmless", []), file, "safety.harmless")
    for pattern in harmless:
        _check_pattern(pattern, file, "safety.harmless", classes)
    guidance = rules.get("partner_guidance")
    if guidance is not None and not isinstance(guidance, dict):
        raise fail(file, "partner_guidance", "must be a table")
    ambiguous = require(rules, "ambiguous", dict, file, "")
    distress = require(rules, "distress", dict, file, "")
    panic = rules.get("panic")
    if panic is not None and not isinstance(panic, dict):
        raise fail(file, "panic", "must be a table")
    gentle = rules.get("gentle_check")
    if gentle is not None and not isinstance(gentle, dict):
        raise fail(file, "gentle_check", "must be a table")
    return SafetyRules(
        classes=classes,
        danger=danger,
        harmless=harmless,
        ambiguous=_category(ambiguous, file, "ambiguous", classes, gap),
        distress=_category(distress, file, "distress", classes, gap),
        negated_gratitude=_category(
            require(distress, "negated_gratitude", dict, file, "distress"), file, "distress.negated_gratitude",
            classes, gap),
        gratitude=_category(
            require(distress, "gratitude", dict, file, "distress"), file, "distress.gratitude", classes, gap),
        partner_guidance=None if guidance is None else _category(guidance, file, "partner_guidance", classes, gap),
        self_trouble=None if guidance is None else _category(
            require(guidance, "self", dict, file, "partner_guidance"), file, "partner_guidance.self", classes, gap),
        guidance_asked=None if guidance is None or "asked" not in guidance else _category(
            require(guidance, "asked", dict, file, "partner_guidance"), file, "partner_guidance.asked", classes, gap),
        guidance_about=None if guidance is None or "about" not in guidance else _category(
            require(guidance, "about", dict, file, "partner_guidance"), file, "partner_guidance.about", classes, gap),
        panic=None if panic is None else _category(panic, file, "panic", classes, gap),
        calming=None if "calming" not in ambiguous else _category(
            require(ambiguous, "calming", dict, file, "ambiguous"), file, "ambiguous.calming", classes, gap),
        panic_feeling=None if panic is None else require(panic, "feeling", str, file, "panic"),
        stop_answer=None if gentle is None else _category(gentle, file, "gentle_check", classes, gap),
        serious=None if gentle is None else _category(
            require(gentle, "serious", dict, file, "gentle_check"), file, "gentle_check.serious", classes, gap),
        idioms=idioms,
        bitter=None if "bitter" not in distress else _category(
            require(distress, "bitter", dict, file, "distress"), file, "distress.bitter", classes, gap),
        clause_start=_words(ambiguous.get("clause_start", []), file, "ambiguous.clause_start"),
        significant_fillers=_words(safety.get("significant_fillers", []), file, "safety.significant_fillers"),
        not_typos=_words(safety.get("not_typos", []), file, "safety.not_typos"),
        spellings=_spellings(safety.get("spellings", {}), file),
    )


def _spellings(data: Any, file: str) -> dict[str, str]:
    if not isinstance(data, dict) or not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise fail(file, "safety.spellings", "must be a table of words")
    return {str(k).lower(): v.lower() for k, v in data.items()}


def _raise(file: str, key: str) -> Category:
    raise fail(file, key, "must be a table")


def example_phrases(rules: SafetyRules) -> tuple[str, ...]:
    """Concrete danger phrases made from the patterns: each part's first word(s), then the
    other words of the part with the most choice. Bounded: a few per pattern."""
    found: list[str] = []
    for category in rules.danger:
        if not category.examples:
            continue
        for pattern in category.patterns:
            choices = [_spoken_choices(part, rules.classes) for part in pattern_parts(pattern)
                       if part not in (START, END)]
            if any(not c for c in choices):
                continue
            widest = max(range(len(choices)), key=lambda i: len(choices[i]))
            for pick in itertools.islice(range(len(choices[widest])), EXAMPLES_PER_PATTERN):
                words = [c[pick] if i == widest else c[0] for i, c in enumerate(choices)]
                found.append(" ".join(words))
    return tuple(dict.fromkeys(found))


def _spoken_choices(part: str, classes: Mapping[str, Sequence[str]]) -> list[str]:
    """The whole words a pattern part stands for (a beginning like 'zelfmoord*' is no word)."""
    words: list[str] = []
    for choice in part.split("|"):
        words.extend(classes[choice[1:-1]] if choice.startswith("<") else [choice])
    return [w for w in dict.fromkeys(words) if not w.endswith("*")]
