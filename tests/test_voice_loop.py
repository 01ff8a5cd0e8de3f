"""The hands-free loop with a scripted recogniser and a recording speaker on a fake clock."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from dialogue import Coach, Household, Locale, SaveConsent, TriggerMoment, Understander
from household.store import HouseholdStore
from local_voice.audio import EndOfAudio, MicrophoneLost
from local_voice.checkin_schedule import CheckinSchedule
from local_voice.grammar import Grammar, GrammarBuilder
from local_voice.messages import load_voice_messages
from local_voice.session import Session
from local_voice.voice_loop import VoiceLoop

LOST = MicrophoneLost("unplugged")


class Clock:
    """Monotonic seconds, and a wall clock that moves with them (plus any jumps a script makes)."""

    def __init__(self, wall_start: datetime.datetime = datetime.datetime(2026, 11, 27, 10, 0)) -> None:
        self.now = 0.0
        self.wall_start = wall_start

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime.datetime:
        return self.wall_start + datetime.timedelta(seconds=self.now)

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


@dataclass(frozen=True)
class InPause:
    """Said in a silence between breathing cues (the loop listens there too)."""

    text: str


Script = list[str | None | Exception | datetime.timedelta | InPause]


class ScriptedRecogniser:
    """Hands out scripted utterances (None: silence; MicrophoneLost: unplugged; a timedelta:
    silence while the wall clock jumps ahead by it) and records grammars."""

    def __init__(self, script: Script, clock: Clock, failed_reopens: int = 0) -> None:
        self.script = list(script)
        self.clock = clock
        self.grammars: list[Grammar] = []
        self.failed_reopens = failed_reopens
        self.reopens = 0
        self.muted = False
        self.heard_while_muted = 0
        self.pause_grammar: Grammar | None = None

    def listen(self, grammar: Grammar, timeout: float) -> str | None:
        assert not self.muted
        if grammar == self.pause_grammar:
            # A breathing pause: silence for all of it, unless the script says something there.
            if self.script and isinstance(self.script[0], InPause):
                self.clock.now += 1.0
                return self.script.pop(0).text  # type: ignore[union-attr]
            self.clock.now += timeout
            return None
        self.grammars.append(grammar)
        if not self.script:
            raise EndOfAudio()
        item = self.script.pop(0)
        self.clock.now += 1.0
        if isinstance(item, Exception):
            raise item
        if isinstance(item, datetime.timedelta):
            self.clock.wall_start += item
            return None
        return item

    @contextmanager
    def speaking(self) -> Iterator[None]:
        self.muted = True
        try:
            yield
        finally:
            self.muted = False

    def reopen(self) -> None:
        self.reopens += 1
        if self.reopens <= self.failed_reopens:
            raise MicrophoneLost("still unplugged")


class RecordingSpeaker:
    def __init__(self, clock: Clock, recogniser: ScriptedRecogniser) -> None:
        self.clock, self.recogniser = clock, recogniser
        self.said: list[tuple[float, float, str]] = []

    def say(self, text: str) -> None:
        assert self.recogniser.muted, "the microphone must be muted while speaking"
        start = self.clock.now
        self.clock.now += 0.05 * len(text.split())
        self.said.append((start, self.clock.now, text))


@pytest.fixture
def store() -> Iterator[HouseholdStore]:
    s = HouseholdStore.in_memory()
    # A household that said yes to keeping its check-ins (consent has tests of its own).
    s.apply([SaveConsent(True)])
    yield s
    s.close()


def make_loop(
    locale: Locale, store: HouseholdStore, script: Script, failed_reopens: int = 0, *,
    checkin_at: datetime.time | None = None, wall_start: datetime.datetime | None = None,
) -> tuple[VoiceLoop, ScriptedRecogniser, RecordingSpeaker, list[str]]:
    clock = Clock(wall_start) if wall_start is not None else Clock()
    recogniser = ScriptedRecogniser(script, clock, failed_reopens)
    recogniser.pause_grammar = GrammarBuilder(locale).breathing_pause()
    speaker = RecordingSpeaker(clock, recogniser)
    reports: list[str] = []
    coach = Coach(locale)
    session = Session(coach=coach, understander=Understander(locale), store=store,
                      today=lambda: datetime.date(2026, 11, 27), report=reports.append)
    loop = VoiceLoop(session=session, recogniser=recogniser, speaker=speaker,
                     grammars=GrammarBuilder(locale), messages=load_voice_messages(), report=reports.append,
                     clock=clock, sleep=clock.sleep, retry_seconds=3.0,
                     checkin=None if checkin_at is None else CheckinSchedule(checkin_at, now=clock.wall))
    return loop, recogniser, speaker, reports


def texts(speaker: RecordingSpeaker) -> list[str]:
    return [t for _, _, t in speaker.said]


def test_wake_checkin_alone_and_back_to_waiting(locale: Locale, store: HouseholdStore) -> None:
    script: Script = [
        "wat een mooie dag", "hé coach", "start de check-in", "alleen ik", "zonnig", "een knuffel",
        "je geduld", "ja", "hé coach",
    ]
    loop, recogniser, speaker, reports = make_loop(locale, store, script)
    loop.run()
    said = texts(speaker)
    assert said[0] == locale.speech(locale.say("welcome_first"))  # "112" as it is said
    assert locale.say("menu_question") in said
    assert locale.say("ask_weather_alone") in said
    assert set(locale.all_variants("ack_need", need="een knuffel")) & set(said)
    thanks = next(t for t in said if t in locale.all_variants("ack_gratitude_alone"))
    assert said.index(locale.say("summary_intro")) > said.index(thanks)
    assert said[-2:] == [locale.say("welcome_back"), locale.say("menu_question")]  # woken again
    assert store.checkins() == [(datetime.date(2026, 11, 27), [("ZONNIG", "KNUFFEL")])]
    wake = recogniser.grammars[0]
    assert wake.phrases is not None and "hé coach" in wake.phrases
    assert recogniser.grammars[2].is_free  # the menu: names are free words
    weather = recogniser.grammars[4]
    assert weather.phrases is not None and "zonnig" in weather.phrases
    assert recogniser.grammars[6].is_free  # gratitude
    assert recogniser.grammars[7].is_free  # "lukt het om dat te vragen?": said to each other
    assert recogniser.grammars[8] == wake  # back to waiting
    assert reports == [load_voice_messages()("listening", wake="hé coach")]


def test_trigger_plan_breathing_is_timed_from_each_cue(locale: Locale, store: HouseholdStore) -> None:
    script: Script = ["hé coach", "ik ben getriggerd", "ik ben klaar", "paniek",
                                            "een knuffel", "nee"]
    loop, _, speaker, _ = make_loop(locale, store, script)
    loop.run()
    said = speaker.said
    ins = ("Adem rustig in", locale.say("breath_in_short"))
    outs = (locale.say("breath_out"), locale.say("breath_out_short"))
    cues = [(s, e, t) for s, e, t in said if t in outs or any(cue in t for cue in ins)]
    assert len(cues) == 10
    # Each cue is said inside its breath: from the start of one cue to the start of the next
    # is the breath, 4 s in and 6 s out.
    for (begin, _, text), (start, _, _) in itertools.pairwise(cues):
        expected = 4.0 if any(cue in text for cue in ins) else 6.0
        assert start - begin == pytest.approx(expected)
    assert texts(speaker)[-1] == locale.say("closing_trigger")


def test_the_breathing_listens_in_its_pauses_for_pause_stop_and_danger(locale: Locale, store: HouseholdStore) -> None:
    # (how strong the feeling is, first: "zeven", by voice, from the step's grammar of nul to tien)
    loop, _, speaker, _ = make_loop(locale, store, ["hé coach", "ik ben getriggerd", "zeven", InPause("pauze"), "ga door"])
    loop.run()
    said = texts(speaker)
    first_round = said[: said.index(locale.say("paused"))]
    assert first_round.count(locale.say("breath_out")) == 0  # cut short in the first pause
    # "ga door": a whole new round, two breaths guided in full, three with short cues
    assert said.count(locale.say("breath_out")) == 2 and said.count(locale.say("breath_out_short")) == 3
    loop.session.close()  # (the command line does this when the coach stops)
    assert store.trigger_moments() == [TriggerMoment(datetime.date(2026, 11, 27), 7, None)]

    loop, _, speaker, _ = make_loop(locale, store, ["hé coach", "ik ben getriggerd", "verder", InPause("ik wil dood")])
    loop.run()
    said = texts(speaker)
    assert said[said.index(locale.speech(locale.say("safety_suicide"))) + 1] == locale.say("safety_question")
    assert locale.say("breathing_offer") not in texts(speaker)
    loop.session.close()
    assert len(store.trigger_moments()) == 1  # the run that met danger keeps nothing


def test_silence_reprompts_then_ends_and_waits_again(locale: Locale, store: HouseholdStore) -> None:
    loop, recogniser, speaker, _ = make_loop(locale, store, ["hé coach", None, None, None])
    loop.run()
    said = texts(speaker)
    assert said[-2:] == [locale.say("reprompt_menu"), locale.say("silence_goodbye")]
    assert recogniser.grammars[-1] == recogniser.grammars[0]  # waiting for the wake phrase again


def test_unknown_sounds_are_not_understood(locale: Locale, store: HouseholdStore) -> None:
    loop, _, speaker, _ = make_loop(locale, store, ["hé coach", "start de check-in", "[unk]"])
    loop.run()
    assert locale.say("not_understood") in texts(speaker)


def test_safety_phrase_while_waiting_gets_the_help_lines(locale: Locale, store: HouseholdStore) -> None:
    loop, _, speaker, _ = make_loop(locale, store, ["ik wil dood"])
    loop.run()
    assert texts(speaker)[:2] == [locale.speech(locale.say("safety_suicide")), locale.say("safety_question")]


def test_microphone_lost_mid_conversation_retries_and_keeps_history(locale: Locale, store: HouseholdStore) -> None:
    script: Script = [
        "hé coach", "start de check-in", "alleen ik", LOST, "bewolkt", "rust", "sla over",
    ]
    loop, recogniser, speaker, reports = make_loop(locale, store, script, failed_reopens=2)
    loop.run()
    messages = load_voice_messages()
    assert reports[1:] == [messages("microphone_lost", seconds="3"), messages("microphone_back")]
    assert recogniser.reopens == 3
    assert store.checkins() == [(datetime.date(2026, 11, 27), [("BEWOLKT", "RUST")])]
    assert locale.say("ack_weather", weather="bewolkt") in texts(speaker)


# --- the daily check-in invitation (--checkin-at) ------------------------------------------

EIGHT = datetime.time(20, 0)
JUST_BEFORE_EIGHT = datetime.datetime(2026, 11, 27, 19, 59, 58)


def test_invitation_at_the_time_and_a_yes_starts_the_checkin(locale: Locale, store: HouseholdStore) -> None:
    script: Script = [None, None, "ja graag", "alleen ik", "zonnig", "een knuffel", "je geduld", None, None]
    loop, recogniser, speaker, reports = make_loop(locale, store, script, checkin_at=EIGHT,
                                                   wall_start=JUST_BEFORE_EIGHT)
    loop.run()
    messages = load_voice_messages()
    said = texts(speaker)
    assert said.count(messages("checkin_invitation")) == 1  # once, though it kept waiting after
    assert said[0] == messages("checkin_invitation")
    coach = Coach(locale)
    asked = coach.handle(coach.begin(Household(today=datetime.date(2026, 11, 27))), Understander(locale).understand("start de check-in"))
    assert said[1] == asked.reply.parts[0].spoken  # type: ignore[union-attr]  # as if they had said "start de check-in" (a new household: the introduction first)
    assert locale.speech(locale.say("welcome_first")) not in said  # straight into the check-in
    assert locale.say("ask_weather_alone") in said
    assert store.checkins() == [(datetime.date(2026, 11, 27), [("ZONNIG", "KNUFFEL")])]
    wake = GrammarBuilder(locale).wake()
    assert recogniser.grammars[:2] == [wake, wake]  # not due at 19:59:58 nor at 19:59:59
    answer = recogniser.grammars[2]
    assert answer == GrammarBuilder(locale).invitation()
    assert answer.phrases is not None and {"ja", "nee", "start de check-in"} <= set(answer.phrases)
    assert recogniser.grammars[-2:] == [wake, wake]  # back to waiting, no second invitation
    assert reports == [messages("listening", wake="hé coach"), messages("checkin_scheduled", time="20:00")]


def test_no_or_silence_goes_back_to_waiting_and_the_next_day_invites_again(
    locale: Locale, store: HouseholdStore
) -> None:
    day = datetime.timedelta(days=1)
    script: Script = [None, None, "nee", None, None, day, None, None]
    loop, recogniser, speaker, _ = make_loop(locale, store, script, checkin_at=EIGHT, wall_start=JUST_BEFORE_EIGHT)
    loop.run()
    messages = load_voice_messages()
    invitation, later = messages("checkin_invitation"), messages("checkin_later", wake="hé coach")
    assert texts(speaker) == [invitation, later, invitation]  # the second one: silence, nothing said
    builder = GrammarBuilder(locale)
    wake, answer = builder.wake(), builder.invitation()
    assert recogniser.grammars == [wake, wake, answer, wake, wake, wake, answer, wake, wake]
    assert store.checkins() == []


def test_no_invitation_in_the_middle_of_a_conversation(locale: Locale, store: HouseholdStore) -> None:
    script: Script = ["hé coach", "start de check-in", "alleen ik", "bewolkt", "rust", "sla over", "ja", "nee"]
    loop, _, speaker, _ = make_loop(locale, store, script, checkin_at=EIGHT, wall_start=JUST_BEFORE_EIGHT)
    loop.run()
    said = texts(speaker)
    invitation = load_voice_messages()("checkin_invitation")
    assert said.index(invitation) == len(said) - 2  # only once back to waiting
    assert said.index(invitation) > said.index(locale.say("summary_intro"))


def test_a_safety_phrase_in_answer_to_the_invitation_gets_the_help_lines(
    locale: Locale, store: HouseholdStore
) -> None:
    loop, _, speaker, _ = make_loop(locale, store, ["ik wil dood"], checkin_at=EIGHT,
                                    wall_start=datetime.datetime(2026, 11, 27, 21, 0))
    loop.run()
    assert texts(speaker)[:3] == [load_voice_messages()("checkin_invitation"), locale.speech(locale.say("safety_suicide")),
                                  locale.say("safety_question")]


class CountingUnderstander(Understander):
    """The real understanding, counting how often it is asked."""

    calls = 0

    def understand(self, text: str, expect: object = (), names: object = None) -> object:  # type: ignore[override]
        CountingUnderstander.calls += 1
        return super().understand(text, expect, names)  # type: ignore[arg-type]


def test_a_phrase_of_the_steps_grammar_is_taken_as_the_grammar_meant_it(locale: Locale, store: HouseholdStore) -> None:
    loop, _, speaker, _ = make_loop(locale, store, ["hé coach", "start de check-in", "alleen ik", "bewolkt", "stop"])
    CountingUnderstander.calls = 0
    loop.session.understander = CountingUnderstander(locale)
    loop.run()
    # The menu listens freely (names may be said there), so its request is understood; every
    # later answer was a phrase of its step's grammar and was not understood again.
    assert CountingUnderstander.calls == 1
    assert store.checkins()[0][1] == [("BEWOLKT", None)]
    assert any(locale.value_name("WeatherType", "BEWOLKT") in t for t in texts(speaker))


def test_step_context_decides_a_phrase_the_grammar_took_from_another_intent(
    locale: Locale, store: HouseholdStore
) -> None:
    # "een paniekaanval" is a sample that starts the trigger plan; at the feeling question it names the feeling.
    loop, _, speaker, _ = make_loop(locale, store, ["hé coach", "ik ben getriggerd", "klaar", "een paniekaanval"])
    loop.run()
    said = texts(speaker)
    assert any(locale.value_name("FeelingType", "PANIEK") in t for t in said[-3:])


# --- rendering ahead (a speaker with a speech cache) ----------------------------------------


class RenderingAheadSpeaker(RecordingSpeaker):
    """A recording speaker that also notes what it was asked to render ahead, and when."""

    def __init__(self, clock: Clock, recogniser: ScriptedRecogniser) -> None:
        super().__init__(clock, recogniser)
        self.ahead: list[str] = []
        self.first_said: list[str] = []
        self.names: list[tuple[str, ...] | None] = []
        self.unready: list[str] = []

    def prefetch(self, texts: object, *, first: bool = False) -> None:
        texts = list(texts)  # type: ignore[call-overload]
        if first and texts:
            # The first sentence of a reply: was it among the sentences guessed before?
            if texts[0] not in self.ahead:
                self.unready.append(texts[0])
            self.first_said.append(texts[0])
        self.ahead.extend(texts)

    def warm_up(self, texts: object) -> None:
        self.ahead.extend(texts)  # type: ignore[call-overload]

    def set_names(self, names: object) -> None:
        self.names.append(names)  # type: ignore[arg-type]


def test_the_first_sentence_of_each_answer_was_rendered_ahead(locale: Locale, store: HouseholdStore) -> None:
    script: Script = [
        "hé coach", "start de check-in", "alleen ik", "zonnig", "een knuffel", "je geduld", "ja",
        "hé coach", "ik ben getriggerd", "klaar", "paniek", "een knuffel", "nee", "hé coach", "stop",
    ]
    loop, recogniser, _, _ = make_loop(locale, store, script)
    speaker = RenderingAheadSpeaker(recogniser.clock, recogniser)
    loop.speaker = speaker
    loop.run()
    assert speaker.ahead[0] == locale.speech(locale.say("safety_suicide"))  # the help lines are ready before anything else
    assert locale.say("breath_out") in speaker.ahead
    # Every answer's first sentence was ready before it was needed: a fixed sentence from the
    # start, one with a value or a name guessed from what could be said at that step.
    assert speaker.unready == []
    assert locale.say("ack_weather", weather=locale.value_name("WeatherType", "ZONNIG")) in speaker.ahead
    assert len(speaker.first_said) >= 12


def test_the_speaker_learns_the_households_names(locale: Locale, store: HouseholdStore) -> None:
    from dialogue import SaveNames

    store.apply([SaveNames("Sam", "Lotte")])
    loop, recogniser, _, _ = make_loop(locale, store, ["hé coach", "stop"])
    speaker = RenderingAheadSpeaker(recogniser.clock, recogniser)
    loop.speaker = speaker
    loop.run()
    assert speaker.names and all(n == ("Sam", "Lotte") for n in speaker.names)


def test_an_erase_by_voice_tells_the_speaker_the_names_are_gone(locale: Locale, store: HouseholdStore) -> None:
    from dialogue import SaveNames

    store.apply([SaveNames("Sam", "Lotte")])
    loop, recogniser, _, _ = make_loop(locale, store, ["hé coach", "wis onze gegevens", "ja"])
    speaker = RenderingAheadSpeaker(recogniser.clock, recogniser)
    loop.speaker = speaker
    loop.run()
    assert speaker.said[-1][2] == locale.say("erase_done")
    assert speaker.names[0] == ("Sam", "Lotte")
    assert speaker.names[-1] is None  # the sentences with their names are dropped from the cache
