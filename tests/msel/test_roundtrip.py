"""Round trip: a scenario exported as an MSEL workbook (or CSV) and imported
again is the same scenario — ids, times, audiences, texts in both languages,
decision points, options and conditions — with its injects in time order."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.doctrine.rules import load_doctrine
from tabletop.engine.clock import format_offset
from tabletop.msel.importer import import_msel
from tabletop.msel.writer import export, time_order
from tabletop.scenario import load_scenario
from tabletop.scenario.model import Scenario

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "mini-pack.yaml"
SEATS = ["blue.lead", "blue.ops", "red.lead"]
DOCTRINE = load_doctrine(str(PACK))
ACTIONS = {seat: [a for a in DOCTRINE.actions if DOCTRINE.can_ever(seat, a)] for seat in SEATS}

letters = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r\x85\u2028\u2029")
japanese = st.characters(min_codepoint=0x3041, max_codepoint=0x30FF) | st.characters(min_codepoint=0x4E00,
                                                                                        max_codepoint=0x4FFF)


def words(alphabet=letters, max_size=40):
    """Text as a planner types it: no spaces at the ends; line breaks inside allowed."""
    return st.text(alphabet | st.just("\n"), min_size=1, max_size=max_size).map(str.strip).filter(
        lambda t: t and not t.startswith("'"))


texts = st.builds(lambda en, ja: {"en": en, **({"ja": ja} if ja else {})}, words(), st.none() | words(letters | japanese))
ids = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_.-]{0,8}\Z").filter(lambda i: not (i[0] == "X" and i[1:].isdigit()))
offsets = st.integers(0, 10 * 3600).map(format_offset)


@st.composite
def decisions(draw, n: int) -> list[dict]:
    out = []
    for k in range(draw(st.integers(0, 2))):
        seat = draw(st.sampled_from(SEATS))
        option_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
        options = [{"id": o, "label": draw(texts),
                    **({"action": a} if (a := draw(st.none() | st.sampled_from(ACTIONS[seat] or [None]))) else {})}
                   for o in option_ids]
        dec = {"id": f"D{n}x{k}", "to": seat, "prompt": draw(texts), "options": options}
        if draw(st.booleans()):
            dec["deadline"] = format_offset(draw(st.integers(1, 3600)))
            if draw(st.booleans()):
                dec["on_timeout"] = draw(st.sampled_from(option_ids))
        out.append(dec)
    return out


@st.composite
def injects(draw) -> list[dict]:
    count = draw(st.integers(1, 6))
    out: list[dict] = []
    for n in range(count):
        inj: dict = {"id": f"I{n:02d}" if draw(st.booleans()) else f"{draw(ids)}-{n}"}
        trigger = draw(st.sampled_from(["at", "after", "manual", "at+manual"] if out else ["at", "manual"]))
        if trigger.startswith("at"):
            inj["at"] = draw(offsets)
        if trigger == "after":
            inj["after"] = {"inject": draw(st.sampled_from([i["id"] for i in out])), "delay": draw(offsets)}
        if "manual" in trigger:
            inj["manual"] = True
        earlier = [(d["id"], [o["id"] for o in d["options"]]) for i in out for d in i.get("decisions", [])]
        when = {}
        if earlier and draw(st.booleans()):
            dec, opts = draw(st.sampled_from(earlier))
            when = {"decision": dec, **({"option": draw(st.sampled_from(opts))} if draw(st.booleans()) else {})}
        if draw(st.booleans()):
            when[draw(st.sampled_from(["flag", "not_flag"]))] = "attacked"
        if draw(st.booleans()):
            when["situation"] = draw(st.sampled_from(["none", "crisis"]))
        if when:
            inj["when"] = when
        inj["to"] = draw(st.lists(st.sampled_from(["*", "blue.*", "red.*", *SEATS]), min_size=1, max_size=3, unique=True))
        for key in ("from", "method", "notes"):
            if draw(st.booleans()):
                inj[key] = draw(words(letters | japanese))
        inj["title"], inj["body"] = draw(texts), draw(texts)
        if draw(st.booleans()):
            inj["objectives"] = ["OBJ1"]
        inj["expected"] = draw(st.lists(st.sampled_from(sorted(DOCTRINE.actions)), max_size=2, unique=True))
        inj["set_flags"] = draw(st.lists(st.just("attacked"), max_size=1))
        inj["decisions"] = draw(decisions(n))
        out.append(inj)
    return out


@st.composite
def scenarios(draw) -> Scenario:
    tz = timezone(timedelta(minutes=draw(st.integers(-12 * 60, 14 * 60))))
    start = datetime(2027, 1, 1, tzinfo=tz) + timedelta(seconds=draw(st.integers(0, 365 * 86400)))
    mode = draw(st.sampled_from(["realtime", "compressed", "manual"]))
    data = {
        "format": "tabletop/1", "id": draw(ids), "title": draw(texts), "doctrine": str(PACK),
        "summary": draw(st.none() | texts), "poc": draw(st.none() | words()),
        "languages": draw(st.sampled_from([["en", "ja"], ["en"], ["ja", "en"]])), "start": start.isoformat(),
        "duration": draw(st.none() | offsets),
        "clock": {"mode": mode, "speed": draw(st.floats(0.1, 100, allow_nan=False).map(lambda x: round(x, 3)))},
        "objectives": [{"id": "OBJ1", "text": draw(texts), "capability": draw(texts)}],
        "seats": SEATS, "evaluators": draw(st.integers(0, 5)), "injects": draw(injects()),
    }
    return Scenario.model_validate({k: v for k, v in data.items() if v is not None})


def in_time_order(s: Scenario) -> dict:
    return s.model_copy(update={"injects": time_order(s)}).model_dump()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.sampled_from(["xlsx", "csv"]), st.sampled_from([None, "en", "ja"]))
def test_export_then_import_gives_back_the_same_scenario(scenario, suffix, names):
    """Seats written as ids (no pack given) or as the roles' and sides' names in either language."""
    with tempfile.TemporaryDirectory() as d:
        sheet = Path(d) / f"msel.{suffix}"
        export(scenario, sheet, doctrine=DOCTRINE if names else None, lang=names or "en")
        back = Path(d) / "back.yaml"
        imported = import_msel(sheet, back)
        back.write_text(imported.text, encoding="utf-8")
        written = load_scenario(str(back)).scenario  # the YAML as written, read by the scenario loader
    assert imported.loaded.scenario.model_dump() == written.model_dump() == in_time_order(scenario)


@pytest.mark.parametrize("name", ["missile-launch", "grayzone-senkaku"])
@pytest.mark.parametrize("suffix, lang", [("xlsx", "en"), ("csv", "ja"), ("xlsx", "ja")])
def test_the_shipped_scenarios_survive_the_round_trip_and_the_yaml_written_loads(name, suffix, lang, tmp_path):
    """Their seats written by the roles' names (the Japanese ones, or the English with commas in them)."""
    loaded = load_scenario(name)
    scenario = loaded.scenario
    export(scenario, tmp_path / f"msel.{suffix}", doctrine=loaded.doctrine, lang=lang)
    imported = import_msel(tmp_path / f"msel.{suffix}", tmp_path / "back.yaml")
    (tmp_path / "back.yaml").write_text(imported.text, encoding="utf-8")
    assert load_scenario(str(tmp_path / "back.yaml")).scenario.model_dump() == in_time_order(scenario)
    assert imported.loaded.warnings == []
