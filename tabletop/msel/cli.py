"""`tabletop msel export|import`: the MSEL as a spreadsheet planners share.

Problems are printed as `msel.xlsx:MSEL!D14: message`, all at once, with exit
status 2 and no traceback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from tabletop.cli import Failed, _load, print_problems, say
from tabletop.language import reader_language
from tabletop.problems import ProblemsFound, Say


@click.group()
def msel() -> None:
    """Export a scenario's MSEL as a spreadsheet, or import a planner's MSEL spreadsheet.

    \b
      tabletop msel export missile-launch -o msel.xlsx
      tabletop msel import msel.xlsx -o scenario.yaml
      tabletop msel import msel.xlsx --into scenario.yaml     (update injects by id; shows a diff)
    """


def _say(key: str, **fields) -> Say:
    """A sentence of tabletop msel (phrasebook `cli.msel.*`), said by Failed or `_echo`."""
    return Say(f"cli.msel.{key}", **{k: v if isinstance(v, (Say, int)) else str(v) for k, v in fields.items()})


def _echo(key: str, **fields) -> None:
    click.echo(say(_say(key, **fields)))


def _when(value: str | None, what: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise Failed(_say("not_datetime", what=what, value=value)) from None


@msel.command("export")
@click.argument("scenario")
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The workbook to write: .xlsx, or .csv (one file per sheet, beside it).")
@click.option("--startex", help="Wall clock at STARTEX for the Wall time column, HH:MM [default: the scenario clock's].")
def export_cmd(scenario: str, out: str, startex: str | None) -> None:
    """Write SCENARIO's MSEL (injects in time order, decision points, objectives, settings) to a spreadsheet."""
    from tabletop.msel.writer import export

    loaded = _load(scenario)
    s = loaded.scenario
    wall = None
    if startex is not None:
        try:
            hh, mm = (int(x) for x in startex.split(":"))
            wall = s.start.replace(hour=hh, minute=mm, second=0)
        except ValueError:
            raise Failed(_say("not_time", value=startex)) from None
    path = Path(out)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise Failed(_say("which_format", out=out))
    try:
        written = export(s, path, wall, loaded.doctrine, reader_language())
    except OSError as exc:
        raise Failed(_say("cannot_write", path=out, reason=exc.strerror or str(exc))) from None
    decisions = sum(len(i.decisions) for i in s.injects)
    _echo("exported", paths=", ".join(map(str, written)), injects=len(s.injects), decisions=decisions,
          objectives=len(s.objectives))


@msel.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False),
              help="The scenario to write [default: the --into file, updated].")
@click.option("--into", type=click.Path(dir_okay=False, exists=True),
              help="An existing scenario whose injects the sheet updates by id; what the sheet lacks is kept.")
@click.option("--map", "map_path", type=click.Path(dir_okay=False, exists=True),
              help="A mapping file naming the sheet's own headings (docs/msel.md).")
@click.option("--start", help="STARTEX date-time, for a sheet without an Exercise sheet (2027-04-05T06:50:00+09:00).")
@click.option("--doctrine", help="Doctrine pack, for a sheet without an Exercise sheet [default: us-japan].")
def import_cmd(workbook: str, out: str | None, into: str | None, map_path: str | None, start: str | None,
               doctrine: str | None) -> None:
    """Read a planner's MSEL WORKBOOK (.xlsx or .csv) and write a checked scenario."""
    from tabletop.msel.importer import import_msel
    from tabletop.msel.mapping import load_mapping
    from tabletop.msel.reader import SheetProblems

    if out is None and into is None:
        raise Failed(_say("which_target"))
    target = Path(out or into)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise Failed(_say("yaml_only", target=target))
    if not Path(workbook).is_file():
        raise Failed(_say("no_file", file=workbook))
    try:
        maps = load_mapping(map_path) if map_path else None
        result = import_msel(Path(workbook), target, into=Path(into) if into else None, maps=maps,
                             start=_when(start, "--start"), doctrine=doctrine, lang=reader_language())
    except (SheetProblems, ProblemsFound) as exc:
        print_problems(exc.problems)
        raise Failed(_say("not_written", n=len(exc.errors))) from None
    print_problems(result.loaded.warnings)
    if result.diff:
        click.echo(result.diff, nl=False)
    elif into is not None:
        _echo("no_change")
    try:
        target.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        raise Failed(_say("cannot_write", path=target, reason=exc.strerror or str(exc))) from None
    s = result.loaded.scenario
    _echo("imported", target=target, injects=len(s.injects), decisions=sum(len(i.decisions) for i in s.injects),
          summary=_say("summary", first=result.summary[0]) if result.summary else "")
