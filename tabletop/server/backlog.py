"""What a console is sent of the past when it joins: every event after its `resume_from` that
its seat may see, from the recent end of the log kept in memory (`tail.Tail`) when that holds
them all, otherwise from the store, read a chunk at a time, each chunk once the one before has
gone out. Live events published meanwhile wait behind the backlog."""

from __future__ import annotations

from tabletop.engine.audience import viewers
from tabletop.server import protocol
from tabletop.server.connection import Connection
from tabletop.server.tail import Tail

CHUNK = 100  # events read from the store at a time for a console resuming from further back


class Backlog:
    def __init__(self, store, recent: Tail):
        self.store = store
        self.recent = recent

    def queue(self, conn: Connection, welcome: str, resume_from: int, last: int) -> str:
        """Queue the welcome and the backlog held in memory; or hold live events back while the
        older backlog comes from the store (`catch_up`). Says what it queued, for the log."""
        if self.recent.holds_after(resume_from, last):
            backlog = self.recent.messages(resume_from, last, conn.seat, conn.kind)
            conn.push([welcome] + backlog)
            return f"{len(backlog)} events"
        conn.push(welcome)
        conn.hold()
        return f"#{resume_from + 1}…#{last} from the store"

    async def catch_up(self, conn: Connection, after: int, upto: int) -> None:
        """For a connection `queue` held: the backlog from the store, then what waited behind it."""
        while after < upto and not conn.dropped:
            if self.recent.holds_after(after, upto):
                conn.push_backlog(self.recent.messages(after, upto, conn.seat, conn.kind))
                break
            texts, after = self._read(after, min(upto, self.recent.first_seq - 1), conn.seat, conn.kind)
            conn.push_backlog(texts)
            await conn.drained()
        conn.release()

    def _read(self, after: int, upto: int, seat: str, kind: str) -> tuple[list[bytes], int]:
        """The `event` messages this seat may see among the events after
        `after` (at most CHUNK of them, none past `upto`), and the last seq read."""
        out, last = [], after
        for e in self.store.read(after):
            if e.seq > upto or e.seq - after > CHUNK:
                break
            last = e.seq
            if viewers(e)(seat, kind):
                out.append(protocol.event_data(e))
        return out, last
