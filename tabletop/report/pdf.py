"""HTML to PDF with WeasyPrint, and the check for a Japanese font.

The report's HTML is self-contained, so the PDF is made with a URL fetcher
that refuses every request: nothing is fetched from the network or the disk."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

FONT_HINT = ("no Japanese font found (fc-list :lang=ja lists none); Japanese text in the PDF will show as boxes. "
             "Install one, e.g. `sudo apt-get install fonts-ipaexfont-gothic` or `sudo apt-get install fonts-noto-cjk`")


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


def write_pdf(html: str, path: str | Path) -> None:
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every CSS property it ignores; the report's CSS is screen and print at once.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    HTML(string=html, base_url=None, url_fetcher=_NoFetch()).write_pdf(str(path))
