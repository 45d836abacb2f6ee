"""`python -m timeline`: the `timeline` command, for an environment whose scripts are not on PATH."""

from timeline.cli import app

app(prog_name="timeline")
