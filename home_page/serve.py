"""Serving the page at home: `python -m local_voice page`, or beside the voice (`--page`).

The page listens on 127.0.0.1 unless asked for another address (`--page-host 0.0.0.0`
for the home network; browsers there must pair first). Werkzeug's threaded server, with
its request log switched off: a request line names no one, but nothing about the
household's visits is written anywhere.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from dialogue import Locale
from home_page import DEFAULT_HOST, DEFAULT_PORT
from home_page.access import Pairing
from home_page.app import PageConfig, create_page_app, secret_file
from home_page.words import PageWords
from local_voice.session import forget_local_files

REQUEST_TIMEOUT_SECONDS = 10


class _QuietHandler(WSGIRequestHandler):
    """No request log; a client that sends nothing for a while is dropped."""

    timeout = REQUEST_TIMEOUT_SECONDS

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: object) -> None:
        pass


def is_network_host(host: str) -> bool:
    """Whether listening on `host` reaches beyond this device (anything but loopback)."""
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() != "localhost"


def build_page_server(
    data_dir: Path,
    locale: Locale,
    words: PageWords,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    checkin_at: datetime.time | None = None,
    report: Callable[[str], None],
) -> BaseWSGIServer:
    """The page's server, bound and ready (raises OSError when the address cannot be used).
    Reports where it listens and, on the network, the pairing code (and each next one)."""
    network = is_network_host(host)
    pairing = Pairing(secret_file(data_dir), announce=(lambda code: report(words("pair_announce", code=code)))
                      if network else (lambda code: None))
    config = PageConfig(data_dir=data_dir, locale=locale, words=words, pairing=pairing, network=network,
                        checkin_at=checkin_at, on_erased=lambda: forget_local_files(data_dir))
    # Bound here, not by werkzeug: it answers a port in use with its own message and sys.exit(1).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.create_server((host, port), family=family) as bound:
        # A thread per request: a browser's idle extra connection must not hold up the page.
        server = make_server(host, port, create_page_app(config), threaded=True, request_handler=_QuietHandler,
                             fd=bound.fileno())
    shown = "127.0.0.1" if network else host
    report(words("serving", url=f"http://{shown}:{server.port}/"))
    if network:
        report(words("serving_network", port=server.port))
    return server


def serve_in_background(server: BaseWSGIServer) -> threading.Thread:
    """Serve the page in a daemon thread (beside the voice or the typed console)."""
    thread = threading.Thread(target=server.serve_forever, name="home-page", daemon=True)
    thread.start()
    return thread
