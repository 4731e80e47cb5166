"""Japanese text written as a folded YAML scalar reads without the spaces folding puts in."""

from tabletop.scenario.loader import load_scenario, load_scenario_text
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


FOLDED = """\
format: tabletop/1
id: folded
title: {en: Folded, ja: 折り返し}
summary: {en: s, ja: 概要}
doctrine: us-japan
start: 2027-04-05T06:50:00+09:00
duration: "+01:00"
seats: [jp.pm]
injects:
  - id: I01
    at: "+00:01"
    to: [jp.pm]
    title: {en: t, ja: 題}
    body:
      en: >-
        The coast guard ships
        were there 333 days.
      ja: >-
        海警局の船舶は
        2020年には333日にわたり所在した。Jアラートは
        JR北海道と
        Freedom
        Edge 27の「はてるま」は 2海里先。
"""


def test_a_line_break_beside_a_japanese_character_leaves_no_space_whatever_follows():
    # Given a folded Japanese body broken before a number, a Latin name and after 「」
    inj = load_scenario_text(FOLDED, "folded.yaml").scenario.injects[0]
    # Then the breaks beside Japanese leave no space; Latin words keep theirs, and so does a
    # space the author typed inside a line
    assert inj.body.ja == "海警局の船舶は2020年には333日にわたり所在した。JアラートはJR北海道とFreedom Edge 27の「はてるま」は 2海里先。"
    assert inj.body.en == "The coast guard ships were there 333 days."


def _folded_ja(path):
    """(source lines, value) of every multi-line `ja:` scalar of a file, read by PyYAML."""
    import yaml

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == "ja" and isinstance(v, yaml.ScalarNode) and v.style == ">":
                    yield v
                yield from walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                yield from walk(v)

    text = open(path, encoding="utf-8").read()
    return [text[n.start_mark.index:n.end_mark.index].splitlines()[1:] for n in walk(yaml.compose(text))]


def test_the_shipped_scenarios_read_their_folded_japanese_as_written_on_one_line():
    import unicodedata
    from pathlib import Path

    def wide(ch):
        return unicodedata.east_asian_width(ch) in ("W", "F")

    def texts(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from texts(v)
        elif isinstance(value, list):
            for v in value:
                yield from texts(v)
        elif isinstance(value, str):
            yield value

    root = Path(__file__).resolve().parents[2] / "scenarios"
    for path in [root / "missile-launch.yaml", root / "grayzone-senkaku.yaml", root / "examples" / "aomori-2022.yaml"]:
        loaded = set(texts(load_scenario(str(path)).scenario.model_dump()))
        for lines in _folded_ja(path):
            lines = [x.strip() for x in lines if x.strip()]
            joined = lines[0]
            for line in lines[1:]:
                joined += ("" if wide(joined[-1]) or wide(line[0]) else " ") + line
            # Then each folded Japanese paragraph is in the scenario exactly as if written on one line
            assert joined in loaded, (path.name, joined[:40])
