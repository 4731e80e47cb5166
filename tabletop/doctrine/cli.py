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

from tabletop.doctrine.model import Action, Citation
from tabletop.doctrine.rules import Doctrine, SimpleContext, bundled_packs, load_doctrine
from tabletop.doctrine.verdict import Reason, Verdict
from tabletop.doctrine.words import LANG, Lang, basis_heading, cite
from tabletop.problems import ProblemsFound, Say
from tabletop.phrasebook import phrase
from tabletop.text import Text


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
        from tabletop.cli import say
        from tabletop.language import reader_language

        _fail(ctx, [p.text(reader_language()) for p in exc.problems]
              + ["tabletop: " + say(Say("cli.errors.pack_errors", n=len(exc.errors), pack=name))])


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    from tabletop.cli import say
    from tabletop.problems import hint

    home = next((name for name in bundled_packs() if value in _ids(load_doctrine(name), kind)), None)
    if home is not None:  # e.g. arsenal's actions, which are in us-japan-industry, asked of us-japan
        return "tabletop: " + say(Say("doctrine.unknown.elsewhere", kind=Say(f"doctrine.unknown.kind.{kind}"),
                                      value=value, pack=home))
    return "tabletop: " + say(Say(f"doctrine.unknown.{kind}", value=value, hint=hint(value, set(known))))


def _ids(d: Doctrine, kind: str) -> Iterable[str]:
    return {"role": d.roles, "action": d.actions, "situation": d.situations, "flag": d.flags}[kind]


def _echo_reasons(reasons: Iterable[Reason], tr: Lang, bullet: str = "-") -> None:
    for reason in reasons:
        lines = tr.lines(reason.text)
        click.echo(f"  {bullet} {lines[0]}")
        for line in lines[1:]:
            click.echo(f"    {line}")
        for c in reason.citations:
            click.echo(f"      {cite(c, tr.lang)}")


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
    tr = Lang(lang)
    if role_id is not None:
        role = d.roles.get(role_id)
        if role is None:
            _fail(ctx, [_unknown("role", role_id, d.roles)])
        click.echo(f"{role.id}  {tr(role.title)}")
        click.echo(tr.heading("doctrine.head.actions"))
        for a in d.pack.actions:
            if d.can_ever(role_id, a.id):
                click.echo(f"  {a.id:<48} {tr(a.label)}{_force_mark(a, tr)}")
        return
    click.echo(f"{d.id}  {tr(d.pack.title)}")
    click.echo("\n" + tr.heading("doctrine.head.roles"))
    for r in d.pack.roles:
        kind = "" if r.kind == "player" else tr.say("doctrine.mark.kind", kind=tr.words(f"doctrine.kind.{r.kind}"))
        side = d.sides[r.side]
        mark = phrase("doctrine.mark.side", "ja" if tr.lang == "ja" else "en", side=tr(side.title))
        click.echo(f"  {r.id:<16} {tr(r.title)}{mark}{kind}")
    click.echo("\n" + tr.heading("doctrine.head.situations"))
    for s in d.pack.situations:
        default = tr.say("doctrine.mark.default") if s.id == d.pack.default_situation else ""
        click.echo(f"  {s.id:<26} {tr(s.title)}{default}")
    click.echo("\n" + tr.heading("doctrine.head.flags"))
    for f in d.pack.flags:
        click.echo(f"  {f.id:<30} {tr(f.title)}")
    click.echo("\n" + tr.heading("doctrine.head.actions"))
    for a in d.pack.actions:
        click.echo(f"  {a.id:<48} {tr(a.label)}{_force_mark(a, tr)}")
        click.echo(f"  {'':<48} {phrase('common.list.separator', 'ja' if tr.lang == 'ja' else 'en').join(a.roles)}")


def _force_mark(a: Action, tr: "Lang") -> str:
    """'[weapons]' / '[FORCE]', and '[policy, not law]' for a step of diplomacy or signalling."""
    force = tr.say(f"doctrine.force_mark.{a.force}") if a.force != "none" else ""
    return force + (tr.say("doctrine.basis_mark.policy") if a.basis == "policy" else "")


@doctrine.command()
@click.argument("action_id", metavar="ACTION")
@click.option("--lang", type=LANG, default="both", show_default=True)
@click.pass_context
def explain(ctx: click.Context, action_id: str, lang: str) -> None:
    """Who may take ACTION, under which situations, what it requires, what it changes, and on what legal basis."""
    from tabletop.doctrine.explain import explain_lines

    d = _load(ctx)
    a = d.actions.get(action_id)
    if a is None:
        _fail(ctx, [_unknown("action", action_id, d.actions)])
    for line in explain_lines(a, d, Lang(lang)):
        click.echo(line)


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
    action = d.actions[action_id]
    if as_json:
        out = verdict.to_json()
        if not verdict.blocked:  # the legal basis the move is allowed on, as the text output gives it
            out["basis"] = [c.model_dump(exclude_none=True) for c in _basis(action)]
            out["basis_kind"] = action.basis  # "law", or "policy": no statute grants or conditions it
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        _echo_verdict(d, verdict, role_id, action_id, _in_force(d, recognised), Lang(lang))
        if not verdict.blocked:
            _echo_basis(d, action, role_id, Lang(lang))
    ctx.exit(1 if verdict.blocked else 0)


def _echo_basis(d: Doctrine, action: Action, role_id: str, tr: Lang) -> None:
    """On what legal basis an allowed move stands: who decides (and carries it out), then its citations."""
    click.echo(tr.heading(basis_heading(action)))
    who = d.roles[role_id].title
    if action.carried_out_by == [role_id]:
        line = tr.say("doctrine.basis.decides_and_carries", who=who)
    elif action.carried_out_by:
        titles = [d.roles[r].title for r in action.carried_out_by]
        doers = Text(en=phrase("common.list.separator", "en").join(t.en for t in titles),
                     ja=phrase("common.list.separator", "ja").join(t.get("ja") for t in titles))
        line = tr.say("doctrine.basis.decides_carried_by", who=who, doers=doers)
    else:
        line = tr.say("doctrine.basis.decides", who=who)
    click.echo(f"  {line}")
    for c in _basis(action):
        click.echo(f"  - {cite(c, tr.lang)}")


def _basis(action: Action) -> list[Citation]:
    """What an allowed move stands on: the citations of who may take it, then the action's own."""
    return list(action.authority_citations) + [c for c in action.citations if c not in action.authority_citations]


def _in_force(d: Doctrine, recognised: frozenset[str]) -> Text:
    """The situations in force by name: "recognised: Survival-Threatening Situation", or while none
    is, "no situation recognised: Peacetime / gray zone" (事態の認定なし：平時・グレーゾーン)."""
    ids = list(d.in_force(recognised))
    names = Text(**{x: phrase("common.list.separator", x).join(d.situations[s].title.get(x) for s in ids)
                    for x in ("en", "ja")})
    key = "doctrine.verdict.default" if ids == [d.pack.default_situation] else "doctrine.verdict.in_force"
    return Lang.words(key, names=names)


def _echo_verdict(d: Doctrine, verdict: Verdict, role_id: str, action_id: str, situation: Text, tr: Lang) -> None:
    """The verdict line: the role's and the action's names first, their ids after in brackets."""
    click.echo(tr.say("doctrine.verdict.line", verdict=tr.words(f"doctrine.verdict.{verdict.verdict}"),
                      role=d.roles[role_id].title, action=d.actions[action_id].label, role_id=role_id,
                      action_id=action_id, situations=situation))
    _echo_reasons(verdict.reasons, tr)
    _echo_reasons(verdict.flags, tr, bullet="!")
