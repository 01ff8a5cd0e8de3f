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
2. Safety first, on the whole utterance, at every step: the locale's danger model (word
   classes and category patterns, see `safety`) is matched before anything is taken as
   the step's answer ("bewolkt, hij heeft me gisteren weer geslagen" is danger). Then
   the ambiguous class ("ik kan niet meer": stop the exercise, or not wanting to live?)
   gives `AmbiguousIntent`, and what the worry model (`dialogue.worry_model`) finds
   sounding like harm gives a SafetyIntent whose concern is UNSURE: the coach asks. Typo correction may only lead to danger from a long word
   one letter off, so "slaapt" is never read as "slaat" and "opgeslagen" never as
   "geslagen".
3. Score every sample of every intent against the words by a weighted overlap (words
   shared by many intents weigh little), with slot values found in the words standing
   in for the sample's `{slot}` (a value phrase of three or more words may have a few
   other words inside: "dat je me even ziet" holds "dat je me ziet"). Samples with
   first names are aligned word by word, allowing a word missing or added. The intents
   the current step expects get a small bonus; an answer with a slot value (weather,
   need, feeling) that the step does not ask for gets a small malus, because the coach
   could do nothing with it there.
   Values: every value phrase is found; a denied one ("niet zonnig", "zonnig is het
   niet") is never the answer, a bare denied weather fills the `negated` slot; after a
   change of mind the latest value counts ("vanochtend zonnig, nu regen"); doubt around a
   value (the locale's hedges) is dropped, so a hedged answer is no skip.
4. At a step that takes a free answer (the gratitude), anything that is not a command
   said clearly is that answer, unless it is distress (a refused thank-you, hurt,
   betrayal, anger at the partner, exhaustion: `DistressIntent`). A free answer never
   carries the words that were said; a correction of the answer before it ("nee, ik
   bedoelde rust") is that answer again.
5. At a step that takes an answer in one's own words (a need), a sentence that is no
   value, skip or clear command is that answer (`OWN_WORDS`), its words carried in
   `Intent.said` for that turn only. A value answer carries the words it was heard in too.

The modules: `normalise` (step 1, and the text forms the voice grammars use too),
`spelling` (typo correction and stems), `index` (the locale prepared for matching, built
once), `safety` (step 2 and the distress of step 4), `matching` (step 3) and `names`
(samples with first names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dialogue.folding import fold
from dialogue.intents import OWN_WORDS, Concern, IntentName, SlotName
from dialogue.locale import Locale
from dialogue.model import Event, Intent, Unrecognized
from dialogue.understanding.index import Index, build_index
from dialogue.understanding.matching import best_intent, correction_length, said_exactly
from dialogue.understanding.normalise import Normaliser, Token
from dialogue.understanding.safety import SafetyCheck

__all__ = ["Understander", "fold"]

MIN_SCORE = 0.5
# A free answer loses only to a command said clearly, or to an expected one (skip) said
# fairly clearly: a few shared common words do not turn a thank-you into a skip.
FREE_ANSWER_OVERRIDE = 0.8
FREE_ANSWER_EXPECTED = 0.6
# At a step that takes an answer in one's own words, a command said this clearly wins.
OWN_WORDS_COMMAND = 0.55
# An expected answer said this clearly in the first clause or first few words is the
# answer when the whole sentence is not understood ("verder, de kat zit tegen mijn benen").
LEADING_SCORE = 0.8
LEADING_WORDS = 3
# What a sentence asking guidance for a partner in distress is read as instead, where the
# step does not expect it ("mijn man heeft een paniekaanval, help me hem te kalmeren").
PARTNER_GUIDANCE_OVER = frozenset({IntentName.START_TRIGGER_PLAN, IntentName.HELP, IntentName.FEELING})
# The words said in one's own words, for that turn, are kept up to this many.
MAX_SAID_WORDS = 20


class Understander:
    """Matches text against one locale's samples, slot values and safety phrases."""

    def __init__(self, locale: Locale) -> None:
        self._locale = locale
        self._index = build_index(locale)
        self._free_answers = locale.rules.free_answer_intents
        self._own_words = locale.rules.own_words_intents
        # The custom slot type each own-words intent answers with (NeedIntent -> NeedType).
        self._own_words_type = {
            name: next(t for s, t in locale.intent(name).slots if t in locale.slot_types) for name in self._own_words
        }
        self._normaliser = Normaliser(locale.rules, self._index.vocabulary)
        self._safety = SafetyCheck(locale.rules, self._index.vocabulary)
        self._worry = locale.worry

    def understand(
        self, text: str, expect: Sequence[str] = (), names: tuple[str, str] | None = None
    ) -> Event:
        """What `text` means at a step that expects the intents in `expect`. Danger said
        anywhere in it comes first, at every step; then the ambiguous class. With the
        household's `names`, where the step asks which of the two is triggered, a bare
        name ("Lotte"), or one said with "is getriggerd", is that answer."""
        event = self._understand(text, expect)
        if names is not None and IntentName.TRIGGERED_NAME in expect and (
            not isinstance(event, Intent) or event.name == IntentName.PARTNER_TRIGGERED
        ):
            words = {word.strip(".,!?").lower() for word in text.split()}
            said = [name for name in names if name.lower() in words]
            if len(said) == 1:
                return Intent.of(IntentName.TRIGGERED_NAME, **{SlotName.WHO: said[0]})
        if isinstance(event, Intent) and event.name not in expect:
            other = self._index.rules.read_as.get(event.name)
            if other is not None and other in expect:
                return Intent(other)
        return event

    def _understand(self, text: str, expect: Sequence[str]) -> Event:
        tokens = self._normaliser.tokens(text)
        if not tokens:
            return Unrecognized()
        free = [name for name in expect if name in self._free_answers]
        danger, ambiguous, distressed = self._safety.assess(text, free_answer=bool(free))
        if danger is not None:
            return self.danger_intent(danger)
        if ambiguous:
            return Intent(IntentName.AMBIGUOUS)
        if self.is_worrying(text):
            return Intent.of(IntentName.SAFETY, concern=Concern.UNSURE)
        words = [self._normaliser.correct(t.word) for t in tokens]
        best, score, positions = best_intent(self._index, words, tokens, expect)
        marker = correction_length(self._index, words)
        if marker and len(words) > marker:
            # "nee, storm": a correction of what was just answered is understood without its
            # marker, when what remains names an answer's value.
            rest = best_intent(self._index, words[marker:], tokens[marker:], expect)
            if rest[0] is not None and rest[0].name in self._index.answer_intents and rest[0].slots:
                best, score = rest[0], max(rest[1], MIN_SCORE)
                positions = frozenset(p + marker for p in rest[2])
        if best is not None and positions:
            best = replace(best, said=_written(tokens, positions))
        inner = _last_inner_correction(self._index, words)
        if inner:
            # "alleen, oh nee, samen": after a change of mind, what follows is the answer.
            rest = best_intent(self._index, words[inner:], tokens[inner:], expect)
            # (a command the step does not expect only replaces one it does not expect either:
            # "de check-in, of nee, de ademoefening" at the menu)
            unexpected = best is None or best.name not in expect
            if rest[0] is not None and (self._expected(rest[0].name, expect) or unexpected) and rest[1] >= MIN_SCORE:
                best, score, positions = rest[0], rest[1], frozenset(p + inner for p in rest[2])
        answer = best is not None and best.name in self._index.answer_intents and bool(best.slots)
        # Another question's answer said exactly as a sample of it ("ik ben moe"): the phrase
        # Alexa sends as that answer, which the coach reads by the step, for both edges alike.
        exactly = answer and best is not None and said_exactly(self._index, best.name, score, expect)
        if free:
            if self._safety.asks_partner_guidance(text, free_answer=True):
                return Intent(IntentName.PARTNER_TRIGGERED)  # "mijn man heeft een paniekaanval"
            if distressed and (best is None or best.name == IntentName.SKIP):
                # "ik weet het niet, ik ben zo teleurgesteld in haar": the pain, not a skip
                return Intent(IntentName.DISTRESS)
            if best is not None and best.name not in self._free_answers:
                needed = FREE_ANSWER_EXPECTED if best.name in expect else FREE_ANSWER_OVERRIDE
                if score >= needed or (answer and marker) or (exactly and not distressed):
                    return best
            return Intent(IntentName.DISTRESS) if distressed else Intent(free[0])
        own = [name for name in expect if name in self._own_words]
        if own:
            wish = words[0] in self._index.rules.own_words_openers
            if best is not None and (
                # Another question's answer only as a correction of it: "nee, storm", not "ik ben moe".
                (answer and score >= MIN_SCORE and (best.name in expect or bool(marker)))
                or (best.name in expect and score >= FREE_ANSWER_EXPECTED)
                or (not answer and best.name not in expect and not wish and score >= OWN_WORDS_COMMAND)
            ):
                return best
            if not wish and self._safety.assess(text, free_answer=True)[2]:
                # "hij heeft me bedrogen" said where a need was asked: the pain, not a need
                # ("dat hij niet meer liegt" is a wish, and so a need in one's own words)
                return Intent(IntentName.DISTRESS)
            if exactly and best is not None:
                return best
            slot = self._index.slot_of_type.get((own[0], self._own_words_type[own[0]]))
            said = _written(tokens, frozenset(range(len(tokens))))
            return Intent(str(own[0]), () if slot is None else ((slot, OWN_WORDS),), said)
        if best is None or score < MIN_SCORE:
            best, score = self._leading_answer(words, tokens, expect)
        if (best is None or score < MIN_SCORE or best.name in PARTNER_GUIDANCE_OVER) and (
            best is None or best.name not in expect
        ) and self._safety.asks_partner_guidance(text):
            return Intent(IntentName.PARTNER_TRIGGERED)
        if best is None or score < MIN_SCORE:
            return Unrecognized()
        if best.name in self._free_answers:
            return Intent(best.name)  # the words of a free answer are never kept
        return best

    def _expected(self, name: str, expect: Sequence[str]) -> bool:
        """Whether the step expects this intent, or the one it is read as there ("verder")."""
        return name in expect or self._index.rules.read_as.get(name) in expect

    def _leading_answer(
        self, words: list[str], tokens: list[Token], expect: Sequence[str]
    ) -> tuple[Intent | None, float]:
        """An answer the step expects, said clearly at the start, with more told after it
        ("alleen ik, hij is naar voetbal"): its first clause, else its first few words."""
        starts = [sum(1 for t in tokens if t.clause == tokens[0].clause)]
        starts += [n for n in range(LEADING_WORDS, 0, -1) if n != starts[0]]
        for length in starts:
            if 0 < length < len(words):
                found, score, _ = best_intent(self._index, words[:length], tokens[:length], expect)
                if found is not None and self._expected(found.name, expect) and score >= LEADING_SCORE:
                    return found, score
        return None, 0.0

    def is_danger(self, text: str) -> bool:
        """Whether `text` mentions violence, abuse, coercive control, fear of the partner,
        self-harm or suicide."""
        return self._safety.danger(text) is not None

    def is_worrying(self, text: str) -> bool:
        """Whether `text`, though no danger rule fired, sounds enough like harm (the worry
        model) to ask whether the person is safe."""
        return self._worry is not None and self._worry.worrying(text)

    def danger_intent(self, category: str) -> Intent:
        """The SafetyIntent for a danger category, with what it is about in its `concern` slot."""
        return Intent.of(IntentName.SAFETY, concern=self._locale.concern_of(category))

    def danger_category(self, text: str) -> str | None:
        """The name of the first danger category (understanding.toml) `text` falls in, or None."""
        return self._safety.danger(text)

    def is_ambiguous(self, text: str) -> bool:
        """Whether `text` is not danger but may mean "stop the exercise" or "I do not want to
        live" ("ik kan niet meer")."""
        danger, ambiguous, _ = self._safety.assess(text, free_answer=False)
        return danger is None and ambiguous

    def is_distress(self, text: str) -> bool:
        """Whether `text`, as a free answer (the gratitude), is distress rather than a thank-you
        (and neither danger nor ambiguous)."""
        return self._safety.assess(text, free_answer=True)[2]

    def vocabulary(self) -> frozenset[str]:
        """Every word the locale's samples, slot values and example safety phrases use."""
        return self._index.vocabulary


def _written(tokens: Sequence[Token], positions: frozenset[int]) -> str:
    """The pieces of text as written that these tokens came from, in order, each once."""
    groups: dict[int, str] = {}
    for number in sorted(positions):
        if number < len(tokens):
            groups.setdefault(tokens[number].group, tokens[number].written)
    return " ".join(list(groups.values())[:MAX_SAID_WORDS])


def _last_inner_correction(index: Index, words: Sequence[str]) -> int:
    """Where the words after the last correction inside the sentence begin ("nog vijf, ah
    nee, verder" -> the position of "verder"), or 0 if there is none."""
    found = 0
    for start in range(1, len(words)):
        for phrase in index.corrections:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase and end < len(words):
                found = max(found, end)
    return found
