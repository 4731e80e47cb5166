"""Scenario format migration, tabletop/1 -> tabletop/2. The second format only adds keys, so a
tabletop/1 file becomes a tabletop/2 file by its `format:` line alone; the text is otherwise
kept byte for byte (comments, order, quoting). Pure: text in, text out."""

from __future__ import annotations

import re

FORMAT_LINE = re.compile(r"^(format:[ \t]*)([\"']?)tabletop/1\2([ \t]*(?:#.*)?)$", re.M)
CURRENT = "tabletop/2"


def migrate_text(text: str) -> tuple[str, str | None]:
    """(the text in format tabletop/2, the format it was in), or (text, None) when it names no
    format this can migrate (already tabletop/2, or not a scenario)."""
    if FORMAT_LINE.search(text) is None:
        return text, None
    return FORMAT_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}{CURRENT}{m.group(2)}{m.group(3)}", text, count=1), \
        "tabletop/1"
