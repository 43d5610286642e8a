"""A protocol file's text checked: every key against the schema
(hht/rules/protocol/schema.py), then the rules that span keys (ordering,
uniqueness, what goes with what). `problems_in` returns every problem at once."""

import re
import tomllib
from typing import Any

from hht.errors import ProtocolError
from hht.rules.protocol.checks import Problems
from hht.rules.protocol.model import TEST_IDS
from hht.rules.protocol.schema import FILE


def problems_in(text: str, path: str = "<protocol>") -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Validate TOML text: the validated data (None if any problem) and every
    problem found, as (key, problem). Raises ProtocolError when the text is
    not TOML at all, or holds a key longer than hht reads (`bound_keys`)."""
    from hht.inputs import shown

    bound_keys(text, shown(path))
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(f"{shown(path)}: not valid TOML ({exc}).") from None
    except RecursionError:
        raise ProtocolError(f"{shown(path)}: nests its tables or arrays too deeply for hht to read.") from None
    except ValueError:  # a whole number longer than Python converts
        raise ProtocolError(f"{shown(path)}: holds a number too large for hht to read.") from None
    problems = Problems()
    data: dict[str, Any] = FILE(raw, "", problems)  # never BAD: TOML text is always a table
    _cross_checks(data, problems)
    return (None if problems else data), list(problems)


# The longest key hht reads, in dotted parts and in characters. A protocol's
# keys have at most three parts (`run_plan.weeks`); TOML parsing costs the
# square of a key's parts (a key of 100,000 parts took over a minute), so a
# longer key is refused before the text is parsed.
MAX_KEY_PARTS = 16
MAX_KEY_CHARS = 256

_PART = r"""(?:(?<![A-Za-z0-9_-])[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_DOT = r"[ \t]*+\.[ \t]*+"
# More parts in a row than a key may have, anywhere in the text (in a string
# too: one-word sentences seventeen in a row are not prose hht ships).
_TOO_MANY_PARTS = re.compile(f"{_PART}(?:{_DOT}{_PART}){{{MAX_KEY_PARTS},}}+")
# A key where a line gives one: before `=`, or in a table's header.
_KEY = re.compile(rf"[ \t]*+(?:\[\[?[ \t]*+)?({_PART}(?:{_DOT}{_PART})*+)[ \t]*+(?:=|\]\]?)")


def bound_keys(text: str, path: str = "<protocol>") -> None:
    """Refuse, before parsing, a key of more than MAX_KEY_PARTS parts or
    MAX_KEY_CHARS characters (ProtocolError, naming its line). A key never
    spans lines, so only a line with that many dots, or that many
    characters, is looked at closely."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count(".") >= MAX_KEY_PARTS:
            found = _TOO_MANY_PARTS.search(line)
            if found is not None:
                raise ProtocolError(
                    f"{path}: line {number} holds a dotted key of more than {MAX_KEY_PARTS} parts "
                    f"({_start(found.group())}); hht reads keys of at most {MAX_KEY_PARTS} parts."
                )
        if len(line) > MAX_KEY_CHARS:
            key = _KEY.match(line)
            if key is not None and len(key.group(1)) > MAX_KEY_CHARS:
                raise ProtocolError(
                    f"{path}: line {number} holds a key longer than {MAX_KEY_CHARS} characters "
                    f"({_start(key.group(1))}); hht reads keys of at most {MAX_KEY_CHARS}."
                )


def _start(key: str) -> str:
    from hht.inputs import shown

    return shown(key[:40] + "..." if len(key) > 40 else key)


def _cross_checks(data: dict[str, Any], problems: Problems) -> None:
    """Rules that span keys: ordering, uniqueness, what goes with what. Each
    looks only at the values that validated on their own."""

    def ok(name: str) -> bool:
        """The section validated as a table or a list (it may still hold bad items)."""
        return isinstance(data.get(name), (dict, list))

    def items(name: str) -> list[dict[str, Any]]:
        """The section's items that are tables."""
        return [x for x in data[name] if isinstance(x, dict)] if ok(name) else []

    if ok("pain") and {"step_back_threshold", "advance_threshold"} <= set(data["pain"]):
        pain = data["pain"]
        if pain["step_back_threshold"] <= pain["advance_threshold"]:
            problems.add(
                "pain.step_back_threshold", f"must be above pain.advance_threshold ({pain['advance_threshold']})"
            )
    for section in ("ladder", "red_flags", "signs", "self_tests"):
        seen: set[str] = set()
        for i, item in enumerate(data[section] if ok(section) else []):
            if isinstance(item, dict) and "id" in item:
                if item["id"] in seen:
                    problems.add(f"{section}[{i}].id", f"repeats the id {item['id']!r}")
                seen.add(item["id"])
    if ok("self_tests") and all(isinstance(t, dict) and "id" in t for t in data["self_tests"]):
        missing = set(TEST_IDS) - {t["id"] for t in data["self_tests"]}
        if missing:
            problems.add("self_tests", f"lacks the test(s) {', '.join(sorted(missing))}")
    if ok("ladder"):
        if sum(1 for r in items("ladder") if r.get("run_gate")) > 1:
            problems.add("ladder", "marks more than one rung with run_gate = true")
        for i, rung in enumerate(data["ladder"]):
            if not isinstance(rung, dict):
                continue
            key = f"ladder[{i}]"
            if "exercises" in rung:
                for name in ("dose", "how", "hold_seconds"):
                    if name in rung:
                        problems.add(
                            f"{key}.{name}",
                            "belongs to each of the stage's exercises, not to the "
                            "stage (the stage has an exercises list)",
                        )
            else:
                for name in ("dose", "how"):
                    if name not in rung:
                        problems.add(
                            f"{key}.{name}",
                            "is missing (a stage without exercises is one exercise, with its own dose and how-to)",
                        )
    _resistance_checks(items("ladder"), problems)
    weeks = data["run_plan"].get("weeks") if ok("run_plan") else None
    if isinstance(weeks, list):
        for i, week in enumerate(weeks):
            if not isinstance(week, dict):
                continue
            key = f"run_plan.weeks[{i}]"
            if "week" in week and week["week"] != i + 1:
                problems.add(f"{key}.week", f"must be {i + 1}: weeks are numbered in order from 1")
            if "start_sets" in week:
                for name in ("walk_minutes", "jog_minutes", "max_sets"):
                    if name not in week:
                        problems.add(f"{key}.{name}", "is missing (a week that builds sets needs it)")
                if "max_sets" in week and week["max_sets"] < week["start_sets"]:  # both validated
                    problems.add(f"{key}.max_sets", "must not be below start_sets")
            else:
                for name in ("minutes", "min_days", "min_pain_free_runs"):
                    if name not in week:
                        problems.add(f"{key}.{name}", "is missing (a week without sets needs it)")


def _resistance_checks(ladder: list[dict[str, Any]], problems: Problems) -> None:
    """A stage of resistance work lists its exercises, each with an id (unique in the
    ladder) and its range of repetitions; those keys belong to such a stage only."""
    seen: set[str] = set()
    for i, rung in enumerate(ladder):
        key = f"ladder[{i}]"
        resistance = rung.get("resistance") is True
        exercises = [e for e in rung.get("exercises", []) if isinstance(e, dict)]
        if "load_step_percent" in rung and not resistance:
            problems.add(f"{key}.load_step_percent", "belongs to a stage of resistance work (resistance = true)")
        if resistance and "exercises" not in rung:
            problems.add(
                f"{key}.exercises", "is missing (a stage of resistance work lists its exercises, each with its id)"
            )
        for j, exercise in enumerate(exercises):
            where = f"{key}.exercises[{j}]"
            for name in ("id", "reps"):
                if resistance and name not in exercise:
                    problems.add(f"{where}.{name}", "is missing (an exercise of resistance work needs it)")
                elif not resistance and name in exercise:
                    problems.add(f"{where}.{name}", "belongs to an exercise of resistance work (resistance = true)")
            if "id" in exercise:
                if exercise["id"] in seen:
                    problems.add(f"{where}.id", f"repeats the id {exercise['id']!r}")
                seen.add(exercise["id"])
