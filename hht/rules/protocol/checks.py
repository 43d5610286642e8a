"""The validation framework a protocol file is checked with: a checker for
each kind of value, tables and lists of them, and the problems they find.

A checker takes (value, key, problems) and returns the value, or records what
is wrong in `problems` and returns `BAD`; keys are dotted paths
(`ladder[2].dose`). A table's keys are `Key`s: a checker, whether the key is
required, and what it means. Every problem in a file is found in one pass, so
`hht protocol check` can name them all at once.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from hht.inputs import first_control


class Bad:
    """The value of a key that did not validate."""

    def __repr__(self) -> str:
        return "<bad>"


BAD = Bad()


class Problems(list[tuple[str, str]]):
    """Every problem found, as (key, problem)."""

    def add(self, key: str, problem: str) -> Bad:
        self.append((key, problem))
        return BAD


Checker = Callable[[Any, str, Problems], Any]


class Key(NamedTuple):
    """One key of a table: how its value is checked, whether it must be
    there, and what it means (`hht protocol init` writes it above the key)."""

    check: Checker
    required: bool = False
    help: str = ""


def text(value: Any, key: str, problems: Problems) -> Any:
    if not isinstance(value, str) or not value.strip():
        return problems.add(key, f"must be non-empty text, got {value!r}")
    # hht shows protocol text in a terminal: nothing in it may act on the terminal or on rich.
    bad = first_control(value, allowed="\n")
    if bad is not None:
        return problems.add(key, f"holds a control character (U+{ord(bad):04X}); use plain text")
    markup = _MARKUP.search(value)
    if markup is not None:
        return problems.add(
            key,
            f"holds {markup.group(0)!r}, which a terminal would read as formatting; leave out the square brackets",
        )
    if len(value) > 4000:
        return problems.add(key, "is longer than 4000 characters")
    return value


# A rich markup tag: "[" then a letter, "#", "/" or "@", up to "]" (rich's own rule).
_MARKUP = re.compile(r"\[[a-zA-Z#/@][^\[\]]*\]")


def boolean(value: Any, key: str, problems: Problems) -> Any:
    if not isinstance(value, bool):
        return problems.add(key, f"must be true or false, got {value!r}")
    return value


def whole(low: int, high: int) -> Checker:
    """A whole number from `low` to `high`."""

    def check(value: Any, key: str, problems: Problems) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return problems.add(key, f"must be a whole number from {low} to {high}, got {value!r}")
        return value

    return check


def whole_range(low: int, high: int) -> Checker:
    """Two whole numbers from `low` to `high`, the first no greater than the second: `[8, 15]`."""

    def check(value: Any, key: str, problems: Problems) -> Any:
        if (
            not isinstance(value, list)
            or len(value) != 2
            or any(isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high for v in value)
            or value[0] > value[1]
        ):
            return problems.add(
                key,
                f"must be two whole numbers from {low} to {high}, the smaller first (such as [8, 15]), got {value!r}",
            )
        return value

    return check


_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,39}")


def identifier(value: Any, key: str, problems: Problems) -> Any:
    """An id a runner types: lower-case letters, digits and underscores, starting with a letter."""
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        return problems.add(
            key, f"must be a short id of lower-case letters, digits and underscores (such as leg_curl), got {value!r}"
        )
    return value


def fraction(value: Any, key: str, problems: Problems) -> Any:
    """A number from 0 to 1 (nan and inf are neither)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return problems.add(key, f"must be a number from 0 to 1, got {value!r}")
    return float(value)


# The largest ratio a protocol may give (a likelihood ratio): a published one is far below it.
MAX_RATIO = 1000


def positive(value: Any, key: str, problems: Problems) -> Any:
    """A finite number above 0 and at most MAX_RATIO (TOML allows nan and inf)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_RATIO:
        return problems.add(key, f"must be a number above 0 and at most {MAX_RATIO}, got {value!r}")
    return float(value)


def one_of(*choices: str) -> Checker:
    def check(value: Any, key: str, problems: Problems) -> Any:
        if value not in choices:
            return problems.add(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    return check


class ListOf:
    """A list of at least `min_items` values, each checked by `item`."""

    def __init__(self, item: Checker, min_items: int = 1) -> None:
        self.item = item
        self.min_items = min_items

    def __call__(self, value: Any, key: str, problems: Problems) -> Any:
        if not isinstance(value, list):
            return problems.add(key, f"must be a list, got {type(value).__name__}")
        if len(value) < self.min_items:
            return problems.add(key, f"must hold at least {self.min_items} item(s)")
        return [self.item(v, f"{key}[{i}]", problems) for i, v in enumerate(value)]


class Table:
    """A table of the keys in `keys`, and no other."""

    def __init__(self, keys: dict[str, Key]) -> None:
        self.keys = keys

    def __call__(self, value: Any, key: str, problems: Problems) -> Any:
        if not isinstance(value, dict):
            return problems.add(key, f"must be a table, got {type(value).__name__}")
        for name in value:
            if name not in self.keys:
                problems.add(join(key, name), f"is not a known key here (known: {', '.join(self.keys)})")
        out = {}  # what validated: a file with problems is never used, only checked further
        for name, spec in self.keys.items():
            if name in value:
                checked = spec.check(value[name], join(key, name), problems)
                if checked is not BAD:
                    out[name] = checked
            elif spec.required:
                problems.add(join(key, name), "is missing")
        return out


def join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def describe_problems(path: str, problems: list[tuple[str, str]]) -> str:
    """One sentence for one problem; a count and a list for several."""
    from hht.inputs import shown

    path = shown(path)
    if len(problems) == 1:
        key, problem = problems[0]
        return f"{path}: {key} {problem}."
    lines = [f"{path}: {len(problems)} problems:"] + [f"  - {key} {problem}." for key, problem in problems]
    return "\n".join(lines)
