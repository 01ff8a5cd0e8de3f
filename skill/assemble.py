"""Putting the skill together from the locale folder and a store setting."""

from __future__ import annotations

import os
from pathlib import Path

from ask_sdk_core.skill import CustomSkill

from dialogue import Coach, Understander
from locale_files import LOCALE_DIR, load_locale
from skill.conversation import Conversation, zone
from skill.handlers import build_skill
from skill.households import Households, open_households
from skill.messages import load_skill_messages

SKILL_ID_ENV = "SAMEN_STERKER_SKILL_ID"


def make_conversation(households: Households, locale_dir: Path = LOCALE_DIR) -> Conversation:
    """The conversation logic over the locale in `locale_dir`; raises LocaleError."""
    locale = load_locale(locale_dir)
    return Conversation(
        coach=Coach(locale),
        understander=Understander(locale),
        messages=load_skill_messages(locale_dir),
        households=households,
        tz=zone(),
    )


def make_skill(store: str | None = None, *, skill_id: str | None = None) -> CustomSkill:
    """The whole skill: `store` as in SAMEN_STERKER_STORE (default: that variable), `skill_id`
    the only accepted application id (default: $SAMEN_STERKER_SKILL_ID, unchecked if unset)."""
    return build_skill(
        make_conversation(open_households(store)),
        skill_id=skill_id if skill_id is not None else (os.environ.get(SKILL_ID_ENV) or None),
    )
