"""The shipped missile-launch rehearsal, reported in Japanese, cites the law in its Japanese
form (a citation is data with a Japanese form in the pack); in English, by article number."""

from __future__ import annotations


def test_the_japanese_report_cites_the_law_as_a_japanese_reader_writes_it(missile_reports):
    _, pages = missile_reports
    # D3's legal basis (the Prime Minister approves the destruction order), and the reason the rules
    # gave for the Minister of Defense's blocked destruction order at +00:05:00
    assert "自衛隊法第82条の3第1項" in pages["ja"]
    assert "SDF Act Art. 82-3(1)" in pages["en"] and "自衛隊法第82条の3第1項" not in pages["en"]
    # Nowhere in the Japanese report is a statute cited in its English form (the participants'
    # notes, quoted as they typed them, do mention articles in English: "asking the PM under 82-3(1)").
    for english in ("SDF Act", "AASRA Art.", "JCG Act", "2015 Guidelines IV", "1960 Treaty Art."):
        assert english not in pages["ja"], english
