"""Scenario data written as the YAML a person would write: the format's key
order, short texts and id lists on one line (`{en: ..., ja: ...}`, `[jp.pm]`),
long or multi-line texts as blocks, time offsets quoted, and comments that say
where each part came from. PyYAML does the quoting and escaping."""

from __future__ import annotations

import yaml

from tabletop.phrasebook import phrase

INJECT_ORDER = ("id", "at", "after", "manual", "when", "to", "from", "method", "title", "body", "objectives",
                "expected", "notes", "set_flags", "clear_flags", "decisions")
DECISION_ORDER = ("id", "to", "prompt", "deadline", "options", "on_timeout")
OFFSET_KEYS = {"at", "delay", "deadline", "duration"}
LIST_KEYS = {"to", "objectives", "expected", "set_flags", "clear_flags", "seats", "languages"}
TEXT_KEYS = {"title", "summary", "scope", "text", "capability", "body", "prompt", "label"}
ONE_LINE = 90


class _Quoted(str):
    pass


class _Flow(dict):
    pass


class _FlowList(list):
    pass


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when PyYAML has it: 10x faster
    def ignore_aliases(self, data) -> bool:
        return True  # a value written twice is written out twice, never as &anchor / *alias


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", dict(v), flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", list(v),
                                                                       flow_style=True))


def _short(value: dict) -> bool:
    return all(isinstance(v, (str, int, float)) and "\n" not in str(v) for v in value.values()) \
        and sum(len(str(v)) + 6 for v in value.values()) <= ONE_LINE


def styled(value, key: str | None = None):
    """Data marked for how each part is best written."""
    if isinstance(value, dict):
        if key in OFFSET_KEYS:
            return value
        inner = {k: styled(v, k) for k, v in value.items()}
        small = key in TEXT_KEYS or key in ("clock", "after", "when") or set(value) <= {"en", "ja"}
        return _Flow(inner) if small and _short(value) else inner
    if isinstance(value, list):
        if key in LIST_KEYS and all(isinstance(v, str) for v in value):
            return _FlowList(value)
        return [_option(styled(v)) if key == "options" else styled(v) for v in value]
    if isinstance(value, str) and key in OFFSET_KEYS:
        return _Quoted(value)
    return value


def _option(value):
    """An option on one line when it fits: `{id: destroy, label: {...}, action: ...}`."""
    if isinstance(value, dict) and _flat_length(value) <= ONE_LINE + 30:
        return _Flow(value)
    return value


def _flat_length(value) -> int:
    if isinstance(value, dict):
        return sum(len(str(k)) + 4 + _flat_length(v) for k, v in value.items())
    text = str(value)
    return 10_000 if "\n" in text else len(text)


def _dump(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def ordered(inj: dict) -> dict:
    out = {k: inj[k] for k in INJECT_ORDER if k in inj}
    if "decisions" in out:
        out["decisions"] = [{k: d[k] for k in DECISION_ORDER if k in d} for d in out["decisions"]]
    return out


def scenario_yaml(data: dict, header: list[str], inject_notes: dict[str, str] | None = None, lang: str = "en") -> str:
    """The scenario's YAML text; `header` lines become its opening comment, `inject_notes` a comment above
    each inject (where in the sheet it came from), the MSEL's own heading comment in `lang`. Two dumps, of
    the settings and of the injects, with the blank lines and comments put between their top-level entries."""
    out = ["".join(f"# {line}\n" if line else "#\n" for line in header)]
    top = _dump({k: styled(v, k) for k, v in data.items() if k != "injects"})
    for line in top.splitlines(True):
        if line.startswith(("objectives:", "seats:")):
            out.append("\n")
        out.append(line)
    out.append(f"\n# {phrase('msel.comments.injects', lang)}\ninjects:\n")
    injects = data.get("injects", [])
    if injects:
        notes = iter([(inject_notes or {}).get(inj.get("id")) for inj in injects])
        body = _dump([styled(ordered(inj)) for inj in injects])
        for line in body.splitlines(True):
            if line.startswith("- "):  # an inject begins (what it holds is indented further)
                note = next(notes)
                out.append("\n" + (f"  # {note}\n" if note else ""))
            out.append(f"  {line}" if line.strip() else line)
    return "".join(out)
