"""The page's pictures, drawn on the server as inline SVG: no image leaves or enters the device.

The five weathers are SVG symbols defined once in the page (`symbol_definitions`) and
used per day with `<use href="#w-ID">`; each use carries its own text alternative in the
template. `bar` draws one bar of a count, `trigger_chart` the weekly chart of trigger
moments (for the arc's data; see home_page.overview), `answer_mark` the mark of a contract
review's answer. Colours keep a contrast of at least 3:1 against the page (WCAG 1.4.11); the
words next to them carry the meaning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

_SUN = '<circle cx="16" cy="16" r="6.5" fill="#F2B134" stroke="#8C5B00" stroke-width="1.5"/>' + "".join(
    f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#A86E00" stroke-width="2" stroke-linecap="round"/>'
    for x1, y1, x2, y2 in ((16, 2.5, 16, 6), (16, 26, 16, 29.5), (2.5, 16, 6, 16), (26, 16, 29.5, 16),
                           (6.5, 6.5, 9, 9), (23, 23, 25.5, 25.5), (6.5, 25.5, 9, 23), (23, 9, 25.5, 6.5))
)
_SMALL_SUN = '<circle cx="11" cy="11" r="5" fill="#F2B134" stroke="#8C5B00" stroke-width="1.5"/>' + "".join(
    f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#A86E00" stroke-width="1.8" stroke-linecap="round"/>'
    for x1, y1, x2, y2 in ((11, 1.5, 11, 3.5), (1.5, 11, 3.5, 11), (4.2, 4.2, 5.6, 5.6), (17.8, 4.2, 16.4, 5.6),
                           (4.2, 17.8, 5.6, 16.4))
)


def _cloud(fill: str, stroke: str, dy: float = 0) -> str:
    return (f'<path transform="translate(0 {dy})" d="M9.5 26h13.5a5 5 0 0 0 .6-9.96a7 7 0 0 0-13.4-1.9'
            f'A5.6 5.6 0 0 0 9.5 26z" fill="{fill}" stroke="{stroke}" stroke-width="1.5" stroke-linejoin="round"/>')


_DROPS = "".join(
    f'<line x1="{x}" y1="24" x2="{x - 1.5}" y2="29" stroke="#2F6DB0" stroke-width="2" stroke-linecap="round"/>'
    for x in (11.5, 16.5, 21.5)
)
_BOLT = '<path d="M17.5 20.5l-4 5.5h3.2l-1.7 5 5.5-7h-3.3l2.3-3.5z" fill="#F2B134" stroke="#7A4E00" stroke-width="1"/>'

# Weather value id (interaction_model.json, WeatherType) -> the picture's SVG elements (viewBox 0 0 32 32).
WEATHER_PICTURES: Mapping[str, str] = {
    "ZONNIG": _SUN,
    "WISSELVALLIG": _SMALL_SUN + _cloud("#E4E9EC", "#5E6B73", 1),
    "BEWOLKT": _cloud("#C9D2D8", "#56646E", -1),
    "REGEN": _cloud("#B4C0C8", "#4D5B65", -5) + _DROPS,
    "STORM": _cloud("#7D8A94", "#34414A", -6) + _BOLT,
}
# A weather skipped (or one the pictures do not know yet), and a check-in done alone.
UNKNOWN_PICTURE = '<circle cx="16" cy="16" r="5" fill="none" stroke="#6B777D" stroke-width="1.5" stroke-dasharray="2.5 2.5"/>'
ALONE_PICTURE = '<circle cx="16" cy="16" r="4.5" fill="#5F7A76"/>'


def symbol_id(weather: str | None) -> str:
    """The id of the symbol that pictures `weather` (value id, or None when skipped)."""
    return f"w-{weather}" if weather in WEATHER_PICTURES else "w-unknown"


def symbol_definitions() -> Markup:
    """One hidden SVG defining every picture as a symbol, to be placed once in the page."""
    symbols = [(f"w-{weather}", drawing) for weather, drawing in WEATHER_PICTURES.items()]
    symbols += [("w-unknown", UNKNOWN_PICTURE), ("w-alone", ALONE_PICTURE)]
    inner = "".join(f'<symbol id="{ident}" viewBox="0 0 32 32">{drawing}</symbol>' for ident, drawing in symbols)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="defs" aria-hidden="true" focusable="false"><defs>{inner}</defs></svg>')


# A review's answer (dialogue.model.REVIEW_ANSWERS) -> its small mark, beside the written answer:
# a tick, a half-filled circle, a cross (viewBox 0 0 16 16; each at least 3:1 against white).
ANSWER_MARKS: Mapping[str, str] = {
    "JA": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="#2B6762" stroke-width="1.5"/>'
          '<path d="M4.8 8.3l2.2 2.2 4.2-4.6" fill="none" stroke="#2B6762" stroke-width="1.8" stroke-linecap="round"'
          ' stroke-linejoin="round"/>',
    "DEELS": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="#8C5B00" stroke-width="1.5"/>'
             '<path d="M8 1.5a6.5 6.5 0 0 0 0 13z" fill="#8C5B00"/>',
    "NEE": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="#9B3B2F" stroke-width="1.5"/>'
           '<path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" stroke="#9B3B2F" stroke-width="1.8" stroke-linecap="round"/>',
}


def answer_mark(answer: str) -> Markup:
    """The small mark of a review's answer, hidden from screen readers (the answer is written
    beside it); nothing for an answer it does not know."""
    drawing = ANSWER_MARKS.get(answer)
    if drawing is None:
        return Markup("")
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="mark" viewBox="0 0 16 16" aria-hidden="true"'
                  f' focusable="false">{drawing}</svg>')


# The bars of who began and of the other (both at least 4.5:1 against the bar's track).
PARTNER_COLOURS = ("#2B6762", "#8A4F7D")


def bar(count: int, largest: int, *, width: int = 120, height: int = 12, colour: str = "#2B6762") -> Markup:
    """A horizontal bar for `count` out of `largest`, hidden from screen readers (the number is
    written beside it)."""
    length = 0.0 if largest <= 0 else max(2.0, width * count / largest) if count else 0.0
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true"'
        f' focusable="false"><rect x="0" y="0" width="{width}" height="{height}" rx="3" fill="#E7E1D6"/>'
        f'<rect x="0" y="0" width="{length:.1f}" height="{height}" rx="3" fill="{colour}"/></svg>'
    )


@dataclass(frozen=True)
class TriggerWeek:
    """One week of trigger moments: how many, and the average strength (0-10) before and
    after the breathing where it was given."""

    label: str  # e.g. the week's first day, as the page writes it
    count: int
    before: float | None = None
    after: float | None = None


def trigger_chart(weeks: Sequence[TriggerWeek], title: str, week_texts: Sequence[str]) -> Markup:
    """Bars of the count per week, with the average strength before (open dot) and after (filled
    dot) the breathing on a 0-10 scale; `week_texts` are each week's text alternative."""
    width, height, top, bottom, left = 360, 180, 12, 30, 8
    plot = height - top - bottom
    step = (width - 2 * left) / max(1, len(weeks))
    largest = max((w.count for w in weeks), default=0) or 1
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="triggers-title">'
              f'<title id="triggers-title">{escape(title)}</title>'
              f'<desc>{escape(" ".join(week_texts))}</desc>'
              f'<line x1="{left}" y1="{top + plot}" x2="{width - left}" y2="{top + plot}" stroke="#6B777D"/>')]
    for index, week in enumerate(weeks):
        x = left + index * step
        bar_height = plot * week.count / largest
        parts.append(f'<rect x="{x + step * 0.2:.1f}" y="{top + plot - bar_height:.1f}" width="{step * 0.6:.1f}"'
                     f' height="{bar_height:.1f}" rx="2" fill="#C9DAD7"/>')
        centre = x + step / 2
        for value, fill in ((week.before, "#FBF8F3"), (week.after, "#2B6762")):
            if value is not None:
                y = top + plot * (1 - min(10.0, max(0.0, value)) / 10)
                parts.append(f'<circle cx="{centre:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="#2B6762"'
                             f' stroke-width="2"/>')
        parts.append(f'<text x="{centre:.1f}" y="{height - 10}" text-anchor="middle" font-size="11"'
                     f' fill="#23313A">{escape(week.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
