"""Typed events: each event carries its payload's model, parsed once when the event is made
(by the engine, read from a store, received over the protocol); the stored dict, and so the
log's bytes and hashes, are what they always were. An event the code cannot read is a marked
`Unknown` row, never a crash."""

from __future__ import annotations

import dataclasses

from tabletop.engine import events as ev
from tabletop.engine.events import Event, InjectReleased, MoveBlocked, Unknown
from tabletop.phrasebook import Names, describe, tag
from tabletop.store import MemoryStore, SqliteStore

RELEASED = {"inject": "I01", "title": {"en": "Launch", "ja": "発射"}, "body": {"en": "b"}, "from": "J2",
            "method": None, "to": ["jp.pm"], "decisions": []}


def test_given_a_logged_payload_then_it_is_read_by_name_and_the_stored_dict_is_untouched():
    event = Event(ev.INJECT_RELEASED, "system", 1.0, "2027-01-01T00:00:00.000Z", RELEASED, ("jp.pm",), 3)
    assert isinstance(event.payload, InjectReleased)
    assert (event.payload.inject, event.payload.sender, event.payload.to) == ("I01", "J2", ("jp.pm",))
    assert event.data is RELEASED  # the log's dict, as it was
    assert event.payload_json() == ('{"data":{"body":{"en":"b"},"decisions":[],"from":"J2","inject":"I01",'
                                    '"method":null,"title":{"en":"Launch","ja":"発射"},"to":["jp.pm"]},'
                                    '"to":["jp.pm"]}')


def test_a_payload_is_frozen_and_a_copy_of_the_event_parses_its_own():
    event = Event(ev.INJECT_HELD, "control", 0, "w", {"inject": "I01"})
    try:
        event.payload.inject = "I02"
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a payload model can be changed")
    other = dataclasses.replace(event, data={"inject": "I02"})
    assert other.payload.inject == "I02" and event.payload.inject == "I01"


def test_given_an_event_type_from_a_newer_tabletop_then_it_is_a_marked_unknown_row():
    event = Event.from_json({"seq": 9, "type": "SatelliteTasked", "actor": "us.indopacom", "at": 5, "wall": "w",
                             "data": {"orbit": "LEO"}, "to": None})
    assert not event.known and event.problem is None
    assert event.payload == Unknown("SatelliteTasked", {"orbit": "LEO"})
    assert tag(event, "ja") == "不明"
    assert "SatelliteTasked" in describe(event, "en", Names())
    assert "新しい版" in describe(event, "ja", Names())


def test_given_a_known_type_whose_payload_does_not_fit_then_the_row_says_which_field_and_why():
    event = Event(ev.MOVE_BLOCKED, "jp.pm", 0, "w", {"action": 3, "reasons": []})
    assert not event.known
    assert event.problem == "MoveBlocked: action is 3, not text or null"
    assert describe(event, "en", Names()) == "an event that cannot be read: MoveBlocked: action is 3, not text or null"
    missing = Event(ev.DECISION_OPENED, "system", 0, "w", {"decision": "D1"})
    assert missing.problem == "DecisionOpened: inject is missing"
    nested = Event(ev.MOVE_BLOCKED, "jp.pm", 0, "w", {"reasons": [{"citations": []}]})
    assert nested.problem == "MoveBlocked: reasons[0].text is missing"


def test_nested_parts_of_a_payload_are_typed_too():
    event = Event(ev.MOVE_BLOCKED, "jp.pm", 0, "w", {"action": "a", "reasons": [
        {"text": {"en": "why"}, "citations": [{"instrument": "SDF Act", "article": "76", "verified": True}]}]})
    assert isinstance(event.payload, MoveBlocked)
    assert event.payload.reasons[0].text == {"en": "why"}
    assert event.payload.reasons[0].citations[0]["article"] == "76"


def test_given_a_log_holding_an_unknown_event_then_it_reads_verifies_and_replays(tmp_path, mini):
    from tabletop.engine import initial, replay

    store = SqliteStore(tmp_path / "log.db", "x")
    events = [Event("SatelliteTasked", "system", 0.0, "2027-01-01T00:00:00.000Z", {"orbit": "LEO"}, None, 1),
              Event(ev.INJECT_HELD, "control", 0.0, "2027-01-01T00:00:01.000Z", {"inject": "I01"}, (), 2)]
    store.append(events)
    read = list(store.read())
    assert [e.known for e in read] == [False, True]
    assert store.verify().ok
    state = replay(initial(mini.scenario, mini.doctrine), read)
    assert state.last_seq == 2 and state.inject("I01").status == "held"
    store.close()


def test_every_event_of_the_v1_fixture_log_parses_to_its_model(tmp_path):
    import shutil

    from tests.core.test_v1_log import V1_LOG

    shutil.copyfile(V1_LOG, tmp_path / "v1.db")
    store = SqliteStore(tmp_path / "v1.db", create=False)
    events = list(store.read())
    assert [e for e in events if not e.known] == []
    assert {type(e.payload).__name__ for e in events} == {e.type for e in events}
    store.close()


def test_the_memory_store_hands_back_the_same_typed_events():
    store = MemoryStore("x")
    store.append([Event(ev.INJECT_HELD, "control", 0.0, "w", {"inject": "I01"}, (), 1)])
    assert next(store.read()).payload.inject == "I01"


def test_past_the_store_and_the_protocol_no_code_reads_an_events_stored_dict():
    """An event is parsed once where it enters a process; the report, the archive's digest, the
    consoles, the rehearsal and the replay read its payload by name (event.payload.field), never
    the stored dict with .get(). Writing the dict out as it was logged (an export) and copying an
    event unchanged (a fork) are the exceptions."""
    import re
    from pathlib import Path

    root = Path(__file__).parents[2] / "tabletop"
    allowed = {root / "exports.py", root / "replay" / "fork.py"}
    reads = re.compile(r"\b(?:e|ev|event|evt|row)\.data\b")
    found = [f"{path.relative_to(root)}:{n}: {line.strip()}"
             for path in sorted(root.rglob("*.py"))
             if path.parts[len(root.parts)] not in ("store", "engine", "server") and path not in allowed
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if reads.search(line)]
    assert found == []
