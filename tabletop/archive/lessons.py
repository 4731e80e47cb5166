"""The lessons drawn across exercises, from their digests and corrective actions (pure).

`lessons(...)` answers, for the exercises chosen: which areas for improvement
recur (grouped by doctrine rule, with their objectives and Guidelines functions),
how each objective was rated over time, which corrective actions are open or
overdue by owner, blocked-move rates by role and rule, and decision times compared
across exercises. `text_lines` prints it for the terminal."""

from __future__ import annotations

import datetime as _dt
import statistics
from collections import defaultdict
from typing import Iterable

from tabletop.archive.digest import RATING
from tabletop.phrasebook import phrase, section

LETTER = {v: k for k, v in RATING.items()}
CLOSED = ("done", "verified")


def select(digests: Iterable[dict], since: _dt.date | None = None, until: _dt.date | None = None,
           exercises: Iterable[str] = (), scenarios: Iterable[str] = (), rehearsals: bool = False) -> list[dict]:
    """The digests of the period (by the day each exercise started) and of the exercises or scenarios named."""
    names, ids = set(exercises), set(scenarios)
    out = []
    for d in digests:
        day = _day(d)
        if (since and (day is None or day < since)) or (until and (day is None or day > until)):
            continue
        if (names and d["exercise"] not in names) or (ids and d.get("scenario") not in ids):
            continue
        if d.get("kind") == "rehearsal" and not rehearsals and d["exercise"] not in names:
            continue
        out.append(d)
    return out


def _day(d: dict) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat((d.get("date") or "")[:10])
    except ValueError:
        return None


def month(date_text: str | None, lang: str = "en") -> str:
    """'Oct 2027' / '2027年10月'."""
    from tabletop.phrasebook.times import _fields

    try:
        day = _dt.date.fromisoformat((date_text or "")[:10])
    except ValueError:
        return "—"
    return phrase("common.date.month_year", lang, **_fields(_dt.datetime(day.year, day.month, day.day), lang))


def _group_key(d: dict, f: dict) -> tuple[str, str]:
    """What makes two exercises' findings the same lesson: the doctrine rule (action) for blocked,
    flagged and expected moves and obligations; the scenario's decision or objective otherwise."""
    if f["kind"] in ("decision", "observation"):
        return f["kind"], f"{d.get('scenario')}/{f['rule']}"
    return f["kind"], f["rule"]


NO_OBJECTIVE = "(no objective)"  # the function of an area for improvement tied to no objective


def _ja(row: dict, key: str) -> str:
    """A digest's value in Japanese (`KEY_ja`, digests since version 2), else its English."""
    return row.get(f"{key}_ja") or row.get(key, "")


def capabilities_ja(chosen: list[dict]) -> dict[str, str]:
    """Each objective's capability (a Guidelines function), English to Japanese, as the digests give them."""
    return {o["capability"]: _ja(o, "capability") for d in chosen for o in d["objectives"].values() if o.get("capability")}


def recurring(chosen: list[dict], min_exercises: int = 2) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for d in chosen:
        for f in d["findings"]:
            key = _group_key(d, f)
            g = groups.setdefault(key, {"kind": key[0], "rule": key[1], "label": f["label"],
                                        "label_ja": f.get("label_ja") or f["label"], "exercises": [],
                                        "latest": d.get("date"), "objectives": set(), "objectives_ja": set(),
                                        "functions": set(), "issues": set(), "roles": set()})
            if d["exercise"] not in g["exercises"]:
                g["exercises"].append(d["exercise"])
            if (d.get("date") or "") >= (g["latest"] or ""):
                g["latest"], g["label"], g["label_ja"] = d.get("date"), f["label"], f.get("label_ja") or f["label"]
            g["objectives"].update(f"{o} {d['objectives'][o]['text']}" if o in d["objectives"] else o
                                   for o in f["objectives"])
            g["objectives_ja"].update(f"{o} {_ja(d['objectives'][o], 'text')}" if o in d["objectives"] else o
                                      for o in f["objectives"])
            g["functions"].update(f.get("functions") or ())
            g["issues"].add(f["id"])
            if f.get("role"):
                g["roles"].add(f["role"])
    out = [{**g, "count": len(g["exercises"]), "of": len(chosen), "objectives": sorted(g["objectives"]),
            "objectives_ja": sorted(g["objectives_ja"]),
            "functions": sorted(g["functions"]), "issues": sorted(g["issues"]), "roles": sorted(g["roles"])}
           for g in groups.values() if len(g["exercises"]) >= min_exercises]
    return sorted(out, key=lambda g: (-g["count"], g["kind"], g["rule"]))


def by_function(rows: list[dict]) -> list[tuple[str, int]]:
    """Recurring areas for improvement per Guidelines function (capability)."""
    counts: dict[str, int] = defaultdict(int)
    for g in rows:
        for fn in g["functions"] or [NO_OBJECTIVE]:
            counts[fn] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def ratings_over_time(chosen: list[dict]) -> list[dict]:
    """Per objective (of a scenario): each exercise's mean rating (P=4 … U=1), in date order."""
    series: dict[tuple, dict] = {}
    for d in chosen:
        for oid, given in d["ratings"].items():
            obj = d["objectives"].get(oid, {})
            s = series.setdefault((d.get("scenario"), oid), {"scenario": d.get("scenario"), "objective": oid,
                                                             "text": obj.get("text", ""), "text_ja": _ja(obj, "text"),
                                                             "capability": obj.get("capability", ""),
                                                             "capability_ja": _ja(obj, "capability"), "points": []})
            mean = sum(RATING[r] for r in given) / len(given)
            s["points"].append({"exercise": d["exercise"], "date": d.get("date"), "score": round(mean, 2),
                                "rating": LETTER[int(mean)], "n": len(given)})
    return sorted(series.values(), key=lambda s: (s["scenario"] or "", s["objective"]))


def blocked_rates(chosen: list[dict]) -> tuple[list[dict], list[dict]]:
    """(by role: attempts, blocked, rate), (by role and rule: blocked moves, exercises)."""
    roles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rules: dict[tuple, list] = defaultdict(lambda: [0, set()])
    for d in chosen:
        for role, m in d["moves"].items():
            roles[role][0] += m["attempts"]
            roles[role][1] += m["blocked"]
        for role, rule, count in d["blocked"]:
            rules[(role, rule)][0] += count
            rules[(role, rule)][1].add(d["exercise"])
    by_role = [{"role": r, "attempts": a, "blocked": b, "rate": b / a if a else 0.0} for r, (a, b) in roles.items()]
    by_rule = [{"role": r, "rule": u, "blocked": n, "exercises": len(x)} for (r, u), (n, x) in rules.items()]
    return (sorted(by_role, key=lambda x: (-x["rate"], x["role"])),
            sorted(by_rule, key=lambda x: (-x["blocked"], x["role"], x["rule"])))


def decision_times(chosen: list[dict]) -> list[dict]:
    """Per decision point (of a scenario): time taken in each exercise (scenario seconds), timeouts."""
    rows: dict[tuple, dict] = {}
    for d in chosen:
        for did, t in d["decisions"].items():
            r = rows.setdefault((d.get("scenario"), did), {"scenario": d.get("scenario"), "decision": did,
                                                           "prompt": t.get("prompt", did),
                                                           "prompt_ja": t.get("prompt_ja") or t.get("prompt", did), "times": [],
                                                           "timed_out": 0, "exercises": 0})
            r["exercises"] += 1
            if t["seconds"] is not None:
                r["times"].append(t["seconds"])
            elif t["timed_out"]:
                r["timed_out"] += 1
    for r in rows.values():
        r["median"] = statistics.median(r["times"]) if r["times"] else None
        r["fastest"] = min(r["times"], default=None)
        r["slowest"] = max(r["times"], default=None)
    return sorted(rows.values(), key=lambda r: (r["scenario"] or "", r["decision"]))


def open_actions(actions: list[dict], chosen: list[dict], today: _dt.date) -> list[dict]:
    """Corrective actions not done, per owner organisation, with how many are overdue."""
    names = {d["exercise"] for d in chosen}
    owners: dict[str, dict] = {}
    for a in actions:
        if a["exercise"] not in names or a["status"] in CLOSED:
            continue
        o = owners.setdefault(a.get("organisation") or "(no owner)", {"owner": a.get("organisation") or "(no owner)",
                                                                       "open": 0, "overdue": 0, "actions": []})
        o["open"] += 1
        late = bool(a.get("due")) and _dt.date.fromisoformat(a["due"]) < today
        o["overdue"] += late
        o["actions"].append({**a, "overdue": late})
    return sorted(owners.values(), key=lambda o: (-o["overdue"], -o["open"], o["owner"]))


def lessons(digests: list[dict], actions: list[dict], today: _dt.date, min_exercises: int = 2) -> dict:
    rec = recurring(digests, min_exercises)
    by_role, by_rule = blocked_rates(digests)
    return {"exercises": digests, "recurring": rec, "functions": by_function(rec), "capabilities_ja": capabilities_ja(digests),
            "ratings": ratings_over_time(digests), "actions": open_actions(actions, digests, today),
            "blocked_by_role": by_role, "blocked_by_rule": by_rule, "decisions": decision_times(digests),
            "today": today.isoformat(),
            "period": [(digests[0].get("date") or "")[:10], (digests[-1].get("date") or "")[:10]] if digests else []}


def printable(text: str) -> str:
    """A line for the terminal: control characters in participant text (an escape sequence, a
    carriage return) shown as escapes, never sent to the terminal."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


def text_lines(result: dict, lang: str = "en") -> list[str]:
    return [printable(line) for line in _text_lines(result, section("cli.archive.lessons", lang), lang)]


def _text_lines(result: dict, w, lang: str) -> list[str]:
    ex = result["exercises"]
    if not ex:
        return [w["none"]]
    ids = phrase("common.list.separator", lang).join
    ja = (lambda row, key: _ja(row, key)) if lang == "ja" else (lambda row, key: row.get(key, ""))  # noqa: E731
    names = result.get("capabilities_ja", {}) if lang == "ja" else {}
    function = lambda fn: w["no_objective"] if fn == NO_OBJECTIVE else names.get(fn, fn)  # noqa: E731
    lines = [w("title", n=len(ex), since=result["period"][0], until=result["period"][1]), "", w["recurring"]]
    if not result["recurring"]:
        lines.append(w["none_recurring"])
    for g in result["recurring"]:
        lines.append(w("group", label=ja(g, "label"), count=g["count"], of=g["of"], latest=month(g["latest"], lang)))
        values = {"objectives": g.get("objectives_ja") or g["objectives"] if lang == "ja" else g["objectives"], "roles": g["roles"],
                  "functions": [function(fn) for fn in g["functions"]], "issues": g["issues"]}
        extra = [w(name, ids=ids(values[field])) for name, field in (("objective", "objectives"), ("function", "functions"),
                                                                      ("roles", "roles"), ("issues", "issues")) if values[field]]
        lines.append("      " + phrase("common.list.semicolon", lang).join(extra))
    if result["functions"]:
        lines += ["", w["by_function"]]
        lines += [w("function_count", function=function(fn), n=n) for fn, n in result["functions"]]
    lines += ["", w["ratings"]]
    for s in result["ratings"]:
        lines.append(w("series", scenario=s["scenario"], objective=s["objective"], text=ja(s, "text"),
                       capability=ja(s, "capability")))
        lines += [f"      {(p['date'] or '')[:10]}  {p['rating']}  {p['score']:.2f}  {p['exercise']}" for p in s["points"]]
    lines += ["", w["actions"]]
    if not result["actions"]:
        lines.append(w["none_open"])
    for o in result["actions"]:
        lines.append(w("owner", owner=o["owner"], open=o["open"], overdue=o["overdue"]))
        lines += [w("action", exercise=a["exercise"], issue=a["issue"], n=a["n"], status=a["status"],
                    due=a.get("due") or "—", overdue=w["overdue"] if a["overdue"] else "", action=a["action"])
                  for a in o["actions"]]
    lines += ["", w["blocked_by_role"]]
    lines += [w("blocked_role", role=r["role"], blocked=r["blocked"], attempts=r["attempts"], rate=f"{r['rate']:.0%}")
              for r in result["blocked_by_role"]]
    lines += ["", w["blocked_by_rule"]]
    lines += [w("blocked_rule", role=r["role"], rule=r["rule"], blocked=r["blocked"], exercises=r["exercises"])
              for r in result["blocked_by_rule"]] or [w["none_line"]]
    lines += ["", w["decisions"]]
    lines += [w("decision", scenario=r["scenario"], decision=r["decision"], prompt=ja(r, "prompt"), median=_mmss(r["median"]),
                fastest=_mmss(r["fastest"]), slowest=_mmss(r["slowest"]), timed_out=r["timed_out"],
                exercises=r["exercises"]) for r in result["decisions"]]
    return lines
