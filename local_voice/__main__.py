"""`python -m local_voice`: the coach on this machine.

    python -m local_voice                 voice when it can, otherwise the typed console
    python -m local_voice --text          the typed console: one utterance per line
        [--no-wait]                       print pauses as markers instead of waiting
        [--data-dir DIR]                  where the household's data lives
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
from pathlib import Path
from typing import Sequence

from dialogue import Coach, LocaleError, Understander
from edge.locale_files import LOCALE_DIR, load_locale
from edge.store import HouseholdStore, StoreError
from local_voice.console import Session, run_console, store_message

APP_DIR_NAME = "samen-sterker"


def default_data_dir() -> Path:
    """The platform's user data directory ($XDG_DATA_HOME or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_voice", description="Samen Sterker, de coach op dit apparaat.")
    parser.add_argument("--text", action="store_true", help="use the typed console (one utterance per line)")
    parser.add_argument("--no-wait", action="store_true", help="print pauses as markers instead of waiting")
    parser.add_argument("--data-dir", type=Path, default=None, help="where the household's data lives")
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        locale = load_locale(args.locale_dir)
    except LocaleError as error:
        print(f"Samen Sterker cannot start: broken locale file: {error}", file=sys.stderr)
        return 2

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if not args.text:
        report(locale.system_message("voice_unavailable", reason=locale.system_message("voice_not_built")))

    data_dir = args.data_dir or default_data_dir()
    try:
        store = HouseholdStore.in_data_dir(data_dir)
    except StoreError as error:
        report(store_message(locale, error))
        store = HouseholdStore.in_memory()

    coach = Coach(locale)
    session = Session(
        coach=coach,
        understander=Understander(locale),
        store=store,
        today=lambda: datetime.date.today().isoformat(),
        report=report,
    )
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A line that is not valid text is heard as not understood, not a crash.
        sys.stdin.reconfigure(errors="replace")
    try:
        run_console(sys.stdin, sys.stdout, session, locale, wait=not args.no_wait)
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
