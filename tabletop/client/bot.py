"""A bot seat: plays the lines of a moves file that belong to its seat, each at
its scenario time on the exercise clock, over the same protocol as a console.

Command ids are derived from the moves file, so a bot restarted mid-exercise
gets the first results of the moves it already made instead of making them twice."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass, field
from typing import Callable

from tabletop.client.client import Client, ClientError
from tabletop.client.clock import ScenarioClock
from tabletop.phrasebook import citation, has, phrase, section, verdict_word
from tabletop.phrasebook.recognise import reason
from tabletop.problems import Word, message_of, said
from tabletop.rehearsal import MoveSpec, MovesFile
from tabletop.text import format_offset


def plays(spec_seat: str, seat: str) -> bool:
    """Does this moves-file line belong to this seat? `evaluator` means the first evaluator."""
    return spec_seat == seat or (spec_seat == "evaluator" and seat == "evaluator-1")


def command_for(spec: MoveSpec, pending_blocks: dict[int, str]) -> dict:
    """The protocol command for one moves-file line. `pending_blocks`: seq of MoveBlocked → seat."""
    if spec.decision is not None:
        return {"type": "move", "decision": spec.decision, "option": spec.option, "text": spec.text}
    if spec.action is not None:
        return {"type": "action", "action": spec.action, "text": spec.text}
    if spec.message is not None:
        return {"type": "message", "to": list(spec.message.to), "text": spec.message.text}
    if spec.observation is not None:
        o = spec.observation
        return {"type": "observation", "objective": o.objective, "rating": o.rating, "text": o.text}
    if spec.ack is not None:
        return {"type": "ack", "inject": spec.ack}
    if spec.hotwash is not None:
        return {"type": "hotwash", "strengths": spec.hotwash.strengths, "improvements": spec.hotwash.improvements}
    if spec.ruling is not None:
        r = spec.ruling
        target = r.on
        if target == "last-blocked":
            candidates = [seq for seq, seat in pending_blocks.items() if r.seat is None or seat == r.seat]
            if not candidates:
                raise ValueError(Say("client.bot.no_block_by", seat=r.seat) if r.seat else Say("client.bot.no_block"))
            target = max(candidates)
        return {"type": "ruling", "target": target, "verdict": r.verdict, "reason": r.reason}
    if spec.control in ("start", "pause", "resume", "end"):
        return {"type": spec.control}
    if spec.control == "speed":
        return {"type": "speed", "speed": spec.speed}
    if spec.control in ("release", "hold", "skip"):
        return {"type": spec.control, "inject": spec.inject}
    return {"type": "adhoc", "to": list(spec.to or []), "title": spec.title.model_dump(exclude_none=True),
            "body": spec.body.model_dump(exclude_none=True)}


def describe(spec: MoveSpec, lang: str = "en") -> str:
    """The move as the bot's log line names it (ids as the moves file writes them)."""
    w = section("client.bot.move", lang)
    if spec.decision is not None:
        return w("decision", decision=spec.decision, option=spec.option)
    if spec.action is not None:
        return w("action", action=spec.action)
    if spec.message is not None:
        return w("message", to=phrase("common.list.separator", lang).join(spec.message.to))
    if spec.observation is not None:
        return w("observation", objective=spec.observation.objective, rating=spec.observation.rating)
    if spec.ruling is not None:
        return w("ruling", verdict=spec.ruling.verdict if lang == "en" else verdict_word(spec.ruling.verdict, lang))
    if spec.control is not None:  # in the words of a rehearsal's lines (cli.rehearse.command.*)
        word = Word("cli.rehearse.command", spec.control).text(lang)
        return f"{word}{' ' + spec.inject if spec.inject else ''}"
    return w["ack"] if spec.ack else w["hotwash"]


def _reasons(result: dict, lang: str) -> str:
    parts = []
    for r in result.get("reasons") or []:
        cites = phrase("events.common.citation_separator", lang).join(citation(c, lang) for c in r.get("citations", []))
        parts.append((r["text"].get(lang) or r["text"]["en"]) + phrase("events.common.citations", lang, citations=cites))
    return " | ".join(parts)


@dataclass
class BotReport:
    seat: str = ""
    played: int = 0
    results: list[dict] = field(default_factory=list)
    refused: int = 0


class Bot:
    def __init__(self, url: str, code: str, moves: MovesFile, *, echo: Callable[[str], None] = print,
                 lang: str = "en", ssl=None, client_kw: dict | None = None):
        self.moves = moves
        self.echo = echo
        self.lang = lang
        self.clock = ScenarioClock()
        self.pending_blocks: dict[int, str] = {}
        self._changed = asyncio.Event()
        self.client = Client(url, code, on_event=self._on_event, on_status=self._on_status, ssl=ssl,
                             **(client_kw or {}))

    def _w(self, key: str, **fields) -> str:
        return phrase(f"client.bot.{key}", self.lang, **fields)

    def _outcome(self, status: str) -> str:
        key = f"client.bot.outcome.{status}"
        return phrase(key, self.lang) if has(key) else status

    def _on_event(self, event: dict) -> None:
        if event["type"] == "MoveBlocked":
            self.pending_blocks[event["seq"]] = event["actor"]
        elif event["type"] == "RulingMade" and event["data"].get("verdict") in ("uphold", "overrule"):
            self.pending_blocks.pop(event["data"]["target"], None)
        if self.clock.observe(event):
            self._changed.set()

    def _on_status(self, status: str) -> None:
        if status == "connected" and self.client.welcome is not None:
            self.clock = ScenarioClock.from_welcome(self.client.welcome)
            self._changed.set()
        if status in ("reconnecting", "closed"):
            self.echo(self._w("connection", status=self._w(f"status.{status}")))

    async def _wait_until(self, at: float) -> bool:
        """Wait for scenario time `at` on a started clock; False if the exercise ends first."""
        while True:
            if self.clock.phase == "ended":
                return False
            if self.clock.phase != "created" and self.clock.at() >= at:
                return True
            wait = self.clock.seconds_until(at)
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(wait if wait is not None else 1.0, 1.0) + 0.001)
            except asyncio.TimeoutError:
                pass

    async def run(self) -> BotReport:
        welcome = await self.client.connect()
        seat = welcome["seat"]
        report = BotReport(seat)
        mine = [(i, m) for i, m in sorted(enumerate(self.moves.moves), key=lambda im: im[1].at) if plays(m.seat, seat)]
        self.echo(self._w("joined", exercise=welcome["exercise"], seat=seat, n=len(mine)))
        try:
            if (seat == "control" and self.clock.phase == "created"
                    and not any(m.control == "start" for _, m in mine)):
                result = await self.client.send({"type": "start"}, command_id="bot:start")
                self.echo(self._w("start", status=self._outcome(result["status"])))
            for i, spec in mine:
                starts = spec.control == "start" and self.clock.phase == "created"  # the clock waits for it
                if not starts and not await self._wait_until(spec.at):
                    self.echo(self._w("ended"))
                    break
                try:
                    command = command_for(spec, self.pending_blocks)
                except ValueError as exc:
                    self.echo(self._w("skipped", at=format_offset(spec.at), seat=seat, move=describe(spec, self.lang),
                                      why=said(message_of(exc), self.lang)))
                    report.refused += 1
                    continue
                digest = hashlib.sha256(json.dumps([i, spec.model_dump(mode="json", by_alias=True)],
                                                   sort_keys=True).encode()).hexdigest()[:16]
                result = await self.client.send(command, command_id=f"bot:{i}:{digest}")
                report.played += 1
                report.results.append(result)
                line = self._w("played", at=format_offset(self.clock.at()), seat=seat, move=describe(spec, self.lang),
                               status=self._outcome(result["status"]))
                if result["status"] == "blocked":
                    line += self._w("blocked_why", reasons=_reasons(result, self.lang))
                elif result["status"] == "rejected":
                    report.refused += 1
                    line += self._w("rejected_why", code=result.get("code"),
                                    message=reason(str(result.get("code") or ""), str(result.get("message") or ""), self.lang))
                if result.get("replayed"):
                    line += self._w("replayed")
                self.echo(line)
        except ClientError as exc:
            self.echo(self._w("error", detail=said(message_of(exc), self.lang)))
            report.refused += 1
        finally:
            await self.client.close()
        return report
