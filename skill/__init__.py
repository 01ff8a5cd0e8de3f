"""The Alexa edge of Samen Sterker: ask-sdk handlers over the dialogue core, SSML, reminders,
the Lambda entry point and the self-hosted web service. Households are kept by `household/`;
`skill.package` and `skill.model_rules` build and check the skill package (not in the Lambda zip)."""
