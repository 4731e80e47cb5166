"""The lessons report as HTML and PDF: templates/lessons/ rendered with Jinja2
(autoescaped: participant text stays text), the PDF from that HTML in one
WeasyPrint call. The ratings-over-time chart is SVG, its coordinates worked out here."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from tabletop.archive.lessons import month

PALETTE = ("#1f5fa8", "#b5461f", "#2e7d32", "#6a3d9a", "#8c6d00", "#00838f", "#ad1457", "#424242")
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 44, 16, 12, 40


def templates_dir() -> Path:
    """templates/lessons in a checkout, tabletop/_data/templates/lessons in a wheel."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_data" / "templates" / "lessons"
    return packaged if packaged.is_dir() else here.parents[2] / "templates" / "lessons"


def _when(text: str | None) -> float:
    try:
        return _dt.datetime.fromisoformat((text or "").replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def chart(series: list[dict], lang: str = "en") -> dict:
    """Ratings over time: one line per objective; x = the exercise's date, y = its mean rating 1..4."""
    times = [_when(p["date"]) for s in series for p in s["points"]]
    lo, hi = (min(times), max(times)) if times else (0.0, 1.0)
    span = (hi - lo) or 1.0
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def x(t: float) -> float:
        return round(PAD_L + (t - lo) / span * inner_w if hi > lo else PAD_L + inner_w / 2, 1)

    def y(score: float) -> float:
        return round(PAD_T + (4 - score) / 3 * inner_h, 1)

    lines = []
    for i, s in enumerate(series):
        pts = [{"x": x(_when(p["date"])), "y": y(p["score"]), **p} for p in s["points"]]
        text = (s.get("text_ja") or s["text"]) if lang == "ja" else s["text"]
        lines.append({"label": f"{s['scenario']} {s['objective']} {text}", "colour": PALETTE[i % len(PALETTE)], "points": pts,
                      "path": " ".join(f"{p['x']},{p['y']}" for p in pts)})
    ticks: list[dict] = []
    for t in sorted(set(times)):  # a month's label where its first exercise is, none closer than 70 px
        label = month(_dt.datetime.fromtimestamp(t, _dt.timezone.utc).isoformat(), lang)
        if not ticks or (label != ticks[-1]["label"] and x(t) - ticks[-1]["x"] >= 70):
            ticks.append({"x": x(t), "label": label})
    return {"width": W, "height": H, "lines": lines, "ticks": ticks, "left": PAD_L, "right": W - PAD_R,
            "bottom": H - PAD_B, "levels": [{"y": y(v), "label": k} for k, v in (("P", 4), ("S", 3), ("M", 2), ("U", 1))]}


def render_html(result: dict, lang: str = "en") -> str:
    """The report in `lang`: its words from the phrasebook (`cli.archive.lessons_html.*`), the
    digests' Japanese texts (`label_ja` ...) where they have one."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
    from markupsafe import Markup

    from tabletop.archive.lessons import NO_OBJECTIVE, _ja
    from tabletop.phrasebook import phrase
    from tabletop.phrasebook.book import section

    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    w = section("cli.archive.lessons_html", lang)
    footer = Markup('"' + w("footer", page='" counter(page) "', pages='" counter(pages) "') + '"')  # CSS content
    names = result.get("capabilities_ja", {}) if lang == "ja" else {}
    env.filters["month"] = lambda text: month(text, lang)
    env.filters["function"] = lambda fn: (phrase("cli.archive.lessons.no_objective", lang) if fn == NO_OBJECTIVE
                                          else names.get(fn, fn))
    env.filters["mmss"] = lambda s: "—" if s is None else f"{int(round(s)) // 60}:{int(round(s)) % 60:02d}"
    return env.get_template("lessons.html.j2").render(r=result, chart=chart(result["ratings"], lang), w=w, lang=lang, footer=footer,
                                                     sep=phrase("common.list.separator", lang),
                                                     pick=_ja if lang == "ja" else lambda row, key: row.get(key, ""))


def write_lessons(result: dict, out_dir: str | Path, formats: list[str], lang: str = "en") -> list[Path]:
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    html = render_html(result, lang)
    written = []
    if "html" in formats:
        path = folder / "lessons.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
    if "pdf" in formats:
        from weasyprint import HTML

        path = folder / "lessons.pdf"
        HTML(string=html, base_url=str(folder)).write_pdf(path)
        written.append(path)
    return written
