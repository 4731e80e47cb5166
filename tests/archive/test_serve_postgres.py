"""`tabletop serve --store postgresql://…` as a real process against a real server:
SIGKILL it while a seat keeps moving, and every acknowledged move is in the
database, once, with the chain intact; `--resume` picks the exercise back up."""

from __future__ import annotations

import asyncio
import re
import signal

from tabletop.client.client import Client
from tabletop.server.codes import parse_codes_file
from tabletop.store.postgres import PostgresStore

from serve_process import MINI, free_port, serve


async def test_sigkill_under_load_loses_no_acknowledged_move_in_postgresql(tmp_path, postgres_url):
    port = str(free_port())
    codes_file = tmp_path / "codes.txt"
    proc, out = await serve(MINI, "--store", postgres_url, "--port", port, "--codes-file", str(codes_file),
                            cwd=tmp_path)
    exercise = re.search(r"tabletop: exercise (\S+) ", out).group(1)
    assert f"(exercise {exercise})" in out and "--store URL` continues the exercise" in out
    codes = parse_codes_file(codes_file.read_text())
    url = f"ws://127.0.0.1:{port}/ws"
    control, red = Client(url, codes["control"]), Client(url, codes["red.lead"], backoff=0.05, backoff_max=0.3)
    acked: dict[int, dict] = {}
    enough = asyncio.Event()

    async def keep_sending():
        i = 0
        while True:
            result = await red.send({"type": "message", "to": ["blue.lead"], "text": f"m{i}"}, timeout=30)
            assert result["status"] == "accepted", result
            acked[i] = result
            i += 1
            if i >= 30:
                enough.set()

    try:
        await control.connect()
        await red.connect()
        assert (await control.send({"type": "start"}))["status"] == "accepted"
        sender = asyncio.create_task(keep_sending())
        await asyncio.wait_for(enough.wait(), 60)
        proc.send_signal(signal.SIGKILL)  # mid-stream: a move is in flight
        await proc.wait()
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
    finally:
        await control.close()
        await red.close()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()

    store = PostgresStore(postgres_url, exercise, create=False)
    log = {e.seq: e for e in store.read()}
    for i, result in acked.items():
        e = log[result["first_seq"]]
        assert (e.type, e.actor, e.data["text"]) == ("MessageSent", "red.lead", f"m{i}")
    texts = [e.data["text"] for e in log.values() if e.type == "MessageSent"]
    assert len(texts) == len(set(texts)) and store.verify().ok
    head = store.last_seq
    store.close()

    proc, out = await serve("--resume", exercise, "--store", postgres_url, "--port", port, "--codes-file",
                            str(codes_file), cwd=tmp_path)  # the killed server's lock went with its connection
    try:
        shown = re.search(r"log: +(.*?) +\((\d+) events", out)
        assert shown.group(1).endswith(f"(exercise {exercise})") and int(shown.group(2)) >= head, out
        again = Client(url, codes["red.lead"])
        await again.connect()
        result = await again.send({"type": "message", "to": ["blue.lead"], "text": "after the crash"})
        assert result["status"] == "accepted" and result["first_seq"] > head
        await again.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 15)


def test_run_with_a_store_logs_the_exercise_in_the_database(postgres_url):
    # `tabletop run --store URL` starts this embedded server before opening the facilitator console.
    from tabletop.consoles.embedded import EmbeddedServer

    server = EmbeddedServer(MINI, None, None, "127.0.0.1", 0, store_url=postgres_url)
    started = server.start()
    try:
        assert started.db_path is None and started.codes_file is None and "control" in started.codes
    finally:
        server.stop()
    store = PostgresStore(postgres_url, started.exercise, create=False)
    assert next(store.read()).type == "ExerciseCreated" and store.get_meta("scenario_text") and store.verify().ok
    store.close()
