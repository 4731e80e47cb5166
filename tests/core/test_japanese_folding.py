"""Japanese text written as a folded YAML scalar reads without the spaces folding puts in."""

from tabletop.scenario.loader import load_scenario
from tabletop.text import Text


def test_a_folded_japanese_paragraph_joins_its_lines_without_spaces():
    # Given a Japanese text broken over two lines of a folded scalar (YAML joins them with a space)
    text = Text.model_validate({"en": "Over Aomori and Hokkaido.", "ja": "青森県と 北海道の上空を通過した。 9月以降"})
    # Then the Japanese reads as one line, and the English is untouched
    assert text.ja == "青森県と北海道の上空を通過した。9月以降"
    assert text.en == "Over Aomori and Hokkaido."


def test_latin_words_inside_japanese_keep_their_spaces():
    text = Text.model_validate({"en": "x", "ja": "日米韓共同訓練「Freedom Edge 27」に対し"})
    assert text.ja == "日米韓共同訓練「Freedom Edge 27」に対し"


def test_the_shipped_scenarios_japanese_has_no_space_between_japanese_characters():
    import re
    import unicodedata

    def wide(ch: str) -> bool:
        return unicodedata.east_asian_width(ch) in ("W", "F")

    for name in ("missile-launch", "grayzone-senkaku"):
        s = load_scenario(name).scenario
        texts = [s.summary.ja or ""] + [i.body.ja or "" for i in s.injects]
        for t in texts:
            for m in re.finditer(r"(\S) +(\S)", t):
                assert not (wide(m.group(1)) and wide(m.group(2))), (name, t[max(0, m.start() - 10):m.end() + 10])
