"""The phrasebook as a reviewer and a caller meet it: every key in both languages, the
same fields in each, clear errors for a missing key, field or language, and for a
malformed data file (with its FILE:LINE:COL)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tabletop.phrasebook import PhraseError, catalogue, load, parts, phrase, section

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def test_every_key_has_an_english_and_a_japanese_form():
    """An empty Japanese form is one only where a note says why."""
    missing = [f"{e.where}: {e.key}" for e in catalogue().values()
               if e.ja is None or (e.en and not e.ja and not e.note)]
    assert missing == []


def test_the_english_and_japanese_forms_of_a_phrase_need_the_same_fields():
    """Except the date patterns, which are given every part of a date and use those they need."""
    differ = {e.key: (sorted(e.fields("en")), sorted(e.fields("ja"))) for e in catalogue().values()
              if e.fields("en") != e.fields("ja") and not e.key.startswith("common.date.")}
    assert differ == {}


def test_a_japanese_form_is_not_a_copy_of_the_english_where_the_english_has_words():
    """A phrase whose English has a word of letters must have a Japanese form with Japanese in it,
    or be on the short list of terms that are written the same (STARTEX, ENDEX, ×speed, ids)."""
    same_by_design = {"events.ExerciseStarted.tag", "consoles.msel_table.id", "consoles.seats_table.seat",
                      "report.labels.id"}
    untranslated = []
    for e in catalogue().values():
        words = re.sub(r"\{[^}]*\}", "", e.en)
        if re.search(r"[A-Za-z]{2,}", words) and not JAPANESE.search(e.ja or "") and e.key not in same_by_design:
            untranslated.append(f"{e.where}: {e.key}: {e.ja!r}")
    assert untranslated == []


def test_a_phrase_is_filled_in_and_split_into_its_fields():
    assert phrase("common.duration.minutes", "en", minutes=3) == "3 min"
    assert phrase("common.duration.minutes", "ja", minutes=3) == "3分"
    assert parts("events.MessageSent.line", "en", actor="Prime Minister", audience="everyone", text="hi") == [
        ("Prime Minister", "actor"), (" → ", None), ("everyone", "audience"), (": ", None), ("hi", "text")]


def test_a_missing_key_field_or_language_is_a_clear_error():
    with pytest.raises(PhraseError, match=r"no phrase 'common\.nothing' .*data/common\.yaml"):
        phrase("common.nothing", "en")
    with pytest.raises(PhraseError, match="needs the field 'minutes'"):
        phrase("common.duration.minutes", "ja")
    with pytest.raises(PhraseError, match="no language 'fr'"):
        phrase("common.duration.minutes", "fr", minutes=1)
    with pytest.raises(PhraseError, match="no language 'fr'"):
        section("common.actor", "fr")


def test_a_field_may_have_any_name_even_the_arguments_own():
    assert phrase("consoles.palette.key", "ja", key="s") == "キー：s"
    assert section("consoles.palette", "en")("key", key="s") == "key: s"


def test_a_section_reads_the_phrases_under_a_prefix():
    w = section("common.actor", "ja")
    assert w["control"] == "統制"
    assert w("evaluator", n="2") == "評価者 2"
    assert w.get("nobody") is None


@pytest.mark.parametrize("text, message", [
    ("a:\n  b: {en: x, ja: y, de: z}\n", r"x\.yaml:2:6: x\.a\.b: a phrase holds only en, ja and note, not de"),
    ("a:\n  - one\n", r"x\.yaml:2:3: x\.a: expected a mapping"),
    ("a: {en: 3, ja: y}\n", r"x\.yaml:1:9: x\.a\.en must be text"),
    ("a: {en: x, ja: y}\na: {en: x, ja: y}\n", r"x\.yaml:2:4: x\.a is already given at .*x\.yaml:1:4"),
])
def test_a_malformed_data_file_says_where(tmp_path, text, message):
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PhraseError, match=message):
        load(tmp_path)


def test_the_phrasebook_loads_only_the_standard_library_and_pyyaml():
    """So the participant console, the report and the CLI can all use it and stay quick to start."""
    heavy = ["pydantic", "textual", "rich", "jinja2", "weasyprint", "click", "aiohttp", "sqlite3"]
    code = ("import sys, json\nimport tabletop.phrasebook as p\np.phrase('common.actor.control', 'ja')\n"
            f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_docs_events_lists_every_event_type_and_field():
    import dataclasses
    from pathlib import Path

    from tabletop.engine.payloads import PAYLOADS, _key

    page = (Path(__file__).parents[2] / "docs" / "events.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### (\w+)\n(.*?)(?=^### |\Z)", page, re.M | re.S))
    undocumented = [f"{t}.{_key(f)}" for t, model in PAYLOADS.items() for f in dataclasses.fields(model)
                    if f"`{_key(f)}`" not in sections.get(t, "")]
    assert sorted(set(PAYLOADS) - set(sections)) == [] and undocumented == []


def test_every_key_the_code_names_is_in_the_phrasebook():
    """Keys written out in the code (phrase("..."), section("...")["..."] and the KEYS of a screen)."""
    from pathlib import Path

    root = Path(__file__).parents[2] / "tabletop"
    named, prefixes = set(), set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"""(?:phrase|parts|has)\(\s*["']([a-z_]+\.[\w.-]+)["']""", text))
        prefixes |= set(re.findall(r"""(?:section\(|KEYS = )\s*["']([a-z_]+\.[\w.]+)["']""", text))
    keys = set(catalogue())
    prefixes |= {k.rstrip(".") for k in named if k.endswith(".")}  # phrase("msel.setting." + name)
    assert sorted(k for k in named if k not in keys and not k.endswith(".")) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p + ".") for k in keys)) == []


def test_a_term_is_spelled_one_way_in_japanese():
    """A reviewer chose one spelling of each term that had two; the other must not come back."""
    not_this = {"ドクトリン・パック": "ドクトリンパック",
                # the consoles' words for the hotwash and an evaluator's observation, in the CLI and the bot too
                "ホットウォッシュ": "振り返り", "観察": "所見"}
    found = [f"{e.where}: {e.key}: {wrong} (write {right})" for e in catalogue().values()
             for wrong, right in not_this.items() if wrong in (e.ja or "")]
    assert found == []


def test_the_japanese_calls_the_log_and_its_events_by_one_pair_of_words():
    """The log is 記録 and an entry in it 事象 everywhere (docs/phrasebook.md): no phrase says
    ログ or イベント, and the words for the log's own lines are the chosen ones."""
    other = [f"{e.where}: {e.key}: {e.ja}" for e in catalogue().values() if re.search("ログ|イベント", e.ja or "")]
    assert other == []
    assert "記録" in phrase("store.verify.intact", "ja", n=3) and "事象3件" in phrase("store.verify.intact", "ja", n=3)
    assert phrase("replay.scrubber.point", "ja", point=4, total=9) == "事象 #4 / 9"
    # the report's headings and labels among them (report.labels.*, once templates/labels.yaml)
    assert phrase("report.labels.event_log", "ja") == "事象記録"
