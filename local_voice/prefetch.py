"""Which sentences the coach is likely to say next, so they can be rendered before they are needed.

The core is pure, so the replies to the answers a step listens for can be worked out
without taking a turn: for each meaning in the step's grammar (its own answers first, the
safety phrases before all), for silence and for an answer not understood, `coach.handle`
gives the reply, and its first sentences are the ones to have ready. Nothing here is
heard or stored; the session's state is only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dialogue import Coach, Intent, Say, Silence, State, Unrecognized
from dialogue.intents import Concern, IntentName
from dialogue.model import Event
from local_voice.grammar import Grammar

SENTENCES_PER_REPLY = 2  # the rest of a reply renders while its first sentence plays
MAX_SENTENCES = 120


def likely_sentences(coach: Coach, state: State, grammar: Grammar, *, per_reply: int = SENTENCES_PER_REPLY,
                     limit: int = MAX_SENTENCES) -> list[str]:
    """The first sentences of the replies to what may be said next at `state`, most
    urgent first (safety, silence), at most `limit`."""
    found: dict[str, None] = {}
    for event in _likely_events(coach, state, grammar):
        try:
            reply = coach.handle(state, event).reply
        except Exception:  # noqa: BLE001, S112  a guess the core cannot take is no reason to stop
            continue
        for part in [p for p in reply.parts if isinstance(p, Say)][:per_reply]:
            found.setdefault(part.spoken)
            if len(found) >= limit:
                return list(found)
    return list(found)


def _likely_events(coach: Coach, state: State, grammar: Grammar) -> Iterator[Event]:
    # The safety answer for each kind of danger: ready before anything else.
    yield from (Intent.of(IntentName.SAFETY, concern=concern) for concern in Concern)
    yield Silence()
    yield Unrecognized()
    if grammar.meanings:
        answers = set(coach.expected_intents(state))
        meanings = list(dict.fromkeys(grammar.meanings.values()))
        yield from (m for m in meanings if m.name in answers)
        yield from (m for m in meanings if m.name not in answers)
    else:
        yield from (Intent(name) for name in coach.listening_intents(state))


def fixed_sentences(texts: Iterable[str]) -> list[str]:
    """The sentences among `texts` without placeholders: the same for every household."""
    return [t for t in dict.fromkeys(texts) if "{" not in t and t.strip()]
