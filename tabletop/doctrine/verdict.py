"""What the rules say about one move: allowed, blocked (with every unmet
condition and its citation), or allowed with flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tabletop.doctrine.model import Citation
from tabletop.text import Text


@dataclass(frozen=True)
class Reason:
    text: Text
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict:
        return {
            "text": self.text.both(),
            "citations": [c.model_dump(exclude_none=True) for c in self.citations],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Reason":
        return cls(Text(**data["text"]), tuple(Citation(**c) for c in data.get("citations", [])))


@dataclass(frozen=True)
class Verdict:
    verdict: Literal["allowed", "blocked", "flagged"]
    reasons: tuple[Reason, ...] = ()
    flags: tuple[Reason, ...] = field(default=())

    @property
    def blocked(self) -> bool:
        return self.verdict == "blocked"

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "reasons": [r.to_json() for r in self.reasons],
            "flags": [f.to_json() for f in self.flags],
        }
