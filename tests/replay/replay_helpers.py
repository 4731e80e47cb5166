"""Helpers for the replay tests."""

from __future__ import annotations

from click.testing import CliRunner

from tabletop.cli import main


def run(*args: str):
    """The CLI as a user runs it: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
