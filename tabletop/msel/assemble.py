"""The whole workbook as one scenario: the Exercise sheet's settings (or the
defaults and options for a planner's sheet that has none), the objectives, the
MSEL's injects and the decision points attached to their injects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tabletop.doctrine.rules import Doctrine, load_doctrine
from tabletop.msel import columns as C
from tabletop.msel import values as V
from tabletop.msel.build import Audience, Built, Rows, injects
from tabletop.msel.reader import SheetProblem, SheetProblems, Table
from tabletop.problems import ProblemsFound, Say
from tabletop.scenario.loader import audience as matching_seats

TOP_ORDER = ("format", "id", "title", "summary", "scope", "poc", "doctrine", "banner", "languages", "start",
             "duration", "clock", "objectives", "seats", "evaluators", "injects")


@dataclass
class Options:
    """What the command line adds for a planner's sheet without an Exercise sheet."""

    scenario_id: str
    start: datetime | None = None
    doctrine: str | None = None
    base: Path = Path(".")   # the scenario's folder: a doctrine path is relative to it


def exercise(table: Table | None, file: str, opts: Options, out: Built) -> dict:
    data: dict = {"format": "tabletop/1", "id": opts.scenario_id, "title": {"en": opts.scenario_id}}
    if table is None:
        return data
    rows = Rows(table, file, out)
    texts: dict[str, dict] = {}
    for r, values in table.rows:
        key = V.norm(rows.get(values, "key"))
        value = rows.get(values, "value")
        if not key or value is None or (isinstance(value, str) and not value.strip()):
            continue
        where = rows.where(r, "value")
        name, _, sub = key.partition(".")
        out.cells[(name,)] = where
        out.settings.add(name)
        if name in ("title", "summary", "scope") and sub in ("en", "ja") or key == "poc.ja":
            texts.setdefault(name, {})[sub] = V.text(value)
        elif name == "clock" and sub in ("mode", "speed"):
            data.setdefault("clock", {})[sub] = V.norm(value) if sub == "mode" else _number(value)
        elif key in ("id", "poc", "doctrine", "banner", "start", "duration"):
            data[key] = V.text(value) if key in ("poc", "banner") else V.norm(value)
        elif key in ("languages", "seats"):
            data[key] = V.id_list(value)
        elif key == "evaluators":
            data[key] = _number(value)
        else:
            out.problems.append(SheetProblem(file, table.sheet, r, rows.where(r, "key")[2],
                                             Say("msel.problems.bad_setting", key=key,
                                                 known=", ".join(k for k, _ in C.EXERCISE_ROWS))))
    if "poc" in texts:  # poc.ja beside poc: one bilingual text
        texts["poc"] = {"en": data.pop("poc", None) or texts["poc"]["ja"], **texts["poc"]}
    data.update(texts)
    return data


def _number(value):
    text = V.norm(value)
    try:
        number = float(text)
    except ValueError:
        return text  # the scenario's check says what is wrong with it
    return int(number) if number.is_integer() else number


def objectives(table: Table | None, file: str, out: Built) -> list[dict]:
    if table is None:
        return []
    rows = Rows(table, file, out)
    result = []
    for n, (r, values) in enumerate(table.rows):
        out.cells[("objectives", n)] = rows.where(r, "id")
        obj = {"id": V.norm(rows.get(values, "id")), "text": rows.bilingual(r, "text", values),
               "capability": rows.bilingual(r, "capability", values)}
        out.cells[("objectives", n, "text")] = rows.where(r, "text", "en")
        out.cells[("objectives", n, "capability")] = rows.where(r, "capability", "en")
        result.append({k: v for k, v in obj.items() if v})
    return result


def decisions(table: Table, file: str, audience: Audience, injects_: list[dict], out: Built) -> None:
    """Attach each decision (one row per option; a row without a decision id continues the one above)."""
    rows = Rows(table, file, out)
    index = {inj.get("id"): n for n, inj in enumerate(injects_)}
    current: dict | None = None
    for r, values in table.rows:
        dec_id = V.norm(rows.get(values, "id"))
        if dec_id and (current is None or current["id"] != dec_id):
            inject = rows.read(r, "inject", values, lambda v: V.norm(v) if not re.fullmatch(r"\d+", V.norm(v))
                               else f"I{V.norm(v)}")
            if inject not in index:
                rows.problem(r, "inject", Say("msel.problems.decision_no_inject", inject=inject) if inject else
                             Say("msel.problems.decision_inject_missing"))
                current = None
                continue
            owner = injects_[index[inject]]
            k = len(owner.setdefault("decisions", []))
            path = ("injects", index[inject], "decisions", k)
            current = {"id": dec_id}
            to = rows.read(r, "to", values, audience.patterns)
            current["to"] = to[0] if to else "?"  # a stand-in after a problem
            current["prompt"] = rows.bilingual(r, "prompt", values)
            deadline = rows.read(r, "deadline", values, lambda v: V.offset_text(V.offset(v)))
            if deadline:
                current["deadline"] = deadline
            current["options"] = []
            timeout = V.timeout_option(rows.get(values, "on_timeout"))
            if timeout:
                current["on_timeout"] = timeout
            owner["decisions"].append(current)
            for key, col in (("", "id"), ("to", "to"), ("prompt", "prompt"), ("deadline", "deadline"),
                             ("on_timeout", "on_timeout"), ("options", "option")):
                out.cells[path + ((key,) if key else ())] = rows.where(r, col, "en" if key == "prompt" else None)
            current["_path"] = path
        elif current is None:
            if not dec_id:
                rows.problem(r, "id", Say("msel.problems.option_no_decision"))
            continue
        _option(rows, r, values, current, out)
    for inj in injects_:
        for dec in inj.get("decisions", []):
            dec.pop("_path", None)


def _option(rows: Rows, r: int, values: list, current: dict, out: Built) -> None:
    opt_path = current["_path"] + ("options", len(current["options"]))
    option = {"id": V.norm(rows.get(values, "option")), "label": rows.bilingual(r, "label", values)}
    action = V.norm(rows.get(values, "action"))
    if action:
        option["action"] = action
    out.cells[opt_path] = rows.where(r, "option")
    out.cells[opt_path + ("label",)] = rows.where(r, "label", "en")
    out.cells[opt_path + ("action",)] = rows.where(r, "action")
    current["options"].append({k: v for k, v in option.items() if v})


def scenario(tables: dict[str, Table], file: str, opts: Options) -> Built:
    """The workbook's tables as scenario data; raise SheetProblems when a cell cannot be read."""
    out = Built({})
    top = exercise(tables.get(C.EXERCISE), file, opts, out)
    if opts.start is not None and "start" not in top:
        top["start"] = opts.start.isoformat()
    if opts.doctrine:
        top["doctrine"] = opts.doctrine
    if not any(k == ("title",) for k in out.cells):
        _title_from_rows(top, tables[C.MSEL], out, file)
    start = _start(top)
    try:
        doctrine = load_doctrine(top.get("doctrine", "us-japan"), base=opts.base)
    except ProblemsFound as exc:
        where = out.cells.get(("doctrine",), (C.EXERCISE, 0, 0))
        raise SheetProblems([SheetProblem(file, where[0], where[1], where[2], Say("msel.problems.doctrine", problem=p.say or p.message))
                             for p in exc.problems]) from None
    audience = Audience(doctrine)
    top["objectives"] = objectives(tables.get(C.OBJECTIVES), file, out)
    found = injects(tables[C.MSEL], file, audience, start, out)
    if C.DECISIONS in tables:
        decisions(tables[C.DECISIONS], file, audience, found, out)
    for n, inj in enumerate(found):
        row, text = inj.pop("_decision_text")
        if text and C.DECISIONS not in tables:
            out.problems.append(SheetProblem(file, tables[C.MSEL].sheet, row, out.cells[("injects", n)][2],
                                Say("msel.problems.decision_in_notes"), "warning"))
            inj["notes"] = "\n".join(x for x in (inj.get("notes"), f"Decision point: {text}") if x)
    if "seats" not in top:
        top["seats"] = _seats_addressed(found, doctrine)
    if "start" not in top:
        out.problems.append(SheetProblem(file, tables[C.MSEL].sheet, 0, 0, Say("msel.problems.no_startex")))
    top["injects"] = found
    out.data = {k: top[k] for k in TOP_ORDER if k in top and top[k] not in ([], None)}
    return out


def _title_from_rows(top: dict, table: Table, out: Built, file: str) -> None:
    """A sheet without an Exercise sheet takes its title from the first title row above the headings
    that is not the banner ("English / 日本語" is read as both languages)."""
    for r, c, text in table.titles:
        if re.fullmatch(r"(?i)(exercise[\s,]*)+(/\s*演習)?", text.strip()):  # the banner, as the export writes it
            continue
        parts = [p.strip() for p in text.split(" / ")] if " / " in text else [text]
        title: dict[str, str] = {}
        for part in parts:
            title.setdefault("ja" if V.is_japanese(part) else "en", part)
        if "en" not in title:
            title["en"] = title["ja"]
            out.problems.append(SheetProblem(file, table.sheet, r, c, Say("msel.problems.title_no_english"), "warning"))
        top["title"] = title
        out.cells[("title",)] = (table.sheet, r, c)
        return


def _start(top: dict) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(top.get("start")))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _seats_addressed(found: list[dict], doctrine: Doctrine) -> list[str]:
    players = [r.id for r in doctrine.player_roles()]
    wanted: set[str] = set()
    for inj in found:
        wanted.update(matching_seats(inj.get("to", []), players))
        wanted.update(d["to"] for d in inj.get("decisions", []) if d.get("to") in players)
    return [p for p in players if p in wanted]
