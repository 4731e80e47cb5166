"""`tabletop migrate`: rewrite scenario files in the current format (tabletop/scenario/migrate.py)."""

from __future__ import annotations

from pathlib import Path

import click

from tabletop.cli import Failed, print_problems, say
from tabletop.problems import ProblemsFound, Say


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--check", is_flag=True, help="Only say which files would change (exit 1 if any would).")
def migrate(files: tuple[str, ...], check: bool) -> None:
    """Rewrite scenario FILES in format tabletop/2 (in place; only the `format:` line changes)."""
    from tabletop.scenario.loader import load_scenario_text
    from tabletop.scenario.migrate import CURRENT, migrate_text

    would = 0
    for f in files:
        text = Path(f).read_text(encoding="utf-8")
        new, old = migrate_text(text)
        if old is None:
            click.echo(say(Say("cli.migrate.nothing", file=f)))
            continue
        try:
            load_scenario_text(new, f)
        except ProblemsFound as exc:
            print_problems(exc.problems)
            raise Failed(Say("cli.migrate.left", file=f))
        would += 1
        if check:
            click.echo(say(Say("cli.migrate.would", file=f, old=old, new=CURRENT)))
            continue
        Path(f).write_text(new, encoding="utf-8")
        click.echo(say(Say("cli.migrate.done", file=f, old=old, new=CURRENT)))
    if check and would:
        raise Failed(Say("cli.migrate.to_do", n=would), 1)
