"""The branch compared: a fork and its parent, side by side from where they split.

Pure: two played logs in, plain data out (bilingual texts as {"en", "ja"} dicts from the
phrasebook and the pack), for the report's "The branch compared" section
(`tabletop report FORK.db --compare PARENT.db`, templates/sections/compare.html.j2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tabletop.engine import events as ev
from tabletop.engine.core import evolve
from tabletop.phrasebook import Names, phrase, pick
from tabletop.replay.fork import forked_from
from tabletop.replay.log import PlayedLog

LANGS = ("en", "ja")


def _bi(key: str, **fields) -> dict[str, str]:
    return {lang: phrase(f"replay.compare.{key}", lang, **fields) for lang in LANGS}


def _named(fn) -> dict[str, str]:
    return {lang: fn(lang) for lang in LANGS}


@dataclass
class Outcome:
    status: str  # resolved | timed_out | open | not_opened
    option: str | None
    label: dict[str, str]
    at: float | None


@dataclass
class Side:
    exercise: str
    title: dict[str, str]  # "Parent (as played)" / "Fork"
    end_at: float = 0.0
    decisions: dict[str, Outcome] = field(default_factory=dict)
    released: list[tuple[float, str]] = field(default_factory=list)  # after the split
    legal: list[tuple[float, dict[str, str]]] = field(default_factory=list)  # (from, situations in force)
    blocked: list[dict] = field(default_factory=list)  # at, seat, role, action, reason (after the split)
    obligations: list[dict] = field(default_factory=list)  # obligation, status, due_at (at the end)


@dataclass
class Comparison:
    parent: Side
    fork: Side
    point: int
    at: float
    decision: str | None
    option: str | None
    split: dict[str, str]  # the sentence saying where and how the branches split
    rows: list[dict]  # decisions whose outcome differs, or that either side answered after the split
    only: dict[str, list[dict]]  # "parent" / "fork": injects released on that side only
    chart: dict
    words: dict[str, dict[str, str]] = field(default_factory=lambda: {k: _bi(k) for k in WORDS})


WORDS = ("title", "intro", "decisions", "decisions_none", "decision", "only", "only_parent", "only_fork", "legal",
         "from", "in_force", "blocked", "obligations", "none", "chart", "time", "role", "action", "reason",
         "obligation", "status", "due")


class NotItsParent(ValueError):
    """The logs given are not a fork and its parent."""


def compare(fork: PlayedLog, parent: PlayedLog) -> Comparison:
    f = forked_from(fork.events)
    if f is None or not f.known:
        raise NotItsParent(f"{fork.exercise} is not a fork (its log holds no Forked event)")
    if f.payload.parent != parent.exercise:
        raise NotItsParent(f"{fork.exercise} was forked from {f.payload.parent}, not {parent.exercise}")
    point, at = f.payload.point, f.at
    names = Names.from_doctrine(fork.loaded.doctrine, fork.scenario)
    sides = {key: _side(played, point, names, key) for key, played in (("parent", parent), ("fork", fork))}
    decision, option = f.payload.decision, f.payload.option
    taken = {k: s.decisions.get(decision) for k, s in sides.items()} if decision else {}
    if decision and taken.get("fork") and taken["fork"].option:
        option = taken["fork"].option
    split = _split_sentence(parent.exercise, point, at, decision, taken, names)
    return Comparison(sides["parent"], sides["fork"], point, at, decision, option, split,
                      _rows(fork, sides, names), _only(fork, sides), _chart(sides, at))


def _side(played: PlayedLog, point: int, names: Names, key: str) -> Side:
    side = Side(played.exercise, _bi(f"side_{key}", exercise=played.exercise))
    state = played.initial()
    recognised, in_force = None, None
    for e in played.events:
        state = evolve(state, e)
        if state.situations is not recognised:  # the set is a new object only when it changes
            recognised, now = state.situations, tuple(state.in_force())
            if now != in_force:
                in_force = now
                side.legal.append((e.at, _named(lambda lang: phrase("common.list.separator", lang).join(
                    names.situation(s, lang) for s in now))))
        if e.seq <= point or not e.known:
            continue
        if e.type == ev.INJECT_RELEASED and not e.payload.adhoc:
            side.released.append((e.at, e.payload.inject))
        elif e.type == ev.MOVE_BLOCKED:
            reason = e.payload.reasons[0].text if e.payload.reasons else {}
            side.blocked.append({"at": e.at, "seq": e.seq, "role": _named(lambda lang: names.role(e.actor, lang)),
                                 "action": _named(lambda lang: names.action(e.payload.action, lang)),
                                 "reason": _named(lambda lang: pick(reason, lang))})
    side.end_at = state.last_at
    for key_, d in state.decisions.items():
        side.decisions[key_] = Outcome(d.status, d.option, _named(lambda lang: names.option(key_, d.option, lang)
                                                                  if d.option else "—"), d.resolved_at)
    for o in state.obligations.values():
        side.obligations.append({"obligation": _named(lambda lang: names.obligation(o.obligation, lang)),
                                 "status": _bi(f"obligation_{o.status}"), "due_at": o.due_at, "met_at": o.met_at})
    return side


def _split_sentence(parent: str, point: int, at: float, decision, taken, names: Names) -> dict[str, str]:
    from tabletop.engine.clock import format_offset

    if not decision:
        return _bi("split_at", parent=parent, point=point, at=format_offset(at))
    p, f = taken.get("parent"), taken.get("fork")
    return {lang: phrase("replay.compare.split_decision", lang, parent=parent, point=point, at=format_offset(at),
                         decision=decision, parent_option=p.label[lang] if p else "—",
                         fork_option=f.label[lang] if f else "—") for lang in LANGS}


def _rows(fork: PlayedLog, sides: dict[str, Side], names: Names) -> list[dict]:
    out = []
    for inject in fork.scenario.injects:
        for d in inject.decisions:
            p, f = sides["parent"].decisions.get(d.id), sides["fork"].decisions.get(d.id)
            if p is None and f is None:
                continue
            same = p is not None and f is not None and (p.status, p.option, p.at) == (f.status, f.option, f.at)
            if same:
                continue  # decided alike before the split (the shared prefix)
            out.append({"id": d.id, "prompt": _named(lambda lang: pick(d.prompt, lang)),
                        "role": _named(lambda lang: names.role(d.to, lang)),
                        "parent": _cell(p), "fork": _cell(f),
                        "differs": (p.option if p else None) != (f.option if f else None)})
    return out


def _cell(o: Outcome | None) -> dict:
    if o is None:
        return {"text": _bi("not_opened"), "at": None, "status": "not_opened"}
    if o.status == "open":
        return {"text": _bi("left_open"), "at": None, "status": "open"}
    text = o.label if o.status == "resolved" else {lang: phrase("replay.compare.timed_out", lang, option=o.label[lang])
                                                   for lang in LANGS}
    return {"text": text, "at": o.at, "status": o.status}


def _only(fork: PlayedLog, sides: dict[str, Side]) -> dict[str, list[dict]]:
    ids = {k: {i for _, i in s.released} for k, s in sides.items()}
    out: dict[str, list[dict]] = {}
    for key, other in (("parent", "fork"), ("fork", "parent")):
        out[key] = [{"id": i, "at": at, "title": _named(lambda lang: pick(fork.scenario.inject(i).title, lang))}
                    for at, i in sides[key].released if i not in ids[other]]
    return out


# -- both timelines on one chart ------------------------------------------------------------

WIDTH, LEFT, LANE, TOP = 720.0, 110.0, 46.0, 24.0


def _chart(sides: dict[str, Side], split_at: float) -> dict:
    """SVG geometry: one lane per side, its legal situation as a band, its injects (ticks) and
    decisions (diamonds) after the split, the split as a dashed line; x is scenario time."""
    end = max(s.end_at for s in sides.values()) or 1.0
    x = lambda t: LEFT + (WIDTH - LEFT - 10) * max(0.0, min(t, end)) / end  # noqa: E731
    lanes, palette = [], {}
    for n, (key, side) in enumerate(sides.items()):
        y = TOP + n * (LANE + 18)
        bands = []
        for i, (start, names) in enumerate(side.legal):
            stop = side.legal[i + 1][0] if i + 1 < len(side.legal) else side.end_at
            colour = palette.setdefault(names["en"], len(palette) % 6)
            bands.append({"x": x(start), "w": max(0.5, x(stop) - x(start)), "tone": colour, "names": names})
        ticks = [{"x": x(t), "id": i} for t, i in side.released]
        marks = [{"x": x(o.at), "id": k} for k, o in side.decisions.items()
                 if o.at is not None and o.at >= split_at and o.status in ("resolved", "timed_out")]
        lanes.append({"key": key, "title": side.title, "y": y, "h": LANE, "bands": bands, "ticks": ticks,
                      "marks": marks})
    hours = int(end // 3600) + 1
    axis = [{"x": x(h * 3600), "label": f"+{h:02d}:00"} for h in range(hours + 1) if h * 3600 <= end]
    legend = [{"tone": tone, "names": next(b["names"] for lane in lanes for b in lane["bands"] if b["tone"] == tone
                                           and b["names"]["en"] == en)} for en, tone in palette.items()]
    return {"width": WIDTH, "height": TOP + 2 * (LANE + 18) + 24, "split_x": x(split_at), "lanes": lanes,
            "axis": axis, "legend": legend, "left": LEFT}
