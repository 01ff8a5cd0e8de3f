"""Names as the page accepts them: what the coach would take when they are said."""

from __future__ import annotations

import re

from dialogue.understanding.names import MAX_NAME_LENGTH

# One written word of letters; a hyphen or apostrophe may join parts ("Jan-Willem", "D'Anna").
_NAME = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")


def valid_name(name: str) -> bool:
    """Whether `name` can be kept as a partner's name."""
    return 0 < len(name) <= MAX_NAME_LENGTH and _NAME.fullmatch(name) is not None
