"""The page at home in a real browser: Debian's chromium, headless, driven by Playwright
(launched with the system's executable: no browser is downloaded). A store of five weeks
is served on 127.0.0.1 (with a trigger plan, a contract and its reviews); the calendar must
show the right picture per partner per day, the plan and contract must be drawn, the page
must make no request outside 127.0.0.1, and a phone-sized screenshot is saved as a
test artefact (build/test-artefacts/page-phone.png, or $PAGE_ARTEFACTS)."""

from __future__ import annotations

import datetime
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from page_helpers import TODAY, page_app, seed_plan, seed_store
from test_page import expected_pictures

from home_page.serve import _QuietHandler

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

try:
    from playwright.sync_api import Browser, sync_playwright
except ImportError:  # pragma: no cover - the [test] extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium; CI has it)"),
    pytest.mark.skipif(sync_playwright is None, reason="Playwright for Python is missing (pip install '.[test]')"),
]


def artefacts() -> Path:
    folder = Path(os.environ.get("PAGE_ARTEFACTS", ROOT / "build" / "test-artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Any]]]:
    from werkzeug.serving import make_server

    data_dir = tmp_path_factory.mktemp("page") / "data"
    checkins = seed_store(data_dir)
    seed_plan(data_dir)
    server = make_server("127.0.0.1", 0, page_app(data_dir), threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}", checkins
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None and CHROMIUM is not None
    with sync_playwright() as playwright:
        # raspberrypi.local: how a phone reaches the device; here it leads to 127.0.0.1.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP raspberrypi.local 127.0.0.1"])
        yield launched
        launched.close()


def test_the_calendar_renders_the_right_pictures_and_nothing_leaves_the_device(
    browser: Browser, served: tuple[str, list[Any]]
) -> None:
    url, checkins = served
    page = browser.new_page(viewport={"width": 412, "height": 900}, device_scale_factor=2, locale="nl-NL")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url + "/")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")

    first = TODAY - datetime.timedelta(days=TODAY.weekday() + 21)
    expected = expected_pictures(checkins, ("Sam", "Lotte"), first, first + datetime.timedelta(days=27))
    shown = page.eval_on_selector_all(
        "table.week svg[role=img]",
        "els => els.map(e => [e.getAttribute('aria-label'), e.querySelector('use').getAttribute('href').slice(1),"
        " e.getBoundingClientRect().width])",
    )
    assert [(label, symbol) for label, symbol, _ in shown] == expected
    assert all(width > 20 for _, _, width in shown), "every picture is drawn at a visible size"
    # Each picture's symbol exists in the page and draws something.
    drawn = page.evaluate("[...document.querySelectorAll('symbol')].map(s => [s.id, s.childElementCount])")
    assert all(count > 0 for _, count in drawn)
    # The accessible name a screen reader hears.
    label = expected[0][0]
    assert page.get_by_role("img", name=label).count() >= 1

    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "no sideways scrolling on a phone"
    assert requests and all(r.startswith(url + "/") for r in requests), requests

    page.screenshot(path=str(artefacts() / "page-phone.png"), full_page=True)
    page.screenshot(path=str(artefacts() / "page-phone-top.png"))
    page.close()


def test_the_plan_and_contract_render_readably_on_a_phone(browser: Browser, served: tuple[str, list[Any]]) -> None:
    url, _ = served
    page = browser.new_page(viewport={"width": 412, "height": 900}, device_scale_factor=2, locale="nl-NL")
    page.goto(url + "/#plan")
    section = page.get_by_role("region", name="Ons plan en ons contract")
    assert section.is_visible()
    for heading in ("Ons triggerplan", "Ons vertrouwenscontract", "De laatste terugblik", "Sam", "Lotte"):
        assert section.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    parts = section.locator(".plan-part").evaluate_all("els => els.map(e => e.innerText.replace(/\\s+/g, ' ').trim())")
    assert parts == ["Sam Wat helpt geruststelling en iets in eigen woorden Wat Lotte dan doet houdt je vast",
                     "Lotte Wat helpt ruimte"]
    assert section.get_by_role("listitem").all_inner_texts() == [
        "Elke avond om acht uur een check-in", "Van tevoren bellen als je later dan tien uur thuiskomt",
        "Elke week een date samen"]
    table = section.get_by_role("table", name="Terugblik van 2 november 2026")
    # A screen reader hears each answer in words, under its column ("Lukte het?"); the mark is hidden.
    assert table.get_by_role("columnheader").all_inner_texts() == ["Afspraak", "Lukte het?"]
    assert [c.strip() for c in table.get_by_role("cell").all_inner_texts()] == ["ja", "deels", "nee"]
    marks = table.locator("svg.mark").evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-hidden'), e.getBoundingClientRect().width])")
    assert len(marks) == 3 and all(hidden == "true" and width > 10 for hidden, width in marks)
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "no sideways scrolling on a phone"
    section.screenshot(path=str(artefacts() / "page-phone-plan.png"))
    page.close()


def test_the_page_is_usable_with_a_keyboard(browser: Browser, served: tuple[str, list[Any]]) -> None:
    url, _ = served
    page = browser.new_page(viewport={"width": 412, "height": 900})
    page.goto(url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhoud"
    # Tab reaches the settings' fields and buttons, each with a visible focus ring.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("[document.activeElement.tagName, document.activeElement.name || '',"
                                  " getComputedStyle(document.activeElement).outlineStyle]"))
    fields = [name for tag, name, _ in seen if tag == "INPUT"]
    assert fields[:4] == ["first", "second", "inhale", "exhale"]
    assert all(style != "none" for tag, _, style in seen if tag in ("INPUT", "BUTTON", "A"))
    page.close()


def test_erasing_in_the_browser_asks_first(browser: Browser, served: tuple[str, list[Any]],
                                           tmp_path: Path) -> None:
    from werkzeug.serving import make_server

    data_dir = tmp_path / "data"
    seed_store(data_dir, days=10)
    server = make_server("127.0.0.1", 0, page_app(data_dir), threaded=True, request_handler=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport={"width": 412, "height": 900})
        page.goto(f"http://127.0.0.1:{server.port}/")
        with page.expect_navigation():
            page.get_by_role("link", name="Alles wissen…").click()
        assert page.get_by_role("heading", name="Alles wissen?").is_visible()
        with page.expect_navigation(url="**/?klaar=gewist"):
            page.get_by_role("button", name="Ja, wis alles").click()
        assert page.get_by_text("Alles is gewist.").is_visible()
        assert page.locator("table.week svg[role=img]").count() == 0
        page.close()
    finally:
        server.shutdown()


def test_a_phone_on_the_home_network_pairs_with_the_code(browser: Browser, tmp_path: Path) -> None:
    """The browser reaches the device by its network name (mapped to 127.0.0.1 inside
    chromium), so it is not the device itself: it must enter the code, once."""
    from werkzeug.serving import make_server

    data_dir = tmp_path / "data"
    seed_store(data_dir, days=7)
    announced: list[str] = []
    server = make_server("127.0.0.1", 0, page_app(data_dir, network=True, announced=announced), threaded=True,
                         request_handler=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://raspberrypi.local:{server.port}/"
    code = announced[-1]
    try:
        page = browser.new_page(viewport={"width": 412, "height": 900})
        page.goto(url)
        assert page.url == url + "koppelen"
        assert page.locator("table.week").count() == 0
        page.fill("#code", "000000" if code != "000000" else "111111")
        with page.expect_navigation():
            page.get_by_role("button", name="Koppelen").click()
        assert page.get_by_role("alert").inner_text().startswith("Die code klopt niet.")
        page.fill("#code", code)
        with page.expect_navigation(url=url):
            page.get_by_role("button", name="Koppelen").click()
        assert page.locator("table.week").count() == 4
        cookie = page.context.cookies()[0]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.reload()  # the cookie keeps it paired
        assert page.url == url and code not in page.content()
        page.close()
    finally:
        server.shutdown()
