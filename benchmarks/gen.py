"""Generated scenarios and logs for the benchmarks (mini pack from tests/fixtures)."""

from __future__ import annotations

from pathlib import Path

PACK = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "mini-pack.yaml"


def scenario_yaml(injects: int) -> str:
    lines = [
        "format: tabletop/1", "id: generated", "title: {en: Generated, ja: 生成}", f"doctrine: {PACK}",
        "start: 2027-04-05T06:50:00+09:00", "clock: {mode: compressed, speed: 60}",
        "objectives:", "  - {id: OBJ1, text: {en: O, ja: オ}, capability: {en: C, ja: シ}}",
        "seats: [blue.lead, blue.ops, red.lead]", "injects:",
    ]
    for i in range(injects):
        t = i * 20
        lines += [f"  - id: I{i:04d}", f'    at: "+{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"',
                  "    to: [blue.*]" if i % 2 else "    to: ['*']",
                  f"    title: {{en: Inject {i}, ja: 付与 {i}}}", "    body: {en: Body, ja: 本文}"]
        if i % 5 == 0:
            lines += ["    decisions:", f"      - id: D{i:04d}", "        to: blue.ops",
                      "        prompt: {en: Decide, ja: 決定}", '        deadline: "+00:05"', "        on_timeout: hold",
                      "        options:",
                      "          - {id: strike, label: {en: S, ja: ス}, action: blue.strike}",
                      "          - {id: hold, label: {en: H, ja: ホ}, action: blue.hold}"]
    return "\n".join(lines) + "\n"


def moves_yaml(injects: int, moves: int) -> str:
    lines = ["format: tabletop-moves/1", "moves:"]
    span = injects * 20
    for k in range(moves):
        t = int(k * span / moves) + 1
        at = f'"+{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"'
        kind = k % 4
        if kind == 0:
            lines.append(f"  - {{at: {at}, seat: blue.lead, message: {{to: [red.lead], text: 'update {k}'}}}}")
        elif kind == 1:
            lines.append(f"  - {{at: {at}, seat: blue.lead, action: blue.approve, text: 'approve {k}'}}")
        elif kind == 2:
            lines.append(f"  - {{at: {at}, seat: blue.ops, action: blue.strike, text: 'try {k}'}}")
        else:
            lines.append(f"  - {{at: {at}, seat: evaluator-1, observation: {{objective: OBJ1, rating: S, text: 'obs {k}'}}}}")
    return "\n".join(lines) + "\n"
