"""The PDF: the report's HTML printed by one WeasyPrint call (CSS paged media), with files attached."""

from __future__ import annotations

import gc
import shutil
import subprocess
from pathlib import Path

FONT_HINT = ("no Japanese font is installed, so Japanese text in the PDF would print as boxes; install one: "
             "sudo apt-get install fonts-noto-cjk (or the smaller fonts-ipaexfont-gothic)")


class _Refused(Exception):
    pass


def _refuse(url: str, *args, **kwargs):
    """The report is self-contained: no request leaves the machine, even for a restyled template."""
    raise _Refused(f"the report fetches nothing ({url})")


def write_pdf(html: str, path: Path, attachments: list[tuple[Path, str]] = ()) -> None:
    """Print `html` to `path`; `attachments` are (file, description) pairs embedded in the PDF.

    Python's cyclic garbage collector is off for the one call: WeasyPrint makes millions of short-
    lived objects and the collector's passes over them cost 12-20% of the command; the few MB of
    cycles kept until the call ends are freed after it (docs/decisions.md)."""
    from weasyprint import HTML, Attachment

    files = [Attachment(filename=str(p), description=about) for p, about in attachments]
    was_on = gc.isenabled()
    gc.disable()
    try:
        HTML(string=html, url_fetcher=_refuse).write_pdf(path, attachments=files)
    finally:
        if was_on:
            gc.enable()


def japanese_fonts() -> list[str] | None:
    """Japanese fonts fontconfig knows (None: fontconfig cannot be asked)."""
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [line for line in out.splitlines() if line.strip()]
