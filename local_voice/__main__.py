"""`python -m local_voice`: the coach on this machine.

    python -m local_voice                 hands-free when it can (local_voice.voice_cli has its
                                          options), otherwise the typed console, saying why
    python -m local_voice download-model  fetch the Dutch speech model (`make model`)
    python -m local_voice --list-devices  the audio devices
    python -m local_voice --text          the typed console: one utterance per line
        [--no-wait]                       print pauses as markers instead of waiting
        [--data-dir DIR]                  where the household's data lives
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from dialogue import LocaleError
from household.paths import default_data_dir
from local_voice.console import run_console
from local_voice.session import open_session
from locale_files import LOCALE_DIR, load_locale


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_voice", description="Samen Sterker, de coach op dit apparaat.")
    parser.add_argument("--text", action="store_true", help="use the typed console (one utterance per line)")
    parser.add_argument("--no-wait", action="store_true", help="print pauses as markers instead of waiting")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the household's data lives")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Voice when it can (see local_voice.voice_cli), the typed console with --text or when it cannot."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--text" not in argv:
        from local_voice.voice_cli import main as voice_main

        return voice_main(argv, fallback=console_main)
    return console_main(argv)


def console_main(argv: Sequence[str]) -> int:
    """The typed console: one utterance per line on standard input."""
    args = parse_args(argv)
    try:
        locale = load_locale(args.locale_dir)
    except LocaleError as error:
        print(f"Samen Sterker cannot start: broken locale file: {error}", file=sys.stderr)
        return 2

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    session = open_session(locale, args.data_dir or default_data_dir(), report)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A line that is not valid text is heard as not understood, not a crash.
        sys.stdin.reconfigure(errors="replace")
    try:
        run_console(sys.stdin, sys.stdout, session, locale, wait=not args.no_wait)
    except KeyboardInterrupt:
        pass
    finally:
        session.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
