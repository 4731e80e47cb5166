"""The scenario format's JSON Schema (`tabletop schema`), for an editor's checks, completion and
hover help, with its descriptions in English (the models' own) or in Japanese.

The Japanese descriptions are phrases of the phrasebook (data/schema.yaml), each found by its
English: the models stay the one place a field is described, and a description changed in a
model without its phrase fails tests/core/test_schema_ja.py rather than turning up in English."""

from __future__ import annotations

from typing import Any

from tabletop.phrasebook import catalogue
from tabletop.scenario.model import Scenario

# Keys whose value may also be written short, as one string (the models read it so):
# `title: "..."` (English only), `expected: [jp.issue-jalert]`, `sources: ["..."]`, `to: jp.mod`.
_SHORT_FORMS = {"Text": "English only", "Expectation": "an action id: the action should be taken",
                "Source": "the source's title"}


def json_schema(lang: str = "en") -> dict:
    """The JSON Schema of the format, accepting every form the loader reads (an editor that
    flagged `to: jp.mod` would be wrong); its descriptions in `lang`."""
    schema = Scenario.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    for name, short in _SHORT_FORMS.items():
        full = defs[name]
        defs[name] = {"description": full.get("description", ""),
                      "anyOf": [{"type": "string", "description": short}, full]}
    to = defs["Decision"]["properties"]["to"]
    defs["Decision"]["properties"]["to"] = {"description": to.pop("description"),
                                            "anyOf": [{"type": "string", "description": "one seat"}, to]}
    if lang != "en":
        _translate(schema, descriptions(lang))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://tabletop.invalid/schema/tabletop-2.json"
    schema["title"] = "tabletop scenario (format tabletop/1 and tabletop/2)"
    return schema


def descriptions(lang: str) -> dict[str, str]:
    """Each English description of the schema, and what it is in `lang` (data/schema.yaml)."""
    return {e.en: e.text(lang) for key, e in catalogue().items() if key.startswith("schema.")}


def _translate(node: Any, words: dict[str, str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            node["description"] = words.get(node["description"], node["description"])
        for value in node.values():
            _translate(value, words)
    elif isinstance(node, list):
        for value in node:
            _translate(value, words)
