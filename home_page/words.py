"""Every word of the page at home, from interaction_models/nl-NL/page.toml, checked at load.

The sentences (`[page]`) are checked like the other edges' message files: every id
present, only its own named placeholders, no unknown ids. The calendar's words
(`[calendar]`: weekday names, short and long, and month names) must be lists of
non-empty strings of the right length. A broken file raises LocaleError naming the file
and the key. The weathers' and needs' names are the coach's own (interaction_model.json),
and so are the words of the couple's plan and contract (prompts.toml, as the coach says
them): what a partner asks of the other (`plan_action_<id>`), each agreement of the trust
contract (`contract_agreement_<id>`), and "en" between the last two of a list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogue import Locale
from dialogue.contract import ALL_AGREEMENTS
from dialogue.interaction_model import fail, require
from dialogue.locale import LocaleError, parse_message_table
from dialogue.model import REVIEW_ANSWERS
from dialogue.own_plan import ACTIONS
from locale_files import LOCALE_DIR, Messages

PAGE_FILE = "page.toml"
WEATHER_TYPE = "WeatherType"
NEED_TYPE = "NeedType"

_NONE: frozenset[str] = frozenset()

# Every sentence id the page uses, with the placeholders it may use.
REQUIRED: Mapping[str, frozenset[str]] = {
    "lang_title": _NONE, "title": _NONE, "intro": _NONE, "nav_label": _NONE, "skip_link": _NONE,
    "weather_heading": _NONE, "weather_intro": frozenset({"weeks"}), "weather_legend": _NONE,
    "week_caption": frozenset({"first", "last"}), "day_heading": frozenset({"weekday", "day"}),
    "weather_cell": frozenset({"name", "weekday", "day", "month", "weather"}), "weather_unknown": _NONE,
    "partner_first_unnamed": _NONE, "partner_second_unnamed": _NONE, "alone_row": _NONE,
    "alone_cell": frozenset({"weekday", "day", "month"}), "alone_note": _NONE, "names_hint": _NONE,
    "no_checkins": _NONE, "today_mark": _NONE,
    "needs_heading": _NONE, "needs_intro": frozenset({"days"}), "needs_caption": _NONE, "needs_column": _NONE,
    "need_count": frozenset({"name", "count"}), "need_own_words": _NONE, "no_needs": frozenset({"days"}),
    "triggers_heading": _NONE, "triggers_intro": _NONE, "triggers_later": _NONE, "triggers_chart": _NONE,
    "triggers_week": frozenset({"first", "count", "before", "after"}),
    "triggers_week_no_strength": frozenset({"first", "count"}),
    "plan_heading": _NONE, "plan_intro": _NONE, "plan_own_heading": _NONE, "plan_helps": _NONE,
    "plan_own_words": _NONE, "plan_helper_does": frozenset({"helper"}), "plan_part_empty": _NONE,
    "plan_none": _NONE, "plan_empty": _NONE,
    "contract_heading": _NONE, "contract_none": _NONE, "contract_empty": _NONE,
    "review_heading": _NONE, "review_caption": frozenset({"date"}), "review_agreement": _NONE,
    "review_answer": _NONE, **{f"review_{answer}": _NONE for answer in REVIEW_ANSWERS}, "review_none": _NONE,
    "plan_not_kept_public": _NONE, "plan_not_kept_refused": _NONE,
    "settings_heading": _NONE, "names_legend": _NONE, "name_first": _NONE, "name_second": _NONE,
    "names_rule": frozenset({"length"}), "pace_legend": _NONE, "pace_inhale": _NONE, "pace_exhale": _NONE,
    "pace_rule": frozenset({"inhale_min", "inhale_max", "exhale_min", "exhale_max"}), "save": _NONE,
    "saved_names": _NONE, "saved_pace": _NONE, "invalid_names": _NONE, "invalid_pace": _NONE, "not_saved": _NONE,
    "saved_checkin": _NONE, "invalid_checkin": _NONE, "checkin_time": _NONE,
    "checkin_legend": _NONE, "checkin_at": frozenset({"time"}), "checkin_none": _NONE, "checkin_how": _NONE,
    "data_legend": _NONE, "data_what": _NONE, "export": _NONE, "export_about": _NONE, "erase": _NONE,
    "erase_about": _NONE,
    "erase_title": _NONE, "erase_question": frozenset({"checkins"}), "erase_count_none": _NONE,
    "erase_count": frozenset({"count", "first"}), "erase_confirm": _NONE, "erase_cancel": _NONE, "erased": _NONE,
    "erase_failed": _NONE,
    "pair_title": _NONE, "pair_intro": _NONE, "pair_code": _NONE, "pair_submit": _NONE, "pair_wrong": _NONE,
    "pair_wait": frozenset({"minutes"}), "pair_here": frozenset({"code"}), "pair_forget": _NONE,
    "pair_forgotten": _NONE,
    "refused_title": _NONE, "refused": _NONE, "refused_back": _NONE, "not_found": _NONE, "store_trouble": _NONE,
    "help_heading": _NONE, "help_danger": _NONE, "help_violence": _NONE, "help_suicide": _NONE,
    "not_therapist": _NONE,
    "serving": frozenset({"url"}), "serving_network": frozenset({"port"}), "pair_announce": frozenset({"code"}),
    "cannot_serve": frozenset({"host", "port", "reason"}), "needs_flask": frozenset({"reason"}),
    "export_file": frozenset({"date"}),
}

# [calendar] list -> its length.
CALENDAR_LISTS: Mapping[str, int] = {"weekdays": 7, "weekdays_short": 7, "months": 12}


@dataclass(frozen=True)
class PageWords:
    """The page's sentences, the calendar's names, and the names of the weathers and needs."""

    messages: Messages
    weekdays: tuple[str, ...]  # Monday first
    weekdays_short: tuple[str, ...]
    months: tuple[str, ...]  # January first
    weathers: Mapping[str, str]  # value id -> name, in the model's order (sunny first)
    needs: Mapping[str, str]  # value id -> name, in the model's order
    # The coach's own words (prompts.toml) for the plan and the contract:
    actions: Mapping[str, str]  # action id -> what the other does ("houdt je vast")
    agreements: Mapping[str, str]  # agreement id -> the agreement ("elke week een date samen")
    and_word: str  # between the last two of a list ("en")

    def __call__(self, message_id: str, **params: object) -> str:
        """The sentence with this id, its named placeholders filled in."""
        return self.messages.say(message_id, **params)


def load_page_words(locale: Locale, folder: Path = LOCALE_DIR) -> PageWords:
    """Read and check page.toml in `folder`; the weathers and needs come from `locale`.
    Raises LocaleError naming the file and the key."""
    path = folder / PAGE_FILE
    file = str(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise LocaleError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise LocaleError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise LocaleError(f"{path}: is not valid ({error})") from None
    messages = Messages(parse_message_table(data, "page", REQUIRED, file))
    calendar = require(data, "calendar", dict, file, "")
    lists = {name: _names(calendar, name, length, file) for name, length in CALENDAR_LISTS.items()}
    unused = sorted(set(calendar) - set(CALENDAR_LISTS))
    if unused:
        raise fail(file, f"calendar.{unused[0]}", "is not used (remove it or fix its name)")
    unused = sorted(set(data) - {"page", "calendar"})
    if unused:
        raise fail(file, unused[0], "is not used (remove it or fix its name)")
    return PageWords(
        messages=messages,
        weekdays=lists["weekdays"],
        weekdays_short=lists["weekdays_short"],
        months=lists["months"],
        weathers=_values(locale, WEATHER_TYPE),
        needs=_values(locale, NEED_TYPE),
        actions={action: _prompt(locale, f"plan_action_{action}") for action in ACTIONS},
        agreements={agreement: _prompt(locale, f"contract_agreement_{agreement}") for agreement in ALL_AGREEMENTS},
        and_word=_prompt(locale, "contract_and"),
    )


def _names(table: Any, name: str, length: int, file: str) -> tuple[str, ...]:
    values = require(table, name, list, file, "calendar")
    if len(values) != length:
        raise fail(file, f"calendar.{name}", f"must list {length} names, not {len(values)}")
    for index, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise fail(file, f"calendar.{name}[{index}]", "must be a non-empty string")
    return tuple(values)


def _values(locale: Locale, type_name: str) -> dict[str, str]:
    slot_type = locale.slot_types.get(type_name)
    if slot_type is None:
        raise LocaleError(f"interaction_model.json: {type_name}: missing (the page names its values)")
    return {value.id: value.name for value in slot_type.values}


def _prompt(locale: Locale, prompt_id: str) -> str:
    text = locale.prompts.get(prompt_id)
    if not text:
        raise LocaleError(f"prompts.toml: prompts.{prompt_id}: missing (the page shows it)")
    return text
