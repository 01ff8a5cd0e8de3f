"""The typed console: one utterance per input line, each thing the coach says per line."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TextIO

from dialogue import Locale, Pause, Reply
from local_voice.session import Session


def render(reply: Reply, out: TextIO, locale: Locale, *, wait: bool, sleep: Callable[[float], None]) -> None:
    """Print each sentence on its own line; wait out pauses, or print a marker for them."""
    for part in reply.parts:
        if isinstance(part, Pause):
            if wait:
                out.flush()
                sleep(part.seconds)
            else:
                seconds = int(part.seconds) if part.seconds.is_integer() else part.seconds
                print(locale.system_message("pause_marker", seconds=seconds), file=out)
        else:
            print(part.text, file=out)
    out.flush()


def run_console(
    lines: Iterable[str],
    out: TextIO,
    session: Session,
    locale: Locale,
    *,
    wait: bool,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Hold conversations until the input ends."""
    render(session.open(), out, locale, wait=wait, sleep=sleep)
    for line in lines:
        render(session.hear(line.rstrip("\n")), out, locale, wait=wait, sleep=sleep)
    session.close()
