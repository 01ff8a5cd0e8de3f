"""The one command line of `python -m local_voice`: hands-free when it can, typing when it cannot.

    python -m local_voice                    voice; when voice cannot start, ONE line on
                                             standard error naming what is missing and the
                                             command that fixes it, then the typed console
        [--model PATH] [--input-device DEV] [--output-device CARD] [--rate WPM] [--wake PHRASE]
        [--checkin-at HH:MM] [--names-by-voice | --no-names-by-voice]
        [--voice-only]                       no typed console when voice cannot start: exit 1
                                             (the systemd unit, deploy/samen-sterker.service)
    python -m local_voice --text             the typed console: one utterance per line
    python -m local_voice download-model     fetch the Dutch model (`make model`) [--model PATH]
    python -m local_voice --list-devices     the audio devices
    python -m local_voice page               the page at home only (`make page`), until Ctrl-C
    everywhere: [--data-dir DIR]             where the household's data lives
                [--no-wait]                  the typed console prints pauses as markers
                [--page]                     also serve the page at home beside the coach
                [--page-host ADDR] [--page-port N]   where the page listens (127.0.0.1:8765;
                                             0.0.0.0 for the home network, with pairing)
                [--country nl|be]            whose help lines: the household keeps it (default: the time zone's)

Not in the help: `--audio-file WAV` listens to a 16-bit mono WAV file instead of the
microphone, then stops (for benchmarks and trying a model); `--locale-dir DIR` reads
another locale folder (for tests). The voice options are refused with `--text`.
"""

from __future__ import annotations

import argparse
import datetime
import io
import signal
import sys
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogue import Locale, LocaleError, Understander
from home_page import DEFAULT_HOST, DEFAULT_PORT
from household.paths import default_cache_dir, default_data_dir
from local_voice.checkin_schedule import (
    DIARY_FILE,
    TIME_FILE,
    CheckinSchedule,
    checkin_time_argument,
    write_checkin_time,
)
from local_voice.console import run_console
from local_voice.grammar import GrammarBuilder
from local_voice.messages import load_voice_messages
from local_voice.model_files import (
    ModelError,
    check_model,
    default_model_dir,
    load_model,
    locate_model,
    looks_like_model,
    tuned_model_dir,
)
from local_voice.session import Session, open_session
from local_voice.speaker import DEFAULT_RATE, Pyttsx3Speaker, SpeakerUnavailable
from local_voice.speech_cache import CachedSpeaker, open_speaker
from locale_files import LOCALE_DIR, Messages, load_locale, load_understanding

MAX_LISTED_WORDS = 20
DEFAULT_WAKE = "hé coach"

# Options that only mean something to the voice mode (or its commands): refused with --text.
_VOICE_ONLY = {
    "command": "download-model",
    "model": "--model",
    "list_devices": "--list-devices",
    "input_device": "--input-device",
    "output_device": "--output-device",
    "rate": "--rate",
    "wake": "--wake",
    "checkin_at": "--checkin-at",
    "voice_only": "--voice-only",
    "audio_file": "--audio-file",
    "names_by_voice": "--names-by-voice",
}


def build_parser() -> argparse.ArgumentParser:
    """The parser of `python -m local_voice`, every option once."""
    parser = argparse.ArgumentParser(prog="python -m local_voice", description="Samen Sterker, de coach op dit apparaat.")
    parser.add_argument("command", nargs="?", choices=["download-model", "page"],
                        help="download-model: fetch the model; page: serve only the page at home")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the household's data lives")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--country", choices=["nl", "be"], default=None,
                        help="whose help lines the coach gives: nl or be (default: the machine's time zone's, "
                             "else nl); the household keeps it")

    typed = parser.add_argument_group("typed console")
    typed.add_argument("--text", action="store_true", help="use the typed console (one utterance per line)")
    typed.add_argument("--no-wait", action="store_true", help="print pauses as markers instead of waiting")

    page = parser.add_argument_group("the page at home")
    page.add_argument("--page", action="store_true", help="also serve the page at home (see `page`)")
    page.add_argument("--page-host", default=DEFAULT_HOST, metavar="ADDR",
                      help=f"the address the page listens on (default {DEFAULT_HOST}; 0.0.0.0: the home network,"
                           " where a browser pairs with a code first)")
    page.add_argument("--page-port", type=int, default=DEFAULT_PORT, metavar="N",
                      help=f"the page's port (default {DEFAULT_PORT})")

    voice = parser.add_argument_group("voice")
    voice.add_argument("--model", type=Path, default=None, help="the Vosk model folder to use")
    voice.add_argument("--list-devices", action="store_true", help="list the audio devices and stop")
    voice.add_argument("--input-device", default=None, help="microphone: a device number or part of its name")
    voice.add_argument("--output-device", default=None, help="speaker: an ALSA card name or number")
    voice.add_argument("--rate", type=int, default=DEFAULT_RATE, help="speaking rate in words per minute")
    voice.add_argument("--wake", action="append", default=None, help=f"wake phrase (default: '{DEFAULT_WAKE}')")
    voice.add_argument("--checkin-at", type=checkin_time_argument, default=None, metavar="HH:MM",
                       help="each day at this time the coach invites you to the check-in (e.g. 20:00)")
    voice.add_argument("--voice-only", action="store_true",
                       help="when voice cannot start, exit with status 1 instead of typing (for a service)")
    voice.add_argument("--audio-file", type=Path, default=None, help=argparse.SUPPRESS)
    voice.add_argument("--names-by-voice", action=argparse.BooleanOptionalAction, default=True,
                       help="listen freely at the menu so names can be said (default: yes)")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; exits with status 2 and argparse's message when it is wrong."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.text:
        if args.command is not None:
            parser.error(f"{args.command}: not with --text (the typed console)")
        given = [flag for dest, flag in _VOICE_ONLY.items() if getattr(args, dest) != parser.get_default(dest)]
        if given:
            parser.error(f"{', '.join(given)}: not with --text (the typed console)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m local_voice` with these arguments; the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command is None and not args.list_devices:
            # The coach itself: its Understander read back from the snapshot kept in the cache
            # folder (built, and kept there, at the first start after a change: several times slower).
            locale, understander = load_understanding(args.locale_dir, default_cache_dir())
        else:
            locale, understander = load_locale(args.locale_dir), None
        # The typed console says nothing of its own, so a broken voice.toml does not stop it.
        say = None if args.text else load_voice_messages(args.locale_dir)
    except LocaleError as error:
        _report(f"Samen Sterker cannot start: broken locale file: {error}")
        return 2
    data_dir = args.data_dir or default_data_dir()
    if args.command == "page":
        return run_page(args, locale, data_dir)
    if args.page and not start_page(args, locale, data_dir):
        return 2
    if say is None:
        return run_typed(locale, data_dir, wait=not args.no_wait, country=args.country, understander=understander)

    if args.command == "download-model":
        from local_voice.download import download_command

        return download_command(args.model or default_model_dir(data_dir), say, sys.stderr)
    if args.list_devices:
        try:
            from local_voice.audio import list_devices

            print(list_devices())
        except OSError as error:
            _report(say("missing_audio_library", reason=error))
            return 1
        return 0

    parts = prepare_voice(args, locale, say)
    if isinstance(parts, str):
        _report(parts)
        if args.voice_only:
            _report(say("voice_only_exit"))
            return 1  # under systemd: Restart=on-failure tries again (a microphone plugged in late)
        return run_typed(locale, data_dir, wait=not args.no_wait, country=args.country, understander=understander)
    return run_voice(parts, locale, data_dir, say, checkin_at=args.checkin_at, country=args.country,
                     understander=understander)


def _page_server(args: argparse.Namespace, locale: Locale, data_dir: Path) -> Any:
    """The page's server, bound; None (reported in one line) when page.toml is broken or the
    address cannot be used."""
    from home_page.words import load_page_words

    try:
        words = load_page_words(locale, args.locale_dir)
    except LocaleError as error:
        _report(f"Samen Sterker cannot start: broken locale file: {error}")
        return None
    try:
        from home_page.serve import build_page_server
    except ImportError as error:
        _report(words("needs_flask", reason=error))
        return None
    try:
        return build_page_server(data_dir, locale, words, host=args.page_host, port=args.page_port,
                                 checkin_at=args.checkin_at, report=_report)
    except OSError as error:
        _report(words("cannot_serve", host=args.page_host, port=args.page_port, reason=error.strerror or error))
        return None


def run_page(args: argparse.Namespace, locale: Locale, data_dir: Path) -> int:
    """`python -m local_voice page`: only the page, until Ctrl-C, SIGTERM or SIGHUP."""
    server = _page_server(args, locale, data_dir)
    if server is None:
        return 2
    from home_page.serve import serve_in_background

    # Served on a thread of its own: a signal then always reaches this waiting thread, never
    # the middle of a request (where the server would report it as a failed request and go on).
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in (signal.SIGTERM, signal.SIGHUP)}
    thread = serve_in_background(server)
    status = 0
    try:
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        status = 128 + signal.SIGINT
    except _Stopped as stopped:
        status = 128 + stopped.signum
    finally:
        server.shutdown()
        server.server_close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return status


def start_page(args: argparse.Namespace, locale: Locale, data_dir: Path) -> bool:
    """`--page`: serve the page in the background beside the coach; False when it cannot start."""
    server = _page_server(args, locale, data_dir)
    if server is None:
        return False
    from home_page.serve import serve_in_background

    serve_in_background(server)
    return True


def _report(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_typed(
    locale: Locale, data_dir: Path, *, wait: bool, country: str | None = None, understander: Understander | None = None
) -> int:
    """The typed console on standard input and output until the input ends or a signal stops it
    (with `understander`, the locale's, already built)."""
    session = open_session(locale, data_dir, _report, understander)
    if country is not None:
        session.set_country(country)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A line that is not valid text is heard as not understood, not a crash.
        sys.stdin.reconfigure(errors="replace")
    return _until_stopped(session, lambda: run_console(sys.stdin, sys.stdout, session, locale, wait=wait))


class _Stopped(Exception):
    """A signal asked the coach to stop (SIGTERM from systemd, SIGHUP when the terminal closes)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _until_stopped(session: Session, run: Callable[[], None], *, cleanup: Callable[[], None] = lambda: None) -> int:
    """Run until done or stopped by Ctrl-C, SIGTERM or SIGHUP; what was said so far is kept as a stop
    would keep it. The exit status: 0 when done, 128 + the signal's number when stopped by one."""
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in (signal.SIGTERM, signal.SIGHUP)}
    status = 0
    try:
        run()
    except KeyboardInterrupt:
        status = 128 + signal.SIGINT
    except _Stopped as stopped:
        status = 128 + stopped.signum
    finally:
        # A second signal while the answers are being kept must not lose them.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        try:
            cleanup()
            session.close()
            session.store.close()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            signal.signal(signal.SIGINT, signal.default_int_handler)
    return status


@dataclass
class VoiceParts:
    """Everything the hands-free loop needs, ready to run."""

    listener: Any
    speaker: CachedSpeaker | Pyttsx3Speaker
    grammars: GrammarBuilder
    notes: list[str]


def _device(value: str | None) -> int | str | None:
    return int(value) if value is not None and value.isdigit() else value


def prepare_voice(args: argparse.Namespace, locale: Locale, say: Messages) -> VoiceParts | str:
    """Open model, speaker and microphone; the one-line reason to type instead, if any fails."""
    data_dir = args.data_dir or default_data_dir()
    model_dir = locate_model(args.model, data_dir)
    if not looks_like_model(model_dir):
        return say("missing_model", path=model_dir)
    try:
        speaker = open_speaker(data_dir, args.locale_dir, rate=args.rate, output_card=args.output_device)
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

    grammars = GrammarBuilder(locale, args.wake or (DEFAULT_WAKE,), names_by_voice=args.names_by_voice)
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


def run_voice(
    parts: VoiceParts, locale: Locale, data_dir: Path, say: Messages, *, checkin_at: datetime.time | None = None,
    country: str | None = None, understander: Understander | None = None,
) -> int:
    """The hands-free loop until the audio ends, Ctrl-C, SIGTERM or SIGHUP; keeps what was said
    (with `understander`, the locale's, already built)."""
    for note in parts.notes:
        _report(note)
    session = open_session(locale, data_dir, _report, understander)
    if country is not None:
        session.set_country(country)
    from local_voice.voice_loop import VoiceLoop

    if checkin_at is not None:
        write_checkin_time(data_dir / TIME_FILE, checkin_at)  # kept: the page shows and changes it
    checkin = CheckinSchedule(checkin_at, diary=data_dir / DIARY_FILE, time_file=data_dir / TIME_FILE)
    loop = VoiceLoop(session=session, recogniser=parts.listener, speaker=parts.speaker, grammars=parts.grammars,
                     messages=say, report=_report, checkin=checkin)
    return _until_stopped(session, loop.run, cleanup=parts.listener.source.stop)
