"""Section builders of the report that describe what happened: one function per section, each
from the index of the log (pure; the analysis and the improvement plan are in findings.py)."""

from __future__ import annotations

from tabletop.engine import events as ev
from tabletop.phrasebook import Names as BookNames
from tabletop.report.index import LogIndex
from tabletop.report.model import (Citation, Coverage, DecisionPoint, Hotwash, InjectRef, Message, Move, ObligationRow,
                                   Participant, Reason, Ruling, Side, Situation)
from tabletop.report.words import Bi, bi, join, minutes, natural, phrase, text_bi


class Names:
    """The names of roles, sides, actions and situations in both languages: the phrasebook's
    (`book`, which also words the events' sentences), with the pack's kinds, organisations and citations."""

    def __init__(self, rules, scenario=None):
        self.rules, self.book = rules, BookNames.from_doctrine(rules, scenario)
        self._roles: dict[str, Bi] = {}  # named once: a long log names the same seats thousands of times
        self._sides: dict[str, str] = {}

    def _both(self, name, *args) -> Bi:
        return bi(name(*args, "en"), name(*args, "ja"))

    def role(self, seat: str | None) -> Bi:
        if seat not in self._roles:
            self._roles[seat] = self._both(self.book.role, seat) if seat else bi("—")
        return self._roles[seat]

    def deciders(self, decision) -> Bi:
        """Who decides: the seat, or for a joint decision of rule `all` every deciding seat, jointly."""
        if decision.rule != "all" or len(decision.deciders) < 2:
            return self.role(decision.to)
        return phrase("jointly", roles=join(self.role(s) for s in decision.deciders))

    def kind(self, seat: str) -> str:
        r = self.rules.roles.get(seat)
        if r is not None:
            return r.kind
        return "evaluator" if seat.startswith("evaluator") else "control" if seat in ("control", "system") else "player"

    def side(self, seat: str) -> str:
        if seat not in self._sides:
            self._sides[seat] = "control" if self.kind(seat) != "player" else self.book.side(seat)
        return self._sides[seat]

    def side_title(self, side: str) -> Bi:
        if side == "control":
            return self.role("control")
        if side in self.book.sides:
            return text_bi(self.book.sides[side])
        return phrase("third_party") if side in self.book.roles else bi(side)  # a party is its own side

    def org(self, seat: str | None) -> Bi | None:
        r = self.rules.roles.get(seat) if seat else None
        return text_bi(r.org) if r is not None and r.org is not None else None

    def action(self, action: str | None) -> Bi | None:
        return None if action is None else self._both(self.book.action, action)

    def situation(self, sid: str | None) -> Bi:
        return self._both(self.book.situation, sid) if sid else bi("—")

    def citations(self, action: str | None) -> list[Citation]:
        a = self.rules.actions.get(action) if action else None
        return [cite(c) for c in a.citations] if a is not None else []


def cite(c) -> Citation:
    """A citation of the pack, or as an event records it (a mapping), in both its forms."""
    get = c.get if isinstance(c, dict) else lambda key, default=None: getattr(c, key, default)
    return Citation(bi(f"{get('instrument', '')} {get('article', '')}".strip(), get("ja")), get("quote"),
                    bool(get("verified", False)), get("quote_ja"))


def reasons(items) -> list[Reason]:
    """A move's reasons (or flags), as the typed payload holds them (engine/events.py Reason)."""
    return [Reason(text_bi(r.text), [cite(c) for c in r.citations]) for r in items]


def build_injects(ix: LogIndex, scn) -> list[InjectRef]:
    out = []
    for inj in scn.injects:
        r = ix.released.get(inj.id)
        out.append(InjectRef(inj.id, text_bi(inj.title), ix.inject_status.get(inj.id, "pending"),
                             r.at if r else None, r.seq if r else None, list(inj.objectives),
                             list(r.payload.to) if r else list(inj.to)))
    out += [InjectRef(e.payload.inject, text_bi(e.payload.title), "released", e.at, e.seq, [],
                      list(e.payload.to), adhoc=True) for e in ix.adhoc]
    out.sort(key=lambda i: (i.released_at is None, i.released_at or 0, i.seq or 0))
    return out


def build_moves(ix: LogIndex, scn, names: Names) -> list[Move]:
    out = []
    for e in ix.moves:
        p = e.payload  # MoveSubmitted or MoveBlocked
        decision, option = p.decision, p.option
        option_label = None
        if decision and option and decision in scn._decisions:
            opt = next((o for o in scn.decision(decision)[1].options if o.id == option), None)
            option_label = text_bi(opt.label) if opt else bi(option)
        blocked = e.type == ev.MOVE_BLOCKED
        out.append(Move(e.seq, e.at, e.actor, names.role(e.actor), "blocked" if blocked else "accepted",
                        p.action, names.action(p.action), decision, option, option_label,
                        p.text or "", reasons(p.reasons) if blocked else [],
                        [] if blocked else reasons(p.flags), None if blocked else p.ruling,
                        ix.rulings_on.get(e.seq, []), unruled=not blocked and p.unruled))
    return out


def build_decisions(ix: LogIndex, scn, names: Names, moves: list[Move]) -> list[DecisionPoint]:
    """Every decision point of the scenario: reached ones in the order opened, then the others
    in natural order of their ids (D2 before D10)."""
    out = []
    for inj in scn.injects:
        for d in inj.decisions:
            dp = DecisionPoint(d.id, inj.id, d.to, names.deciders(d), text_bi(d.prompt),
                               list(d.options), "not_opened",
                               list(inj.objectives))
            rel, o, c = ix.released.get(inj.id), ix.opened.get(d.id), ix.closed.get(d.id)
            dp.released_at = rel.at if rel else None
            if o is not None:
                dp.status, dp.opened_at, dp.deadline_at = "open", o.at, o.payload.deadline_at
            if c is not None:
                _close(dp, c, names, moves)
            elif o is not None and ix.ended and dp.deadline_at is not None:
                dp.deadline_met = False if ix.played >= dp.deadline_at else None
            dp.blocked = [m.seq for m in moves if m.status == "blocked" and m.decision == d.id]
            out.append(dp)
    out.sort(key=lambda x: (x.opened_at is None, x.opened_at or 0, natural(x.id)))
    return out


def _close(dp: DecisionPoint, c, names: Names, moves: list[Move]) -> None:
    dp.closed_at, dp.closed_seq, dp.option = c.at, c.seq, c.payload.option
    opt = next((x for x in dp.options if x.id == dp.option), None)
    dp.option_label = text_bi(opt.label) if opt else (bi(dp.option) if dp.option else None)
    base = dp.released_at if dp.released_at is not None else dp.opened_at
    dp.elapsed = None if base is None else c.at - base
    if c.type == ev.DECISION_TIMED_OUT:
        dp.status, dp.deadline_met = "timed_out", False
        return
    dp.status, dp.by_role = "resolved", names.role(c.actor)
    if dp.role != names.role(dp.to):
        dp.by_role = dp.role  # a joint decision of rule all: resolved when every deciding seat chose it
    dp.deadline_met = True if dp.deadline_at is None else c.at <= dp.deadline_at + 0.0005
    move = next((m for m in reversed(moves) if m.status == "accepted" and m.decision == dp.id and m.seq < c.seq), None)
    if move is not None:
        dp.move_seq, dp.text, dp.flags, dp.ruling, dp.action = move.seq, move.text, move.flags, move.ruling, move.action
    elif opt is not None:
        dp.action = opt.action
    dp.action_label = names.action(dp.action)
    dp.citations = names.citations(dp.action)
    dp.basis = getattr(names.rules.actions.get(dp.action or ""), "basis", "law")
    if move is not None and move.unruled:
        dp.basis, dp.basis_note = "third_party", phrase("third_party_basis")


def build_rulings(ix: LogIndex, names: Names) -> list[Ruling]:
    out = []
    for e in ix.rulings:
        target = e.payload.target
        t = ix.by_seq.get(target)
        if t is not None and t.type == ev.MOVE_BLOCKED:
            what = phrase("ruled_blocked", seq=target, role=names.role(t.actor),
                          action=names.action(getattr(t.payload, "action", None)) or bi("—"))
        else:
            what = phrase("ruled_event", seq=target)
        out.append(Ruling(e.seq, e.at, target, what, e.payload.verdict, e.payload.reason))
    return out


def build_obligations(ix: LogIndex, rules, names: Names) -> list[ObligationRow]:
    rows: dict[str, ObligationRow] = {}
    for e in ix.obligations:
        d = e.payload
        row = rows.get(d.key)
        if e.type == ev.OBLIGATION_DUE:
            ob = rules.obligations.get(d.obligation)
            owed = list(d.owed_by)
            rows[d.key] = ObligationRow(
                d.key, d.obligation, text_bi(ob.title) if ob else bi(d.obligation), owed,
                [names.role(s) for s in owed], d.action, names.action(d.action) or bi("—"),
                e.seq, e.at, d.due_at, "due", citations=[cite(c) for c in ob.citations] if ob else [])
        elif row is not None and e.type == ev.OBLIGATION_MET:
            row.status, row.met_at, row.met_seq = ("late" if d.late else "met"), e.at, e.seq
        elif row is not None:
            row.status = "overdue" if row.status == "due" else row.status
            row.overdue_seq = e.seq
    return list(rows.values())


def build_situations(ix: LogIndex, names: Names) -> list[Situation]:
    return [Situation(e.seq, e.at, e.payload.situation, names.situation(e.payload.situation),
                      names.situation(e.payload.previous), e.actor, names.role(e.actor)) for e in ix.situations]


def build_coordination(ix: LogIndex, names: Names) -> list[Message]:
    """Messages, each cross-side one with its reply: the first later message from an addressee
    on the other side back to the sender."""
    msgs, waiting = [], {}  # (sender, addressee across sides) -> the sender's messages not yet answered
    for e in ix.messages:
        to, side = list(e.payload.to), names.side(e.actor)
        m = Message(e.seq, e.at, e.actor, names.role(e.actor), side, to, [names.role(s) for s in to],
                    e.payload.text, any(names.side(s) != side for s in to))
        for r in to:
            for x in waiting.pop((r, m.sender), []):
                if x.reply_seq is None:
                    x.reply_seq, x.reply_after = m.seq, m.at - x.at
        for r in (r for r in to if names.side(r) != side):
            waiting.setdefault((m.sender, r), []).append(m)
        msgs.append(m)
    return msgs


def build_participants(ix: LogIndex, scn, names: Names) -> list[Participant]:
    """Seats in play (an unstaffed one — nobody joined or acted in it — is played by control),
    then control and evaluators who acted. Control's rulings, clock changes and inject holds
    and skips are its moves."""
    actors = list(dict.fromkeys(a for a, _ in ix.counts if a != "system"))  # in the order they first acted
    out = []
    for seat in list(scn.seats) + [a for a in actors if a not in scn.seats]:
        side = names.side(seat)
        n = lambda kind: ix.counts.get((seat, kind), 0)  # noqa: E731
        p = Participant(seat, names.role(seat), side, names.side_title(side), names.org(seat), names.kind(seat),
                        seat in scn.seats, staffed=seat in ix.joined or seat in actors, joined=ix.joined.get(seat),
                        moves=n(ev.MOVE_SUBMITTED) + n("control"), blocked=n(ev.MOVE_BLOCKED),
                        messages=n(ev.MESSAGE_SENT), observations=n(ev.OBSERVATION_RECORDED))
        out.append(p)
    return out


def build_sides(rules, participants: list[Participant]) -> list[Side]:
    """The timeline's lanes: the pack's sides with seats in play, in the pack's order, then control."""
    order = [s.id for s in rules.pack.sides]
    in_play = [p for p in participants if p.in_scenario and p.side != "control"]
    ids = sorted(dict.fromkeys(p.side for p in in_play), key=lambda s: order.index(s) if s in order else len(order))
    titles = {p.side: p.side_title for p in in_play}
    return [Side(s, titles[s]) for s in ids] + [Side("control", titles.get("control") or phrase("control"))]


def build_hotwash(ix: LogIndex, names: Names) -> list[Hotwash]:
    return [Hotwash(e.seq, e.actor, names.role(e.actor), e.payload.strengths,
                    e.payload.improvements) for e in ix.hotwash]


def build_coverage(ix: LogIndex, scn, injects: list[InjectRef], decisions: list[DecisionPoint],
                   participants: list[Participant], verified: bool) -> Coverage:
    """Coverage and limitations, stated plainly: time played, injects released, decisions reached,
    seats staffed, an early ENDEX, a log that failed its check."""
    scripted = [i for i in injects if not i.adhoc and i.status != "off_branch"]
    off = {i.id for i in injects if i.status == "off_branch"}
    pending = [i for i in scripted if i.status in ("pending", "held")]
    skipped = sum(i.status == "skipped" for i in scripted)
    seats = [p for p in participants if p.in_scenario]
    planned = getattr(scn, "duration", None)
    planned = planned.total_seconds() if hasattr(planned, "total_seconds") else planned
    on_branch = [d for d in decisions if d.inject not in off]
    c = Coverage(ix.played, sum(i.status == "released" for i in scripted), len(scripted), sum(i.adhoc for i in injects),
                 sum(d.status != "not_opened" for d in on_branch), len(on_branch), sum(p.staffed for p in seats),
                 len(seats), ix.ended, ix.ended and bool(pending), verified)
    unstaffed = [p for p in seats if not p.staffed]
    c.limitations = [phrase("played", played=minutes(c.played), planned=phrase("planned", planned=minutes(planned))
                            if planned else "")]
    if c.early:
        c.limitations.append(phrase("early", pending=len(pending), scripted=c.injects_scripted,
                                    ids=join([bi(i.id) for i in pending[:12]] + [bi("…")] * (len(pending) > 12)),
                                    unreached=c.decisions - c.decisions_reached, decisions=c.decisions))
    elif not c.ended:
        c.limitations.append(phrase("not_ended"))
    c.limitations += [phrase("off_branch", n=len(off))] * bool(off)
    c.limitations += [phrase("skipped", n=skipped)] * bool(skipped)
    if unstaffed:
        c.limitations.append(phrase("unstaffed", staffed=c.seats_staffed, seats=c.seats,
                                    who=join(p.role for p in unstaffed)))
    c.limitations += [phrase("unverified")] * (not verified)
    return c
