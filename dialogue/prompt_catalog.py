"""Every sentence id the coach uses, with the named placeholders it may use.

The locale loader checks `prompts.toml` against this table, so a missing sentence or a
misspelt placeholder fails at load time, not in the middle of a conversation.
"""

from __future__ import annotations

from dialogue.model import Step

_STEPS_THAT_LISTEN = [step.value for step in Step if step is not Step.ENDED]

REQUIRED_PROMPTS: dict[str, frozenset[str]] = {
    **{f"help_{step}": frozenset() for step in _STEPS_THAT_LISTEN},
    **{f"reprompt_{step}": frozenset() for step in _STEPS_THAT_LISTEN},
    **{
        prompt_id: frozenset(placeholders.split()) for prompt_id, placeholders in {
            "welcome_first": "",
            "welcome_back": "",
            "welcome_back_named": "names",
            "names_hint": "",
            "names_pair": "first second",
            "names_saved": "names",
            "partner_one": "",
            "partner_two": "",
            "menu_question": "",
            "disclaimer": "",
            "help_disclaimer": "",
            "checkin_who": "",
            "checkin_who_named": "names",
            "checkin_start_two": "name",
            "checkin_start_alone": "",
            "ask_weather": "name other",
            "ask_weather_alone": "",
            "ack_weather": "weather",
            "ack_weather_heard": "weather",
            "narrow_weather": "negated options",
            "options_or": "items last",
            "corrected_weather": "weather",
            "corrected_need": "need",
            "ask_need": "name other",
            "ask_need_alone": "",
            "ack_need": "need",
            "ask_need_own_words": "",
            "ack_need_own": "words",
            "ack_need_own_unsaid": "",
            "value_own": "",
            "ask_gratitude": "name other",
            "ask_gratitude_alone": "",
            "ack_gratitude": "other",
            "ack_gratitude_alone": "",
            "ack_skip": "",
            "next_partner": "name",
            "summary_intro": "",
            "summary_partner": "name weather need",
            "summary_alone": "weather need",
            "value_skipped": "",
            "progress_first": "",
            "progress_days": "days",
            "closing_checkin": "",
            "closing_checkin_alone": "",
            "trigger_intro": "",
            "breath_in": "count",
            "breath_out": "",
            "breathing_offer": "",
            "breathing_again": "",
            "breathing_resumed": "",
            "pace_slower": "inhale exhale",
            "pace_faster": "inhale exhale",
            "pace_limit_slow": "",
            "pace_limit_fast": "",
            "ask_feeling": "",
            "ack_feeling": "feeling",
            "ack_feeling_reflexive": "feeling",
            "ask_trigger_need": "",
            "ask_partner_present": "",
            "partner_guidance": "",
            "partner_need": "need",
            "partner_need_own": "words",
            "partner_give": "",
            "self_care": "",
            "self_care_words": "feeling need",
            "self_care_words_reflexive": "feeling need",
            "closing_trigger": "",
            "support_intro": "",
            "support_offer": "",
            "support_breathing": "",
            "support_decline": "",
            "paused": "",
            "resumed": "",
            "erase_confirm": "",
            "erase_done": "",
            "erase_cancelled": "",
            "safety": "",
            "gentle_check": "",
            "gentle_stop": "",
            "gentle_stop_kept": "",
            "distress_ack": "",
            "distress_choice": "",
            "distress_elsewhere": "",
            "goodbye": "",
            "goodbye_kept": "",
            "not_understood": "",
            "not_understood_again": "",
            "not_understood_patient": "",
            "silence_goodbye": "",
        }.items()
    },
}

# Messages of the edges (console, store, voice), kept in the locale's [system] table.
REQUIRED_SYSTEM_MESSAGES: dict[str, frozenset[str]] = {
    "store_unwritable": frozenset({"path"}),
    "store_corrupt": frozenset({"path"}),
    "store_failed": frozenset({"reason"}),
    "pause_marker": frozenset({"seconds"}),
}

# Said by the edges when the store could not keep what the coach confirmed (hardening).
REQUIRED_PROMPTS.update({"erase_failed": frozenset(), "not_kept": frozenset()})
