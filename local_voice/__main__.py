"""`python -m local_voice`: the coach on this machine (the options are in local_voice.cli)."""

import sys

from local_voice.cli import main

sys.exit(main())
