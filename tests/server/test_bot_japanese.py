"""`tabletop bot` as a Japanese reader runs it: a moves file that starts the exercise itself is
played (control's `start` does not wait for a started clock), and a move the server refuses is
said in Japanese, the reason the server's English recognised by the phrasebook."""

from __future__ import annotations

import asyncio
import re

from tabletop.client.bot import Bot
from tabletop.rehearsal import MovesFile


async def test_a_control_bot_whose_moves_start_the_exercise_plays_them_and_says_refusals_in_japanese(
        exercise_factory, tmp_path):
    ex = await exercise_factory("memory")
    moves = MovesFile.model_validate({"format": "tabletop-moves/1", "moves": [
        {"at": "+00:00", "seat": "control", "control": "start"},
        {"at": "+00:00", "seat": "control", "control": "release", "inject": "I99"}]})
    lines: list[str] = []
    report = await asyncio.wait_for(Bot(ex.url, ex.codes["control"], moves, echo=lines.append, lang="ja").run(), 20)
    assert report.played == 2 and report.refused == 1, lines
    assert lines[1] == "+00:00:00 control 開始：受理", lines
    refused = lines[2]
    assert refused == "+00:00:00 control 付与 I99：拒否（unknown-inject）：このシナリオに付与「I99」はない", lines
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", refused), refused  # no English sentence left
