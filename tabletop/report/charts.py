"""The timeline chart's geometry, from the report model.

Pure: positions and sizes only, in SVG user units; `templates/timeline.svg.j2` turns them into
markup (every label escaped). Lanes are the pack's sides with seats in play, then control; below
them a band shows the legal situation in force over scenario time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tabletop.report.model import Report
from tabletop.report.words import Bi, bi, phrase
from tabletop.text import format_offset

WIDTH, LABEL_W, RIGHT_PAD, AXIS_H = 1000.0, 150.0, 24.0, 44.0
ROW_H, MARK_ROW_H, MARK_W, LANE_PAD, SITUATION_H = 17.0, 16.0, 11.0, 5.0, 26.0
CHAR_W = 6.3  # average advance of a Latin character at the chart's 11-unit font
MAX_ROWS = 10  # label rows per lane
STEPS = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
BREAK_W = 14.0  # the width the axis gives a stretch the clock jumped over


@dataclass
class Tick:
    x: float
    offset: str
    clock: str


@dataclass
class Lane:
    id: str
    title: Bi
    y: float
    h: float
    lines: dict[str, list[str]] = field(default_factory=dict)  # the title wrapped, per language


@dataclass
class Item:
    kind: str  # inject | decision | ruling | blocked | situation
    x: float
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    label: str = ""
    label_x: float = 0.0
    cls: str = ""
    title: Bi | str = ""


@dataclass
class Segment:
    x: float
    w: float
    situation: str
    title: Bi
    cls: str
    show_label: dict[str, bool]


@dataclass
class Chart:
    width: float
    height: float
    axis_y: float
    ticks: list[Tick]
    lanes: list[Lane]
    items: list[Item]
    segments: list[Segment]
    situation_y: float
    situation_h: float = SITUATION_H
    breaks: list[float] = field(default_factory=list)  # x of each axis break (a jump of the clock)


def scale(jumps: list[tuple[float, float]], end: float, x0: float, x1: float):
    """Scenario time to x, with each stretch the clock jumped over drawn as a narrow break."""
    jumps = [(a, b) for a, b in jumps if b > a and a < end]
    skipped = sum(min(b, end) - a for a, b in jumps)
    span = max(end - skipped, 1.0)
    unit = (x1 - x0 - BREAK_W * len(jumps)) / span

    def X(at: float) -> float:
        at = max(0.0, min(at, end))
        x = x0 + at * unit
        for a, b in jumps:
            if at >= b:
                x += BREAK_W - (b - a) * unit
            elif at > a:
                x += (BREAK_W * (at - a) / (b - a)) - (at - a) * unit
        return x

    return X, [X(a) + BREAK_W / 2 for a, _ in jumps], span


def text_w(label: str) -> float:
    return sum(CHAR_W * (1.9 if ord(ch) > 0x2E80 else 1.0) for ch in label)


_WIDE = "\u2e80-\uffff"
# a wide character, or a run of narrow ones, with an opening bracket kept to what follows it and a
# closing one (or 、。) to what precedes it: a label breaks between words or after a hyphen
_TOKEN = re.compile(f"[（「『［(]*(?:[^\\s{_WIDE}-]*-|[^\\s{_WIDE}-]+|[{_WIDE}])[）」』］、。・)]*\\s*")


def wrap(text: str, width: float, most: int = 4) -> list[str]:
    """A label in lines no wider than `width` (estimated): at spaces, or between wide characters."""
    lines, current = [], ""
    for tok in _TOKEN.findall(text):
        if current.strip() and text_w((current + tok).rstrip()) > width:
            lines.append(current.rstrip())
            current = tok
        else:
            current += tok
    return (lines + [current.rstrip()] if current.strip() else lines)[:most]


def _row(ends: list[float], start: float, end: float) -> int:
    """Greedy packing of labelled items into rows where no two labels overlap."""
    for i, last in enumerate(ends):
        if start > last + 3:
            ends[i] = end
            return i
    if len(ends) < MAX_ROWS:
        ends.append(end)
        return len(ends) - 1
    i = min(range(len(ends)), key=lambda k: ends[k])
    ends[i] = max(ends[i], end)
    return i


def timeline(r: Report) -> Chart:
    # after ENDEX the chart stops there; a log still running shows its open decisions up to their deadlines
    due = [] if r.coverage.ended else [d.deadline_at for d in r.decisions if d.status == "open" and d.deadline_at]
    end = max([r.coverage.played, 60.0] + due)
    x0, x1 = LABEL_W, WIDTH - RIGHT_PAD
    X, breaks, span = scale(r.jumps, end, x0, x1)
    step = next((s for s in STEPS if span / s <= 10), STEPS[-1])
    times = [t for t in range(0, int(end + 0.5) + 1, step) if not any(a < t < b for a, b in r.jumps)]
    times = sorted(set(times) | {int(b) for _, b in r.jumps if b <= end})  # the axis resumes at each jump's end
    ticks = [Tick(X(t), format_offset(t)[:-3], r.clock(t).strftime("%H:%M")) for t in times]
    ticks = [tk for i, tk in enumerate(ticks) if i == 0 or tk.x - ticks[i - 1].x >= 28 or tk.offset in
             {format_offset(b)[:-3] for _, b in r.jumps}]
    labelled, markers = _items(r, X, end)
    lanes, items, y = [], [], AXIS_H
    for side in r.sides:
        lane, placed = _lane(side, y, labelled.get(side.id, []), markers.get(side.id, []))
        lanes.append(lane)
        items += placed
        y += lane.h
    return Chart(WIDTH, y + 6 + SITUATION_H + 6, AXIS_H - 6, ticks, lanes, items, _band(r, X, end), y + 6, breaks=breaks)


def _verdict_ja(verdict: str) -> str:
    from tabletop.phrasebook import has, phrase as say

    return say(f"common.verdict.{verdict}", "ja") if has(f"common.verdict.{verdict}") else verdict


def _items(r: Report, X, end: float) -> tuple[dict[str, list[Item]], dict[str, list[Item]]]:
    """The chart's items per lane: labelled ones (injects, decisions) and markers."""
    side_of = {p.seat: p.side for p in r.participants}
    lanes = {s.id for s in r.sides}
    lane = lambda seat: side_of.get(seat or "", "control") if side_of.get(seat or "") in lanes else "control"  # noqa: E731
    labelled: dict[str, list[Item]] = {}
    markers: dict[str, list[Item]] = {}
    for i in (i for i in r.injects if i.released_at is not None):
        labelled.setdefault("control", []).append(Item(
            "inject", X(i.released_at), label=i.id, cls="adhoc" if i.adhoc else "inject",
            title={k: f"{i.id} {format_offset(i.released_at)} — {v} → {', '.join(i.to)}" for k, v in i.title.items()}))
    for d in (d for d in r.decisions if d.opened_at is not None):
        xa = X(d.opened_at)
        status = phrase(f"chart_{d.status}")
        opt = d.option_label or bi("—")
        labelled.setdefault(lane(d.to), []).append(Item(
            "decision", xa, w=max(X(d.closed_at if d.closed_at is not None else end) - xa, 3.0), label=d.id,
            cls={"resolved": "resolved", "timed_out": "timedout"}.get(d.status, "open"),
            title={k: f"{d.id} {d.role[k]}: {status[k]} — {opt[k]}" for k in ("en", "ja")}))
    for x in r.rulings:
        verdict = bi(x.verdict, _verdict_ja(x.verdict))  # the Japanese tooltip says the verdict's word, not its id
        markers.setdefault("control", []).append(Item("ruling", X(x.at), cls=x.verdict,
                                                      title=phrase("chart_ruling", verdict=verdict, seq=x.target)))
    for m in r.blocked:
        label = m.action_label or bi(m.action or "—")
        markers.setdefault(lane(m.seat), []).append(Item("blocked", X(m.at), cls="blocked",
                                                         title={k: f"{m.role[k]}: {label[k]}" for k in ("en", "ja")}))
    for s in r.situations:
        markers.setdefault(lane(s.by), []).append(Item("situation", X(s.at), cls="situation",
                                                       title={k: f"{s.by_role[k]}: {s.title[k]}" for k in ("en", "ja")}))
    return labelled, markers


def _lane(side, y: float, labelled: list[Item], markers: list[Item]) -> tuple[Lane, list[Item]]:
    """A lane and its items in place: labels packed into rows, markers side by side below them."""
    ends: list[float] = []
    placed = [(_row(ends, it.x - 5, it.x + it.w + 7 + text_w(it.label)), it) for it in sorted(labelled, key=lambda i: i.x)]
    rows = max(1, len(ends))
    lines = {k: wrap(v, LABEL_W - 16) for k, v in side.title.items()}
    h = max(LANE_PAD * 2 + rows * ROW_H + (MARK_ROW_H if markers else 0), 8 + 13 * max(len(x) for x in lines.values()))
    out = []
    for row, it in placed:
        top = y + LANE_PAD + row * ROW_H
        it.y, it.h = (top + ROW_H / 2, 0.0) if it.kind == "inject" else (top + 3, ROW_H - 6)
        it.label_x = it.x + 7 if it.kind == "inject" else it.x + it.w + 3
        out.append(it)
    my, last = y + LANE_PAD + rows * ROW_H + MARK_ROW_H / 2 - 1, -MARK_W
    for it in sorted(markers, key=lambda i: i.x):  # markers at one time stand side by side
        it.x = last = max(it.x, last + MARK_W)
        it.y = my
        out.append(it)
    return Lane(side.id, side.title, y, h, lines), out


def _band(r: Report, X, end: float) -> list[Segment]:
    """The legal situation in force, segment by segment."""
    changes = [(0.0, r.situation_start)] + [(s.at, s.situation) for s in r.situations]
    out = []
    for i, (at, sid) in enumerate(changes):
        stop = changes[i + 1][0] if i + 1 < len(changes) else end
        if stop >= at:
            title = r.situation_titles.get(sid, bi(sid))
            out.append(Segment(X(at), max(X(stop) - X(at), 0.5), sid, title,
                               "none" if sid == r.situation_default else f"s{min(i, 5)}",
                               {k: X(stop) - X(at) > text_w(v) + 8 for k, v in title.items()}))
    return out
