"""The page at home as a Flask app: the household's weeks, its settings, export and erase.

    create_page_app(PageConfig(...))   served by home_page.serve (python -m local_voice page)

Routes: `/` the overview; `POST /instellingen/namen` and `/instellingen/adem` change the
names and the breathing pace (through the store's own effects); `/export.json` everything
stored as one file; `/wissen` asks, `POST /wissen` erases; `/koppelen` pairs a browser
(see home_page.access for who may do what). Every page is rendered on the server from
page.toml's words; nothing is loaded from outside the device, and nothing a person
entered is logged.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, Response, g, redirect, render_template, request
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as AnyResponse

from dialogue import Locale, SaveNames, SavePace
from dialogue.trigger_plan import EXHALE_RANGE, INHALE_RANGE
from dialogue.understanding.names import MAX_NAME_LENGTH
from home_page.access import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    SECRET_FILE,
    CodeResult,
    Pairing,
    allowed_host,
    is_loopback_client,
    is_loopback_host,
    same_origin,
)
from home_page.names import valid_name
from home_page.overview import build_overview
from home_page.pictures import PARTNER_COLOURS, answer_mark, bar, symbol_definitions, trigger_chart
from home_page.words import PageWords
from household.history import History, export_document, read_history
from household.paths import STORE_FILE
from household.store import HouseholdStore, StoreError
from local_voice.checkin_schedule import (
    DIARY_FILE,
    TIME_FILE,
    parse_time_of_day,
    read_checkin_time,
    read_diary,
    write_checkin_time,
)

T = TypeVar("T")
MAX_FORM_BYTES = 4096
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# ?klaar=... and ?fout=... after a change: the only messages a redirect can name.
DONE_MESSAGES = {"namen": "saved_names", "adem": "saved_pace", "moment": "saved_checkin", "gewist": "erased",
                 "vergeten": "pair_forgotten"}
ERROR_MESSAGES = {"namen": "invalid_names", "adem": "invalid_pace", "moment": "invalid_checkin", "bewaren": "not_saved",
                  "wissen": "erase_failed"}


@dataclass
class PageConfig:
    """What the page needs: the household's data folder, the words, and how it is reached.

    `network`: the page listens beyond loopback, so browsers elsewhere must pair.
    `checkin_at`: the `--checkin-at` time of the running coach, when the data folder keeps none.
    `on_erased`: called once an erase is kept (the voice mode's spoken sentences go too).
    """

    data_dir: Path
    locale: Locale
    words: PageWords
    pairing: Pairing
    network: bool = False
    checkin_at: datetime.time | None = None
    today: Callable[[], datetime.date] = datetime.date.today
    now: Callable[[], datetime.datetime] = lambda: datetime.datetime.now().astimezone()
    on_erased: Callable[[], None] = lambda: None
    weeks: int = field(default=4)


def create_page_app(config: PageConfig) -> Flask:
    """The page's Flask app over the household store in `config.data_dir`."""
    app = Flask("home_page", root_path=str(Path(__file__).parent))
    app.config.update(MAX_CONTENT_LENGTH=MAX_FORM_BYTES, TEMPLATES_AUTO_RELOAD=False)
    words = config.words
    pairing = config.pairing
    symbols = symbol_definitions()
    app.jinja_env.filters["phones"] = phone_links(config.locale.spoken_numbers)
    app.jinja_env.globals.update(
        bar=lambda count, largest, partner: bar(count, largest, colour=PARTNER_COLOURS[partner]),
        trigger_chart=trigger_chart,
        answer_mark=answer_mark,
    )

    # The store is used on one thread of its own, with one connection opened at the first use
    # (SQLite's rule: a connection stays on its thread), while requests are answered on many:
    # no connection (and its schema check, written) per request.
    store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-store")
    opened: list[HouseholdStore] = []

    def with_store(action: Callable[[HouseholdStore], T]) -> T:
        def run() -> T:
            if not opened:
                opened.append(HouseholdStore.in_data_dir(config.data_dir))
            return action(opened[0])

        return store_thread.submit(run).result()

    def render(template: str, status: int = 200, **values: Any) -> Response:
        html = render_template(template, w=words, symbols=symbols, csrf=g.get("csrf", ""), **values)
        return Response(html, status=status, mimetype="text/html")

    def refused(status: int = 403) -> Response:
        return render("refused.html", status=status, message=words("refused"))

    def back(**query: str) -> AnyResponse:
        anchor = "#instellingen" if query and next(iter(query.values())) in ("namen", "adem") else ""
        target = "/?" + "&".join(f"{k}={v}" for k, v in query.items()) + anchor
        return redirect(target, code=303)

    @app.before_request
    def guard() -> AnyResponse | None:
        host = request.host
        if not allowed_host(host, network=config.network):
            return Response("", status=421)
        cookie = request.cookies.get(COOKIE_NAME)
        g.at_device = is_loopback_client(request.remote_addr) and is_loopback_host(host)
        g.paired = pairing.valid_cookie(cookie)
        reading = request.method in ("GET", "HEAD")
        if not g.paired and g.at_device and reading:
            # The device's own browser needs no code; it is given a cookie like a paired one.
            cookie = pairing.new_cookie()
            g.new_cookie = cookie
            g.paired = True
        g.csrf = pairing.csrf_token(cookie) if g.paired and cookie else ""
        if request.endpoint in ("static", "pair", "pair_code"):
            return None
        if not reading:
            if not g.paired or not same_origin(host, request.scheme, request.headers.get("Origin"),
                                               request.headers.get("Referer"),
                                               request.headers.get("Sec-Fetch-Site")):
                return refused()
            if not pairing.valid_csrf(cookie, request.form.get("csrf")):
                return refused()
        elif not g.paired:
            return redirect("/koppelen", code=303)
        return None

    @app.after_request
    def headers(response: Response) -> AnyResponse:
        new_cookie = g.get("new_cookie")
        if new_cookie:
            response.set_cookie(COOKIE_NAME, new_cookie, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Strict",
                                secure=request.is_secure)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would send Origin: null
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> AnyResponse:
        status = error.code or 500
        if status == 404:
            return render("refused.html", status=404, message=words("not_found"))
        return refused(status)

    def history() -> History:
        return with_store(lambda store: read_history(store, config.today()))

    @app.get("/")
    def overview() -> AnyResponse:
        try:
            data = history()
        except StoreError:
            return render("refused.html", status=503, message=words("store_trouble"))
        today = config.today()
        done = DONE_MESSAGES.get(request.args.get("klaar", ""))
        failed = ERROR_MESSAGES.get(request.args.get("fout", ""))
        return render(
            "overview.html",
            view=build_overview(data, words, today, weeks=config.weeks),
            household=data.household,
            done=words(done) if done else None,
            failed=words(failed) if failed else None,
            inhale_range=INHALE_RANGE,
            exhale_range=EXHALE_RANGE,
            name_length=MAX_NAME_LENGTH,
            checkin_at=checkin_time.strftime("%H:%M") if (checkin_time := current_checkin_time()) else None,
            pair_code=pairing.code if config.network and g.at_device else None,
            network=config.network,
        )

    @app.post("/instellingen/namen")
    def save_names() -> AnyResponse:
        first = request.form.get("first", "").strip()
        second = request.form.get("second", "").strip()
        if not (valid_name(first) and valid_name(second)):
            return back(fout="namen")
        return apply(SaveNames(first, second), "namen")

    def current_checkin_time() -> datetime.time | None:
        return read_checkin_time(config.data_dir / TIME_FILE) or config.checkin_at

    @app.post("/instellingen/moment")
    def save_checkin_time() -> AnyResponse:
        text = request.form.get("time", "").strip()
        try:
            at = parse_time_of_day(text) if text else None
        except ValueError:
            return back(fout="moment")
        if not write_checkin_time(config.data_dir / TIME_FILE, at):
            return back(fout="bewaren")
        return back(klaar="moment")

    @app.post("/instellingen/adem")
    def save_pace() -> AnyResponse:
        try:
            inhale = int(request.form.get("inhale", ""))
            exhale = int(request.form.get("exhale", ""))
        except ValueError:
            return back(fout="adem")
        if not (INHALE_RANGE[0] <= inhale <= INHALE_RANGE[1] and EXHALE_RANGE[0] <= exhale <= EXHALE_RANGE[1]):
            return back(fout="adem")
        return apply(SavePace(inhale, exhale), "adem")

    def apply(effect: SaveNames | SavePace, done: str) -> AnyResponse:
        try:
            with_store(lambda store: store.apply([effect]))
        except StoreError:
            return back(fout="bewaren")
        return back(klaar=done)

    @app.get("/export.json")
    def export() -> AnyResponse:
        try:
            data = history()
        except StoreError:
            return render("refused.html", status=503, message=words("store_trouble"))
        now = config.now()
        invited = read_diary(config.data_dir / DIARY_FILE)
        document = export_document(data, now, {"last_checkin_invitation": invited.isoformat() if invited else None})
        body = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        name = words("export_file", date=now.date().isoformat())
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/wissen")
    def erase_question() -> AnyResponse:
        try:
            data = history()
        except StoreError:
            return render("refused.html", status=503, message=words("store_trouble"))
        if data.checkins:
            first = data.checkins[0].date
            checkins = words("erase_count", count=len(data.checkins),
                             first=f"{first.day} {words.months[first.month - 1]} {first.year}")
        else:
            checkins = words("erase_count_none")
        return render("erase.html", question=words("erase_question", checkins=checkins))

    @app.post("/wissen")
    def erase() -> AnyResponse:
        if request.form.get("confirm") != "ja":
            return refused(400)
        try:
            with_store(lambda store: store.erase())
        except StoreError:
            return back(fout="wissen")
        config.on_erased()
        return back(klaar="gewist")

    @app.get("/koppelen")
    def pair() -> AnyResponse:
        if g.paired:
            return redirect("/", code=303)
        return render("pair.html")

    @app.post("/koppelen")
    def pair_code() -> AnyResponse:
        if g.paired:
            return redirect("/", code=303)
        if not same_origin(request.host, request.scheme, request.headers.get("Origin"),
                           request.headers.get("Referer"), request.headers.get("Sec-Fetch-Site")):
            return refused()
        result, minutes = pairing.try_code(request.form.get("code", "")[:32])
        if result is CodeResult.PAIRED:
            g.new_cookie = pairing.new_cookie()
            return redirect("/", code=303)
        message = words("pair_wrong") if result is CodeResult.WRONG else words("pair_wait", minutes=minutes)
        return render("pair.html", status=403 if result is CodeResult.WRONG else 429, failed=message)

    @app.post("/koppelen/vergeten")
    def forget() -> AnyResponse:
        pairing.forget_all()
        return back(klaar="vergeten")

    return app


def phone_links(numbers: Iterable[str]) -> Callable[[str], Markup]:
    """A template filter: the text escaped, each known phone number (prompts.toml's
    [spoken_numbers]) a link that a phone can call."""
    known = sorted((n for n in numbers if re.fullmatch(r"[0-9][0-9-]*", n)), key=len, reverse=True)  # not 113.nl
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in known) + r")(?![\w-]|\.\w)") if known else None

    def links(text: str) -> Markup:
        escaped = str(escape(text))
        if pattern is None:
            return Markup(escaped)
        return Markup(pattern.sub(lambda m: f'<a href="tel:{m.group(1).replace("-", "")}">{m.group(1)}</a>', escaped))

    return links


def secret_file(data_dir: Path) -> Path:
    """Where the page keeps its secret (beside the household store)."""
    return data_dir / SECRET_FILE


__all__ = ["STORE_FILE", "PageConfig", "create_page_app", "secret_file"]
