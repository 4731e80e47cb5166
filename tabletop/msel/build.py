"""The sheets' rows as a scenario: plain data in the scenario format's key
order, with the cell every value came from, so that a problem found later (by
the scenario's own checks) is reported at its cell. Pure: no files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from tabletop.doctrine.rules import Doctrine
from tabletop.msel import columns as C
from tabletop.msel import values as V
from tabletop.msel.reader import SheetProblem, Table, cell_text_lang
from tabletop.problems import Say, hint, message_of

Where = tuple[str, int, int]  # sheet, row, column


@dataclass
class Built:
    data: dict
    cells: dict[tuple, Where] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)
    settings: set[str] = field(default_factory=set)  # top-level keys an Exercise sheet gave


class Rows:
    """Reads one table's rows; every problem names its cell."""

    def __init__(self, table: Table, file: str, out: Built):
        self.table, self.file, self.out = table, file, out
        self.at: dict[tuple[str, str | None], int] = {}
        self.auto: dict[str, list[int]] = {}
        for c, (col, lang) in table.columns.items():
            if lang == "auto":
                self.auto.setdefault(col.key, []).append(c)
            else:
                self.at.setdefault((col.key, lang), c)

    def where(self, row: int, key: str, lang: str | None = None) -> Where:
        col = self.at.get((key, lang)) or self.at.get((key, "en")) or self.at.get((key, "ja"))
        return (self.table.sheet, row, col or (self.auto.get(key) or [0])[0])

    def get(self, values: list, key: str, lang: str | None = None):
        c = self.at.get((key, lang))
        return values[c - 1] if c and c <= len(values) else None

    def problem(self, row: int, key: str, message: "Say | str", severity: str = "error", lang: str | None = None) -> None:
        sheet, r, c = self.where(row, key, lang)
        self.out.problems.append(SheetProblem(self.file, sheet, r, c, message, severity))

    def read(self, row: int, key: str, values: list, parse, lang: str | None = None):
        raw = self.get(values, key, lang)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        try:
            return parse(raw)
        except V.CellError as exc:
            self.problem(row, key, message_of(exc), lang=lang)
            return None

    def bilingual(self, row: int, key: str, values: list) -> dict | None:
        """A text's languages, from its (en) and (ja) columns, or an untagged column read by its script."""
        out: dict[str, str] = {}
        for lang in ("en", "ja"):
            t = V.text(self.get(values, key, lang))
            if t:
                out[lang] = t
        for c in self.auto.get(key, []):
            t = V.text(values[c - 1] if c <= len(values) else None)
            if t:
                out.setdefault(cell_text_lang("auto", t), t)
        if out and "en" not in out:
            self.problem(row, key, Say("msel.problems.no_english"), "warning", "ja")
            out = {"en": out["ja"], "ja": out["ja"]}
        return out or None


class Audience:
    """Role ids, wildcards, or role and side names in English or Japanese, to seat patterns."""

    def __init__(self, doctrine: Doctrine):
        self.ids = {r.id for r in doctrine.player_roles()}
        self.names: dict[str, str] = {}
        for r in doctrine.player_roles():
            for t in (r.title.en, r.title.ja):
                if t:
                    self.names[C.fold(t)] = r.id
        for s in doctrine.sides.values():
            for t in (s.title.en, s.title.ja):
                if t and any(i.startswith(f"{s.id}.") for i in self.ids):
                    self.names.setdefault(C.fold(t), f"{s.id}.*")
        for word in ("all", "everyone", "allplayers", "全員", "全て", "全ロール"):
            self.names[word] = "*"
        self.known = sorted(self.ids) + sorted({r.title.en for r in doctrine.player_roles()})

    def patterns(self, value) -> list[str]:
        out = []
        for name in self._entries(V.names(value)):
            if name in self.ids or "*" in name:
                out.append(name)
            elif C.fold(name) in self.names:
                out.append(self.names[C.fold(name)])
            elif re.fullmatch(r"[A-Za-z][\w-]*\.[\w.-]+", name):
                out.append(name)  # an id this pack lacks: the scenario's own check names it
            else:
                raise V.CellError("not_role", name=name, hint=hint(name, self.known))
        return list(dict.fromkeys(out))

    def _entries(self, parts: list[str]) -> list[str]:
        """The cell's entries, a role's name that holds a comma ("Commander, U.S. Forces Japan",
        as the export writes it) taken whole: the longest run of parts that is one name."""
        out, i = [], 0
        while i < len(parts):
            j = next((j for j in range(min(len(parts), i + 4), i + 1, -1)
                      if not any(p in self.ids or "*" in p for p in parts[i:j])
                      and C.fold(", ".join(parts[i:j])) in self.names), i + 1)
            out.append(", ".join(parts[i:j]))
            i = j
        return out


def inject_id(raw) -> str:
    """An inject number: an id (I01), or a plain number (7, 1.2), which becomes I7, I1.2."""
    text = V.norm(int(raw) if isinstance(raw, float) and raw.is_integer() else raw)
    if re.fullmatch(r"\d+(\.\d+)*", text):
        text = f"I{text}"
    return V.check_id(text, Say("msel.problems.inject_number"))


def injects(table: Table, file: str, audience: Audience, start: datetime | None, out: Built) -> list[dict]:
    rows = Rows(table, file, out)
    result = []
    for n, (r, values) in enumerate(table.rows):
        path = ("injects", n)
        inj: dict = {}
        out.cells[path] = rows.where(r, "id")
        if table.has("id"):
            inj["id"] = rows.read(r, "id", values, inject_id)
            if inj["id"] is None:
                if rows.get(values, "id") is None:
                    rows.problem(r, "id", Say("msel.problems.no_inject_number"))
                inj["id"] = f"row-{r}"  # a stand-in: the row's other cells are still checked
        else:
            inj["id"] = f"I{n + 1:03d}"
        trig = _trigger(rows, r, values, start)
        inj.update(trig or {"manual": True})  # (a stand-in, so that the rest of the row is still checked)
        for key in ("at", "after", "manual"):
            out.cells[path + (key,)] = rows.where(r, "time" if table.has("time") else "clock")
        when = rows.read(r, "when", values, V.condition)
        if when:
            inj["when"] = when
        inj["to"] = rows.read(r, "to", values, audience.patterns)
        if rows.get(values, "to") in (None, ""):
            rows.problem(r, "to", Say("msel.problems.no_audience"))
        inj["to"] = inj["to"] or ["*"]  # a stand-in after a problem
        for key in ("from", "method"):
            value = rows.bilingual(r, key, values)
            if value:  # English only stays a plain string, as the scenario wrote it
                inj[key] = value["en"] if set(value) == {"en"} else value
        body = rows.bilingual(r, "body", values)
        title = rows.bilingual(r, "title", values)
        if title is None and body is not None:
            title = {k: _first_line(v) for k, v in body.items()}
        inj["title"], inj["body"] = title or {"en": ""}, body or {"en": ""}
        if body is None:
            rows.problem(r, "body", Say("msel.problems.no_body"))
        for key in ("objectives", "expected"):
            inj[key] = rows.read(r, key, values, V.id_list) or []
        notes = V.text(rows.get(values, "notes"))
        if notes:
            inj["notes"] = notes
        for key in ("set_flags", "clear_flags"):
            inj[key] = rows.read(r, key, values, V.id_list) or []
        for key, col in (("to", "to"), ("from", "from"), ("method", "method"), ("when", "when"), ("title", "title"),
                         ("body", "body"), ("objectives", "objectives"), ("expected", "expected"),
                         ("notes", "notes"), ("set_flags", "set_flags"), ("clear_flags", "clear_flags")):
            if key == "title" and not table.has("title"):
                col = "body"  # the title is made from the text
            out.cells[path + (key,)] = rows.where(r, col, "en" if key in ("title", "body") else None)
        inj["_decision_text"] = (r, V.text(rows.get(values, "decisions")))
        result.append({k: v for k, v in inj.items() if v not in ([], None)})
    return result


def _trigger(rows: Rows, r: int, values: list, start: datetime | None) -> dict | None:
    if rows.get(values, "time") not in (None, ""):
        return rows.read(r, "time", values, V.trigger)
    if rows.get(values, "clock") not in (None, ""):
        if start is None:
            rows.problem(r, "clock", Say("msel.problems.clock_needs_startex"))
            return None
        seconds = rows.read(r, "clock", values, lambda v: V.clock_offset(v, start))
        return None if seconds is None else {"at": V.offset_text(seconds)}
    key = "time" if rows.table.has("time") else "clock" if rows.table.has("clock") else "id"
    rows.problem(r, key, Say("msel.problems.no_time"))
    return None


def _first_line(text: str, limit: int = 60) -> str:
    line = text.split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
