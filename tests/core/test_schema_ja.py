"""`tabletop --lang ja schema`: an editor's hover help for a Japanese author, every description
in Japanese, taken from the phrasebook (data/schema.yaml) by its English."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from tabletop.cli import main
from tabletop.scenario import json_schema
from tabletop.scenario.schema import descriptions

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _descriptions(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def test_every_description_of_the_schema_has_a_japanese_phrase_and_every_phrase_a_description():
    english = set(_descriptions(json_schema("en")))
    phrases = set(descriptions("en"))
    assert english - phrases == set(), "describe these in tabletop/phrasebook/data/schema.yaml"
    assert phrases - english == set(), "these phrases of data/schema.yaml describe nothing any more"


def test_given_the_japanese_cli_when_the_schema_is_printed_then_every_description_is_japanese():
    result = CliRunner().invoke(main, ["--lang", "ja", "schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    said = _descriptions(schema)
    assert len(said) == len(_descriptions(json_schema("en"))) > 100
    assert [d for d in said if not JAPANESE.search(d)] == []
    decision = schema["$defs"]["Decision"]["properties"]
    assert decision["prompt"]["description"] == "判断する席が読む問い"
    assert decision["to"]["anyOf"][0]["description"] == "一つの席"


def test_the_japanese_schema_checks_what_the_english_one_checks():
    def shape(node):
        if isinstance(node, dict):
            return {k: shape(v) for k, v in node.items() if k != "description"}
        if isinstance(node, list):
            return [shape(v) for v in node]
        return node

    assert shape(json_schema("ja")) == shape(json_schema("en"))
