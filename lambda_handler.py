"""AWS Lambda entry point of the Samen Sterker Alexa skill: handler `lambda_handler.lambda_handler`."""

import gc

# A cold start builds thousands of objects that live as long as the process (modules, classes,
# the locale); the garbage collector would walk them again and again while they are made
# (about a tenth of the cold start). It is off until the first request is answered, and then
# those objects are frozen out of its reach (`skill.lambda_entry.lambda_handler`).
gc.disable()

from skill import dataclass_code

# Before the core is imported: its dataclasses' methods come compiled with the zip (cold start).
dataclass_code.install()

from skill.lambda_entry import lambda_handler  # noqa: F401
