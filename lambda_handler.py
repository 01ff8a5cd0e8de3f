"""AWS Lambda entry point of the Samen Sterker Alexa skill: handler `lambda_handler.lambda_handler`."""

from skill import dataclass_code

# Before the core is imported: its dataclasses' methods come compiled with the zip (cold start).
dataclass_code.install()

from skill.lambda_entry import lambda_handler  # noqa: F401
