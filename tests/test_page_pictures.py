"""The page's pictures and colours: a picture for every weather, a chart ready for the
arc's trigger moments, and contrast that passes WCAG AA."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dialogue.model import REVIEW_ANSWERS
from home_page.overview import trigger_texts
from home_page.pictures import (
    ANSWER_MARKS,
    PARTNER_COLOURS,
    WEATHER_PICTURES,
    TriggerWeek,
    answer_mark,
    bar,
    symbol_definitions,
    trigger_chart,
)
from home_page.words import load_page_words
from locale_files import load_locale

CSS = (Path(__file__).resolve().parent.parent / "home_page" / "static" / "page.css").read_text(encoding="utf-8")
SVG = "{http://www.w3.org/2000/svg}"


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def var(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize(("front", "back"), [
    ("text", "bg"), ("text", "card"), ("muted", "card"), ("muted", "bg"), ("muted", "today"),
    ("accent-dark", "card"), ("accent-dark", "bg"), ("accent-dark", "today"),
])
def test_text_colours_pass_wcag_aa(front: str, back: str) -> None:
    assert contrast(var(front), var(back)) >= 4.5


@pytest.mark.parametrize("button", ["accent", "accent-dark", "danger"])
def test_button_text_passes_wcag_aa(button: str) -> None:
    assert contrast("#ffffff", var(button)) >= 4.5


def test_pictures_and_bars_stand_out_from_the_page() -> None:
    """Non-text contrast (WCAG 1.4.11): each picture's outline, and the bars, at least 3:1."""
    for weather, drawing in WEATHER_PICTURES.items():
        strokes = re.findall(r'stroke="(#[0-9A-Fa-f]{6})"', drawing)
        assert max(contrast(s, "#ffffff") for s in strokes) >= 3, weather
    for colour in PARTNER_COLOURS:
        assert contrast(colour, "#E7E1D6") >= 3 and contrast(colour, "#ffffff") >= 3


def test_every_review_answer_has_a_mark_that_stands_out_and_text_that_reads() -> None:
    """The marks beside ja, deels and nee: one per answer, hidden from screen readers (the word
    is written), outlines at least 3:1 against the card, and the answers' text colours 4.5:1."""
    assert set(ANSWER_MARKS) == set(REVIEW_ANSWERS)
    for answer, drawing in ANSWER_MARKS.items():
        strokes = re.findall(r'(?:stroke|fill)="(#[0-9A-Fa-f]{6})"', drawing)
        assert strokes and min(contrast(s, "#ffffff") for s in strokes) >= 3, answer
        mark = ElementTree.fromstring(str(answer_mark(answer)))
        assert mark.get("aria-hidden") == "true" and mark.get("focusable") == "false"
    assert str(answer_mark("MISSCHIEN")) == ""
    for answer in REVIEW_ANSWERS:
        found = re.search(rf"\.answer-{answer.lower()} {{ color: ([^;]+); }}", CSS)
        assert found, answer
        colour = found.group(1)
        colour = var(colour[6:-1]) if colour.startswith("var(--") else colour
        assert contrast(colour, var("card")) >= 4.5, answer


def test_every_weather_of_the_coach_has_its_own_picture() -> None:
    words = load_page_words(load_locale())
    assert set(words.weathers) == set(WEATHER_PICTURES)
    defined = ElementTree.fromstring(str(symbol_definitions()))
    ids = [s.get("id") for s in defined.iter(f"{SVG}symbol")]
    assert ids == [f"w-{w}" for w in WEATHER_PICTURES] + ["w-unknown", "w-alone"]
    assert defined.get("aria-hidden") == "true"


def test_a_bar_is_as_long_as_its_share_and_a_count_of_zero_draws_nothing() -> None:
    def length(svg: str) -> float:
        rects = ElementTree.fromstring(svg).findall(f"{SVG}rect")
        return float(rects[1].get("width") or 0)

    assert length(str(bar(4, 4))) == 120
    assert length(str(bar(1, 4))) == 30
    assert length(str(bar(0, 4))) == 0
    assert length(str(bar(0, 0))) == 0


def test_the_trigger_chart_is_ready_for_the_arcs_data() -> None:
    """Fewer and milder over the weeks: the bars shrink, the dot after the breathing sits lower."""
    words = load_page_words(load_locale())
    weeks = [TriggerWeek("2 nov", 5, 7.5, 5.0), TriggerWeek("9 nov", 3, 6.0, 3.5), TriggerWeek("16 nov", 1)]
    texts = trigger_texts(weeks, words)
    assert texts[0] == "Week van 2 nov: 5 keer, sterkte 7,5 voor en 5,0 na het ademen"
    assert texts[2] == "Week van 16 nov: 1 keer"
    chart = ElementTree.fromstring(str(trigger_chart(weeks, "Triggermomenten per week", texts)))
    assert chart.get("role") == "img"
    assert chart.findtext(f"{SVG}title") == "Triggermomenten per week"
    assert chart.findtext(f"{SVG}desc") == " ".join(texts)
    heights = [float(r.get("height") or 0) for r in chart.findall(f"{SVG}rect")]
    assert heights[0] > heights[1] > heights[2] > 0
    dots = chart.findall(f"{SVG}circle")
    assert len(dots) == 4  # before and after for the first two weeks; none given for the third
    assert float(dots[1].get("cy") or 0) > float(dots[0].get("cy") or 0)  # milder after the breathing


def test_the_chart_escapes_its_words() -> None:
    chart = str(trigger_chart([TriggerWeek("<b>", 1)], "a & b", ["<script>"]))
    assert "<b>" not in chart and "<script>" not in chart and "a &amp; b" in chart
