"""Corrective actions with a lifecycle (`tabletop ip`): each area for improvement
gets actions with an owner organisation, a point of contact, a due date and a
status — open, in progress, done, or verified in a later exercise.

They live in the archive (the `tabletop.actions` table: every change a new row,
with who made it and when) or, for a log not archived, in the corrective-actions
file beside it (LOG.ip.yaml, format tabletop-corrective-actions/1 as
docs/report.md describes, plus `status` and `verified_in`), which
`tabletop report --corrective-actions` reads for the Improvement Plan."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import yaml

STATUSES = ("open", "in-progress", "done", "verified")
FIELDS = ("action", "element", "organisation", "poc", "start", "completion", "status", "verified_in")
FORMAT = "tabletop-corrective-actions/1"


class IpError(Exception):
    """A corrective action that cannot be recorded as asked (says which field and what to do)."""


def beside(log: str | Path) -> Path:
    p = Path(log)
    return p.with_name(p.stem + ".ip.yaml")


def _say(key: str, **fields):
    from tabletop.problems import Say

    return Say(f"cli.archive.ip.{key}", **fields)


def check_change(change: dict[str, Any]) -> dict[str, Any]:
    """The change with dates as YYYY-MM-DD text; IpError naming the option otherwise."""
    out = {k: v for k, v in change.items() if v is not None}
    for key, option in (("start", "--start"), ("completion", "--due")):
        if key in out:
            try:
                out[key] = _dt.date.fromisoformat(str(out[key]).strip()).isoformat()
            except ValueError:
                raise IpError(_say("not_a_date", option=option, value=out[key])) from None
    if "status" in out and out["status"] not in STATUSES:
        raise IpError(_say("which_status", value=out["status"], statuses=", ".join(STATUSES)))
    if out.get("status") == "verified" and not out.get("verified_in"):
        raise IpError(_say("verified_in"))
    if out.get("verified_in") and "status" not in out:
        out["status"] = "verified"
    return out


def merge(actions: list[dict], number: int | None, new: bool, change: dict[str, Any], issue: str) -> tuple[int, dict]:
    """Which action the change is for (1-based) and the action as it will stand."""
    if new or not actions:
        if not change.get("action"):
            raise IpError(_say("needs_action", issue=issue))
        return len(actions) + 1, {"status": "open", **change}
    if number is None:
        if len(actions) > 1:
            raise IpError(_say("which_number", issue=issue, n=len(actions)))
        number = 1
    if not 1 <= number <= len(actions):
        raise IpError(_say("no_number", number=number, issue=issue, n=len(actions)))
    return number, {**actions[number - 1], **change}


# -- the file beside a local log ------------------------------------------------------

def _actions_of(entry: Any) -> list[dict]:
    if isinstance(entry, str):
        return [{"action": entry}]
    if not isinstance(entry, dict):
        return []
    if "actions" in entry:
        return [dict(a) for a in entry.get("actions") or [] if isinstance(a, dict)]
    one = {k: v for k, v in entry.items() if k in FIELDS}
    return [one] if one else []


def read_file(path: Path) -> dict:
    if not path.is_file():
        return {"format": FORMAT, "issues": {}}
    from tabletop.yamlsrc import load_text  # a broken file is said at its FILE:LINE:COL, as a scenario's is

    text = path.read_text(encoding="utf-8")
    has_data = any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
    data = (load_text(text, str(path)).data if has_data else None) or {}
    if not isinstance(data, dict) or not isinstance(data.get("issues") or {}, dict):
        raise IpError(_say("not_a_file", path=str(path)))
    data.setdefault("format", FORMAT)
    data["issues"] = data.get("issues") or {}
    return data


def file_actions(path: Path) -> dict[str, list[dict]]:
    """Issue id → its actions (each with the issue's own words, if the file gives them, as issue_text)."""
    out = {}
    for k, v in read_file(path)["issues"].items():
        words = v.get("issue") if isinstance(v, dict) else None
        words = words.get("en") if isinstance(words, dict) else words
        out[str(k)] = [{**_plain(a), "issue_text": words} for a in _actions_of(v)]
    return out


def _plain(a: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v) for k, v in a.items()}


def set_in_file(path: Path, issue: str, change: dict, number: int | None = None, new: bool = False,
                issue_text: str | None = None) -> tuple[int, dict]:
    """Record the change in the file (made if missing); returns (action number, action)."""
    data = read_file(path)
    entry = data["issues"].get(issue)
    actions = [_plain(a) for a in _actions_of(entry)]
    n, action = merge(actions, number, new, check_change(change), issue)
    actions[n - 1:n] = [action]
    kept = {k: v for k, v in entry.items() if k in ("issue", "capability")} if isinstance(entry, dict) else {}
    if issue_text:
        kept["issue"] = issue_text
    data["issues"][issue] = {**kept, "actions": [{k: a[k] for k in FIELDS if a.get(k) is not None}
                                                 for a in actions]}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    tmp.replace(path)  # never a half-written file
    return n, action


# -- the archive ------------------------------------------------------------------------

_CURRENT = ("SELECT DISTINCT ON (exercise, issue, n) exercise, issue, n, action, element, organisation, poc, "
            "start, due, status, verified_in, recorded_at, recorded_by, issue_text FROM tabletop.actions "
            "WHERE (%s::text IS NULL OR exercise = %s) ORDER BY exercise, issue, n, id DESC")


def archive_actions(conn, exercise: str | None = None) -> list[dict]:
    """The corrective actions as they stand (the latest change of each)."""
    rows = conn.execute(_CURRENT, (exercise, exercise))
    keys = ("exercise", "issue", "n", "action", "element", "organisation", "poc", "start", "completion", "status",
            "verified_in", "recorded_at", "recorded_by", "issue_text")
    out = []
    for r in rows:
        a = dict(zip(keys, r))
        a["due"] = a["completion"] = a["completion"].isoformat() if a["completion"] else None
        a["start"] = a["start"].isoformat() if a["start"] else None
        a["recorded_at"] = a["recorded_at"].isoformat(timespec="seconds")
        out.append(a)
    return out


def set_in_archive(conn, exercise: str, issue: str, change: dict, number: int | None = None,
                   new: bool = False, issue_text: str | None = None) -> tuple[int, dict]:
    if conn.execute("SELECT 1 FROM tabletop.exercises WHERE exercise = %s", (exercise,)).fetchone() is None:
        raise IpError(_say("no_exercise", exercise=exercise))
    change = check_change(change)
    if change.get("verified_in") and conn.execute("SELECT 1 FROM tabletop.exercises WHERE exercise = %s",
                                                  (change["verified_in"],)).fetchone() is None:
        raise IpError(_say("no_later", exercise=change["verified_in"]))
    with conn.transaction():
        # One change at a time per exercise: two people numbering a new action the same is not possible.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('tabletop.actions'), hashtext(%s))", (exercise,))
        actions = sorted((a for a in archive_actions(conn, exercise) if a["issue"] == issue), key=lambda a: a["n"])
        n, action = merge(actions, number, new, change, issue)
        issue_text = issue_text or next((a["issue_text"] for a in actions if a.get("issue_text")), None)
        conn.execute("INSERT INTO tabletop.actions (exercise, issue, n, action, element, organisation, poc, start, "
                     "due, status, verified_in, issue_text) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                     (exercise, issue, n, action["action"], action.get("element"), _text(action.get("organisation")),
                      action.get("poc"), action.get("start"), action.get("completion"), action.get("status", "open"),
                      action.get("verified_in"), issue_text))
    return n, action


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("en") or next(iter(value.values()), None)
    return value


def as_file(actions: list[dict]) -> dict:
    """The archive's actions of one exercise as a corrective-actions file (for `tabletop report`)."""
    issues: dict[str, dict] = {}
    for a in sorted(actions, key=lambda a: (a["issue"], a["n"])):
        entry = issues.setdefault(a["issue"], {"actions": []})
        if a.get("issue_text"):
            entry.setdefault("issue", a["issue_text"])
        entry["actions"].append({k: a[k] for k in FIELDS if a.get(k) is not None})
    return {"format": FORMAT, "issues": issues}
