"""The skill's loggers, imported cheaply: `logging` is loaded at the first message, not when a
module of the skill is imported, so a cold start that has nothing to log does not load it.
A message goes exactly where `logging.getLogger(name)` would send it (on Lambda, whose
runtime configures logging before it imports the handler: CloudWatch), from the line that
logged it (`stacklevel`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


class Log:
    """`logging.getLogger(name)`, looked up at each message."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def logger(self) -> logging.Logger:
        import logging  # (here: see the module's docstring)

        return logging.getLogger(self.name)

    def info(self, message: str, *args: object) -> None:
        self.logger.info(message, *args, stacklevel=2)

    def warning(self, message: str, *args: object) -> None:
        self.logger.warning(message, *args, stacklevel=2)

    def error(self, message: str, *args: object) -> None:
        self.logger.error(message, *args, stacklevel=2)
