"""`tabletop run`: the server starts in-process, the facilitator console opens on
it, the seat codes are shown (and written beside the log); `--resume` reuses them."""

from __future__ import annotations

import socket

from tabletop.consoles.cli import prepare_run
from tabletop.consoles.screens.codes import CodesScreen
from tabletop.consoles.screens.facilitator import FacilitatorScreen

from console_helpers import SIZE, text_of, until

MINI = "tests/fixtures/mini.yaml"


def run_in(tmp_path, monkeypatch):
    """`tabletop run` of the mini scenario, started in `tmp_path` (its exercises/ folder)."""
    import os

    repo = os.getcwd()
    monkeypatch.chdir(tmp_path)
    return prepare_run(f"{repo}/{MINI}", None, None, "127.0.0.1", 0)


async def test_run_shows_the_seat_codes_and_writes_them(tmp_path, monkeypatch):
    import os

    server, started, app = run_in(tmp_path, monkeypatch)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
            assert started.join_url in text_of(app.screen.query_one("#hint"))
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, CodesScreen), "codes dialog")
            shown = text_of(app.screen.query_one("#codes"))
            for seat in ("blue.lead", "blue.ops", "red.lead", "evaluator-1"):
                # each seat in full with its code on one line, however narrow the table
                assert any(seat in line and started.codes[seat] in line for line in shown.splitlines()), shown
            assert started.codes["control"] not in shown  # control's code stays with the facilitator
            dialog = " ".join(text_of(w) for w in app.screen.query("Static"))
            assert f"tabletop join {started.join_url} --code CODE" in dialog
    finally:
        server.stop()
    codes_file = tmp_path / "exercises" / (os.path.basename(started.db_path).removesuffix(".db") + ".codes.txt")
    assert codes_file.is_file() and oct(codes_file.stat().st_mode & 0o777) == "0o600"
    assert started.codes["blue.ops"] in codes_file.read_text()

    # Resume: the same codes are still valid and shown again; control gets in.
    server, again, app = prepare_run(None, started.db_path, None, "127.0.0.1", 0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
            assert again.codes["blue.ops"] == started.codes["blue.ops"]
    finally:
        server.stop()


def test_taken_port_falls_back_to_a_free_one(tmp_path, monkeypatch):
    import os

    repo = os.getcwd()
    monkeypatch.chdir(tmp_path)
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    port = blocker.getsockname()[1]
    try:
        server, started, app = prepare_run(f"{repo}/{MINI}", None, None, "127.0.0.1", port)
        server.stop()
    finally:
        blocker.close()
    assert started.port != port
    assert any(f"Port {port} is in use" in str(n) for n in started.notes)


def test_bad_scenario_is_a_user_error(tmp_path):
    import pytest

    from tabletop.cli import Failed

    with pytest.raises(Failed) as exc:
        prepare_run(str(tmp_path / "nope.yaml"), None, None, "127.0.0.1", 0)
    assert "no such file" in str(exc.value.message)


async def test_resume_without_the_codes_file_still_opens_the_console(tmp_path, monkeypatch):
    import os

    repo = os.getcwd()
    monkeypatch.chdir(tmp_path)
    server, started, app = prepare_run(f"{repo}/{MINI}", None, None, "127.0.0.1", 0)
    server.stop()
    os.remove(started.codes_file)
    server, again, app = prepare_run(None, started.db_path, None, "127.0.0.1", 0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, CodesScreen), "codes dialog")
            assert any("cannot be shown" in str(n) for n in again.notes)
            assert again.control_code != started.codes["control"]
    finally:
        server.stop()
    # The players' codes from the start still open their seats.
    from tabletop.server.codes import SeatCodes
    from tabletop.store import SqliteStore

    store = SqliteStore(started.db_path, create=False)
    try:
        assert SeatCodes.load(store).seat_for(started.codes["blue.ops"]) == "blue.ops"
    finally:
        store.close()


def test_resume_listens_where_the_participants_were_told_to_join(tmp_path, monkeypatch):
    """`tabletop run --resume DB` with no --port: the port of the codes file, where the players'
    consoles keep reconnecting (it took 8765, stranding an exercise run on --port 8801); if that
    port is taken, it says so rather than moving elsewhere."""
    import os

    import pytest

    from tabletop.cli import Failed

    repo = os.getcwd()
    monkeypatch.chdir(tmp_path)
    server, started, app = prepare_run(f"{repo}/{MINI}", None, None, "127.0.0.1", 0)
    server.stop()
    server, again, app = prepare_run(None, started.db_path, None, None, None)
    server.stop()
    assert again.port == started.port and again.join_url == started.join_url
    assert any("reconnect" in str(n) for n in again.notes)

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", started.port))
    blocker.listen()
    try:
        with pytest.raises(Failed) as exc:
            prepare_run(None, started.db_path, None, None, None)
    finally:
        blocker.close()
    assert f"port {started.port}" in str(exc.value.message) and "--port" in str(exc.value.message)


def test_a_console_that_stopped_on_an_error_exits_non_zero():
    """Textual prints the error and sets the return code; `tabletop join` exited 0 all the same."""
    import pytest

    from tabletop.consoles.cli import _run_console

    class Stopped:
        failure = None
        return_code = 1

        def run(self):
            pass

    with pytest.raises(SystemExit) as exc:
        _run_console(Stopped())
    assert exc.value.code == 1


async def test_the_codes_screen_writes_a_join_sheet_for_every_seat(tmp_path, monkeypatch):
    """Key p on the codes screen: one PDF page per seat a person joins (not control), each with the
    role, the short code and the one command to type; as secret as the codes file."""
    import os

    from pypdf import PdfReader

    from tabletop.server.codes import short_code

    server, started, app = run_in(tmp_path, monkeypatch)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen) and app.screen._ready, "console")
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, CodesScreen), "codes dialog")
            shown = text_of(app.screen.query_one("#codes"))
            assert short_code(started.codes["blue.ops"]) in shown  # the code to read out
            await pilot.press("p")
            await until(pilot, lambda: "Join sheets written" in text_of(app.screen.query_one("#sheets")),
                        "sheets written", timeout=60)
            said = text_of(app.screen.query_one("#sheets"))
    finally:
        server.stop()
    pdf = tmp_path / "exercises" / (os.path.basename(started.db_path).removesuffix(".db") + ".join-sheets.pdf")
    assert str(pdf.relative_to(tmp_path)) in said
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    seats = [s for s in started.codes if s != "control"]
    assert len(pages) == len(seats)
    address = started.join_url.removeprefix("ws://").removesuffix("/ws")
    for seat, page in zip(seats, pages):
        short = short_code(started.codes[seat])
        assert seat in page and short in page and f"tabletop join {address} --code {short}" in page
    assert not any(started.codes["control"] in page for page in pages)
