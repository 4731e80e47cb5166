"""Why the engine or the server refused, as a seat in Japanese reads it: the protocol carries
the reason in English (unchanged); the console recognises it by the phrasebook's `reasons.*`
and says it in Japanese, with its ids and its status."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tabletop.consoles.model import rejection
from tabletop.engine import commands as c
from tabletop.phrasebook import catalogue
from tabletop.phrasebook.recognise import recognise, reason
from tabletop.session import Session
from tabletop.store import MemoryStore

ROOT = Path(__file__).resolve().parents[2] / "tabletop"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _shape(node: ast.AST) -> str:
    """A reason as written in code, each filled-in value as {} ({!r} when given with !r)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{!r}" if v.conversion == ord("r") else "{}"
                       for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _shape(node.left) + _shape(node.right)
    return "{}"


def written_reasons() -> list[tuple[str, str, str]]:
    """(where, code, shape) of every Rejected(...), ProtocolError(...) and protocol.error(...) in
    the engine and the server."""
    out = []
    for path in sorted([*ROOT.glob("engine/*.py"), *ROOT.glob("server/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "id", None) or getattr(name, "attr", None)
            if (isinstance(node, ast.Call) and name in ("Rejected", "ProtocolError", "error") and len(node.args) >= 2
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and re.fullmatch(r"[a-z-]+", node.args[0].value)):
                out.append((f"{path.relative_to(ROOT.parent)}:{node.lineno}", node.args[0].value, _shape(node.args[1])))
    return out


def test_every_reason_the_engine_and_the_server_give_has_a_japanese_phrase():
    assert len(written_reasons()) > 50
    shapes = {}
    for e in catalogue().values():
        if e.key.startswith("reasons.") and not e.key.startswith("reasons.status."):
            shape = re.sub(r"\{\w+(![rs])?\}", lambda m: "{!r}" if m.group(1) == "!r" else "{}", e.en)
            shapes.setdefault(e.key.split(".")[1], set()).add(shape)
    missing = [f"{where}: {code}: {shape!r}" for where, code, shape in written_reasons()
               if shape not in shapes.get(code, set())]
    assert missing == []


@pytest.fixture
def session(mini, wall):
    s = Session.create(mini, MemoryStore("t"), wall())
    s.handle(c.Start(), "control", wall())
    return s


def test_given_a_timed_out_decision_when_a_japanese_seat_moves_on_it_then_it_reads_why_in_japanese(session, wall):
    session.tick(wall.advance(5))
    session.tick(wall.advance(10))
    out = session.handle(c.Move(decision="D1", option="hold"), "blue.ops", wall())
    result = {"status": "rejected", "code": out.code, "message": out.message}
    assert out.message == "decision D1 is timed out"  # the protocol's English, unchanged
    assert rejection(result, "ja") == "決定事項D1は期限切れ"
    assert rejection(result, "en") == "decision D1 is timed out"


@pytest.mark.parametrize("cmd, actor, japanese", [
    (c.Move(decision="D9", option="hold"), "blue.ops", "決定事項「D9」はない"),
    (c.Release(inject="I99"), "control", "このシナリオに付与「I99」はない"),
    (c.Start(), "control", "演習はすでに開始している"),
    (c.Pause(), "blue.lead", "その操作は統制のみが行える"),
    (c.Observation(objective="OBJ9", rating="M"), "evaluator-1", "目標「OBJ9」はない"),
])
def test_given_a_refused_command_then_a_japanese_seat_reads_the_reason_with_its_ids(session, wall, cmd, actor,
                                                                                    japanese):
    out = session.handle(cmd, actor, wall())
    assert out.status == "rejected"
    assert rejection({"code": out.code, "message": out.message}, "ja") == japanese


def test_the_servers_own_errors_read_in_japanese_and_an_unknown_one_by_its_code_or_as_sent():
    assert reason("server-error", "the server could not record that (OperationalError); it was not applied — "
                  "try again", "ja") == "サーバーが記録できなかった（OperationalError）。適用されていない。もう一度送ること"
    assert reason("slow-down", "blue.lead is sending too many messages; this one was not applied — send it again "
                  "in 2 s", "ja") == "blue.leadからのメッセージが多すぎる。このメッセージは適用されていない。2秒後に送り直すこと"
    assert reason("ended", "a newer server's words", "ja") == "演習は終了している"  # by its code
    assert reason("new-code", "a newer server's words", "ja") == "a newer server's words"
    assert recognise("decision D1 is resolved", "reasons.decision-not-open.") == (
        "reasons.decision-not-open.status", {"decision": "D1", "status": "resolved"})


def test_a_wrong_seat_code_reads_in_japanese_at_the_console():
    from tabletop.client.errors import BadCode, refusal
    from tabletop.problems import said

    exc = refusal({"type": "error", "code": "bad-code",
                   "message": "that code opens no seat in this exercise; check it with your facilitator"}, "ws://x/ws")
    assert isinstance(exc, BadCode)
    assert JAPANESE.search(said(exc.args[0], "ja")) and "facilitator" not in said(exc.args[0], "ja")
