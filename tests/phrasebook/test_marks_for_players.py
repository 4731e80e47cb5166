"""Issue 15, point 3: the authoring mark ◇ and its words ("unverified", 未確認) are for authors and
facilitators; a player reading an inject's body, a decision's prompt or an option never sees them,
nor the empty brackets or stray spaces their removal could leave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.phrasebook.marks import for_players
from tabletop.scenario import load_scenario

REPO = Path(__file__).resolve().parents[2]
LEFTOVER = re.compile(r"◇|unverified\.?[)）]|未確認[)）]|\(\s*\)|（\s*）|\s[)）]|[、。（] ")


def player_texts(name: str):
    """(where, text) for every text of a shipped scenario that a player reads, in both languages."""
    for inject in load_scenario(str(REPO / "scenarios" / f"{name}.yaml")).scenario.injects:
        texts = [(f"{inject.id} body", inject.body)]
        for d in inject.decisions:
            texts += [(f"{d.id} prompt", d.prompt)] + [(f"{d.id} option {o.id}", o.label) for o in d.options]
        for where, text in texts:
            for lang in ("en", "ja"):
                value = getattr(text, lang, None) if text is not None else None
                if value:
                    yield f"{where} ({lang})", value


@pytest.mark.parametrize("name", ["missile-launch", "grayzone-senkaku", "arsenal"])
def test_a_player_reads_no_authoring_mark_in_a_shipped_scenario(name):
    left = [(where, for_players(text)) for where, text in player_texts(name) if LEFTOVER.search(for_players(text))]
    assert not left, left


@pytest.mark.parametrize("written, read", [
    ("did not carry it out - ◇ unverified.)", "did not carry it out.)"),
    ("（…実行しなかった。◇ 未確認）", "（…実行しなかった。）"),
    ("対象外である（◇ 空母については未確認）。", "対象外である。"),
    ("are not (◇ unverified for carriers).", "are not."),
    ("under the quick 2015 procedure ◇)", "under the quick 2015 procedure)"),
    ("（自衛隊法第76条第1項第2号、◇ 解釈）", "（自衛隊法第76条第1項第2号、解釈）"),
])
def test_the_mark_and_its_words_leave_the_sentence_whole(written, read):
    assert for_players(written) == read
