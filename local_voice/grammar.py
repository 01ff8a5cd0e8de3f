"""What the recogniser may hear at each dialogue step: a Vosk phrase list, or free speech.

A step's grammar is built from the interaction model: the samples of the intents the
coach listens for at that step (`Coach.listening_intents`: the step's answers and the
commands that work everywhere), with each `{slot}` expanded into the slot type's values
and synonyms, plus the safety phrases. Each phrase keeps the intent it came from, so
`Grammar.intent_for` tells what a recognised phrase means without understanding it again. Where a free answer is expected (gratitude, first names) the step listens
with the model's full vocabulary instead.

Phrases are written the way a Vosk model spells words: lower case, punctuation other
than apostrophes and hyphens dropped. `fit_to_vocabulary` then keeps only phrases whose
every word the model knows (Vosk would silently drop unknown words from a phrase and so
change its meaning), trying a hyphen-split spelling first, and reports what is missing.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dialogue import Coach, Intent, Locale, State
from dialogue.intents import DENIED_SLOTS, FREE_WORD_SLOT_TYPES, IntentName
from dialogue.understanding.normalise import phrase_key, spoken_form, without_words

__all__ = [
    "BREATHING_PAUSE_INTENTS",
    "FREE_SPEECH",
    "INVITATION_INTENTS",
    "UNK",
    "Grammar",
    "GrammarBuilder",
    "StepGrammar",
    "VocabularyFit",
    "fit_to_vocabulary",
    "spoken_form",
    "with_unknown",
    "without_unknown",
]

UNK = "[unk]"
# Enough for every value and synonym of the largest slot type (the feelings: 300).
MAX_EXPANSIONS_PER_SAMPLE = 320

# What a person may say in the silences between breathing cues.
BREATHING_PAUSE_INTENTS: tuple[str, ...] = (
    IntentName.PAUSE, IntentName.STOP, IntentName.CANCEL, IntentName.SLOWER, IntentName.FASTER, IntentName.NEXT,
)

# What a person may answer to the daily check-in invitation.
INVITATION_INTENTS: tuple[str, ...] = (
    IntentName.YES, IntentName.NO, IntentName.START_CHECKIN, IntentName.STOP, IntentName.CANCEL,
)



@dataclass(frozen=True)
class Grammar:
    """What to listen for: `phrases` (a Vosk grammar), or None for the full vocabulary;
    and what each phrase means, so a phrase heard need not be understood again."""

    phrases: tuple[str, ...] | None
    # phrase_key(phrase) -> the intent it came from (slots as value ids).
    meanings: Mapping[str, Intent] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def is_free(self) -> bool:
        return self.phrases is None

    def to_json(self) -> str:
        """The grammar as Vosk's `SetGrammar` / `KaldiRecognizer` argument."""
        if self.phrases is None:
            raise ValueError("a free-speech grammar has no phrase list")
        return json.dumps(list(self.phrases), ensure_ascii=False)

    def intent_for(self, text: str) -> Intent | None:
        """The intent of a phrase of this grammar as the recogniser wrote it (`[unk]` and
        a hyphen split by the vocabulary check allowed); None for anything else."""
        return self.meanings.get(phrase_key(without_unknown(text)))


# The per-step grammar (the name the voice loop knows it by).
StepGrammar = Grammar

FREE_SPEECH = Grammar(None)


@dataclass(frozen=True)
class VocabularyFit:
    """The phrases the model can recognise, and the words it does not know."""

    phrases: tuple[str, ...]
    missing_words: tuple[str, ...]
    dropped_phrases: tuple[str, ...]


def fit_to_vocabulary(phrases: Iterable[str], has_word: Callable[[str], bool]) -> VocabularyFit:
    """Keep the phrases whose every word `has_word`; try 'check-in' as 'check in' first."""
    kept: list[str] = []
    missing: set[str] = set()
    dropped: list[str] = []
    for phrase in phrases:
        if phrase == UNK:
            kept.append(phrase)
            continue
        candidates = [phrase]
        if "-" in phrase:
            candidates.append(" ".join(phrase.replace("-", " ").split()))
        for candidate in candidates:
            unknown = [w for w in candidate.split() if not has_word(w)]
            if not unknown:
                kept.append(candidate)
                break
        else:
            missing.update(w for w in phrase.split() if not has_word(w))
            dropped.append(phrase)
    return VocabularyFit(tuple(dict.fromkeys(kept)), tuple(sorted(missing)), tuple(dropped))


class GrammarBuilder:
    """Builds each step's grammar from one locale (pure: no recogniser needed)."""

    def __init__(
        self, locale: Locale, wake_phrases: Sequence[str] = ("hé coach",), *, names_by_voice: bool = True
    ) -> None:
        """`names_by_voice`: listen freely at the menu so "wij heten Sam en Lotte" can be said;
        False keeps the menu a grammar (more robust), and names are then only typed."""
        self._locale = locale
        self._coach = Coach(locale)  # only asked what it listens for at each step
        self._names_by_voice = names_by_voice
        self._wake = tuple(spoken_form(p) for p in wake_phrases if spoken_form(p))
        if not self._wake:
            raise ValueError("at least one wake phrase is needed")
        self._free_intents = set(locale.rules.free_answer_intents)
        self._free_intents.update(
            i.name for i in locale.intents if any(t in FREE_WORD_SLOT_TYPES for _, t in i.slots)
        )
        self._safety = tuple(dict.fromkeys(spoken_form(p) for p in locale.safety_phrases if spoken_form(p)))
        self._expanded: dict[str, tuple[tuple[str, Intent], ...]] = {}

    @property
    def wake_phrases(self) -> tuple[str, ...]:
        return self._wake

    def intents_for(self, state: State, expected: Sequence[str] = ()) -> tuple[str, ...]:
        """The intents a person may use at a step: what the coach listens for there
        (its answers, then the commands that work everywhere)."""
        wanted = [*expected, *self._coach.listening_intents(state)]
        if not self._names_by_voice:
            wanted = [w for w in wanted if w != IntentName.SET_NAMES]
        return tuple(dict.fromkeys(wanted))

    def for_step(self, state: State, expected: Sequence[str] = ()) -> Grammar:
        """The grammar for the step `state` is at (`expected`, Coach.expected_intents(state),
        is already part of what the coach listens for; it is accepted for older callers)."""
        intents = self.intents_for(state, expected)
        if any(name in self._free_intents for name in intents):
            return FREE_SPEECH
        return self._grammar(intents, answers=self._coach.expected_intents(state))

    def phrases(self, intents: Iterable[str]) -> tuple[str, ...]:
        """Every phrase of these intents' samples (slots expanded) plus the safety phrases."""
        phrases = self._grammar(intents).phrases
        assert phrases is not None
        return phrases

    def wake(self) -> Grammar:
        """The wake phrases and the safety phrases, nothing else."""
        return Grammar(tuple(dict.fromkeys((*self._wake, *self._safety))))

    def breathing_pause(self) -> Grammar:
        """What is listened for between breathing cues: pause, stop, slower, faster, ready,
        and the safety phrases."""
        return self._grammar(BREATHING_PAUSE_INTENTS)

    def invitation(self) -> Grammar:
        """The answers to the check-in invitation: yes, no, a request for the check-in, stop,
        and the safety phrases."""
        return self._grammar(INVITATION_INTENTS)

    @property
    def checkin_request(self) -> str:
        """What a person says to start the check-in ('start de check-in'): a yes to the invitation."""
        return self._locale.intent(IntentName.START_CHECKIN).samples[0].text

    def all_phrases(self) -> tuple[str, ...]:
        """Every phrase of every grammar (for the vocabulary check at start-up)."""
        names = [i.name for i in self._locale.intents if i.name not in self._free_intents]
        return tuple(dict.fromkeys((*self.phrases(names), *self._wake)))

    def _grammar(self, intents: Iterable[str], answers: Sequence[str] = ()) -> Grammar:
        """The phrases of these intents plus the safety phrases, each with its meaning. A
        safety phrase always means safety; otherwise the first intent that has a phrase
        gives its meaning (a step's own `answers` come before the commands). A phrase of
        another intent that holds an answer's slot value ("een paniekaanval" at the feeling
        question) gets no meaning here: step context decides it when it is understood."""
        found: list[str] = []
        meanings = self._safety_meanings()
        answer_values = self._value_phrases(answers)
        for name in intents:
            for phrase, intent in self._intent_phrases(name):
                found.append(phrase)
                key = phrase_key(phrase)
                if name in _DECIDED_BY_UNDERSTANDING:
                    meanings.setdefault(key, _UNDECIDED)
                elif any(slot in DENIED_SLOTS for slot, _ in intent.slots) or (intent.slots and name not in answers):
                    # A denied value ("niet zo goed") is read by the understanding, which
                    # also knows the phrases that hold a negation and are a value themselves;
                    # so is an answer to the question before ("nee, storm" at the need).
                    meanings.setdefault(key, _UNDECIDED)
                elif name in answers or not _holds_any(key.split(), answer_values):
                    other = self._locale.rules.read_as.get(name)
                    if name not in answers and other is not None and other in answers:
                        intent = Intent(other)  # "verder" while breathing is moving on
                    meanings.setdefault(key, intent)
                else:
                    meanings.setdefault(key, _UNDECIDED)
        found.extend(self._safety)
        return Grammar(
            tuple(dict.fromkeys(p for p in found if p)),
            {key: intent for key, intent in meanings.items() if intent is not _UNDECIDED},
        )

    def _value_phrases(self, intents: Sequence[str]) -> frozenset[tuple[str, ...]]:
        """The slot values and synonyms these intents answer with, as phrase-key words."""
        found: set[tuple[str, ...]] = set()
        for name in intents:
            for _, type_name in self._locale.intent(name).slots:
                slot_type = self._locale.values_of(type_name)
                if slot_type is not None:
                    found.update(tuple(phrase_key(spoken_form(p)).split()) for v in slot_type.values for p in v.phrases)
        return frozenset(words for words in found if words)

    def _safety_meanings(self) -> dict[str, Intent]:
        # A safety phrase is read by the understanding, which says what the danger is about
        # (the safety answer fits it); no other intent may claim the phrase.
        return {phrase_key(p): _UNDECIDED for p in self._safety}

    def _intent_phrases(self, name: str) -> tuple[tuple[str, Intent], ...]:
        """Each sample of an intent with its slots expanded into every value and synonym,
        with the intent it means (slots as value ids). Computed once per intent."""
        cached = self._expanded.get(name)
        if cached is not None:
            return cached
        phrases: list[tuple[str, Intent]] = []
        for sample in self._locale.intent(name).samples:
            # Per token: (spoken text, (slot, value id) or None) choices.
            choices: list[list[tuple[str, tuple[str, str] | None]]] = []
            for token in sample.tokens:
                if isinstance(token, str):
                    choices.append([(token, None)])
                    continue
                slot_type = self._locale.values_of(token.type)  # a number: the locale's number words
                if slot_type is None:  # a free word (a first name): cannot be a grammar phrase
                    break
                choices.append([(p, (token.name, v.id)) for v in slot_type.values for p in v.phrases])
            else:
                for combination in itertools.islice(itertools.product(*choices), MAX_EXPANSIONS_PER_SAMPLE):
                    slots = dict(slot for _, slot in combination if slot is not None)
                    text = spoken_form(" ".join(words for words, _ in combination))
                    phrases.append((text, Intent.of(name, **slots)))
        self._expanded[name] = tuple(phrases)
        return self._expanded[name]


_UNDECIDED = Intent("")  # a phrase whose meaning depends on the step's context
# Distress is what a free answer (the gratitude) means; at other steps the same words answer them.
_DECIDED_BY_UNDERSTANDING = frozenset({IntentName.DISTRESS})


def _holds_any(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    """Whether one of `phrases` stands in `words` as consecutive words."""
    return any(
        tuple(words[start : start + len(phrase)]) == phrase
        for phrase in phrases
        for start in range(len(words) - len(phrase) + 1)
    )


def with_unknown(grammar: Grammar, supported: bool) -> Grammar:
    """The grammar with `[unk]` added when the model has it (otherwise sounds get forced)."""
    if grammar.phrases is None or not supported or UNK in grammar.phrases:
        return grammar
    return replace(grammar, phrases=(*grammar.phrases, UNK))


def without_unknown(text: str) -> str:
    """A transcript without `[unk]` tokens."""
    return without_words(text, (UNK,))
