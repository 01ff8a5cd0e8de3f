"""The page at home: the household's weeks as pictures, served by this device only.

    words.py     the page's words (interaction_models/nl-NL/page.toml), checked at load
    overview.py  what the page shows, built from household.history (no Flask)
    pictures.py  the weather pictures and charts as inline SVG
    access.py    who may see and change: loopback, pairing code, cookie, CSRF, hosts
    names.py     names as the page accepts them
    app.py       the Flask app and its routes; templates/ and static/ beside it
    serve.py     the server, alone (`python -m local_voice page`) or beside the coach (`--page`)

Imports of this package itself stay free of Flask, so the command line can name the
defaults without it.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
