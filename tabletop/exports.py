"""Exports of the log: every event as JSONL or CSV, and the MSEL as played."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable

from tabletop.engine import events as ev
from tabletop.text import format_offset


def jsonl_line(e: ev.Event, exercise: str) -> str:
    """One event as a line of the JSONL export."""
    return json.dumps({"exercise": exercise, **e.to_json()}, ensure_ascii=False) + "\n"


def write_events(events: Iterable[ev.Event], path: Path, fmt: str, exercise: str) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        if fmt == "jsonl":
            for e in events:
                fh.write(jsonl_line(e, exercise))
                n += 1
        else:
            writer = csv.writer(fh)
            writer.writerow(["seq", "exercise", "wall", "scenario_time", "actor", "type", "to", "data"])
            for e in events:
                writer.writerow([e.seq, exercise, e.wall, format_offset(e.at), e.actor, e.type,
                                 "*" if e.to is None else " ".join(e.to),
                                 json.dumps(e.data, ensure_ascii=False, sort_keys=True)])
                n += 1
    return n


def msel_rows(session, events: list[ev.Event]) -> list[dict]:
    """One row per scripted inject: when it was planned, when it was released, to whom, and its decisions."""
    released = {e.payload.inject: e for e in events if e.type == ev.INJECT_RELEASED}
    rows = []
    for inj in session.scenario.injects:
        st = session.state.inject(inj.id)
        e = released.get(inj.id)
        decisions = []
        for d in inj.decisions:
            ds = session.state.decision(d.id)
            decisions.append(f"{d.id}={ds.option or '-'} ({ds.status})")
        planned = (format_offset(inj.at) if inj.at is not None
                   else f"after {inj.after.inject} +{format_offset(inj.after.delay)[1:]}" if inj.after else "manual")
        rows.append({
            "inject": inj.id,
            "title": inj.title.en,
            "planned": planned,
            "condition": "" if inj.when is None else json.dumps(inj.when.model_dump(exclude_none=True)),
            "status": st.status,
            "released_at": format_offset(e.at) if e else "",
            "released_wall": e.wall if e else "",
            "audience": " ".join(e.payload.to) if e else " ".join(inj.to),
            "decisions": "; ".join(decisions),
        })
    return rows
