"""The timeline chart's geometry, computed from the report context.

Pure: positions and sizes only, in SVG user units; `templates/timeline.svg.j2`
turns them into markup (with every label escaped). Lanes are the doctrine
pack's sides that have seats in play, then control; below them a band shows
the legal situation in force over scenario time."""

from __future__ import annotations

from dataclasses import dataclass, field

from tabletop.report.model import Bi, Report, bi
from tabletop.text import format_offset

WIDTH = 1000.0
LABEL_W = 150.0  # left column with the lane names
RIGHT_PAD = 24.0
AXIS_H = 44.0
ROW_H = 17.0
MARK_ROW_H = 16.0
MARK_W = 11.0  # a marker (ruling, blocked attempt, declaration) is 10 wide
MESSAGE_DROP = 5.0  # message dots below the markers' middle
LANE_PAD = 5.0
SITUATION_H = 26.0
FONT = 11.0
CHAR_W = 6.3  # average advance of a Latin character at FONT
MAX_ROWS = 10  # beyond this, labels share the last row
MAX_DOTS = 80  # more messages than this in a lane are drawn as a density strip
BIN_W = 5.0
STEPS = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400)


@dataclass
class Tick:
    x: float
    offset: str  # '+00:10'
    clock: str  # '06:50'


@dataclass
class Lane:
    id: str
    title: Bi
    y: float
    h: float
    lines: dict[str, list[str]] = field(default_factory=dict)  # the title wrapped to the label column, per language


def wrap(text: str, width: float) -> list[str]:
    """Break a label into lines no wider than `width` (estimated), at spaces or, for Japanese, anywhere."""
    lines: list[str] = []
    current = ""
    tokens = text.split(" ") if all(ord(ch) < 0x2E80 for ch in text) else list(text)
    joiner = " " if all(ord(ch) < 0x2E80 for ch in text) else ""
    for tok in tokens:
        candidate = f"{current}{joiner}{tok}" if current else tok
        if current and text_w(candidate) > width:
            lines.append(current)
            current = tok
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines[:4]


@dataclass
class Item:
    kind: str  # inject | decision | ruling | blocked | message | situation
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    label: str = ""
    label_x: float = 0.0
    cls: str = ""
    title: Bi | str = ""
    href: str = ""


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
    x0: float
    x1: float
    axis_y: float
    ticks: list[Tick]
    lanes: list[Lane]
    items: list[Item]
    segments: list[Segment] = field(default_factory=list)
    situation_y: float = 0.0
    situation_h: float = SITUATION_H
    end: float = 0.0


def _step(span: float) -> int:
    for s in STEPS:
        if span / s <= 10:
            return s
    return STEPS[-1]


def text_w(label: str) -> float:
    return sum(CHAR_W * (1.9 if ord(ch) > 0x2E80 else 1.0) for ch in label)


class _Rows:
    """Greedy packing of labelled items into rows so that no two labels overlap."""

    def __init__(self) -> None:
        self.ends: list[float] = []

    def place(self, start: float, end: float) -> int:
        for i, last in enumerate(self.ends):
            if start > last + 3:
                self.ends[i] = end
                return i
        if len(self.ends) < MAX_ROWS:
            self.ends.append(end)
            return len(self.ends) - 1
        i = min(range(len(self.ends)), key=lambda k: self.ends[k])
        self.ends[i] = max(self.ends[i], end)
        return i


def timeline(ctx: Report) -> Chart:
    end = max(ctx.coverage.played, 60.0)
    for d in ctx.decisions:
        if d.deadline_at is not None and d.status == "open":
            end = max(end, d.deadline_at)
    x0, x1 = LABEL_W, WIDTH - RIGHT_PAD

    def X(at: float) -> float:
        return x0 + (x1 - x0) * max(0.0, min(at, end)) / end

    step = _step(end)
    ticks = []
    t = 0
    while t <= end + 0.5:
        clock = ctx.clock(t).strftime("%H:%M")
        ticks.append(Tick(X(t), format_offset(t)[:-3], clock))
        t += step

    lane_of_side = {s.id: s.id for s in ctx.sides}
    seat_side = {p.seat: p.side for p in ctx.participants}

    def lane_for(seat: str | None) -> str:
        side = seat_side.get(seat or "", "control")
        return lane_of_side.get(side, "control")

    # Items per lane: labelled ones are packed into rows; markers share one row.
    labelled: dict[str, list[tuple[float, float, Item]]] = {s.id: [] for s in ctx.sides}
    markers: dict[str, list[Item]] = {s.id: [] for s in ctx.sides}

    for inj in ctx.injects:
        if inj.released_at is None:
            continue
        x = X(inj.released_at)
        audience = ", ".join(inj.to)
        item = Item("inject", x, 0, label=inj.id, cls="adhoc" if inj.adhoc else "inject",
                    title={k: f"{inj.id} {format_offset(inj.released_at)} — {v} → {audience}"
                           for k, v in inj.title.items()},
                    href=f"#ev-{inj.seq}" if inj.seq else "")
        labelled["control"].append((x - 5, x + 7 + text_w(inj.id), item))
    for d in ctx.decisions:
        if d.opened_at is None:
            continue
        lane = lane_for(d.to)
        xa = X(d.opened_at)
        xb = X(d.closed_at if d.closed_at is not None else end)
        width = max(xb - xa, 3.0)
        cls = {"resolved": "resolved", "timed_out": "timedout"}.get(d.status, "open")
        status = {"resolved": bi("resolved", "決定"), "timed_out": bi("timed out", "期限切れ")}.get(
            d.status, bi("open", "未決定"))
        opt = d.option_label or bi("—")
        item = Item("decision", xa, 0, w=width, label=d.id, cls=cls,
                    title={k: f"{d.id} {d.role[k]}: {status[k]} — {opt[k]}" for k in ("en", "ja")},
                    href=f"#decision-{d.id}")
        labelled.setdefault(lane, []).append((xa - 1, xa + width + 4 + text_w(d.id), item))
    for r in ctx.rulings:
        markers["control"].append(Item("ruling", X(r.at), 0, cls=r.verdict,
                                       title={"en": f"Ruling {r.verdict} on #{r.target}",
                                              "ja": f"#{r.target}への裁定（{r.verdict}）"},
                                       href=f"#ev-{r.seq}"))
    for m in ctx.blocked:
        lane = lane_for(m.seat)
        label = m.action_label or bi(m.action or "—")
        markers.setdefault(lane, []).append(Item("blocked", X(m.at), 0, cls="blocked",
                                                 title={k: f"{m.role[k]}: {label[k]}" for k in ("en", "ja")},
                                                 href=f"#ev-{m.seq}"))
    for msg in ctx.messages:
        lane = lane_for(msg.sender)
        markers.setdefault(lane, []).append(Item("message", X(msg.at), 0, cls="cross" if msg.cross_side else "msg",
                                                 title={k: f"{msg.sender_role[k]} → "
                                                        + ", ".join(r[k] for r in msg.to_roles)
                                                        for k in ("en", "ja")},
                                                 href="#coordination"))
    for s in ctx.situations:
        lane = lane_for(s.by)
        markers.setdefault(lane, []).append(Item("situation", X(s.at), 0, cls="situation",
                                                 title={k: f"{s.by_role[k]}: {s.title[k]}" for k in ("en", "ja")},
                                                 href=f"#ev-{s.seq}"))

    for lane_id, ms in markers.items():  # many messages: a density strip instead of one dot each
        msgs = [it for it in ms if it.kind == "message"]
        if len(msgs) <= MAX_DOTS:
            continue
        bins: dict[int, int] = {}
        for it in msgs:
            bins[int((it.x - x0) // BIN_W)] = bins.get(int((it.x - x0) // BIN_W), 0) + 1
        top = max(bins.values())
        rest = [it for it in ms if it.kind != "message"]
        for b, n in sorted(bins.items()):
            rest.append(Item("msgbin", x0 + b * BIN_W, 0, w=BIN_W - 0.6, h=max(1.5, (MARK_ROW_H - 3) * n / top),
                             cls="cross", title={"en": f"{n} messages", "ja": f"メッセージ{n}件"}))
        markers[lane_id] = rest

    lanes: list[Lane] = []
    items: list[Item] = []
    y = AXIS_H
    for side in ctx.sides:
        rows = _Rows()
        placed = []
        for start, stop, item in sorted(labelled.get(side.id, []), key=lambda t: (t[0], t[1])):
            placed.append((rows.place(start, stop), item))
        n_rows = max(1, len(rows.ends))
        has_markers = bool(markers.get(side.id))
        lines = {k: wrap(v, LABEL_W - 16) for k, v in side.title.items()}
        h = LANE_PAD * 2 + n_rows * ROW_H + (MARK_ROW_H if has_markers else 0)
        h = max(h, 8 + 13 * max(len(x) for x in lines.values()))
        lanes.append(Lane(side.id, side.title, y, h, lines))
        for row, item in placed:
            top = y + LANE_PAD + row * ROW_H
            if item.kind == "inject":
                item.y = top + ROW_H / 2
                item.label_x = item.x + 7
            else:
                item.y = top + 3
                item.h = ROW_H - 6
                item.label_x = item.x + item.w + 3
            items.append(item)
        my = y + LANE_PAD + n_rows * ROW_H + MARK_ROW_H / 2 - 1
        last = -MARK_W
        # Rulings, blocked attempts and declarations at (nearly) the same time stand side by side, in
        # order, rather than on top of each other; message dots sit low in the row, under them.
        for item in sorted(markers.get(side.id, []), key=lambda it: it.x):
            if item.kind == "msgbin":
                item.y = my + MARK_ROW_H / 2 - 1 - item.h
            elif item.kind == "message":
                item.y = my + MESSAGE_DROP
            else:
                item.x = max(item.x, last + MARK_W)
                last = item.x
                item.y = my
            items.append(item)
        y += h

    # Legal situation band.
    situation_y = y + 6
    changes = [(0.0, ctx.situation_default)] + [(s.at, s.situation) for s in ctx.situations]
    segments: list[Segment] = []
    for i, (at, sid) in enumerate(changes):
        stop = changes[i + 1][0] if i + 1 < len(changes) else end
        if stop < at:
            continue
        xa, xb = X(at), X(stop)
        title = ctx.situation_titles.get(sid, bi(sid))
        fits = {k: (xb - xa) > text_w(v) + 8 for k, v in title.items()}
        segments.append(Segment(xa, max(xb - xa, 0.5), sid, title,
                                "none" if sid == ctx.situation_default else f"s{min(i, 5)}", fits))
    height = situation_y + SITUATION_H + 6
    return Chart(WIDTH, height, x0, x1, AXIS_H - 6, ticks, lanes, items, segments, situation_y, SITUATION_H, end)
