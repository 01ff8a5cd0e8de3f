"""The household: what a couple keeps between conversations, and how the core's effects change it.

`household.store` keeps households in one SQLite file (the local mode and a self-hosted skill).
"""
