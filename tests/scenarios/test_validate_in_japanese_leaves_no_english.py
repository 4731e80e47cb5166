"""`tabletop --lang ja validate` on a scenario with one planted mistake of each kind an author makes
says every problem in Japanese: what is left in ASCII is what the author types back (ids, keys and
values in `` or 「」, YAML such as '+HH:MM', file names), never an English word (#15, stop 29)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.scenario.loader import resolve

BASE = resolve("missile-launch").read_text(encoding="utf-8")
I04 = '  - id: I04\n    at: "+00:08"\n'
PLANTED = {
    "both_triggers": ('  - id: I06\n', '  - id: I06\n    at: "+00:20"\n'),
    "no_trigger": (I04, '  - id: I04\n'),
    "deadline_zero": ('deadline: "+00:08"', 'deadline: "+00:00"'),
    "empty_when": (I04, I04 + '    when: {}\n'),
    "option_without_decision": (I04, I04 + '    when: {option: x}\n'),
    "clock_mode": ('clock: {mode: compressed, speed: 1.5}', 'clock: {mode: weird, speed: 1.5}'),
    "no_utc_offset": ('start: 2027-10-05T06:40:00+09:00', 'start: 2027-10-05T06:40:00'),
    "not_a_date": ('start: 2027-10-05T06:40:00+09:00', 'start: tomorrow'),
    "negative": ('evaluators: 2', 'evaluators: -1'),
    "language": ('languages: [en, ja]', 'languages: [fr]'),
    "control_as_seat": ('seats: [jp.pm,', 'seats: [control, jp.pm,'),
    "joint_without_rule": ('        to: jp.mod\n', '        to: [jp.mod, jp.pm]\n'),
    "format_2_key": ('evaluators: 2\n', 'evaluators: 2\nphases:\n  - {id: p1, title: P, at: "+00:00"}\n'),
    "not_an_id": ('  - id: I04\n', '  - id: "I 04"\n'),
    "not_a_list": ('    to: [jp.pm, jp.ccs]\n', '    to: 5\n'),
    "not_a_bool": (I04, I04 + '    manual: maybe\n'),
    "unquoted_offset": ('duration: "+03:45"', 'duration: 3'),
    "no_such_pack": ('doctrine: us-japan', 'doctrine: us-japn'),
    "timeout_without_deadline": ('        deadline: "+00:08"\n', ''),
    "unknown_situation": (I04, I04 + '    when: {situation: armed-atack}\n'),
    "not_a_mapping": ('poc: {en:', 'poc: [1]\npocx: {en:'),
    "missing_language": ('      ja: "順安で発射準備の兆候"\n', ''),
}
SAID_AS_TYPED = re.compile(r"「[^」]*」|`[^`]*`|'[^']*'|\"[^\"]*\"|[\w.+*/:-]*[._:+/-][\w.+*/:-]*")
ALLOWED = {"UTC", "YAML", "ID"}


@pytest.mark.parametrize("name", PLANTED)
def test_each_planted_mistake_is_said_in_japanese(name, tmp_path):
    old, new = PLANTED[name]
    assert old in BASE
    path = tmp_path / f"{name}.yaml"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "ja", "validate", str(path)], catch_exceptions=False)
    lines = [line[len(str(path)):] for line in result.output.splitlines() if line.startswith(str(path) + ":")]
    assert lines, result.output
    for line in lines:
        message = line.split(": ", 1)[1]
        left = set(re.findall(r"[A-Za-z]{2,}", SAID_AS_TYPED.sub("", message))) - ALLOWED
        assert not left, line
