"""Who may see the page and change the household's data.

- On the device itself (a loopback client that names a loopback host) the page opens at
  once: the browser is given the pairing cookie without a code.
- Any other browser, reachable only when the page listens on the network on request
  (`--page-host 0.0.0.0`), must pair once: it enters the short code the coach shows,
  and is given a long-lived cookie (HttpOnly, SameSite=Strict).
- The Host header must name this device as a home network names it (an IP address, a
  name without dots, or one ending in .local, .lan, .home.arpa or .internal; only
  loopback names when the page listens on loopback): a web site that rebinds its own
  domain to this device's address gets nothing.
- Every changing request carries a CSRF token tied to the browser's cookie, and must not
  come from another origin (Origin, Referer, Sec-Fetch-Site).
- Wrong codes are limited: after MAX_WRONG wrong codes within WINDOW_SECONDS no code is
  even checked until the oldest of them is older than the window.

The cookie is `ID.MAC`, the MAC made with the device's secret (a private file in the
data folder), so no list of paired browsers is kept; forgetting every paired browser is
making a new secret. Codes, cookies and tokens are never logged.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import math
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

from household.paths import PRIVATE_FILE_MODE, private_dir

SECRET_FILE = "page-secret"
COOKIE_NAME = "samen_sterker"
COOKIE_MAX_AGE = 2 * 365 * 24 * 3600  # about two years
CODE_DIGITS = 6
MAX_WRONG = 5
WINDOW_SECONDS = 600.0
_LOCAL_SUFFIXES = (".local", ".lan", ".home.arpa", ".internal")
_LOOPBACK_NAMES = frozenset({"localhost"})


def split_host(host: str) -> str:
    """The name or address of a Host header, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    name, _, port = host.rpartition(":")
    return name if name and port.isdigit() else host


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    """Whether the Host header names this device by a loopback name or address."""
    name = split_host(host)
    address = _ip(name)
    return name in _LOOPBACK_NAMES or name.endswith(".localhost") or (address is not None and address.is_loopback)


def allowed_host(host: str, *, network: bool) -> bool:
    """Whether a Host header may be answered: loopback names only, or with `network` also the
    names a home network gives (see the module's docstring)."""
    if is_loopback_host(host):
        return True
    if not network:
        return False
    name = split_host(host)
    if not name or any(c.isspace() or c in "/@\\" for c in name):
        return False
    return _ip(name) is not None or "." not in name.rstrip(".") or name.rstrip(".").endswith(_LOCAL_SUFFIXES)


def is_loopback_client(remote_addr: str | None) -> bool:
    """Whether the request came from this device itself."""
    address = _ip(remote_addr or "")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address is not None and address.is_loopback


def same_origin(host: str, scheme: str, origin: str | None, referer: str | None, fetch_site: str | None) -> bool:
    """Whether a changing request comes from this page: no Sec-Fetch-Site other than
    same-origin (or none), and Origin (else Referer), when given, naming this host."""
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    expected = f"{scheme}://{host}".lower()
    if origin is not None:
        return origin.lower() == expected
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}".lower() == expected
    return True


class CodeResult(Enum):
    """What became of a pairing code."""

    PAIRED = "paired"
    WRONG = "wrong"
    WAIT = "wait"


@dataclass
class Pairing:
    """The device's secret, the current pairing code and the limit on wrong codes.

    `announce(code)` is called with every new code (at start and after each pairing), so
    the coach can show or say it. `clock` is monotonic seconds. Safe across threads.
    """

    secret_file: Path | None
    announce: Callable[[str], None] = lambda code: None
    clock: Callable[[], float] = time.monotonic
    _secret: bytes = field(default=b"", init=False)
    _code: str = field(default="", init=False)
    _wrong: deque[float] = field(default_factory=deque, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._secret = _read_secret(self.secret_file) or self._new_secret()
        self._new_code()

    @property
    def code(self) -> str:
        """The code a browser must enter now."""
        return self._code

    def _new_code(self) -> None:
        self._code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        self.announce(self._code)

    def _new_secret(self) -> bytes:
        secret = secrets.token_bytes(32)
        if self.secret_file is not None:
            _write_secret(self.secret_file, secret)
        return secret

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def new_cookie(self) -> str:
        """A cookie value for a browser that has just paired (or is on the device itself)."""
        ident = secrets.token_urlsafe(18)
        return f"{ident}.{self._mac('pair', ident)}"

    def valid_cookie(self, value: str | None) -> bool:
        """Whether `value` is a cookie this device gave (and has not forgotten since)."""
        if not value or value.count(".") != 1:
            return False
        ident, mac = value.split(".")
        return hmac.compare_digest(mac, self._mac("pair", ident))

    def csrf_token(self, cookie: str) -> str:
        """The token a form of the browser with this cookie must carry."""
        return self._mac("csrf", cookie)

    def valid_csrf(self, cookie: str | None, token: str | None) -> bool:
        """Whether `token` belongs to `cookie`, and the cookie is valid."""
        if not token or not self.valid_cookie(cookie):
            return False
        assert cookie is not None
        return hmac.compare_digest(token, self.csrf_token(cookie))

    def try_code(self, code: str) -> tuple[CodeResult, int]:
        """Check a code a browser entered: PAIRED (a new code is made), WRONG, or WAIT with
        the minutes to wait, when too many wrong codes came lately (the code is not checked)."""
        with self._lock:
            now = self.clock()
            while self._wrong and now - self._wrong[0] >= WINDOW_SECONDS:
                self._wrong.popleft()
            if len(self._wrong) >= MAX_WRONG:
                return CodeResult.WAIT, max(1, math.ceil((self._wrong[0] + WINDOW_SECONDS - now) / 60))
            entered = "".join(c for c in code if not c.isspace())
            if hmac.compare_digest(entered.encode(), self._code.encode()):
                self._new_code()
                return CodeResult.PAIRED, 0
            self._wrong.append(now)
            return CodeResult.WRONG, 0

    def forget_all(self) -> None:
        """Forget every paired browser: a new secret, so no cookie given before is valid."""
        with self._lock:
            self._secret = self._new_secret()


def _read_secret(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return secret if len(secret) >= 32 else None


def _write_secret(path: Path, secret: bytes) -> None:
    """Write the secret atomically, readable by the owner only; a folder that cannot be
    written leaves it in memory (browsers then pair again after a restart)."""
    staging = path.with_name(f".{path.name}.tmp")
    try:
        private_dir(path.parent)
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        with os.fdopen(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE), "w",
                       encoding="ascii") as file:
            file.write(secret.hex() + "\n")
        os.replace(staging, path)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
