"""`tabletop doctrine explain ACTION`: an action as a lawyer-facilitator reads it — what it is, who
may order it, under which situations, what it requires (each condition in words, with what a
player is told when it is not met), what it changes, and its legal basis with each citation's
quote — in English, Japanese or both."""

from __future__ import annotations

from collections.abc import Iterator

from tabletop.doctrine.model import Action, Citation, Requirement, Test
from tabletop.doctrine.rules import Doctrine
from tabletop.doctrine.words import Lang, basis_heading, cite
from tabletop.phrasebook import phrase
from tabletop.text import Text

_INDENT_CITE = "       "


def condition(t: Test, d: Doctrine, lang: str) -> str:
    """A condition in words, from the pack's own names for its situations, facts and actions, each
    with its id: "A ballistic missile is likely to fly to Japan [missile-toward-japan]"."""
    w = lambda key, **f: phrase(f"doctrine.condition.{key}", lang, **f)  # noqa: E731

    def situations(ids: list[str]) -> str:
        return w("or").join(w("named", name=d.situations[s].title.get(lang), id=s) for s in ids)

    parts: list[str] = []
    if t.situation is not None:
        parts.append(w("situation", names=situations(t.situation)))
    if t.not_situation is not None:
        parts.append(w("not_situation", names=situations(t.not_situation)))
    for key in ("flag", "not_flag"):
        if (fid := getattr(t, key)) is not None:
            parts.append(w(key, name=d.flags[fid].title.get(lang), id=fid))
    for key in ("done", "not_done"):
        if (aid := getattr(t, key)) is not None:
            parts.append(w(key, name=d.actions[aid].label.get(lang), id=aid))
    if t.any is not None:
        alternatives = [w("nth", n=i, test=condition(sub, d, lang)) for i, sub in enumerate(t.any, 1)]
        parts.append(w("any", tests=w("either").join(alternatives)))
    return w("and").join(parts) or w("always")


def _conditions(t: Test, d: Doctrine) -> Text:
    return Text(en=condition(t, d, "en"), ja=condition(t, d, "ja"))


def _situation_ids(tests: list[Test]) -> tuple[list[str], list[str]]:
    """The situations some requirement asks for (anywhere in it), and those every move is refused in."""
    needed: list[str] = []
    excluded: list[str] = []

    def walk(t: Test) -> None:
        needed.extend(s for s in t.situation or [] if s not in needed)
        for sub in t.any or []:
            walk(sub)

    for t in tests:
        walk(t)
        excluded.extend(s for s in t.not_situation or [] if s not in excluded)
    return needed, excluded


def situations_needed(a: Action, d: Doctrine, tr: Lang) -> list[str]:
    """Under which situations the action may be taken, in a sentence or two."""
    needed, excluded = _situation_ids(list(a.requires))
    names = lambda ids: Text(**{x: phrase("doctrine.condition.or", x).join(  # noqa: E731
        d.situations[s].title.get(x) for s in ids) for x in ("en", "ja")})
    out = []
    if needed:
        out.append(tr.say("doctrine.explain.situations_only", names=names(needed)))
    else:
        out.append(tr.say("doctrine.explain.situations_any", default=d.situations[d.pack.default_situation].title))
    if excluded:
        out.append(tr.say("doctrine.explain.situations_not", names=names(excluded)))
    return out


def _requirements(reqs: list[Requirement], d: Doctrine, tr: Lang, unmet_key: str) -> Iterator[str]:
    for n, req in enumerate(reqs, 1):
        first, *more = tr.lines(_conditions(req, d))
        yield f"  {n}. {first}"
        yield from (f"     {line}" for line in more)
        yield "     " + tr.heading(unmet_key)
        yield from (f"       {line}" for line in tr.lines(req.text))
        yield from (f"{_INDENT_CITE}{cite(c, tr.lang)}" for c in req.citations)


def _who(a: Action, d: Doctrine, tr: Lang) -> Iterator[str]:
    yield "\n" + tr.heading("doctrine.head.who")
    for rid in a.roles:
        yield f"  {rid:<16} {tr(d.roles[rid].title)}"
    yield from (f"  {line}" for line in tr.lines(a.authority))
    yield from (f"{_INDENT_CITE}{cite(c, tr.lang)}" for c in a.authority_citations)
    if a.carried_out_by:
        yield "\n" + tr.heading("doctrine.head.carried")
        yield from (f"  {rid:<16} {tr(d.roles[rid].title)}" for rid in a.carried_out_by)


def _effects(a: Action, d: Doctrine, tr: Lang) -> Iterator[str]:
    yield "\n" + tr.heading("doctrine.head.effects")
    e = a.effects
    lines = [tr.say("doctrine.effect.declare", id=e.declare, title=d.situations[e.declare].title)] if e.declare else []
    lines += [tr.say("doctrine.effect.end", id=s, title=d.situations[s].title) for s in e.end]
    lines += [tr.say("doctrine.effect.set_flag", id=f, title=d.flags[f].title) for f in e.set_flags]
    lines += [tr.say("doctrine.effect.clear_flag", id=f, title=d.flags[f].title) for f in e.clear_flags]
    yield from (f"  {line}" for line in lines)
    for oid in e.obligations:
        o = d.obligations[oid]
        yield "  " + tr.say("doctrine.effect.obligation", id=o.id, title=o.title)
        yield "    " + tr.say("doctrine.effect.obligation_terms",
                              owed_by=_named([d.roles[r].title for r in o.owed_by if r in d.roles] or o.owed_by),
                              due=Text(en=_offset(o.due), ja=_hours(o.due)),
                              discharged_by=_named([d.actions[x].label for x in o.discharged_by if x in d.actions]
                                                   or o.discharged_by))
        yield from (f"{_INDENT_CITE}{cite(c, tr.lang)}" for c in o.citations)
    if not lines and not e.obligations:
        yield "  " + tr.say("doctrine.effect.nothing")


def _division(a: Action, d: Doctrine, tr: Lang) -> Iterator[str]:
    found = next(((div, True) for div in d.pack.divisions if a.id in div.primary_actions), None) or next(
        ((div, False) for div in d.pack.divisions if a.id in div.supporting_actions), None)
    if found is None:
        return
    div, primary = found
    yield "\n" + tr.say("doctrine.effect.division_" + ("primary" if primary else "supporting"),
                        heading=tr.words("doctrine.head.division"), id=div.id, title=div.title,
                        primary=d.sides[div.primary].title)
    yield from (f"  {line}" for line in tr.lines(div.text))


def explain_lines(a: Action, d: Doctrine, tr: Lang) -> Iterator[str]:
    """What `tabletop doctrine explain` prints for `a`, line by line."""
    yield a.id
    yield from (f"  {line}" for line in tr.lines(a.label))
    yield from (f"  {line}" for line in tr.lines(a.description))
    yield "\n" + tr.say("doctrine.heading_value", heading=tr.words("doctrine.head.force"),
                        value=tr.words(f"doctrine.force.{a.force}"))
    yield from _who(a, d, tr)
    yield "\n" + tr.heading("doctrine.head.situations_needed")
    yield from (f"  {line}" for line in situations_needed(a, d, tr))
    if a.requires:
        yield "\n" + tr.heading("doctrine.head.when")
        yield from _requirements(list(a.requires), d, tr, "doctrine.explain.unmet")
    if a.advisories:
        yield "\n" + tr.heading("doctrine.head.advisories")
        yield from _requirements(list(a.advisories), d, tr, "doctrine.explain.unmet_flagged")
    yield from _effects(a, d, tr)
    yield from _division(a, d, tr)
    yield "\n" + tr.heading(basis_heading(a))
    yield from (f"  - {cite(c, tr.lang)}" for c in a.citations)
    unverified = sorted({cite(c, tr.lang) for c in _all_citations(a) if not c.verified})
    if unverified:
        yield "\n◇ " + tr.say("doctrine.citation.not_checked")
        yield from (f"  - {line}" for line in unverified)


def _listed(ids: list[str]) -> Text:
    """Ids listed as each language lists things (a, b / a、b)."""
    return Text(**{x: phrase("common.list.separator", x).join(ids) for x in ("en", "ja")})


def _named(names: list) -> Text:
    """Names (bilingual `Text`s, or ids where the pack names nothing) listed as each language lists things."""
    return Text(**{x: phrase("common.list.separator", x).join(n if isinstance(n, str) else n.get(x) for n in names)
                   for x in ("en", "ja")})


def _hours(seconds: int) -> str:
    """A due time as Japanese says it: 24時間, 1時間30分, 45分."""
    h, m = seconds // 3600, seconds % 3600 // 60
    return (f"{h}時間" if h else "") + (f"{m}分" if m or not h else "")


def _offset(seconds: int) -> str:
    return f"+{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _all_citations(a: Action) -> list[Citation]:
    out = list(a.citations) + list(a.authority_citations)
    for req in list(a.requires) + list(a.advisories):
        out += req.citations
    return out
