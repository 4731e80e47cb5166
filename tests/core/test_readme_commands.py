"""Every `tabletop ...` command the README shows parses as written: no option or
subcommand the CLI does not have (a newcomer copies these lines as they are)."""

from __future__ import annotations

import re
import shlex
import warnings
from pathlib import Path

import click
import pytest
from click import exceptions as ce

from tabletop.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    lines = [ln.split(" #")[0].strip() for b in blocks for ln in b.replace("\\\n", " ").splitlines()]
    inline = [" ".join(m.split()) for m in re.findall(r"`(tabletop [^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))]
    # the docs list names options without "tabletop": `archive push --to URL`, `lessons --from URL` ...
    listed = re.search(r"docs/archive\.md\)[^\n]*", text).group(0)
    named = ["tabletop " + s for s in re.findall(r"`([a-z][^`]* --[a-z][^`]*)`", listed)]
    return [ln for ln in lines if ln.startswith("tabletop ")] + inline + named


def parse(argv: list[str]) -> None:
    """Parse argv down to its command the way the shell would hand it over; raise on an
    option or command the CLI does not have (a value it would refuse at run time is fine)."""
    cmd: click.Command = main
    ctx = None
    args = argv
    while True:
        try:
            ctx = cmd.make_context(cmd.name or "tabletop", list(args), parent=ctx)
        except (ce.BadParameter, ce.MissingParameter):
            return
        if not isinstance(cmd, click.Group):
            return
        with warnings.catch_warnings():  # Click 8.2 deprecates protected_args; 9.0 puts them in args
            warnings.simplefilter("ignore", DeprecationWarning)
            rest = [*getattr(ctx, "protected_args", ()), *ctx.args]
        if not rest:
            return
        sub = cmd.get_command(ctx, rest[0])
        if sub is None:
            raise ce.NoSuchCommand(rest[0], ctx=ctx)
        cmd, args = sub, rest[1:]


def test_the_readme_shows_commands():
    assert len(readme_commands()) >= 15


@pytest.mark.parametrize("line", readme_commands())
def test_a_readme_command_parses_as_written(line):
    parse(shlex.split(line)[1:])
