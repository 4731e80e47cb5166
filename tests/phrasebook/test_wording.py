"""The Japanese as a Japanese reader meets it (docs/decisions.md, "Japanese wording"): one register
inside a message, です/ます where a console speaks to its user and である/plain in the record and the
CLI; Japanese punctuation inside Japanese text; one word for each thing of the exercise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tabletop.phrasebook import catalogue, phrase

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
POLITE = re.compile(r"(です|でした|でしょう|ます|ました|ません|ましょう|ください)$")
# a plain sentence ends in である/だ/こと, a verb's dictionary or past form, or ない
PLAIN = re.compile(r"(である|であった|だ|こと|ない|[うくすつぬぶむるぐた])$")


def sentences(text: str) -> list[str]:
    """The sentences of a Japanese text, each without the fields, brackets and marks that trail it."""
    out = []
    for s in re.split(r"[。？！：\n]", text):
        s = s.strip()
        while True:
            trimmed = re.sub(r"(\{[^{}]*\}|（[^（）]*）|\([^()]*\)|[\s…」）:：—]+)$", "", s)
            if trimmed == s:
                break
            s = trimmed
        if s:
            out.append(s)
    return out


def register(sentence: str) -> str | None:
    """'polite' (です/ます), 'plain' (である/だ/こと, a verb's plain form) or None (a noun, a label)."""
    if POLITE.search(sentence):
        return "polite"
    if PLAIN.search(sentence):
        return "plain"
    return None


def registers(text: str) -> set[str]:
    return {r for s in sentences(text) if (r := register(s))}


def japanese_entries():
    return [e for e in catalogue().values() if e.ja and JAPANESE.search(e.ja)]


def test_the_register_test_tells_a_mixed_message_from_a_polite_or_a_plain_one():
    """The planted mix the walkthrough found in the ⛔ panel, and two messages that are each one register."""
    assert registers("阻止されます：防衛出動には国会の承認を要する。まず承認を得ること。") == {"polite", "plain"}
    assert registers("演習は終了しました。良かった点を記入してください（ctrl+s）。") == {"polite"}
    assert registers("表示できるコードはない。コードは作成時に発行された。") == {"plain"}
    assert registers("✔ 受理：{action}") == set()


def test_no_phrase_mixes_desu_masu_with_dearu_in_one_message():
    mixed = [f"{e.where}: {e.key}: {e.ja}" for e in japanese_entries() if registers(e.ja) == {"polite", "plain"}]
    assert mixed == []


# Where the product writes a record or speaks as a tool, it is である/plain: the CLI and the protocol
# client's errors (`tabletop join`, a console's join screen), --help, the
# loaders' problems, the stores, the MSEL workbook, the doctrine's reasons, the refusals' reasons,
# the report and the feed's sentences.
RECORD_FILES = ("cli", "client", "help", "problems", "store", "msel", "doctrine", "reasons", "report", "events", "joinsheet")
# A console's own sentences to the person at it are です/ます (the refusals' reasons it shows after
# a label, consoles.rejected.*, are the record's words, as reasons.* are).
CONSOLE_PREFIXES = ("consoles.", "replay.fork.", "replay.keys.")
CONSOLE_RECORD = ("consoles.rejected.",)


def test_the_record_and_the_cli_never_speak_in_desu_masu():
    polite = [f"{e.where}: {e.key}: {e.ja}" for e in japanese_entries()
              if e.key.split(".")[0] in RECORD_FILES and "polite" in registers(e.ja)]
    assert polite == []


def test_a_console_speaks_to_its_user_in_desu_masu():
    plain = [f"{e.where}: {e.key}: {e.ja}" for e in japanese_entries()
             if e.key.startswith(CONSOLE_PREFIXES) and not e.key.startswith(CONSOLE_RECORD)
             and "plain" in registers(e.ja) and "。" in e.ja]
    assert plain == []


def without_what_may_be_ascii(text: str) -> str:
    """A Japanese text without what is rightly written in ASCII inside it: {fields}, `code`, rich
    markup ([b]), URLs, file names and ids (jp.pm, .xlsx, docs/msel.md), numbers (20.0, 1..3),
    what the user types (quoted in 「」), and --help's indented example lines."""
    for pattern in (r"\{[^{}]*\}", r"`[^`]*`", r"\[/?[a-z ]+\]", r"\w+://\S+", r"(?m)^  +\S.*$",
                    r"「[^」]*」", r"\d+(\.\d+)+", r"\.\.\.?|…", r"[A-Za-z0-9_*]\.[A-Za-z0-9_*]", r"\.(?=[a-z])"):
        text = re.sub(pattern, "", text)
    return text


def test_the_punctuation_check_finds_half_width_marks_in_japanese():
    assert re.findall(r"[.();\[\]]", without_what_may_be_ascii("平時（事態認定なし）.キャンセル (n)；[日本]")) == \
        [".", "(", ")", "[", "]"]
    assert re.findall(r"[.();\[\]]", without_what_may_be_ascii(
        "`tabletop doctrine list`で確かめる：jp.pm、msel.xlsx、[b]席[/b]、20.0、「a; b」、{n:.1f}")) == []


def test_japanese_phrases_use_japanese_punctuation():
    """No half-width . ( ) ; [ ] inside Japanese text: （）［］；。 instead."""
    half = [f"{e.where}: {e.key}: {e.ja}" for e in japanese_entries()
            if re.search(r"[.();\[\]]", without_what_may_be_ascii(e.ja))]
    assert half == []


# One word for each thing (docs/decisions.md, "Japanese wording"): the word the glossary chose,
# and the variants that must not come back.
FORBIDDEN = {
    "インジェクト": "付与 (an inject)",
    "状況を付与": "付与する (release an inject)",
    "判断事項": "決定事項 (a decision point)",
    "決定点": "決定事項 (a decision point)",
    "統制部": "演習統制 (the White Cell)",
    "机上演習": "図上演習 (a tabletop exercise)",
    "リハーサル": "予行 (tabletop rehearse)",
    "予行演習": "予行 (tabletop rehearse)",
    "裁定なし": "なし after 裁定：",
    "ブロック": "阻止 (a blocked move)",
    "ホットウォッシュ": "振り返り (the hotwash)",
    "UNVERIFIED": "「未検証の記録」 (what the Japanese report prints)",
    "結果：OK": "結果：問題なし",
    "付与した状況": "付与 (an inject)",
    "計算機": "マシン, ホスト (a computer)",
    "段階": "フェーズ (a phase of the scenario)",
    "待機中": "未付与 (an inject not yet released)",
}
# A scenario may name a missile's block (SM-3ブロックIIA): the rest holds in the bundled scenarios too.
FORBIDDEN_IN_SCENARIOS = [w for w in FORBIDDEN if w != "ブロック"]


def test_each_thing_has_one_name_in_japanese():
    """In the whole phrasebook, the report's own words (report.labels.*) among them."""
    found = [f"{e.where}: {e.key}: {wrong} (write {right})" for e in japanese_entries()
             for wrong, right in FORBIDDEN.items() if wrong in e.ja]
    assert found == []
    assert any(e.key.startswith("report.labels.") for e in japanese_entries())


def test_the_bundled_scenarios_use_the_glossarys_words_in_japanese():
    """Their inject senders, titles and bodies (I24 said ホットウォッシュ and 統制部)."""
    found = []
    for path in sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.name}:{n}: {wrong}" for wrong in FORBIDDEN_IN_SCENARIOS if wrong in line]
    assert found == []


@pytest.mark.parametrize("key, word", [
    ("common.actor.control_seat", "演習統制（ホワイトセル）"),
    ("common.verdict.adjudicate", "結果を記録"),
])
def test_the_glossarys_words_are_the_ones_shown(key, word):
    assert phrase(key, "ja") == word
