"""The offline edge: a typed console now; microphone, Vosk and pyttsx3 later."""
