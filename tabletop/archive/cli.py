"""`tabletop archive init|push|list`, `tabletop lessons` and `tabletop ip`: thin
commands over tabletop/archive/. Every error a user can cause (a log that does not
verify, a server that does not answer, a role without the right) is one line on
standard error and a non-zero exit, never a traceback."""

from __future__ import annotations

from contextlib import contextmanager

import click

from tabletop.cli import STORE_URL, Failed


@contextmanager
def _archive(url: str):
    from tabletop.archive.schema import open_archive
    from tabletop.store import StoreError

    try:
        conn = open_archive(url)
    except StoreError as exc:
        raise Failed(str(exc)) from None
    try:
        yield conn
    except StoreError as exc:
        raise Failed(str(exc)) from None
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
        raise Failed(str(exc)) from None
    click.echo(f"{where(url)}: archive ready" + "".join(f"; {r} may append and read" for r in writers)
               + "".join(f"; {r} may read" for r in readers))


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
                click.echo(push_log(conn, url, path).line())
            except StoreError as exc:
                click.echo(f"tabletop: {exc}", err=True)
                refused += 1
    if refused:
        raise Failed(f"{refused} of {len(logs)} log(s) not pushed")


@archive.command("list")
@click.option("--from", "url", required=True, type=STORE_URL, envvar="TABLETOP_ARCHIVE",
              help="The archive (or set TABLETOP_ARCHIVE).")
def list_(url: str) -> None:
    """Show the archived exercises: name, date, events, whether it ended, scenario."""
    from tabletop.archive.push import list_lines

    with _archive(url) as conn:
        for line in list_lines(conn, url):
            click.echo(line)
