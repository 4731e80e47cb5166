"""`tabletop run`'s session server: the same server as `tabletop serve`, started
in-process on a thread of its own (its own event loop), so the facilitator's
keys never wait on the log's disk writes or on fifty seats' traffic.

The facilitator console then joins it over the protocol like any other seat."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from tabletop.problems import Say, message_of


class StartFailed(Exception):
    """The exercise or the server could not be started; the message says why and what to do."""


@dataclass
class Started:
    url: str  # where this machine's consoles connect (127.0.0.1 for a local bind)
    join_url: str  # what participants are told to use
    port: int
    codes: dict[str, str]  # seat -> plain code (may lack player seats on a resume without the codes file)
    control_code: str
    exercise: str
    db_path: str | None
    codes_file: str | None
    notes: list = field(default_factory=list)  # sentences (str, or a Say to be said in the console's language)


def codes_file_for(db_path: str | None) -> Path | None:
    if not db_path:
        return None
    p = Path(db_path)
    return p.with_name(p.stem + ".codes.txt")


class EmbeddedServer:
    def __init__(self, scenario: str | None = None, resume: str | None = None, db: str | None = None,
                 host: str = "127.0.0.1", port: int = 8765, fallback: bool = True, store_url: str | None = None):
        self.scenario = scenario
        self.store_url = store_url  # postgresql://…: the log is that database's exercise
        self.fallback = fallback  # another port if this one is taken (not on a resume: players reconnect here)
        self.resume = resume
        self.db = db
        self.host = host
        self.port = port
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready: Future = Future()
        self._stopped = threading.Event()
        self.session = None
        self.handle = None

    def start(self, timeout: float = 60) -> Started:
        self._thread = threading.Thread(target=self._main, name="tabletop-embedded-server", daemon=True)
        self._thread.start()
        return self._ready.result(timeout)  # re-raises StartFailed

    def stop(self, timeout: float = 15) -> None:
        loop = self.loop
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the server's thread ------------------------------------------------------------

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.loop = loop
        try:
            started = self._open(loop)
        except BaseException as exc:  # handed to the caller of start()
            self._ready.set_exception(exc if isinstance(exc, StartFailed) else StartFailed(_message(exc)))
            self._close(loop)
            return
        self._ready.set_result(started)
        try:
            loop.run_forever()
        finally:
            self._close(loop)

    def _open(self, loop: asyncio.AbstractEventLoop) -> Started:
        from tabletop.problems import ProblemsFound
        from tabletop.server.app import ExerciseError, open_exercise

        try:
            self.session, codes = open_exercise(self.scenario, self.resume, self.db, self.store_url)
        except ExerciseError as exc:
            raise StartFailed(message_of(exc)) from None
        except ProblemsFound as exc:
            lines = [str(p) for p in exc.problems]
            said = Say("cli.serve.not_started", n=len(exc.errors), file=self.scenario)
            raise StartFailed("\n".join(lines + [str(said)])) from None
        store = self.session.store
        db_path = str(getattr(store, "path", "")) or None
        codes_file = codes_file_for(db_path)
        notes: list[str] = []
        plain = dict(codes or {})
        if codes is None:
            plain = self._recover_codes(codes_file, notes)
        self.handle, bound_note = loop.run_until_complete(self._listen(plain))
        if bound_note:
            notes.append(bound_note)
        from tabletop.server.cli import join_url

        scheme = "ws"
        shown = join_url(scheme, self.host, self.handle.port)
        if codes is not None and codes_file is not None:
            self._write_codes(codes_file, plain, shown, store.exercise)
        elif codes is not None:
            codes_file = None
        return Started(url=self.handle.url, join_url=shown, port=self.handle.port, codes=plain,
                       control_code=plain["control"], exercise=store.exercise, db_path=db_path,
                       codes_file=str(codes_file) if codes_file else None, notes=notes)

    def _recover_codes(self, codes_file: Path | None, notes: list[str]) -> dict[str, str]:
        """On resume the log holds only hashes: reuse the codes file if it matches, and give
        control a fresh code if need be (the facilitator console must be able to join)."""
        from tabletop.server.codes import SeatCodes, code_hash, new_code, parse_codes_file

        store = self.session.store
        stored = SeatCodes.load(store)
        plain: dict[str, str] = {}
        if codes_file is not None and codes_file.is_file() and stored is not None:
            kept = parse_codes_file(codes_file.read_text(encoding="utf-8"))
            plain = {seat: code for seat, code in kept.items() if stored.seat_for(code) == seat}
            if plain:
                notes.append(Say("cli.run.codes_still_valid", file=str(codes_file)))
        if stored is None:
            stored = SeatCodes({})
        if "control" not in plain:
            control = new_code()
            stored.hashes["control"] = code_hash(control)
            stored.save(store)
            plain["control"] = control
            if len(plain) == 1:
                notes.append(Say("cli.run.codes_hidden"))
        return plain

    async def _listen(self, codes: dict[str, str]):
        from tabletop.server.app import start_server

        try:
            return await start_server(self.session, codes or None, self.host, self.port), None
        except OSError as exc:
            if self.port == 0:
                raise StartFailed(Say("cli.run.cannot_listen", host=self.host, reason=exc.strerror or str(exc))) from None
            if not self.fallback:
                raise StartFailed(Say("cli.run.port_held", host=self.host, port=self.port,
                                      reason=exc.strerror or str(exc))) from None
            try:
                handle = await start_server(self.session, codes or None, self.host, 0)
            except OSError as exc2:
                raise StartFailed(Say("cli.run.cannot_listen", host=self.host, reason=exc2.strerror or str(exc2))) from None
            return handle, Say("cli.run.port_taken", port=self.port, reason=exc.strerror or str(exc), other=handle.port)

    def _write_codes(self, path: Path, plain: dict[str, str], url: str, exercise: str) -> None:
        from tabletop.server.app import seat_titles
        from tabletop.server.cli import write_codes_file
        from tabletop.server.codes import format_codes_file

        from tabletop.problems import language

        path.parent.mkdir(parents=True, exist_ok=True)
        lang = language()  # the command's language (tabletop --lang, TABLETOP_LANG, the locale)
        write_codes_file(str(path), format_codes_file(plain, seat_titles(self.session, lang), url, exercise, lang))

    def _close(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            if self.handle is not None:
                loop.run_until_complete(self.handle.close())
        except Exception:
            pass
        finally:
            if self.session is not None:
                try:
                    self.session.store.close()
                except Exception:
                    pass
            loop.close()
            self._stopped.set()


def _message(exc: BaseException) -> str:
    return str(exc) or exc.__class__.__name__
