"""`tabletop replay DB` (the facilitator console, read-only, with a timeline scrubber) and
`tabletop fork DB --at SEQ|DECISION -o NEW.db` (play the other branch as a new exercise)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click

from tabletop.cli import Failed, open_log
from tabletop.problems import Say, hint, message_of


def _say(key: str, **fields) -> Say:
    """A sentence of tabletop fork / replay (phrasebook `cli.fork.*`), said by Failed or `_echo`."""
    return Say(f"cli.fork.{key}", **fields)


def _echo(key: str, err: bool = False, **fields) -> None:
    from tabletop.cli import say

    click.echo(say(_say(key, **fields)), err=err)


def read(db: str):
    """The played log at DB, or a user-facing error."""
    from tabletop.replay.log import LogError, read_log
    from tabletop.store import StoreError

    store = open_log(db)
    try:
        return read_log(store)
    except (LogError, StoreError) as exc:
        raise Failed(_say("in_log", db=db, detail=message_of(exc))) from None
    finally:
        store.close()


def resolve_point(played, at: str, db: str) -> int:
    from tabletop.replay.timeline import PointError, Timeline

    decisions = [d.id for i in played.scenario.injects for d in i.decisions]
    try:
        return Timeline(played.events).point(at, decisions)
    except PointError as exc:
        raise Failed(_say("at", db=db, at=at, detail=message_of(exc))) from None


@click.command()
@click.argument("db", type=click.Path())
@click.option("--at", "at", metavar="SEQ|DECISION|+HH:MM", required=True,
              help="Where to fork: after event SEQ, just before DECISION (e.g. D8) was answered, or at a scenario time.")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), required=True, help="The new exercise's log.")
@click.option("--name", help="The new exercise's name [default: the name of the new file].")
@click.option("--option", "option", metavar="OPTION",
              help="With a DECISION: the option the fork is made to play instead (recorded in the Forked event).")
def fork(db: str, at: str, out: str, name: str | None, option: str | None) -> None:
    """Fork the exercise in DB at a point: a new exercise whose log starts with DB's events up
    to there (verified), then a Forked event naming DB, its chain's hash and the point."""
    from tabletop.replay.fork import ForkError
    from tabletop.replay.fork import fork as make_fork
    from tabletop.replay.timeline import PointError
    from tabletop.store import SqliteStore, StoreError

    if Path(out).exists():
        raise Failed(_say("out_exists", out=out))
    if Path(out).resolve() == Path(db).resolve():
        raise Failed(_say("out_is_parent"))
    played = read(db)
    point = resolve_point(played, at, db)
    decision = None if at.strip().isdigit() or at.strip().startswith("+") else at.strip()
    if option is not None:
        check_option(played, decision, option, db)
    parent = open_log(db)
    try:
        child = SqliteStore(out, name or Path(out).stem)
    except StoreError as exc:
        parent.close()
        raise Failed(message_of(exc)) from None
    try:
        new = make_fork(parent, child, point, datetime.now(timezone.utc), parent_file=Path(db).name,
                        decision=decision, played=played, option=option)
    except (ForkError, PointError) as exc:
        child.close()
        Path(out).unlink(missing_ok=True)
        raise Failed(_say("in_log", db=db, detail=message_of(exc))) from None
    finally:
        parent.close()
    child.close()
    from tabletop.text import format_offset

    where = (_say("before_to_play", decision=decision, option=option) if decision and option
             else _say("before", decision=decision) if decision else _say("to_play", option=option) if option else "")
    _echo("forked", exercise=played.exercise, point=point, where=where,
          at=format_offset(new[0].at), out=out, seq=new[0].seq, paused=_say("paused") if len(new) > 1 else "")
    _echo("play", out=out)
    _echo("rehearse", out=out)
    _echo("check", out=out, db=db)


def check_option(played, decision: str | None, option: str, db: str) -> None:
    """--option names another option of the decision forked at."""
    if decision is None:
        raise Failed(_say("option_alone"))
    _, d = played.scenario.decision(decision)
    options = [o.id for o in d.options]
    if option not in options:
        raise Failed(_say("no_option", db=db, decision=decision, option=option, hint=hint(option, options),
                          options=list(options)))
    taken = next((e.payload.option for e in played.events
                  if e.type in ("DecisionResolved", "DecisionTimedOut") and e.payload.decision == decision), None)
    if taken == option:
        raise Failed(_say("same_option", db=db, decision=decision, option=option,
                          others=[o for o in options if o != option]))


@click.command()
@click.argument("db", type=click.Path())
@click.option("--at", "at", metavar="SEQ|DECISION|+HH:MM", help="Open at this point [default: the end].")
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True)
def replay(db: str, at: str | None, lang: str) -> None:
    """Step through the exercise in DB in the facilitator console, read-only: by event, inject,
    decision or scenario time. A running exercise is read as it stands (a copy)."""
    played = read(db)
    point = resolve_point(played, at, db) if at else len(played.events)
    from tabletop.consoles.screens.replay import ReplayApp

    app = ReplayApp(played, point, lang=lang, db=db)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


def verify_lineage(db: str, events: list, parent: str | None) -> bool:
    """`tabletop verify` on a fork: say where it came from and check it against its parent."""
    from tabletop.replay.fork import check_fork, forked_from, parent_beside

    forked = forked_from(events)
    if forked is None:
        if parent:
            raise Failed(_say("not_a_fork", db=db))
        return True
    path = parent or parent_beside(db, forked)
    found = path is not None and Path(path).is_file()
    if parent and not found:
        raise Failed(_say("no_parent", parent=parent))
    store = open_log(path) if found else None
    try:
        result = check_fork(events, store)
    finally:
        if store is not None:
            store.close()
    for line in result.lines[:-1] if not result.ok else result.lines:
        _echo("line", db=db, line=line)
    if not result.ok:
        _echo("mismatch", err=True, db=db, line=result.lines[-1])
        return False
    if store is None:
        _echo("parent_away", db=db)
    return True


def comparison(db: str, store, parent_db: str):
    """`report --compare`: the fork in `store` (DB) beside its parent, checked against it first."""
    from tabletop.replay.compare import NotItsParent, compare
    from tabletop.replay.fork import check_fork
    from tabletop.replay.log import LogError, read_log
    from tabletop.store import StoreError

    events = list(store.read())
    parent = open_log(parent_db)
    try:
        check = check_fork(events, parent)
        if check.forked is None:
            raise Failed(_say("compare_not_fork", db=db))
        if not check.ok:
            raise Failed(_say("compare", parent=parent_db, detail=check.lines[-1]))
        try:
            return compare(read_log(store), read_log(parent))
        except (LogError, StoreError, NotItsParent) as exc:
            raise Failed(_say("compare", parent=parent_db, detail=message_of(exc))) from None
    finally:
        parent.close()
