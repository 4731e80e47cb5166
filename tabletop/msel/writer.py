"""A scenario as an MSEL workbook: the rows of each sheet (pure), then the
sheets drawn with openpyxl (.xlsx) or written as CSV files (one per sheet).

The workbook holds everything a scenario says, so that importing it gives the
scenario back: the MSEL (one row per inject, in time order), the decision
points and their options, the objectives, and the exercise's own settings."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tabletop.msel import columns as C
from tabletop.msel.values import condition_text, offset_text, trigger_text
from tabletop.phrasebook import banner, phrase, pick
from tabletop.scenario.model import Inject, Scenario
from tabletop.text import Text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula in a CSV cell


@dataclass
class SheetData:
    kind: str                          # columns.MSEL, DECISIONS, ...
    columns: list[C.Column]
    rows: list[list]
    title_rows: list[str] = field(default_factory=list)


def release_times(s: Scenario) -> dict[str, int | None]:
    """Each inject's planned time after STARTEX (following `after` chains); None for manual ones."""
    out: dict[str, int | None] = {}

    def of(inj: Inject, depth: int = 0) -> int | None:
        if inj.id in out:
            return out[inj.id]
        if inj.at is not None:
            value = inj.at
        elif inj.after is not None and inj.after.inject in s._injects and depth < len(s.injects):
            parent = of(s.inject(inj.after.inject), depth + 1)
            value = None if parent is None else parent + inj.after.delay
        else:
            value = None
        out[inj.id] = value
        return value

    for inj in s.injects:
        of(inj)
    return out


def time_order(s: Scenario) -> list[Inject]:
    """Injects in time order (stable: injects at the same time keep the scenario's order; manual ones last)."""
    times = release_times(s)
    return sorted(s.injects, key=lambda i: (times[i.id] is None, times[i.id] or 0))


def _bi(t: Text | None) -> list:
    return [t.en, t.ja] if t is not None else [None, None]


def _clock(start: datetime, at: int | None) -> str | None:
    return None if at is None else (start + timedelta(seconds=at)).strftime("%H:%M:%S")


def _wall(s: Scenario, startex: datetime, at: int | None) -> str | None:
    if at is None or s.clock.mode == "manual":
        return None
    speed = s.clock.speed if s.clock.mode == "compressed" else 1.0
    return (startex + timedelta(seconds=at / speed)).strftime("%H:%M:%S")


class Who:
    """Seats as a person reads them in the workbook: a role's name, a side's (`jp.*`), everyone
    (`*`), in the MSEL's language, wherever the import reads the name back as the same seats
    (tabletop.msel.build.Audience); the id where it would not (an id the pack lacks, two roles of
    one name) or without a doctrine pack."""

    def __init__(self, doctrine=None, lang: str = "en"):
        from tabletop.msel.build import Audience

        self.lang = lang
        self.audience = Audience(doctrine) if doctrine is not None else None
        self.words: dict[str, str] = {}
        if doctrine is not None:
            self.words["*"] = phrase("common.audience.everyone", lang)
            self.words.update({f"{side.id}.*": pick(side.title, lang) for side in doctrine.sides.values()})
            self.words.update({r.id: pick(r.title, lang) for r in doctrine.player_roles()})

    def cell(self, seats: list[str] | str) -> str:
        seats = [seats] if isinstance(seats, str) else list(seats)
        # "; " in English: a role's name may hold a comma ("Commander, U.S. Forces Japan")
        names = ("、" if self.lang == "ja" else "; ").join(self.words.get(x, x) for x in seats)
        return names if self.audience is not None and self._reads(names) == list(dict.fromkeys(seats)) \
            else ", ".join(seats)

    def _reads(self, text: str) -> list[str] | None:
        from tabletop.msel.values import CellError

        try:
            return self.audience.patterns(text)
        except CellError:
            return None


def _decision_summary(inj: Inject, who: Who) -> str | None:
    lines = []
    for d in inj.decisions:
        deadline = f", {offset_text(d.deadline)}" if d.deadline is not None else ""
        lines.append(f"{d.id} ({who.cell(d.to)}{deadline}): {pick(d.prompt, who.lang)} — "
                     + " / ".join(o.id for o in d.options))
    return "\n".join(lines) or None


def msel_sheet(s: Scenario, startex: datetime, who: Who | None = None) -> SheetData:
    who = who or Who()
    times = release_times(s)
    rows = []
    for inj in time_order(s):
        after = (inj.after.inject, inj.after.delay) if inj.after is not None else None
        when = inj.when.model_dump(exclude_none=True) if inj.when is not None else {}
        rows.append([inj.id, trigger_text(inj.at, after, inj.manual), _clock(s.start, times[inj.id]),
                     _wall(s, startex, times[inj.id]), *_bi(inj.from_), who.cell(inj.to), *_bi(inj.method),
                     *_bi(inj.title), *_bi(inj.body), ", ".join(inj.expected), ", ".join(inj.objectives),
                     inj.notes, _decision_summary(inj, who), condition_text(when) or None,
                     ", ".join(inj.set_flags), ", ".join(inj.clear_flags)])
    line = {lang: phrase("msel.startex", lang, start=s.start.isoformat(), wall=f"{startex:%H:%M}",
                         mode=phrase(f"msel.clock_mode.{s.clock.mode}", lang), id=s.id,
                         speed=phrase("msel.speed", lang, speed=f"{s.clock.speed:g}") if s.clock.mode == "compressed"
                         else "") for lang in ("en", "ja")}
    titles = [banner(s.banner), f"{s.title.en}" + (f" / {s.title.ja}" if s.title.ja else ""),
              f"{line['en']} / {line['ja']}"]
    return SheetData(C.MSEL, C.MSEL_COLUMNS, rows, titles)


def decisions_sheet(s: Scenario, who: Who | None = None) -> SheetData:
    who = who or Who()
    rows = []  # the decision's cells on its first option's row only (merging 1,000 of them costs seconds)
    for inj in time_order(s):
        for d in inj.decisions:
            for k, o in enumerate(d.options):
                head = [d.id, inj.id, who.cell(d.to), *_bi(d.prompt), offset_text(d.deadline) if d.deadline is not None else None,
                        _timeout(d, who.lang)] if k == 0 else [None] * 7
                rows.append([*head, o.id, *_bi(o.label), o.action])
    return SheetData(C.DECISIONS, C.DECISION_COLUMNS, rows)


def _timeout(d, lang: str) -> str | None:
    """If no decision: the option taken, by its label in the MSEL's language with its id in brackets
    (the import reads the id: tabletop.msel.values.timeout_option)."""
    option = next((o for o in d.options if o.id == d.on_timeout), None)
    if option is None:
        return d.on_timeout
    return phrase("msel.timeout_option", lang, label=pick(option.label, lang), option=option.id)


def objectives_sheet(s: Scenario) -> SheetData:
    rows = [[o.id, *_bi(o.text), *_bi(o.capability)] for o in s.objectives]
    return SheetData(C.OBJECTIVES, C.OBJECTIVE_COLUMNS, rows)


def exercise_sheet(s: Scenario) -> SheetData:
    values = {
        "id": s.id, "title.en": s.title.en, "title.ja": s.title.ja,
        "summary.en": s.summary.en if s.summary else None, "summary.ja": s.summary.ja if s.summary else None,
        "scope.en": s.scope.en if s.scope else None, "scope.ja": s.scope.ja if s.scope else None,
        "poc": s.poc.en if s.poc else None, "poc.ja": s.poc.ja if s.poc else None,
        "doctrine": s.doctrine, "banner": s.banner, "languages": ", ".join(s.languages),
        "start": s.start.isoformat(), "duration": offset_text(s.duration) if s.duration is not None else None,
        "clock.mode": s.clock.mode, "clock.speed": _number_text(s.clock.speed), "seats": ", ".join(s.seats),
        "evaluators": str(s.evaluators),
    }
    return SheetData(C.EXERCISE, C.EXERCISE_COLUMNS, [[k, item, values[k]] for k, item in C.EXERCISE_ROWS])


def _number_text(x: float) -> str:
    short = f"{x:g}"
    return short if float(short) == x else repr(x)


def sheets(s: Scenario, startex: datetime | None = None, doctrine=None, lang: str = "en") -> list[SheetData]:
    """The workbook's sheets; `startex` is the wall clock at STARTEX (default: the scenario clock's);
    with the doctrine pack, seats are written by their roles' names in `lang`."""
    startex = startex or s.start
    who = Who(doctrine, lang)
    return [msel_sheet(s, startex, who), decisions_sheet(s, who), objectives_sheet(s), exercise_sheet(s)]


_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def line_widths(value) -> list[int]:
    """The width of each line of a cell in the widths of a digit: an East Asian wide character (kana,
    kanji, full-width forms) is drawn some 2.3 times as wide."""
    if value is None:
        return [0]
    lines = str(value).split("\n")
    return [len(line) if line.isascii() else len(line) + round(1.3 * len(_WIDE.findall(line))) for line in lines]


def display_width(value) -> int:
    return max(line_widths(value))


def fitted_widths(sheet: SheetData, measured: list[list[list[int]]]) -> list[float]:
    out = []
    for i, col in enumerate(sheet.columns):
        head = max(display_width(col.en), display_width(col.ja))
        body = max((max(row[i]) for row in measured), default=0)
        out.append(min(max(head, body, 6), max(col.width, head)) + 2)
    return out


def row_heights(measured: list[list[list[int]]], widths: list[float], line: float = 15.0) -> list[float]:
    """Each data row's height in points: the wrapped lines of its tallest cell (spreadsheets do not
    grow rows for wrapped text on opening a file)."""
    rooms = [max(int((w - 1.5) * 1.15), 1) for w in widths]  # a text line holds more letters than digits
    out = []
    for row in measured:
        lines = max(sum(-(-w // room) or 1 for w in cell) for cell, room in zip(row, rooms))
        out.append(min(max(lines, 1) * line + 2, 409.0))
    return out


def measure(sheet: SheetData) -> list[list[list[int]]]:
    """Every cell's line widths, measured once for the column widths and the row heights."""
    return [[line_widths(v) for v in row] for row in sheet.rows]


def write_xlsx(book: list[SheetData], path: Path) -> None:
    from tabletop.msel.draw import draw_workbook

    draw_workbook(book).save(path)


def csv_paths(path: Path) -> dict[str, Path]:
    """msel.csv holds the MSEL; its other sheets go beside it as msel.decisions.csv and so on."""
    stem = path.with_suffix("")
    return {C.MSEL: path, **{k: stem.with_name(f"{stem.name}.{k.lower()}.csv")
                             for k in (C.DECISIONS, C.OBJECTIVES, C.EXERCISE)}}


def write_csv(book: list[SheetData], path: Path) -> list[Path]:
    """UTF-8 with a BOM (so that Excel reads the Japanese), one file per sheet; a text a spreadsheet
    would take for a formula is written with a leading apostrophe, which the import drops again."""
    written = []
    paths = csv_paths(path)
    for sheet in book:
        target = paths[sheet.kind]
        with target.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow([c.en for c in sheet.columns])
            for row in sheet.rows:
                w.writerow([_csv_cell(v) for v in row])
        written.append(target)
    return written


def _csv_cell(value) -> str:
    if value is None:
        return ""
    value = str(value)
    if value.startswith(FORMULA_START) and not _is_time(value):
        return "'" + value
    return value


def _is_time(value: str) -> bool:
    return value[:1] == "+" and value[1:3].isdigit() and ":" in value[:6]


def export(s: Scenario, path: Path, startex: datetime | None = None, doctrine=None, lang: str = "en") -> list[Path]:
    book = sheets(s, startex, doctrine, lang)
    if path.suffix.lower() == ".csv":
        return write_csv(book, path)
    write_xlsx(book, path)
    return [path]
