"""Bots play a moves file seat by seat over the protocol, on the exercise clock,
and reach the same outcome as the headless rehearsal."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tabletop.client.bot import Bot, command_for, plays
from tabletop.rehearsal import MoveSpec, load_moves

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fast_mini(tmp_path: Path) -> str:
    """The mini scenario at 200x: its twelve scenario minutes of moves take 3.6 s, a minute
    (the gap between moves that depend on each other) 0.3 s."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("speed: 60}", "speed: 200}").replace("doctrine: mini-pack.yaml",
                                                             f"doctrine: {FIXTURES / 'mini-pack.yaml'}")
    path = tmp_path / "mini-fast.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_moves_file_lines_become_protocol_commands():
    assert command_for(MoveSpec(at="+00:01", seat="blue.ops", decision="D1", option="strike", text="go"), {}) == {
        "type": "move", "decision": "D1", "option": "strike", "text": "go"}
    ruling = MoveSpec(at="+00:01", seat="control", ruling={"seat": "blue.ops", "verdict": "uphold", "reason": "r"})
    assert command_for(ruling, {7: "blue.ops", 9: "red.lead", 4: "blue.ops"})["target"] == 7
    assert plays("evaluator", "evaluator-1") and not plays("evaluator", "evaluator-2")
    assert not plays("blue.ops", "blue.lead")


async def test_bots_play_the_moves_file_to_the_rehearsed_outcome(exercise_factory, tmp_path):
    ex = await exercise_factory("sqlite", scenario=fast_mini(tmp_path))
    moves = load_moves(str(FIXTURES / "mini.moves.yaml"))
    watcher = await ex.join("evaluator-2")
    lines: list[str] = []

    # blue.lead plays through the real command line, the others in-process.
    cli = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tabletop", "bot", ex.url, "--code", ex.codes["blue.lead"],
        "--moves", str(FIXTURES / "mini.moves.yaml"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    players = [asyncio.create_task(Bot(ex.url, ex.codes[seat], moves, echo=lines.append).run())
               for seat in ("blue.ops", "evaluator-1")]
    await watcher.until(lambda: {e["actor"] for e in watcher.events if e["type"] == "SeatJoined"}
                        >= {"blue.ops", "blue.lead", "evaluator-1"}, timeout=30, what="the bots joining")
    control = asyncio.create_task(Bot(ex.url, ex.codes["control"], moves, echo=lines.append).run())
    reports = await asyncio.wait_for(asyncio.gather(*players, control), 30)
    out, _ = await asyncio.wait_for(cli.communicate(), 30)
    out = out.decode()
    assert cli.returncode == 0, out
    assert "blue.lead action blue.approve: accepted" in out

    assert [r.refused for r in reports] == [0, 0, 0], lines
    assert [r.played for r in reports] == [2, 1, 1]
    assert any("blue.ops move D1/strike: blocked — Needs approval [Mini Act Art. 3]" in x for x in lines), lines
    state = ex.session.state
    assert state.decision("D1").option == "strike"
    blocked = [e for e in ex.log() if e.type == "MoveBlocked"]
    assert [(e.actor, e.data["action"]) for e in blocked] == [("blue.ops", "blue.strike")]
    rulings = [e for e in ex.log() if e.type == "RulingMade"]
    assert [(r.data["verdict"], r.data["target"]) for r in rulings] == [("uphold", blocked[0].seq)]
    # The branch taken: after the strike, I03 (not I04). Speed the clock up to get there.
    facilitator = await ex.join("control")
    await facilitator.send({"type": "speed", "speed": 3600})
    await watcher.event("InjectReleased", inject="I03", timeout=15)
    assert ex.session.state.inject("I04").status != "released"
