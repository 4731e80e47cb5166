"""`tabletop archive init|push|list`, `tabletop lessons` and `tabletop ip`: thin
commands over tabletop/archive/. Every error a user can cause (a log that does not
verify, a server that does not answer, a role without the right) is one line on
standard error and a non-zero exit, never a traceback."""

from __future__ import annotations

from contextlib import contextmanager

import click

from tabletop.cli import STORE_URL, Failed, reader_language, say
from tabletop.problems import Say, message_of


def _say(key: str, **fields) -> Say:
    """A sentence of tabletop archive / lessons / ip (phrasebook `cli.archive.*`)."""
    return Say(f"cli.archive.{key}", **fields)


def _echo(key: str, err: bool = False, **fields) -> None:
    from tabletop.cli import say

    click.echo(say(_say(key, **fields)), err=err)


@contextmanager
def _archive(url: str):
    from tabletop.archive.schema import open_archive
    from tabletop.store import StoreError

    try:
        conn = open_archive(url)
    except StoreError as exc:
        raise Failed(message_of(exc)) from None
    try:
        yield conn
    except StoreError as exc:
        raise Failed(message_of(exc)) from None
    finally:
        conn.close()


@click.group()
def archive() -> None:
    """An organisation's exercises in one PostgreSQL database (docs/archive.md).

    \b
    tabletop archive init postgresql://owner@db.example/tabletop --writer tabletop_app --reader analysts
    tabletop archive push exercises/*.db --to postgresql://tabletop_app@db.example/tabletop
    tabletop archive list --from postgresql://analyst@db.example/tabletop
    """


@archive.command("init")
@click.argument("url", type=STORE_URL)
@click.option("--writer", "writers", multiple=True, metavar="ROLE",
              help="A role that may append exercises and read them (never update or delete events).")
@click.option("--reader", "readers", multiple=True, metavar="ROLE", help="A role that may read the archive.")
def init(url: str, writers: tuple[str, ...], readers: tuple[str, ...]) -> None:
    """Make the archive's tables (as the database's owner) and grant roles append or read."""
    from tabletop.archive.schema import init_archive
    from tabletop.store import StoreError
    from tabletop.store.postgres import where

    try:
        init_archive(url, writers, readers)
    except StoreError as exc:
        raise Failed(message_of(exc)) from None
    grants = [_say("may_append", role=r) for r in writers] + [_say("may_read", role=r) for r in readers]
    from tabletop.cli import say

    _echo("ready", where=where(url), grants="".join(say(g) for g in grants))


@archive.command("push")
@click.argument("logs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--to", "url", required=True, type=STORE_URL, envvar="TABLETOP_ARCHIVE",
              help="The archive (or set TABLETOP_ARCHIVE).")
def push(logs: tuple[str, ...], url: str) -> None:
    """Upload finished exercises' LOGS (SQLite files), each hash chain verified first.

    The same log twice is stored once; a log that grew since is extended; a log whose
    history differs from the archived one is refused, naming the first differing event."""
    from tabletop.archive.push import push_log
    from tabletop.store import StoreError

    refused = 0
    with _archive(url) as conn:
        for path in logs:
            try:
                click.echo(say(push_log(conn, url, path).line()))
            except StoreError as exc:
                _echo("refused_line", err=True, detail=message_of(exc))
                refused += 1
    if refused:
        raise Failed(_say("not_pushed", refused=refused, n=len(logs)))


@archive.command("list")
@click.option("--from", "url", required=True, type=STORE_URL, envvar="TABLETOP_ARCHIVE",
              help="The archive (or set TABLETOP_ARCHIVE).")
def list_(url: str) -> None:
    """Show the archived exercises: name, date, events, whether it ended, scenario."""
    from tabletop.archive.push import list_lines

    with _archive(url) as conn:
        for line in list_lines(conn, url, reader_language()):
            click.echo(line)


def _date(value: str | None, option: str):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Failed(_say("not_a_date", option=option, value=value)) from None


@click.command()
@click.option("--from", "url", required=True, type=STORE_URL, envvar="TABLETOP_ARCHIVE",
              help="The archive (or set TABLETOP_ARCHIVE).")
@click.option("--since", help="Exercises started on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Exercises started on or before this day (YYYY-MM-DD).")
@click.option("--exercise", "exercises", multiple=True, metavar="NAME", help="Only these exercises (repeatable).")
@click.option("--scenario", "scenarios", multiple=True, metavar="ID", help="Only exercises of these scenarios.")
@click.option("--rehearsals", is_flag=True, help="Count rehearsals too (left out by default).")
@click.option("--min", "min_exercises", type=click.IntRange(1), default=2, show_default=True,
              help="An area for improvement recurs when found in this many exercises.")
@click.option("--today", help="The day overdue is counted from [default: today].")
@click.option("--format", "formats", default="text", show_default=True,
              help="text (the terminal), html, pdf, or several: html,pdf.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default="lessons", show_default=True,
              help="Folder for the HTML/PDF lessons report.")
def lessons(url: str, since: str | None, until: str | None, exercises: tuple[str, ...], scenarios: tuple[str, ...],
            rehearsals: bool, min_exercises: int, today: str | None, formats: str, out_dir: str) -> None:
    """The lessons across archived exercises: recurring areas for improvement, ratings per
    objective over time, open and overdue corrective actions by owner, blocked-move rates,
    decision times."""
    import datetime as dt

    from tabletop.archive import lessons as ls
    from tabletop.archive.ip import archive_actions
    from tabletop.archive.push import digests

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    bad = [f for f in wanted if f not in ("text", "html", "pdf")]
    if bad or not wanted:
        raise Failed(_say("which_format", value=formats))
    day = _date(today, "--today") or dt.datetime.now(dt.timezone.utc).date()
    with _archive(url) as conn:
        chosen = ls.select(digests(conn, url), _date(since, "--since"), _date(until, "--until"), exercises, scenarios,
                           rehearsals)
        missing = sorted(set(exercises) - {d["exercise"] for d in chosen})
        if missing:
            raise Failed(_say("not_archived", names=", ".join(missing)))
        result = ls.lessons(chosen, archive_actions(conn), day, min_exercises)
    if "text" in wanted:
        for line in ls.text_lines(result, reader_language()):
            click.echo(line)
    if "html" in wanted or "pdf" in wanted:
        from tabletop.archive.render import write_lessons

        try:
            for path in write_lessons(result, out_dir, [f for f in wanted if f != "text"], reader_language()):
                _echo("wrote", path=path)
        except OSError as exc:
            raise Failed(_say("cannot_write_lessons", folder=out_dir, reason=exc.strerror or str(exc))) from None


@click.command()
@click.argument("target")
@click.argument("issue", required=False)
@click.option("--archive", "url", type=STORE_URL, help="Keep the actions in this archive (TARGET: the exercise's "
              "name or its log); without it, in TARGET.ip.yaml beside the log.")
@click.option("--action", help="What will be done.")
@click.option("--element", type=click.Choice(["Planning", "Organization", "Equipment", "Training", "Exercises"]),
              help="HSEEP capability element.")
@click.option("--owner", "organisation", help="Primary responsible organisation.")
@click.option("--poc", help="The organisation's point of contact.")
@click.option("--start", help="Start date, YYYY-MM-DD.")
@click.option("--due", "completion", help="Due (completion) date, YYYY-MM-DD.")
@click.option("--status", type=click.Choice(["open", "in-progress", "done", "verified"]))
@click.option("--verified-in", "verified_in", metavar="EXERCISE", help="The later exercise that showed it fixed.")
@click.option("--number", type=click.IntRange(1), help="Which of the issue's actions (1, 2, …).")
@click.option("--new", "new", is_flag=True, help="Add another action to the issue.")
@click.option("--issue", "issue_text", metavar="TEXT", help="The issue in words (needed for an id not found in the log).")
@click.option("--write", "write", type=click.Path(dir_okay=False),
              help="With --archive: also write the exercise's actions as a corrective-actions file for "
                   "`tabletop report --corrective-actions`.")
def ip(target: str, issue: str | None, url: str | None, number: int | None, new: bool, issue_text: str | None,
       write: str | None, **change) -> None:
    """Show or edit the corrective actions of an exercise's areas for improvement.

    \b
    tabletop ip exercise.db                                   the areas for improvement and their actions
    tabletop ip exercise.db DEC-D1 --action "Sign the standing order" --owner "Ministry of Defense" \\
                               --poc "Director, Defense Policy Bureau" --due 2027-01-31
    tabletop ip exercise.db DEC-D1 --status in-progress
    tabletop ip ttx-apr BLK-jp.pm-jp.counterstrike --archive postgresql://… --status verified --verified-in ttx-nov
    """
    from tabletop.archive.ipcommand import run_ip

    edit = {k: v for k, v in change.items() if v is not None}
    if issue is None and (edit or number or new or issue_text):
        raise Failed(_say("which_issue"))
    for line in run_ip(target, issue, url, edit, number, new, issue_text, write):
        click.echo(line)
