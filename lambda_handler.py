"""AWS Lambda entry point of the Samen Sterker Alexa skill: handler `lambda_handler.lambda_handler`."""

from skill.lambda_entry import lambda_handler  # noqa: F401
