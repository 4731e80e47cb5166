"""What `tabletop ip` does: find the exercise's areas for improvement (from its log),
record a change to one of their corrective actions, and show them all."""

from __future__ import annotations

from pathlib import Path

import yaml

from tabletop.archive import ip as ipm
from tabletop.archive.digest import make_digest
from tabletop.archive.lessons import printable
from tabletop.cli import Failed, print_problems, say
from tabletop.phrasebook import section
from tabletop.problems import ProblemsFound, Say, message_of
from tabletop.store import SqliteStore, StoreError


def _local(target: str) -> SqliteStore:
    try:
        return SqliteStore(target, create=False)
    except StoreError as exc:
        raise Failed(message_of(exc)) from None


def _check_issue(issue: str, digest: dict, actions: dict[str, list], issue_text: str | None) -> None:
    known = {f["id"] for f in digest["findings"]}
    if issue in known or issue in actions or issue_text:
        return
    raise Failed(Say("cli.archive.not_an_issue", issue=issue, exercise=digest["exercise"],
                     known=sorted(known) or Say("cli.archive.none")))  # listed as the reader's language lists


def _recorded(issue: str, n: int, action: dict, where: str) -> str:
    return say(Say("cli.archive.ip.recorded", issue=issue, n=n, status=action.get("status", "open"), where=where))


def _show(digest: dict, actions: dict[str, list], where: str) -> list[str]:
    from tabletop.cli import reader_language

    lang = reader_language()
    w = section("cli.archive.ip", lang)
    found = {f["id"]: f for f in digest["findings"]}
    ids = list(found) + sorted(i for i in actions if i not in found)
    lines = [w("found", exercise=digest["exercise"], n=len(found), where=where)]
    for issue in ids:
        label = (found[issue].get(f"label_{lang}") or found[issue]["label"]) if issue in found else (actions[issue][0].get("issue_text") or w["not_in_log"])
        lines.append(f"  {issue}  {label}")
        if not actions.get(issue):
            lines.append(w["no_action"])
        for n, a in enumerate(actions.get(issue, []), start=1):
            owner = " — ".join(str(x) for x in (ipm._text(a.get("organisation")), a.get("poc")) if x)
            verified = w("verified_in_line", exercise=a["verified_in"]) if a.get("verified_in") else ""
            lines.append(w("action", n=a.get("n", n), status=a.get("status") or "open", verified=verified,
                           due=a.get("completion") or "—", action=a["action"],
                           owner=w("owner", owner=owner) if owner else ""))
    return [printable(line) for line in lines]


def run_ip(target: str, issue: str | None, url: str | None, edit: dict, number: int | None, new: bool,
           issue_text: str | None, write: str | None) -> list[str]:
    if url is None:
        if write:
            raise Failed(Say("cli.archive.write_alone"))
        return _run_local(target, issue, edit, number, new, issue_text)
    return _run_archive(target, issue, url, edit, number, new, issue_text, write)


def _run_local(target: str, issue, edit, number, new, issue_text) -> list[str]:
    from tabletop.archive.push import _scenario_of

    store = _local(target)
    try:
        digest = make_digest(store.exercise, store.read(), _scenario_of(store), store.get_meta("kind"))
    except StoreError as exc:
        raise Failed(Say("cli.archive.unreadable", target=target, detail=message_of(exc))) from None
    finally:
        store.close()
    path = ipm.beside(target)
    lines = []
    try:
        if issue:
            _check_issue(issue, digest, ipm.file_actions(path), issue_text)
            n, action = ipm.set_in_file(path, issue, edit, number, new, issue_text)
            lines.append(_recorded(issue, n, action, str(path)))
        return lines + _show(digest, ipm.file_actions(path), str(path))
    except ipm.IpError as exc:
        raise Failed(message_of(exc)) from None
    except ProblemsFound as exc:
        print_problems(exc.problems)
        raise Failed(Say("cli.errors.not_run", n=len(exc.errors), file=str(path))) from None
    except (OSError, yaml.YAMLError) as exc:
        raise Failed(Say("cli.archive.in_file", path=str(path), detail=getattr(exc, "strerror", None) or message_of(exc))) from None


def _run_archive(target: str, issue, url, edit, number, new, issue_text, write) -> list[str]:
    from tabletop.archive.cli import _archive
    from tabletop.archive.push import refresh_digest
    from tabletop.store.postgres import PostgresStore, where

    exercise = target
    if target.endswith(".db") and Path(target).is_file():
        local = _local(target)
        exercise = local.exercise
        local.close()
    lines = []
    with _archive(url) as conn:
        digest = refresh_digest(conn, PostgresStore(url, exercise, create=False, conn=conn))

        def current() -> dict[str, list]:
            out: dict[str, list] = {}
            for a in ipm.archive_actions(conn, exercise):
                out.setdefault(a["issue"], []).append(a)
            return out

        try:
            if issue:
                _check_issue(issue, digest, current(), issue_text)
                n, action = ipm.set_in_archive(conn, exercise, issue, edit, number, new, issue_text)
                lines.append(_recorded(issue, n, action, where(url)))
        except ipm.IpError as exc:
            raise Failed(message_of(exc)) from None
        actions = current()
        if write:
            flat = [a for group in actions.values() for a in group]
            try:
                Path(write).write_text(yaml.safe_dump(ipm.as_file(flat), allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
            except OSError as exc:
                raise Failed(Say("cli.archive.cannot_write", path=str(write), reason=exc.strerror or str(exc))) from None
            lines.append(say(Say("cli.archive.ip.wrote", path=write)))
    return lines + _show(digest, actions, where(url))
