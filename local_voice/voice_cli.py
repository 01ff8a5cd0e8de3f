"""The voice mode's command line: hands-free when it can, the typed console when it cannot.

    python -m local_voice                    voice (falls back to typing, saying why)
        [--model PATH] [--input-device DEV] [--output-device CARD] [--rate WPM] [--wake PHRASE]
        [--checkin-at HH:MM] [--data-dir DIR] [--names-by-voice | --no-names-by-voice]
        [--voice-only]                       no typed console when voice cannot start: exit 1
                                             (the systemd unit, deploy/samen-sterker.service)
    python -m local_voice download-model     fetch the Dutch model (`make model`)
        [--model PATH] [--data-dir DIR]
    python -m local_voice --list-devices     the audio devices

`local_voice/__main__.py` delegates here unless `--text` is given; the fallback is ONE
line on standard error naming what is missing and the command that fixes it.
(`--audio-file WAV`, not in the help: listen to a 16-bit mono WAV file instead of the
microphone, then stop; for benchmarks and trying a model.)
"""

from __future__ import annotations

import argparse
import signal
import sys
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogue import Locale, LocaleError
from household.paths import default_cache_dir, default_data_dir
from local_voice.checkin_schedule import DIARY_FILE, CheckinSchedule, checkin_time_argument
from local_voice.grammar import GrammarBuilder
from local_voice.messages import load_voice_messages
from local_voice.model_files import (
    ModelError,
    check_model,
    load_model,
    locate_model,
    looks_like_model,
    tuned_model_dir,
)
from local_voice.session import open_session
from local_voice.speaker import DEFAULT_RATE, Pyttsx3Speaker, SpeakerUnavailable
from locale_files import LOCALE_DIR, Messages, load_locale

MAX_LISTED_WORDS = 20


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_voice", description="Samen Sterker, hands-free.")
    parser.add_argument("command", nargs="?", choices=["download-model"], help="download-model: fetch the model")
    parser.add_argument("--model", type=Path, default=None, help="the Vosk model folder to use")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the household's data lives")
    parser.add_argument("--list-devices", action="store_true", help="list the audio devices and stop")
    parser.add_argument("--input-device", default=None, help="microphone: a device number or part of its name")
    parser.add_argument("--output-device", default=None, help="speaker: an ALSA card name or number")
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE, help="speaking rate in words per minute")
    parser.add_argument("--wake", action="append", default=None, help="wake phrase (default: 'hé coach')")
    parser.add_argument("--checkin-at", type=checkin_time_argument, default=None, metavar="HH:MM",
                        help="each day at this time the coach invites you to the check-in (e.g. 20:00)")
    parser.add_argument("--voice-only", action="store_true",
                        help="when voice cannot start, exit with status 1 instead of typing (for a service)")
    parser.add_argument("--audio-file", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--names-by-voice", action=argparse.BooleanOptionalAction, default=True,
                        help="listen freely at the menu so names can be said (default: yes)")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _device(value: str | None) -> int | str | None:
    return int(value) if value is not None and value.isdigit() else value


@dataclass
class VoiceParts:
    """Everything the hands-free loop needs, ready to run."""

    listener: Any
    speaker: Pyttsx3Speaker
    grammars: GrammarBuilder
    notes: list[str]


def prepare_voice(args: argparse.Namespace, locale: Locale, say: Messages) -> VoiceParts | str:
    """Open model, speaker and microphone; the one-line reason to type instead, if any fails."""
    data_dir = args.data_dir or default_data_dir()
    model_dir = locate_model(args.model, data_dir)
    if not looks_like_model(model_dir):
        return say("missing_model", path=model_dir)
    try:
        speaker = Pyttsx3Speaker(rate=args.rate, output_card=args.output_device)
    except SpeakerUnavailable as error:
        return say("missing_speech", reason=error)
    source: Any
    if args.audio_file is not None:
        from local_voice.audio import ArraySource, read_wav

        try:
            source = ArraySource(*read_wav(args.audio_file))
        except (OSError, EOFError, ValueError, wave.Error) as error:
            return say("missing_microphone", reason=error)
    else:
        try:
            from local_voice.audio import MicrophoneLost, MicrophoneSource
        except OSError as error:  # sounddevice raises OSError when libportaudio2 is missing
            return say("missing_audio_library", reason=error)
        try:
            source = MicrophoneSource(_device(args.input_device))
            source.start()
        except (MicrophoneLost, ValueError, OSError) as error:
            return say("missing_microphone", reason=error)
        except Exception as error:  # noqa: BLE001  sounddevice.PortAudioError: no input device at all
            return say("missing_microphone", reason=error)
    try:
        tuned = tuned_model_dir(model_dir, default_cache_dir())
        model = load_model(tuned)
    except (ModelError, OSError) as error:
        source.stop()
        return say("broken_model", path=model_dir, reason=error)

    grammars = GrammarBuilder(locale, args.wake or ("hé coach",), names_by_voice=args.names_by_voice)
    check = check_model(model, model_dir, grammars.all_phrases())
    notes: list[str] = []
    if not check.runtime_grammar:
        notes.append(say("no_runtime_grammar"))
    if check.missing_words:
        words = list(check.missing_words[:MAX_LISTED_WORDS])
        if len(check.missing_words) > MAX_LISTED_WORDS:
            words.append(f"... (+{len(check.missing_words) - MAX_LISTED_WORDS})")
        notes.append(say("missing_words", words=", ".join(words)))
    if not check.has_unk:
        notes.append(say("no_unknown_word"))

    from local_voice.recognizer import VoskListener

    listener = VoskListener(model, source, runtime_grammar=check.runtime_grammar, has_unk=check.has_unk)
    return VoiceParts(listener, speaker, grammars, notes)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None, *, fallback: Callable[[list[str]], int] | None = None) -> int:
    """Run the voice mode; `fallback(argv)` runs the typed console when voice cannot."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        locale = load_locale(args.locale_dir)
        say = load_voice_messages(args.locale_dir)
    except LocaleError as error:
        report(f"Samen Sterker cannot start: broken locale file: {error}")
        return 2
    data_dir = args.data_dir or default_data_dir()

    if args.command == "download-model":
        from local_voice.download import download_command
        from local_voice.model_files import default_model_dir

        return download_command(args.model or default_model_dir(data_dir), say, sys.stderr)
    if args.list_devices:
        try:
            from local_voice.audio import list_devices

            print(list_devices())
        except OSError as error:
            report(say("missing_audio_library", reason=error))
            return 1
        return 0

    parts = prepare_voice(args, locale, say)
    if isinstance(parts, str):
        report(parts)
        if args.voice_only:
            report(say("voice_only_exit"))
            return 1  # under systemd: Restart=on-failure tries again (a microphone plugged in late)
        if fallback is None:
            from local_voice.__main__ import main as console_main

            fallback = console_main
        text_args = ["--text", "--locale-dir", str(args.locale_dir)]
        if args.data_dir is not None:
            text_args += ["--data-dir", str(args.data_dir)]
        return fallback(text_args)

    for note in parts.notes:
        report(note)
    session = open_session(locale, data_dir, report)
    from local_voice.voice_loop import VoiceLoop

    checkin = None
    if args.checkin_at is not None:
        checkin = CheckinSchedule(args.checkin_at, diary=data_dir / DIARY_FILE)
    loop = VoiceLoop(session=session, recogniser=parts.listener, speaker=parts.speaker, grammars=parts.grammars,
                     messages=say, report=report, checkin=checkin)
    # systemd stops the service with SIGTERM: end as Ctrl-C does, keeping what was said.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    finally:
        parts.listener.source.stop()
        session.close()  # keeps the check-in answers given so far, as the typed console does
        session.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
