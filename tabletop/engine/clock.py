"""Scenario time: the exercise clock and how offsets are written.

Standard library only, so the participant console can follow the clock
without loading the rules or pydantic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Clock:
    """Scenario time as a function of wall time: `at = anchor_at + (wall - anchor_wall) * speed` while running."""

    running: bool = False
    speed: float = 1.0
    anchor_wall: float = 0.0
    anchor_at: float = 0.0

    def at(self, wall: float) -> float:
        if not self.running:
            return self.anchor_at
        return self.anchor_at + max(0.0, wall - self.anchor_wall) * self.speed

    def wall_for(self, at: float) -> float | None:
        """Wall time at which scenario time `at` is reached, if the clock is running."""
        if not self.running:
            return None
        return self.anchor_wall + max(0.0, at - self.anchor_at) / self.speed


def format_offset(seconds: float) -> str:
    """Seconds of scenario time as '+HH:MM:SS' (or '-HH:MM:SS')."""
    sign = "-" if seconds < 0 else "+"
    total = int(abs(seconds))
    return f"{sign}{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
