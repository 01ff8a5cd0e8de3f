"""What both edges (the Alexa skill and the local voice mode) share: reading the
locale files from disk and the household store."""
