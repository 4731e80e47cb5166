"""`tabletop validate` names the item a problem is in by its id ("inject I02, decision D1, field
deadline"), in English and Japanese, still at FILE:LINE:COL and still saying what to write:
mistakes planted in a copy of each bundled scenario (docs/decisions.md, stop 29)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import main
from tabletop.scenario.loader import bundled_scenarios, load_scenario, resolve

BUNDLED = bundled_scenarios()


def validate(path: Path, lang: str) -> dict[tuple[int, int], str]:
    r = CliRunner().invoke(main, ["--lang", lang, "validate", str(path)], catch_exceptions=False)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    return {(int(m[1]), int(m[2])): m[3] for m in re.finditer(re.escape(str(path)) + r":(\d+):(\d+): (.*)", r.output)}


class Planted:
    """A copy of a bundled scenario's lines, with mistakes added under the items named by id."""

    def __init__(self, name: str):
        self.lines = resolve(name).read_text(encoding="utf-8").splitlines()

    def line_of(self, pattern: str, start: int = 0) -> int:
        """The 0-based index of the first line matching `pattern` at or after `start`."""
        return next(i for i in range(start, len(self.lines)) if re.fullmatch(pattern, self.lines[i]))

    def after_id(self, item_id: str, indent: int, key_line: str, start: int = 0) -> tuple[int, int]:
        """Add `key_line` inside the block item `- id: item_id` (at `indent` spaces, the first at or
        after line `start`, 1-based); the line and column of what was added."""
        i = self.line_of(rf" {{{indent}}}- id: {re.escape(item_id)}\s*(#.*)?", start)
        self.lines.insert(i + 1, " " * (indent + 2) + key_line)
        return i + 2, indent + 3

    def in_item(self, item_id: str, indent: int, key: str, start: int) -> tuple[int, int]:
        """`after_id`, or for an item written on one line (`- {id: X, ...}`) `key` added after its id."""
        flow = rf" {{{indent}}}- {{id: {re.escape(item_id)}, .*"
        block = rf" {{{indent}}}- id: {re.escape(item_id)}\s*(#.*)?"
        i = self.line_of(rf"{flow}|{block}", start)
        if not re.fullmatch(flow, self.lines[i]):
            return self.after_id(item_id, indent, key, start)
        head = " " * indent + f"- {{id: {item_id}, "
        self.lines[i] = head + key + ", " + self.lines[i][len(head):]
        return i + 1, len(head) + 1

    def write(self, path: Path) -> Path:
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return path


def _first_with_decision(name: str):
    s = load_scenario(name).scenario
    return next(inj for inj in s.injects if inj.decisions and inj.at is not None), s


@pytest.mark.parametrize("name", BUNDLED)
def test_a_model_problem_in_an_inject_decision_option_or_objective_names_it_by_id(name, tmp_path):
    # Given a copy of the bundled scenario with a mistake in an inject, its first decision, that
    # decision's first option and the first objective
    inj, s = _first_with_decision(name)
    dec, opt, obj = inj.decisions[0], inj.decisions[0].options[0], s.objectives[0]
    plant = Planted(name)  # each added below the last, so that the lines found stay where they are
    at_objective = plant.after_id(obj.id, 2, "txet: y")
    at_inject = plant.after_id(inj.id, 2, "colour: red", at_objective[0])
    at_line = plant.line_of(r"    at: .*", at_inject[0])
    plant.lines[at_line] = '    at: "soon"'
    at_decision = plant.after_id(dec.id, 6, "deadlin: x", at_inject[0])
    at_option = plant.in_item(opt.id, 10, "lable: x", at_decision[0])
    path = plant.write(tmp_path / f"{name}.yaml")
    # When it is validated in either language
    en, ja = validate(path, "en"), validate(path, "ja")
    # Then each problem is at its line and column, names its item by id, and says what to write
    assert en[at_inject] == f"inject {inj.id}: unknown key 'colour'; check the spelling (see `tabletop schema`)"
    assert ja[at_inject] == f"付与{inj.id}：不明なキー「colour」。綴りを確かめること（`tabletop schema`参照）"
    assert en[at_decision] == f"inject {inj.id}, decision {dec.id}: unknown key 'deadlin'; did you mean 'deadline'?"
    assert ja[at_decision] == f"付与{inj.id}の決定事項{dec.id}：不明なキー「deadlin」。「deadline」の誤りではないか"
    assert en[at_option] == (f"inject {inj.id}, decision {dec.id}, option {opt.id}: unknown key 'lable'; "
                             "did you mean 'label'?")
    assert ja[at_option] == f"付与{inj.id}の決定事項{dec.id}の選択肢{opt.id}：不明なキー「lable」。「label」の誤りではないか"
    assert en[at_objective] == f"objective {obj.id}: unknown key 'txet'; did you mean 'text'?"
    assert ja[at_objective] == f"演習目標{obj.id}：不明なキー「txet」。「text」の誤りではないか"
    assert en[(at_line + 1, 9)] == f"inject {inj.id}, field at: 'soon' is not a time offset; write '+HH:MM' or '+HH:MM:SS'"
    assert ja[(at_line + 1, 9)] == f"付与{inj.id}の項目「at」：「soon」は経過時間ではない。'+HH:MM'または'+HH:MM:SS'と書くこと"


@pytest.mark.parametrize("name", BUNDLED)
def test_a_cross_reference_problem_names_the_inject_and_decision_it_is_in(name, tmp_path):
    # Given a copy with an unknown scenario fact set by an inject and a decision whose on_timeout
    # names no option of its own
    inj, s = _first_with_decision(name)
    dec = inj.decisions[0]
    plant = Planted(name)
    flags = plant.after_id(inj.id, 2, "clear_flags: [no-such-fact]") if not inj.clear_flags else None
    below = flags[0] if flags else 0
    timeout = plant.after_id(dec.id, 6, "on_timeout: never", below) if dec.on_timeout is None else None
    if timeout is None:
        i = plant.line_of(r"        on_timeout: .*", plant.line_of(rf"      - id: {re.escape(dec.id)}\s*", below))
        plant.lines[i] = "        on_timeout: never"
        timeout = (i + 1, 9)
    path = plant.write(tmp_path / f"{name}.yaml")
    en, ja = validate(path, "en"), validate(path, "ja")
    options = ", ".join(o.id for o in dec.options)
    where = (timeout[0], 21)
    assert en[where].startswith(f"inject {inj.id}, decision {dec.id}, field on_timeout: on_timeout 'never' is not "
                                f"one of the options: {options}")
    assert ja[where].startswith(f"付与{inj.id}の決定事項{dec.id}の項目「on_timeout」：on_timeoutの「never」は選択肢にない")
    if flags is not None:
        where = (flags[0], flags[1] + len("clear_flags: ["))
        assert en[where] == f"inject {inj.id}, field clear_flags, item 1: unknown flag 'no-such-fact'"
        assert ja[where] == f"付与{inj.id}の項目「clear_flags」の1番目：不明なフラグ「no-such-fact」"


def test_a_fact_in_force_at_startex_is_named_by_its_id(tmp_path):
    # Given arsenal's first scenario fact in force at STARTEX, with `verified` not a yes or no
    s = load_scenario("arsenal").scenario
    fact = s.initial.flags[0]
    plant = Planted("arsenal")
    where = plant.after_id(fact.id, 4, "verified: perhaps")
    path = plant.write(tmp_path / "arsenal.yaml")
    en, ja = validate(path, "en"), validate(path, "ja")
    where = (where[0], where[1] + len("verified: "))
    assert en[where] == f"flag {fact.id}, field verified: expected true or false, got the text 'perhaps'"
    assert ja[where] == f"フラグ{fact.id}の項目「verified」：`true`か`false`を書くこと。書かれているのは文字列「perhaps」"


def test_an_item_whose_id_is_not_an_id_is_named_by_its_number(tmp_path):
    # Given the second inject of missile-launch given a Japanese id
    s = load_scenario("missile-launch").scenario
    plant = Planted("missile-launch")
    i = plant.line_of(rf"  - id: {s.injects[1].id}\s*")
    plant.lines[i] = "  - id: 状況2"
    en, ja = validate(plant.write(tmp_path / "ml.yaml"), "en"), validate(tmp_path / "ml.yaml", "ja")
    assert en[(i + 1, 9)].startswith("inject #2, field id: '状況2' cannot be an id")
    assert ja[(i + 1, 9)].startswith("2番目の付与の項目「id」：「状況2」はIDにできない")
