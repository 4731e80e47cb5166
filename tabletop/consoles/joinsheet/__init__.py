"""Join sheets: one printed page per seat to hand across the table — the role, the server's
address, the seat's short code and the one command to type — as a PDF written from the
facilitator's codes screen (key p), beside the codes file and as secret as it.

Printed by WeasyPrint with the report's fonts (tabletop.report.pdf); nothing is fetched."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, select_autoescape

from tabletop.server.codes import short_code

# The report's Japanese font stack (templates/style.css.j2): the sheets print with the same fonts.
CJK_FONTS = ("Noto Sans CJK JP, Noto Sans JP, IPAexGothic, IPAGothic, Source Han Sans JP, Hiragino Sans, "
             "Yu Gothic, Meiryo, TakaoGothic")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title><style>
@page { size: A4; margin: 22mm 20mm; @bottom-center { content: "{{ secret }}"; font-size: 8pt; color: #7a2a2a; } }
html { font-family: DejaVu Sans, Noto Sans, {{ cjk }}, sans-serif; font-size: 12pt; color: #1b1f24; }
:lang(ja) { font-family: {{ cjk }}, DejaVu Sans, sans-serif; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
.banner { text-align: center; font-weight: bold; letter-spacing: 0.08em; color: #7a2a2a; margin-bottom: 10mm; }
h1 { font-size: 15pt; margin: 0 0 2mm; color: #0b2545; }
.role { font-size: 24pt; font-weight: bold; margin: 12mm 0 1mm; }
.role-ja { font-size: 18pt; margin: 0 0 2mm; }
.seat { color: #5b6673; }
.label { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.06em; color: #5b6673; margin-top: 10mm; }
.code { font-family: DejaVu Sans Mono, monospace; font-size: 34pt; font-weight: bold; letter-spacing: 0.06em; }
.command { font-family: DejaVu Sans Mono, monospace; font-size: 12.5pt; background: #eef1f5; padding: 3mm 4mm; }
.full { font-family: DejaVu Sans Mono, monospace; font-size: 10pt; }
.small { font-size: 9pt; color: #5b6673; }
</style></head><body>
{% for s in sheets %}<section>
{% if banner %}<div class="banner">{{ banner }}</div>{% endif %}
<h1>{{ title }}</h1><div class="small">{{ exercise }}</div>
<div class="role">{{ s.role_en }}</div>
{% if s.role_ja and s.role_ja != s.role_en %}<div class="role-ja" lang="ja">{{ s.role_ja }}</div>{% endif %}
<div class="seat">{{ s.seat }}</div>
<div class="label">{{ w.code.en }} · <span lang="ja">{{ w.code.ja }}</span></div><div class="code">{{ s.short }}</div>
<div class="label">{{ w.command.en }} · <span lang="ja">{{ w.command.ja }}</span></div><div class="command">{{ s.command }}</div>
<div class="label">{{ w.server.en }} · <span lang="ja">{{ w.server.ja }}</span></div><div>{{ url }}</div>
<div class="label">{{ w.refused.en }} · <span lang="ja">{{ w.refused.ja }}</span></div>
<div class="full">{{ s.full }}</div>
<p class="small">{{ w.keep.en }}<br>
<span lang="ja">{{ w.keep.ja }}</span></p>
</section>{% endfor %}
</body></html>"""


def join_address(url: str) -> str:
    """What to type after `tabletop join`: HOST:PORT for the usual ws://HOST:PORT/ws, else the URL."""
    parts = urlsplit(url)
    return parts.netloc if parts.scheme == "ws" and parts.path in ("", "/", "/ws") else url


def sheets(url: str, codes: dict[str, str], roles: dict[str, dict[str, str]]) -> list[dict]:
    """One sheet per seat that a person joins (control's code stays on the facilitator's screen)."""
    out = []
    for seat, code in codes.items():
        if seat == "control":
            continue
        short = short_code(code)
        names = roles.get(seat) or {}
        out.append({"seat": seat, "role_en": names.get("en") or seat, "role_ja": names.get("ja") or "",
                    "short": short, "full": code, "command": f"tabletop join {join_address(url)} --code {short}"})
    return out


def join_sheets_html(url: str, codes: dict[str, str], roles: dict[str, dict[str, str]], *, title: str,
                     exercise: str, banner: str = "") -> str:
    from tabletop.phrasebook import phrase

    words = {key: {lang: phrase(f"joinsheet.{key}", lang) for lang in ("en", "ja")}
             for key in ("code", "command", "server", "refused", "keep", "secret")}
    env = Environment(autoescape=select_autoescape(default_for_string=True, default=True))
    return env.from_string(PAGE).render(
        sheets=sheets(url, codes, roles), url=url, title=title, exercise=exercise, banner=banner,
        cjk=CJK_FONTS, w=words, secret=f"{words['secret']['en']} · {words['secret']['ja']}")


def write_join_sheets(path: str | Path, html: str) -> Path:
    """The PDF, readable by its owner only (like the codes file beside it)."""
    from tabletop.report.pdf import write_pdf

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    write_pdf(html, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def sheets_path_for(codes_file: str | None, exercise: str) -> Path:
    """Beside the codes file (exercises/NAME.codes.txt -> exercises/NAME.join-sheets.pdf)."""
    if codes_file:
        p = Path(codes_file)
        stem = p.name.removesuffix(".codes.txt").removesuffix(".txt")
        return p.with_name(f"{stem}.join-sheets.pdf")
    return Path("exercises") / f"{exercise}.join-sheets.pdf"
