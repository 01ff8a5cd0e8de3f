"""The gunicorn worker of `make serve`: threads, so that a slow client holds one thread and
not a whole worker, and a deadline on every request, so that it holds that thread briefly.

    gunicorn --worker-class skill.serving.DeadlineThreadWorker --threads 8 ...

A client that has not sent its whole request (header and body) and received its answer
within READ_DEADLINE_SECONDS is cut off: its socket is shut down, which ends the read
the thread is blocked in. Our own work takes well under a second (at most the 5 s
download of a signing chain), so only a client that trickles its bytes ever meets the
deadline. This bounds what a few slow clients can do; many of them need the buffering
front the README describes (Caddy, nginx), which passes on only whole requests.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

READ_DEADLINE_SECONDS = 10.0

log = logging.getLogger("samen_sterker.serving")


def _cut(sock: socket.socket) -> None:
    log.warning("request not complete within %.0f s: connection closed", READ_DEADLINE_SECONDS)
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class DeadlineThreadWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker, with the request deadline above."""

    def handle(self, conn: Any) -> Any:
        timer = threading.Timer(READ_DEADLINE_SECONDS, _cut, (conn.sock,))
        timer.daemon = True
        timer.start()
        try:
            return super().handle(conn)
        finally:
            timer.cancel()
