"""The scenario clock as a console sees it: the welcome's clock, moved on by the
clock events that follow (ExerciseStarted, ClockPaused/Resumed, SpeedChanged,
ExerciseEnded), which every seat receives."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

CLOCK_EVENTS = {"ExerciseStarted", "ClockPaused", "ClockResumed", "SpeedChanged", "ExerciseEnded"}


def _wall(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


@dataclass
class ScenarioClock:
    phase: str = "created"
    running: bool = False
    speed: float = 1.0
    anchor_wall: float = 0.0  # server wall time (epoch seconds)
    anchor_at: float = 0.0  # scenario seconds since STARTEX at anchor_wall
    skew: float = 0.0  # server time minus local time, from the welcome
    seq: int = 0  # the last event folded in

    @classmethod
    def from_welcome(cls, welcome: dict, local_now: float | None = None) -> "ScenarioClock":
        c = welcome.get("clock") or {}
        local = time.time() if local_now is None else local_now
        return cls(phase=c.get("phase", "created"), running=c.get("running", False), speed=c.get("speed", 1.0),
                   anchor_wall=c.get("anchor_wall", 0.0), anchor_at=c.get("anchor_at", 0.0),
                   skew=c.get("server_time", local) - local, seq=welcome.get("last_seq", 0))

    def observe(self, event: dict) -> bool:
        """Fold in a clock event newer than the welcome; True if the clock changed."""
        if event.get("type") not in CLOCK_EVENTS or event.get("seq", 0) <= self.seq:
            return False
        self.seq = event["seq"]
        self.anchor_wall = _wall(event["wall"])
        self.anchor_at = event["at"]
        kind = event["type"]
        if kind in ("ExerciseStarted", "ClockResumed"):
            self.phase, self.running = "running", True
            if kind == "ExerciseStarted" and event.get("data", {}).get("speed"):
                self.speed = event["data"]["speed"]
        elif kind == "ClockPaused":
            self.phase, self.running = "paused", False
        elif kind == "SpeedChanged":
            self.speed = event["data"]["speed"]
        elif kind == "ExerciseEnded":
            self.phase, self.running = "ended", False
        return True

    def at(self, local_now: float | None = None) -> float:
        """Scenario seconds since STARTEX, now."""
        if not self.running:
            return self.anchor_at
        now = (time.time() if local_now is None else local_now) + self.skew
        return self.anchor_at + max(0.0, now - self.anchor_wall) * self.speed

    def seconds_until(self, at: float, local_now: float | None = None) -> float | None:
        """Wall seconds until scenario time `at` (None while the clock is stopped)."""
        if not self.running:
            return None if self.at(local_now) < at else 0.0
        return max(0.0, (at - self.at(local_now)) / self.speed)
