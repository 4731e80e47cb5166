"""HTML to PDF with WeasyPrint, and the check for a Japanese font.

The report's HTML is self-contained, so the PDF is made with a URL fetcher
that refuses every request: nothing is fetched from the network or the disk."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

FONT_HINT = ("no Japanese font found (fc-list :lang=ja lists none); Japanese text in the PDF will show as boxes. "
             "Install one, e.g. `sudo apt-get install fonts-noto-cjk` (with bold) or `sudo apt-get install fonts-ipaexfont-gothic`")


def japanese_fonts() -> list[str] | None:
    """Families of the installed fonts that cover Japanese, or None if fontconfig cannot be asked."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


class _NoFetch:
    """Refuse every URL: the report must not reach outside itself."""

    def __call__(self, url: str, *args, **kwargs):
        raise ValueError(f"the report does not fetch external resources ({url[:80]})")


_LOG_LINE = re.compile(r'<span id="ev-(\d+)">([^<]*)</span>')
_LINK = re.compile(r'href="#ev-(\d+)"')
_ANCHOR = re.compile(r'id="ev-(\d+)"')
_LOG_LINK = re.compile(r'<a (?:class="[^"]*" )?href="#ev-(\d+)">(.*?)</a>', re.S)  # the report's links never nest


def unlinked_log_anchors_dropped(html: str) -> str:
    """The HTML with an anchor kept only on the log lines something links to, and a link kept
    only where its log line is printed.

    On screen every log line keeps its `#ev-N` anchor (a link may come from
    outside). In print only the report's own links matter, and WeasyPrint's
    anchor bookkeeping grows with the square of their number: 5,000 unused
    anchors cost more than the lines they sit on."""
    linked = set(_LINK.findall(html))
    html = _LOG_LINE.sub(lambda m: m.group(0) if m.group(1) in linked else m.group(2), html)
    # A PDF without the printed log (--pdf-log attached) has no line to link to: its links become text.
    kept = set(_ANCHOR.findall(html))
    return _LOG_LINK.sub(lambda m: m.group(0) if m.group(1) in kept else m.group(2), html)


def write_pdf(html: str, path: str | Path, attachments: list[tuple[str, str, str]] = ()) -> None:
    """Write the PDF of the report's HTML; `attachments` are (file name, text, description) embedded in it."""
    import logging

    from weasyprint import HTML, Attachment

    # WeasyPrint logs every CSS property it ignores; the report's CSS is screen and print at once.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    files = [Attachment(string=text.encode("utf-8"), name=name, description=description)
             for name, text, description in attachments]
    HTML(string=unlinked_log_anchors_dropped(html), base_url=None, url_fetcher=_NoFetch()).write_pdf(
        str(path), attachments=files)
