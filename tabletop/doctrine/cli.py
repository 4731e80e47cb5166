"""`tabletop doctrine`: read a doctrine pack and ask it questions.

    tabletop doctrine list [--role R] [--lang en|ja]
    tabletop doctrine explain ACTION
    tabletop doctrine check --role R --action A [--situation S]... [--done A]... [--flag F]... [--json]

User errors (an unknown id, a broken pack) are printed on stderr with exit
status 2, never as a traceback. `check` exits 0 when the move is allowed or
flagged and 1 when it is blocked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NoReturn

import click

from tabletop.doctrine.model import Action, Citation, Test
from tabletop.doctrine.rules import Doctrine, SimpleContext, load_doctrine, suggest
from tabletop.doctrine.verdict import Reason, Verdict
from tabletop.problems import ProblemsFound
from tabletop.text import Text

LANG = click.Choice(["en", "ja", "both"])
FORCE_WORDS = {
    "none": Text(en="none", ja="なし"),
    "weapons": Text(en="use of weapons (police-type; not use of force)", ja="武器の使用（警察権的なもの。武力の行使ではない）"),
    "force": Text(en="USE OF FORCE (self-defense)", ja="武力の行使（自衛権）"),
}
HEAD = {
    "roles": Text(en="Roles", ja="役割"),
    "situations": Text(en="Situations", ja="事態"),
    "flags": Text(en="Flags", ja="フラグ"),
    "actions": Text(en="Actions", ja="行動"),
    "who": Text(en="Who may take it", ja="権限を有する者"),
    "when": Text(en="When (every condition must hold, or the move is blocked)", ja="要件（すべて満たさなければ阻止される）"),
    "advisories": Text(en="Flagged when not met (the move is allowed but marked)", ja="満たさない場合は注意付きで許可"),
    "effects": Text(en="What it changes", ja="効果"),
    "citations": Text(en="Legal basis", ja="法的根拠"),
    "force": Text(en="Force", ja="武力"),
    "division": Text(en="Guidelines division", ja="ガイドライン上の役割分担"),
}


class _Lang:
    """Renders bilingual text in one language or both."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, text: Text | None) -> str:
        if text is None:
            return ""
        if self.lang == "both":
            return text.en if not text.ja or text.ja == text.en else f"{text.en} / {text.ja}"
        return text.get(self.lang)

    def lines(self, text: Text | None) -> list[str]:
        """One line per language (for longer texts)."""
        if text is None:
            return []
        if self.lang == "both":
            return [text.en] + ([text.ja] if text.ja and text.ja != text.en else [])
        return [text.get(self.lang)]


class _PackRef:
    """The --pack given to the group, passed down to its commands."""

    def __init__(self, name: str):
        self.name = name


def _fail(ctx: click.Context, messages: Iterable[str], code: int = 2) -> NoReturn:
    for message in messages:
        click.echo(message, err=True)
    ctx.exit(code)
    raise SystemExit(code)  # ctx.exit raises; this line only informs the type checker


def _load(ctx: click.Context) -> Doctrine:
    pack = ctx.find_object(_PackRef)
    name = pack.name if pack else "us-japan"
    try:
        return load_doctrine(name)
    except ProblemsFound as exc:
        _fail(ctx, [str(p) for p in exc.problems] + [f"tabletop: {len(exc.errors)} error(s) in doctrine pack {name}"])


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    hint = suggest(value, known)
    return f"tabletop: unknown {kind} {value!r}{hint}; see `tabletop doctrine list`"


def cite(c: Citation) -> str:
    parts = [f"{c.instrument} {c.article}"]
    if c.quote:
        parts.append(f'"{c.quote}"')
    tail = f"[{c.source}]" if c.source else ""
    if not c.verified:
        tail = (tail + " " if tail else "") + "◇ unverified"
    return " — ".join(parts) + (f" {tail}" if tail else "")


def describe_test(t: Test) -> str:
    """A condition in the pack's own terms: `situation in [...]`, `flag X`, `done A`..."""
    parts: list[str] = []
    if t.situation is not None:
        parts.append(f"situation {' or '.join(t.situation)} in force")
    if t.not_situation is not None:
        parts.append(f"no situation {' or '.join(t.not_situation)} in force")
    if t.flag is not None:
        parts.append(f"flag {t.flag}")
    if t.not_flag is not None:
        parts.append(f"no flag {t.not_flag}")
    if t.done is not None:
        parts.append(f"done {t.done}")
    if t.not_done is not None:
        parts.append(f"not done {t.not_done}")
    if t.any is not None:
        parts.append("any of (" + "; ".join(describe_test(sub) for sub in t.any) + ")")
    return " and ".join(parts) or "always"


def _echo_reasons(reasons: Iterable[Reason], tr: _Lang, bullet: str = "-") -> None:
    for reason in reasons:
        lines = tr.lines(reason.text)
        click.echo(f"  {bullet} {lines[0]}")
        for line in lines[1:]:
            click.echo(f"    {line}")
        for c in reason.citations:
            click.echo(f"      {cite(c)}")


@click.group(name="doctrine")
@click.option("--pack", default="us-japan", show_default=True, metavar="NAME|FILE",
              help="Bundled doctrine pack name, or the path to a pack file.")
@click.pass_context
def doctrine(ctx: click.Context, pack: str) -> None:
    """Doctrine pack: roles, legal situations, actions and the rules that govern them."""
    ctx.obj = _PackRef(pack)


@doctrine.command("list")
@click.option("--role", "role_id", metavar="ROLE", help="Only the actions this role may take.")
@click.option("--lang", type=LANG, default="both", show_default=True)
@click.pass_context
def list_(ctx: click.Context, role_id: str | None, lang: str) -> None:
    """Roles, situations, flags and actions of the pack."""
    d = _load(ctx)
    tr = _Lang(lang)
    if role_id is not None:
        role = d.roles.get(role_id)
        if role is None:
            _fail(ctx, [_unknown("role", role_id, d.roles)])
        click.echo(f"{role.id}  {tr(role.title)}")
        click.echo(f"{tr(HEAD['actions'])}:")
        for a in d.pack.actions:
            if d.can_ever(role_id, a.id):
                click.echo(f"  {a.id:<48} {tr(a.label)}{_force_mark(a)}")
        return
    click.echo(f"{d.id}  {tr(d.pack.title)}")
    click.echo(f"\n{tr(HEAD['roles'])}:")
    for r in d.pack.roles:
        kind = "" if r.kind == "player" else f"  ({r.kind})"
        side = d.sides[r.side]
        click.echo(f"  {r.id:<16} {tr(r.title)}  [{tr(side.title)}]{kind}")
    click.echo(f"\n{tr(HEAD['situations'])}:")
    for s in d.pack.situations:
        default = "  (default)" if s.id == d.pack.default_situation else ""
        click.echo(f"  {s.id:<26} {tr(s.title)}{default}")
    click.echo(f"\n{tr(HEAD['flags'])}:")
    for f in d.pack.flags:
        click.echo(f"  {f.id:<30} {tr(f.title)}")
    click.echo(f"\n{tr(HEAD['actions'])}:")
    for a in d.pack.actions:
        click.echo(f"  {a.id:<48} {tr(a.label)}{_force_mark(a)}")
        click.echo(f"  {'':<48} {', '.join(a.roles)}")


def _force_mark(a: Action) -> str:
    return {"none": "", "weapons": "  [weapons]", "force": "  [FORCE]"}[a.force]


@doctrine.command()
@click.argument("action_id", metavar="ACTION")
@click.option("--lang", type=LANG, default="both", show_default=True)
@click.pass_context
def explain(ctx: click.Context, action_id: str, lang: str) -> None:
    """Who may take ACTION, when, what it changes, and on what legal basis."""
    d = _load(ctx)
    tr = _Lang(lang)
    a = d.actions.get(action_id)
    if a is None:
        _fail(ctx, [_unknown("action", action_id, d.actions)])
    click.echo(f"{a.id}")
    for line in tr.lines(a.label):
        click.echo(f"  {line}")
    for line in tr.lines(a.description):
        click.echo(f"  {line}")
    click.echo(f"\n{tr(HEAD['force'])}: {tr(FORCE_WORDS[a.force])}")

    click.echo(f"\n{tr(HEAD['who'])}:")
    for rid in a.roles:
        click.echo(f"  {rid:<16} {tr(d.roles[rid].title)}")
    for line in tr.lines(a.authority):
        click.echo(f"  {line}")
    for c in a.authority_citations:
        click.echo(f"      {cite(c)}")

    if a.requires:
        click.echo(f"\n{tr(HEAD['when'])}:")
        for req in a.requires:
            click.echo(f"  - [{describe_test(req)}]")
            _echo_reasons([Reason(req.text, tuple(req.citations))], tr, bullet=" ")
    if a.advisories:
        click.echo(f"\n{tr(HEAD['advisories'])}:")
        for adv in a.advisories:
            click.echo(f"  - [{describe_test(adv)}]")
            _echo_reasons([Reason(adv.text, tuple(adv.citations))], tr, bullet=" ")

    click.echo(f"\n{tr(HEAD['effects'])}:")
    e = a.effects
    changed = False
    if e.declare:
        click.echo(f"  recognises situation {e.declare} (ending none): {tr(d.situations[e.declare].title)}")
        changed = True
    for sid in e.end:
        click.echo(f"  ends situation {sid}: {tr(d.situations[sid].title)}")
        changed = True
    for f in e.set_flags:
        click.echo(f"  sets flag {f}: {tr(d.flags[f].title)}")
        changed = True
    for f in e.clear_flags:
        click.echo(f"  clears flag {f}: {tr(d.flags[f].title)}")
        changed = True
    for oid in e.obligations:
        o = d.obligations[oid]
        due = Text(en=f"due within {_offset(o.due)} of scenario time", ja=f"想定時間{_offset(o.due)}以内")
        click.echo(f"  obligation {o.id}: {tr(o.title)}")
        click.echo(f"    owed by {', '.join(o.owed_by)}; {tr(due)}; discharged by {', '.join(o.discharged_by)}")
        for c in o.citations:
            click.echo(f"      {cite(c)}")
        changed = True
    if not changed:
        click.echo("  " + tr(Text(en="nothing beyond recording that it was done",
                                  ja="実施した事実の記録のみ")))

    division = _division_of(d, a.id)
    if division is not None:
        div, primary = division
        role_word = "primary" if primary else "supporting"
        click.echo(f"\n{tr(HEAD['division'])}: {div.id} {tr(div.title)} — {role_word}; "
                   f"primary side: {tr(d.sides[div.primary].title)}")
        for line in tr.lines(div.text):
            click.echo(f"  {line}")

    click.echo(f"\n{tr(HEAD['citations'])}:")
    for c in a.citations:
        click.echo(f"  - {cite(c)}")
    unverified = sorted({cite(c) for c in _all_citations(a) if not c.verified})
    if unverified:
        click.echo("\n◇ " + tr(Text(en="Not yet checked against a public source:",
                                    ja="公開資料による確認が未了：")))
        for line in unverified:
            click.echo(f"  - {line}")


def _offset(seconds: int) -> str:
    return f"+{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def _all_citations(a: Action) -> list[Citation]:
    out = list(a.citations) + list(a.authority_citations)
    for req in list(a.requires) + list(a.advisories):
        out += req.citations
    return out


def _division_of(d: Doctrine, action_id: str):
    for div in d.pack.divisions:
        if action_id in div.primary_actions:
            return div, True
    for div in d.pack.divisions:
        if action_id in div.supporting_actions:
            return div, False
    return None


@doctrine.command()
@click.option("--role", "role_id", required=True, metavar="ROLE", help="The role making the move.")
@click.option("--action", "action_id", required=True, metavar="ACTION", help="The action it takes.")
@click.option("--situation", "situations", multiple=True, metavar="SITUATION",
              help="A recognised situation (repeatable: situations can coincide; none given: the pack's default).")
@click.option("--done", "done", multiple=True, metavar="ACTION", help="An action already taken (repeatable).")
@click.option("--flag", "flags", multiple=True, metavar="FLAG", help="A scenario fact that holds (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@click.option("--lang", type=LANG, default="both", show_default=True)
@click.pass_context
def check(ctx: click.Context, role_id: str, action_id: str, situations: tuple[str, ...], done: tuple[str, ...],
          flags: tuple[str, ...], as_json: bool, lang: str) -> None:
    """May ROLE take ACTION now? Exit 0 allowed or flagged, 1 blocked, 2 unknown ids."""
    d = _load(ctx)
    errors: list[str] = []
    if role_id not in d.roles:
        errors.append(_unknown("role", role_id, d.roles))
    if action_id not in d.actions:
        errors.append(_unknown("action", action_id, d.actions))
    errors += [_unknown("situation", s, d.situations) for s in situations if s not in d.situations]
    errors += [_unknown("action", a, d.actions) for a in done if a not in d.actions]
    errors += [_unknown("flag", f, d.flags) for f in flags if f not in d.flags]
    if errors:
        _fail(ctx, errors)
    recognised = frozenset(situations)
    verdict = d.evaluate(SimpleContext(recognised, frozenset(flags), frozenset(done)), role_id, action_id)
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False))
    else:
        _echo_verdict(verdict, role_id, action_id, ", ".join(d.in_force(recognised)), _Lang(lang))
    ctx.exit(1 if verdict.blocked else 0)


def _echo_verdict(verdict: Verdict, role_id: str, action_id: str, situation: str, tr: _Lang) -> None:
    word = {"allowed": Text(en="ALLOWED", ja="許可"), "blocked": Text(en="BLOCKED", ja="阻止"),
            "flagged": Text(en="ALLOWED WITH FLAGS", ja="注意付きで許可")}[verdict.verdict]
    click.echo(f"{tr(word)}: {role_id} → {action_id} (situations: {situation})")
    _echo_reasons(verdict.reasons, tr)
    _echo_reasons(verdict.flags, tr, bullet="!")
