"""`tabletop serve` as a real process: SIGKILL it mid-exercise, `--resume`, and
nothing acknowledged is lost, nothing is made twice, the consoles come back by
themselves and the log's hash chain verifies."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import subprocess
import sys


from tabletop.server.codes import parse_codes_file
from tabletop.store import SqliteStore

from serve_process import MINI, free_port, serve


async def test_sigkill_then_resume_loses_no_acknowledged_move(tmp_path, console_at):
    port = str(free_port())
    db = tmp_path / "ex.db"
    codes_file = tmp_path / "codes.txt"
    proc, out = await serve(MINI, "--port", port, "--db", str(db), "--codes-file", str(codes_file), cwd=tmp_path)
    assert f"ws://127.0.0.1:{port}/ws" in out and "tabletop join" in out
    assert stat.S_IMODE(os.stat(codes_file).st_mode) == 0o600
    codes = parse_codes_file(codes_file.read_text())
    assert set(codes) == {"blue.lead", "blue.ops", "red.lead", "control", "evaluator-1", "evaluator-2"}
    assert all(code in out for code in codes.values())

    url = f"ws://127.0.0.1:{port}/ws"
    control = console_at(url, codes["control"], backoff=0.05, backoff_max=0.3)
    red = console_at(url, codes["red.lead"], backoff=0.05, backoff_max=0.3)
    try:
        await control.connect()
        await red.connect()
        assert (await control.send({"type": "start"}))["status"] == "accepted"

        acked: dict[int, dict] = {}
        stop = asyncio.Event()

        async def keep_sending():
            i = 0
            while not stop.is_set():
                result = await red.send({"type": "message", "to": ["blue.lead"], "text": f"m{i}"}, timeout=30)
                assert result["status"] == "accepted", result
                acked[i] = result
                i += 1

        sender = asyncio.create_task(keep_sending())
        await red.until(lambda: len(acked) >= 15 or sender.done(), what="15 acknowledged moves")
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        before_kill = len(acked)
        await red.until(lambda: "reconnecting" in red.statuses, what="the client noticing the crash")

        proc, out = await serve("--resume", str(db), "--port", port, "--codes-file", str(codes_file), cwd=tmp_path)
        assert "still valid" in out and codes["red.lead"] in out
        await red.until(lambda: len(acked) >= before_kill + 15 or sender.done(), timeout=20,
                        what="moves acknowledged after the restart")
        stop.set()
        await asyncio.wait_for(sender, 10)
        assert red.statuses.count("connected") >= 2
        await control.until(lambda: control.statuses.count("connected") >= 2, what="control reconnecting by itself")
        last = max(r["last_seq"] for r in acked.values())
        await control.seen_seq(last)
        seqs = control.seqs()
        assert seqs == list(range(1, seqs[-1] + 1)), "control saw every event once, in order, across the crash"
    finally:
        await control.close()
        await red.close()
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 15)

    store = SqliteStore(db, create=False)
    try:
        log = {e.seq: e for e in store.read()}
        for i, result in acked.items():
            e = log[result["first_seq"]]
            assert (e.type, e.actor, e.data["text"]) == ("MessageSent", "red.lead", f"m{i}")
        texts = [e.data["text"] for e in log.values() if e.type == "MessageSent"]
        assert len(texts) == len(set(texts)), "no move was made twice"
        assert store.verify().ok
    finally:
        store.close()
    verify = subprocess.run([sys.executable, "-m", "tabletop", "verify", str(db)], capture_output=True, text=True)
    assert verify.returncode == 0 and "log intact" in verify.stdout


async def test_resume_without_the_codes_file_keeps_codes_valid_but_cannot_reprint_them(tmp_path, console_at):
    port = str(free_port())
    db = tmp_path / "ex.db"
    proc, out = await serve(MINI, "--port", port, "--db", str(db), "--codes-file", str(tmp_path / "c.txt"),
                            cwd=tmp_path)
    proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(proc.wait(), 15) == 0
    codes = parse_codes_file((tmp_path / "c.txt").read_text())
    proc, out = await serve("--resume", str(db), "--port", port, cwd=tmp_path)
    try:
        assert "cannot be reprinted" in out
        assert not any(code in out for code in codes.values())
        ops = console_at(f"ws://127.0.0.1:{port}/ws", codes["blue.ops"])
        assert (await ops.connect())["seat"] == "blue.ops"
        await ops.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 15)


def test_serve_explains_user_errors_without_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tabletop.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*args):
        return CliRunner().invoke(main, ["serve", *args])

    r = run()
    assert r.exit_code == 2 and "give a SCENARIO" in r.output and "Traceback" not in r.output
    r = run("--resume", "nope.db")
    assert r.exit_code == 2 and "no such exercise log" in r.output
    (tmp_path / "taken.db").write_text("")
    r = run(MINI, "--db", "taken.db")
    assert r.exit_code == 2 and "already exists" in r.output and "--resume" in r.output
    r = run(str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "no such file" in r.output


def test_serve_resume_of_a_log_with_an_unreadable_row_names_the_row(tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from tabletop.cli import main

    db = tmp_path / "r.db"
    CliRunner().invoke(main, ["rehearse", MINI, "--db", str(db)])
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET payload = '{oops' WHERE seq = 5")
    con.commit()
    con.close()
    r = CliRunner().invoke(main, ["serve", "--resume", str(db)])
    assert r.exit_code == 2 and "event #5" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_serve_to_a_log_that_cannot_be_created_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from tabletop.cli import main

    (tmp_path / "afile").write_text("")
    for db in (tmp_path / "afile" / "x.db", tmp_path / "afile" / "sub" / "x.db"):
        r = CliRunner().invoke(main, ["serve", MINI, "--db", str(db), "--port", "0"])
        assert r.exit_code == 2 and "cannot create" in r.output, r.output
        assert r.exception is None or isinstance(r.exception, SystemExit)


def test_a_log_already_served_cannot_be_served_again_until_it_is_closed(tmp_path):
    import pytest

    from tabletop.server.app import ExerciseError, open_exercise
    from tabletop.store import SqliteStore

    db = tmp_path / "x.db"
    first, _ = open_exercise(MINI, db=str(db))
    with pytest.raises(ExerciseError, match="in use"):
        open_exercise(resume=str(db))
    reader = SqliteStore(db, create=False)  # verify, export and report still read it
    assert reader.verify().ok
    reader.close()
    first.store.close()
    again, _ = open_exercise(resume=str(db))
    assert again.state.last_seq == first.state.last_seq
    again.store.close()


def test_serve_that_cannot_listen_or_write_its_codes_leaves_no_log_behind(tmp_path):
    from click.testing import CliRunner

    from tabletop.cli import main

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = str(busy.getsockname()[1])
    try:
        db = tmp_path / "x.db"
        r = CliRunner().invoke(main, ["serve", MINI, "--db", str(db), "--port", port])
        assert r.exit_code == 2 and "cannot listen" in r.output and "nothing was started" in r.output, r.output
        assert not db.exists()  # so the same command works once the port is free
    finally:
        busy.close()
    (tmp_path / "afile").write_text("")
    r = CliRunner().invoke(main, ["serve", MINI, "--db", str(db), "--port", "0",
                                  "--codes-file", str(tmp_path / "afile" / "codes.txt")])
    assert r.exit_code == 2 and "codes" in r.output and "nothing was started" in r.output, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert not db.exists()


async def test_resume_with_the_codes_file_listens_where_the_participants_were_sent(tmp_path):
    port = free_port()
    db, codes_file = tmp_path / "ex.db", tmp_path / "codes.txt"
    proc, _ = await serve(MINI, "--db", str(db), "--port", str(port), "--codes-file", str(codes_file), cwd=tmp_path)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    proc, out = await serve("--resume", str(db), "--codes-file", str(codes_file), cwd=tmp_path)
    try:
        assert f"resuming on 127.0.0.1:{port}, where the participants were sent" in out
        assert f"serving: ws://127.0.0.1:{port}/ws" in out
    finally:
        proc.terminate()
        await proc.wait()
