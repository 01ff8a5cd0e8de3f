"""The Alexa edge of Samen Sterker: ask-sdk handlers over the dialogue core, SSML,
persistence, the Lambda entry point and the self-hosted web service."""
