"""Every Japanese reason a blocked or flagged move shows — the pack's requirements, advisories,
authorities and divisions, and the phrasebook's own words around them — is in one register: plain
である style, like a statute (docs/doctrine-format.md, "Register of the Japanese reasons")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.doctrine.rules import load_doctrine, load_doctrine_file
from tabletop.phrasebook import phrase

POLITE = re.compile(r"(です|ます|ません|ました|でした|ましょう|ください|でしょう)")
COLLOQUIAL = re.compile(r"(?<![なの])だ(?=[。）」]|$)")  # a sentence ending in だ, not である
PACKS = [load_doctrine("us-japan"), load_doctrine("us-japan-industry"),
         *(load_doctrine_file(p) for p in sorted((Path(__file__).parents[1] / "packs").glob("*.yaml")))]


def registers(text: str) -> set[str]:
    """The registers of the sentences of `text`: 'polite' (です/ます), 'colloquial' (〜だ。) or 'plain'."""
    found = set()
    for sentence in filter(None, (s.strip() for s in re.split(r"(?<=。)", text))):
        found.add("polite" if POLITE.search(sentence) else "colloquial" if COLLOQUIAL.search(sentence) else "plain")
    return found


def reasons(d) -> list[tuple[str, str]]:
    """(where, Japanese text) of every reason a move under `d` can show."""
    out = []
    for a in d.pack.actions:
        if a.authority and a.authority.ja:
            out.append((f"{a.id} authority", a.authority.ja))
        for key in ("requires", "advisories"):
            out += [(f"{a.id} {key} {i + 1}", r.text.ja) for i, r in enumerate(getattr(a, key)) if r.text.ja]
    out += [(f"division {div.id}", div.text.ja) for div in d.pack.divisions if div.text.ja]
    return out


def test_the_check_finds_a_reason_that_mixes_polite_and_plain():
    # The sentence a Prime Minister read before: the phrasebook's polite opening, the pack's plain reason.
    assert registers("内閣総理大臣にはこの権限がありません。反撃能力の行使は部隊が行う。") == {"polite", "plain"}
    assert registers("要件を満たさない。承認を得ること。") == {"plain"}
    assert registers("承認が必要だ。") == {"colloquial"}


@pytest.mark.parametrize("d", PACKS, ids=[d.id for d in PACKS])
def test_every_japanese_reason_of_a_pack_is_plain(d):
    off = [(where, text) for where, text in reasons(d) if registers(text) != {"plain"}]
    assert off == []


def test_the_words_the_phrasebook_puts_around_a_reason_are_plain_too():
    why = "反撃能力の行使は部隊が行う。"
    said = [phrase("doctrine.reason.only_roles", "ja", roles="jp.mod"),
            phrase("doctrine.reason.no_authority", "ja", role="内閣総理大臣", why=why),
            phrase("doctrine.reason.deviation", "ja", division="IV.C.2.b.ii", title="弾道ミサイル防衛",
                   primary="日本", text=why)]
    assert [registers(s) for s in said] == [{"plain"}] * 3
