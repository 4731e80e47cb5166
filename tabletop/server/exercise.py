"""Opening an exercise for the server: a new one from a scenario (its log created, its seat
codes issued) or one resumed from its log, SQLite or PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from tabletop.problems import Say
from tabletop.server import protocol
from tabletop.server.codes import SeatCodes, seats_for
from tabletop.session import Session


def _said(exc: BaseException):
    """An error's sentence as it was given (a Say still to be said in the reader's language), or its text."""
    return exc.args[0] if len(exc.args) == 1 else str(exc)


class ExerciseError(Exception):
    """Something the facilitator must fix (a missing log, an existing file): a message, not a traceback."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def default_db(scenario_id: str, now: datetime | None = None) -> Path:
    stamp = (now or utc_now()).strftime("%Y%m%d-%H%M%S")
    return Path("exercises") / f"{scenario_id}-{stamp}.db"


def open_exercise(scenario: str | None = None, resume: str | None = None, db: str | None = None,
                  store_url: str | None = None) -> tuple[Session, dict[str, str] | None]:
    """Create an exercise from SCENARIO (log at `db`, default exercises/<id>-<UTC stamp>.db, or
    ":memory:") and issue seat codes; or resume the log at `resume` with the codes it holds.

    With `store_url` (postgresql://…) the log is that database's exercise (`resume` names it).
    Returns the session and seat → plain code (None on resume: only hashes are kept).
    Raises ExerciseError, or ProblemsFound for a scenario with errors."""
    from tabletop.scenario import load_scenario
    from tabletop.store import MemoryStore, SqliteStore, StoreError, open_postgres

    if (scenario is None) == (resume is None):
        raise ExerciseError(Say("store.what_to_open"))
    if resume is not None:
        try:
            store = (open_postgres(store_url, resume, create=False, exclusive=True) if store_url
                     else SqliteStore(resume, create=False, exclusive=True))
        except StoreError as exc:
            raise ExerciseError(_said(exc)) from None
        try:
            session = Session.resume(store)
        except (ValueError, StoreError) as exc:
            store.close()
            raise ExerciseError(Say("cli.errors.in_file", file=resume, detail=_said(exc))) from None
        if SeatCodes.load(store) is None:
            seat_codes, plain = SeatCodes.issue(seats_for(session.scenario))
            seat_codes.save(store)
            return session, plain
        return session, None

    loaded = load_scenario(scenario)
    now = utc_now()
    exercise = f"{loaded.scenario.id}-{now.strftime('%Y%m%d-%H%M%S')}"
    if store_url:
        try:
            store = open_postgres(store_url, exercise, exclusive=True)
        except StoreError as exc:
            raise ExerciseError(_said(exc)) from None
    elif db == ":memory:":
        store = MemoryStore(exercise)
    else:
        path = Path(db) if db else default_db(loaded.scenario.id, now)
        if path.exists():
            raise ExerciseError(Say("store.exists", path=str(path)))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExerciseError(Say("store.cannot_create", path=str(path), detail=exc.strerror or str(exc))) from None
        try:
            store = SqliteStore(path, exercise, exclusive=True)
        except StoreError as exc:
            raise ExerciseError(_said(exc)) from None
    session = Session.create(loaded, store, now, scenario_text=Path(loaded.path).read_text(encoding="utf-8"))
    seat_codes, plain = SeatCodes.issue(seats_for(loaded.scenario))
    seat_codes.save(store)
    return session, plain


def seat_titles(session: Session, lang: str = "en") -> dict[str, str]:
    return {seat: protocol.seat_title(session.rules, seat, lang) for seat in seats_for(session.scenario)}
