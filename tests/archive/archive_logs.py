"""Exercise logs made for the archive's tests: the mini scenario played by the
rehearsal engine on a chosen date, with or without its recurring findings."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_log(folder: Path, exercise: str, date: str = "2026-04-05", *, blocked: bool = True, rating: str = "S",
             time_out: bool = False, note: str = "seen") -> Path:
    """A SQLite log of the mini exercise started on DATE. `blocked`: blue.ops tries the strike before
    approval (BLK-blue.ops-blue.strike); `rating`: the evaluator's rating of OBJ1; `time_out`: D1 is
    left to time out (DEC-D1) instead of being decided."""
    from tabletop.rehearsal import load_moves, rehearse
    from tabletop.scenario import load_scenario
    from tabletop.session import Session
    from tabletop.store import SqliteStore

    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("start: 2027-04-05T06:50:00+09:00", f"start: {date}T06:50:00+09:00")
    text = text.replace("doctrine: mini-pack.yaml", f"doctrine: {FIXTURES / 'mini-pack.yaml'}")
    scenario = folder / f"{exercise}.yaml"
    scenario.write_text(text, encoding="utf-8")
    moves = ["format: tabletop-moves/1", "moves:"]
    if blocked:
        moves.append('  - {at: "+00:06", seat: blue.ops, decision: D1, option: strike, text: "too early"}')
    if not time_out:
        moves += ['  - {at: "+00:08", seat: blue.lead, action: blue.approve}',
                  '  - {at: "+00:09", seat: blue.ops, decision: D1, option: strike, text: "approved"}']
    moves.append(f'  - {{at: "+00:11", seat: evaluator, observation: {{objective: OBJ1, rating: {rating}, '
                 f'text: {json.dumps(note)}}}}}')
    moves.append('  - {at: "+00:30", seat: control, control: end}')
    moves_file = folder / f"{exercise}.moves.yaml"
    moves_file.write_text("\n".join(moves) + "\n", encoding="utf-8")
    loaded = load_scenario(str(scenario))
    path = folder / f"{exercise}.db"
    store = SqliteStore(path, exercise)
    session = Session.create(loaded, store, loaded.scenario.start, scenario_text=text)
    rehearse(session, load_moves(str(moves_file)))
    store.close()
    return path
