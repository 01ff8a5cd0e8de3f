"""The offline edge: the coach on this machine, by voice (Vosk listening, pyttsx3 speaking)
or typed, over the household's local store; `python -m local_voice` runs it."""
