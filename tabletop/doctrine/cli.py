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
from tabletop.doctrine.rules import Doctrine, SimpleContext, bundled_packs, load_doctrine
from tabletop.doctrine.verdict import Reason, Verdict
from tabletop.problems import ProblemsFound, Say
from tabletop.phrasebook import citation, phrase
from tabletop.text import Text

LANG = click.Choice(["en", "ja", "both"])
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

    def say(self, key: str, **fields) -> str:
        """A phrasebook phrase in this language, or both ('English / 日本語'). A field given as
        bilingual `Text` is filled in each language, so 'both' never nests one pair in another."""
        if self.lang != "both":
            return phrase(key, self.lang, **_in(fields, self.lang))
        return self(self.words(key, **fields))

    @staticmethod
    def words(key: str, **fields) -> Text:
        """A phrasebook phrase in both languages, as a field for another phrase."""
        return Text(en=phrase(key, "en", **_in(fields, "en")), ja=phrase(key, "ja", **_in(fields, "ja")))

    def heading(self, key: str) -> str:
        """A section heading with its colon ('Roles:', '役割：', 'Roles / 役割:')."""
        if self.lang == "both":
            return self.say(key) + ":"
        return phrase("doctrine.heading", self.lang, heading=phrase(key, self.lang))

    def lines(self, text: Text | None) -> list[str]:
        """One line per language (for longer texts)."""
        if text is None:
            return []
        if self.lang == "both":
            return [text.en] + ([text.ja] if text.ja and text.ja != text.en else [])
        return [text.get(self.lang)]


def _in(fields: dict, lang: str) -> dict:
    return {k: v.get(lang) if isinstance(v, Text) else v for k, v in fields.items()}


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

        _fail(ctx, [str(p) for p in exc.problems]
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


def cite(c: Citation, lang: str = "en") -> str:
    """A citation for an author: its form in `lang` (both, for "both"), its quote, source and ◇ mark."""
    c_json = c.model_dump(exclude_none=True)
    langs = ("en", "ja") if lang == "both" else (lang,)
    forms = list(dict.fromkeys(citation(c_json, x, marks=False) for x in langs))
    parts = [" / ".join(forms)]
    if c.quote and lang != "ja":  # the pack's quotes are English: a Japanese reader gets the article alone
        parts.append(phrase("doctrine.citation.quote", "en", quote=c.quote))
    tail = phrase("doctrine.citation.source", langs[-1], source=c.source) if c.source else ""
    if not c.verified:
        tail = (tail + " " if tail else "") + phrase("doctrine.citation.unverified", langs[-1]).strip()
    return " — ".join(parts) + (f" {tail}" if tail else "")


def describe_test(t: Test, lang: str = "en") -> str:
    """A condition in the pack's own terms: `situation X in force`, `flag X`, `done A`... (its ids
    as written; "both" says it in English, the pack's own language)."""
    lang = "en" if lang == "both" else lang
    w = lambda key, **f: phrase(f"doctrine.test.{key}", lang, **f)  # noqa: E731
    either = w("or").join
    parts: list[str] = []
    for key, value in (("situation", t.situation), ("not_situation", t.not_situation), ("flag", t.flag),
                       ("not_flag", t.not_flag), ("done", t.done), ("not_done", t.not_done)):
        if value is not None:
            parts.append(w(key, ids=either(value) if isinstance(value, list) else value))
    if t.any is not None:
        parts.append(w("any", tests=phrase("common.list.semicolon", lang).join(describe_test(sub, lang) for sub in t.any)))
    return w("and").join(parts) or w("always")


def _echo_reasons(reasons: Iterable[Reason], tr: _Lang, bullet: str = "-") -> None:
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
    tr = _Lang(lang)
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
        click.echo(f"  {r.id:<16} {tr(r.title)}  [{tr(side.title)}]{kind}")
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
        click.echo(f"  {'':<48} {', '.join(a.roles)}")


def _force_mark(a: Action, tr: "_Lang") -> str:
    """'[weapons]' / '[FORCE]', and '[policy, not law]' for a step of diplomacy or signalling."""
    force = tr.say(f"doctrine.force_mark.{a.force}") if a.force != "none" else ""
    return force + (tr.say("doctrine.basis_mark.policy") if a.basis == "policy" else "")


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
    click.echo("\n" + tr.heading("doctrine.head.force") + " " + tr.say(f"doctrine.force.{a.force}"))

    click.echo("\n" + tr.heading("doctrine.head.who"))
    for rid in a.roles:
        click.echo(f"  {rid:<16} {tr(d.roles[rid].title)}")
    for line in tr.lines(a.authority):
        click.echo(f"  {line}")
    for c in a.authority_citations:
        click.echo(f"      {cite(c, tr.lang)}")
    if a.carried_out_by:
        click.echo("\n" + tr.heading("doctrine.head.carried"))
        for rid in a.carried_out_by:
            click.echo(f"  {rid:<16} {tr(d.roles[rid].title)}")

    if a.requires:
        click.echo("\n" + tr.heading("doctrine.head.when"))
        for req in a.requires:
            click.echo(f"  - [{describe_test(req, tr.lang)}]")
            _echo_reasons([Reason(req.text, tuple(req.citations))], tr, bullet=" ")
    if a.advisories:
        click.echo("\n" + tr.heading("doctrine.head.advisories"))
        for adv in a.advisories:
            click.echo(f"  - [{describe_test(adv, tr.lang)}]")
            _echo_reasons([Reason(adv.text, tuple(adv.citations))], tr, bullet=" ")

    click.echo("\n" + tr.heading("doctrine.head.effects"))
    e = a.effects
    changed = False
    if e.declare:
        click.echo("  " + tr.say("doctrine.effect.declare", id=e.declare, title=d.situations[e.declare].title))
        changed = True
    for sid in e.end:
        click.echo("  " + tr.say("doctrine.effect.end", id=sid, title=d.situations[sid].title))
        changed = True
    for f in e.set_flags:
        click.echo("  " + tr.say("doctrine.effect.set_flag", id=f, title=d.flags[f].title))
        changed = True
    for f in e.clear_flags:
        click.echo("  " + tr.say("doctrine.effect.clear_flag", id=f, title=d.flags[f].title))
        changed = True
    for oid in e.obligations:
        o = d.obligations[oid]
        click.echo("  " + tr.say("doctrine.effect.obligation", id=o.id, title=o.title))
        click.echo("    " + tr.say("doctrine.effect.obligation_terms", owed_by=", ".join(o.owed_by), due=_offset(o.due),
                                   discharged_by=", ".join(o.discharged_by)))
        for c in o.citations:
            click.echo(f"      {cite(c, tr.lang)}")
        changed = True
    if not changed:
        click.echo("  " + tr.say("doctrine.effect.nothing"))

    division = _division_of(d, a.id)
    if division is not None:
        div, primary = division
        click.echo("\n" + tr.say("doctrine.effect.division", heading=tr.words("doctrine.head.division"), id=div.id,
                                  title=div.title, primary=d.sides[div.primary].title,
                                  role=tr.words("doctrine.effect." + ("primary" if primary else "supporting"))))
        for line in tr.lines(div.text):
            click.echo(f"  {line}")

    click.echo("\n" + tr.heading(_basis_heading(a)))
    for c in a.citations:
        click.echo(f"  - {cite(c, tr.lang)}")
    unverified = sorted({cite(c, tr.lang) for c in _all_citations(a) if not c.verified})
    if unverified:
        click.echo("\n◇ " + tr.say("doctrine.citation.not_checked"))
        for line in unverified:
            click.echo(f"  - {line}")


def _basis_heading(a: Action) -> str:
    """'Legal basis', or for a step of diplomacy or signalling, a heading that says it is policy, not law."""
    return "doctrine.head.policy_basis" if a.basis == "policy" else "doctrine.head.citations"


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
    action = d.actions[action_id]
    if as_json:
        out = verdict.to_json()
        if not verdict.blocked:  # the legal basis the move is allowed on, as the text output gives it
            out["basis"] = [c.model_dump(exclude_none=True) for c in _basis(action)]
            out["basis_kind"] = action.basis  # "law", or "policy": no statute grants or conditions it
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        _echo_verdict(verdict, role_id, action_id, _in_force(d, recognised), _Lang(lang))
        if not verdict.blocked:
            _echo_basis(d, action, role_id, _Lang(lang))
    ctx.exit(1 if verdict.blocked else 0)


def _echo_basis(d: Doctrine, action: Action, role_id: str, tr: _Lang) -> None:
    """On what legal basis an allowed move stands: who decides (and carries it out), then its citations."""
    click.echo(tr.heading(_basis_heading(action)))
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
    """The situations in force: their ids in English (as the user types them), their names in Japanese."""
    ids = d.in_force(recognised)
    return Text(en=", ".join(ids),
                ja=phrase("common.list.separator", "ja").join(d.situations[s].title.get("ja") for s in ids))


def _echo_verdict(verdict: Verdict, role_id: str, action_id: str, situation: Text, tr: _Lang) -> None:
    click.echo(tr.say("doctrine.verdict.line", verdict=tr.words(f"doctrine.verdict.{verdict.verdict}"), role=role_id,
                      action=action_id, situations=situation))
    _echo_reasons(verdict.reasons, tr)
    _echo_reasons(verdict.flags, tr, bullet="!")
