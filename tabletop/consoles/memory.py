"""What a console remembers about itself between runs, per exercise and seat: the language chosen,
the tab open, how far each list was scrolled. A console reopened after a crash, a rejoin, or a
browser tab reloaded (a new process each time) comes back as the player left it.

Kept on the machine running the console, in the user's state directory (`TABLETOP_STATE_DIR`
overrides it), one small JSON file per exercise and seat. It is a convenience: a file that cannot
be read or written is ignored, never an error. It holds no code and nothing of the exercise."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path


def state_dir() -> Path:
    given = os.environ.get("TABLETOP_STATE_DIR")
    if given:
        return Path(given)
    from platformdirs import user_state_dir  # Textual's own dependency

    return Path(user_state_dir("tabletop")) / "consoles"


class SeatMemory:
    def __init__(self, exercise: str, seat: str, directory: Path | None = None) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{exercise}--{seat}")[:200]
        self.path = (directory or state_dir()) / f"{safe}.json"
        self.data: dict = self._load()

    @classmethod
    def for_welcome(cls, welcome: dict, view: str | None = None) -> "SeatMemory":
        """`view`: another console on the same seat that keeps its own (the presenter on control's code)."""
        seat = str(welcome.get("seat") or "seat")
        return cls(str(welcome.get("exercise") or "exercise"), f"{seat}--{view}" if view else seat)

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def update(self, **changes) -> None:
        """Remember these values (written at once; unchanged values write nothing)."""
        if all(self.data.get(k) == v for k, v in changes.items()):
            return
        self.data.update(changes)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".seat-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self.data, out)
            os.replace(tmp, self.path)
        except OSError:
            pass
