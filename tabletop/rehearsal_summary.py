"""What `tabletop rehearse` prints: the rehearsal's outcome in the reader's language. The words are
the phrasebook's `cli.rehearse.*`; roles, actions, options, situations and obligations by their
names in that language (a person reads names), an action's or option's id after it in brackets
(the moves file names them by id); one decision, move, ruling or obligation a line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabletop.engine import events as ev
from tabletop.phrasebook import Names, citation, pad, phrase, pick, section, skip_reason, verdict_word
from tabletop.problems import said
from tabletop.text import format_offset

if TYPE_CHECKING:
    from tabletop.rehearsal import Report


def summary(report: "Report", lang: str = "en") -> str:
    w = section("cli.rehearse", lang)
    sep = phrase("common.list.separator", lang)
    s = report.session
    st = s.state
    scn = s.scenario
    names = Names.from_doctrine(s.rules, scn)
    lines: list[str] = [w("title", scenario=scn.id, title=scn.title.get(lang))]
    if report.already:
        lines.append(w("already", n=report.already))
    in_force = [names.situation(x, lang) for x in st.in_force()]
    lines.append(w("events", n=st.last_seq, at=format_offset(st.last_at), situations=sep.join(in_force)))
    released = [e for e in report.events if e.type == ev.INJECT_RELEASED and e.known]
    adhoc = sum(1 for e in released if e.payload.adhoc)
    lines.append(w("released", n=len(released) - adhoc, of=len(scn.injects)) + (w("adhoc", n=adhoc) if adhoc else ""))
    for e in released:
        lines.append(f"  {format_offset(e.at)}  {e.payload.inject:<6} {pick(e.payload.title, lang)}")
    lines += _decisions(report, names, lang)
    lines += _blocked(report, names, lang)
    lines += _rulings(report, names, lang)
    lines.append(w("never", injects=sep.join(_never(st, i, lang) for i in
                                             [i.id for i in scn.injects if st.inject(i.id).status != "released"])
                   or w["none"]))
    lines += _obligations(st, names, lang)
    for items, key in ((report.all_blocked, "all_blocked"), (report.problems, "problems"),
                       (report.unmet, "unmet")):
        if items:
            lines.append(w[key])
            lines += [f"  {said(x, lang)}" for x in items]
    if not report.unmet and s and report.ok:
        lines.append(w["ok"])
    return "\n".join(lines)


def _decisions(report, names: Names, lang: str) -> list[str]:
    """`  D3     +00:09:00  決定      内閣総理大臣：破壊措置命令を承認する…（approve）`"""
    w = section("cli.rehearse", lang)
    st = report.session.state
    ds = st.decisions.items()
    count = {k: sum(1 for _, d in ds if d.status == k) for k in ("resolved", "timed_out", "open")}
    lines = [w("decisions", resolved=count["resolved"], timed_out=count["timed_out"], open=count["open"])]
    for k, d in sorted(ds, key=lambda kv: kv[1].opened_at or 0):
        when = format_offset(d.resolved_at) if d.resolved_at is not None else "—"
        status = pad(w.get(f"status.{d.status}") or d.status, 10)
        who = names.role(report.session.scenario.decision(k)[1].to, lang)
        what = _named(w, names.option(k, d.option, lang), d.option) if d.option else ""
        lines.append(f"  {k:<6} {when:<10} {status} " + (w("who_what", who=who, what=what) if what else who))
    return lines


def _named(w, name: str, id_: str) -> str:
    """A name with its id in brackets (the moves file's word for it); the id alone where there is no name."""
    return id_ if name == id_ else w("named", name=name, id=id_)


def _blocked(report, names: Names, lang: str) -> list[str]:
    w = section("cli.rehearse", lang)
    blocked = [e for e in report.events if e.type == ev.MOVE_BLOCKED and e.known]
    lines = [w("blocked", n=len(blocked))]
    for e in blocked:
        action = _named(w, names.action(e.payload.action, lang), e.payload.action)
        lines.append(f"  {format_offset(e.at)}  " + w("who_what", who=names.role(e.actor, lang), what=action))
        for r in e.payload.reasons:
            cites = phrase("events.common.citation_separator", lang).join(
                citation(x, lang, marks=False) + ("" if x.get("verified", True) else " ◇") for x in r.citations)
            lines.append(f"      - {pick(r.text, lang)}" + (phrase("events.common.citations", lang, citations=cites)
                                                         if cites else ""))
    return lines


def _rulings(report, names: Names, lang: str) -> list[str]:
    """`  +01:01:00  #59 防衛大臣：反撃能力を行使する — 阻止を維持：理由` (the reason as control typed it)."""
    w = section("cli.rehearse", lang)
    rulings = [e for e in report.events if e.type == ev.RULING_MADE and e.known]
    moves = {e.seq: e for e in report.events if e.type == ev.MOVE_BLOCKED and e.known}
    lines = [w("rulings", n=len(rulings))]
    for e in rulings:
        p = e.payload
        move = moves.get(p.target)
        target = w("who_what", who=names.role(move.actor, lang), what=names.action(move.payload.action, lang)) \
            if move is not None else ""
        lines.append(f"  {format_offset(e.at)}  " + w("ruling", target=p.target, move=target,
                                                       verdict=verdict_word(p.verdict, lang), reason=p.reason))
    return lines


def _never(st, inject: str, lang: str) -> str:
    w = section("cli.rehearse", lang)
    inj = st.inject(inject)
    status = w.get(f"status.{inj.status}") or inj.status
    if inj.reason:
        return w("never_why", inject=inject, status=status, reason=skip_reason(inj.reason, lang))
    return w("never_status", inject=inject, status=status)


def _obligations(st, names: Names, lang: str) -> list[str]:
    """`義務：` and one obligation a line, its status first: `  履行      破壊措置の結果を国会に報告する…`."""
    w = section("cli.rehearse", lang)
    obligations = list(st.obligations.values())
    if not obligations:
        return []
    twice = {o.obligation for o in obligations if sum(x.obligation == o.obligation for x in obligations) > 1}
    lines = [w["obligations_head"]]
    for o in obligations:  # an obligation raised twice is told apart by when it is due
        name = names.obligation(o.obligation, lang)
        if o.obligation in twice:
            name = w("obligation_due", obligation=name, due=format_offset(o.due_at))
        lines.append(f"  {pad(w.get(f'status.{o.status}') or o.status, 10)} {name}")
    return lines
