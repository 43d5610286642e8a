"""A clinic's wording for VISA-H, checked against the items hht scores.

hht never ships the questionnaire's text: a clinic entitled to it supplies it
as a JSON file, given with `--wording FILE` or adopted once with `hht outcome
wording FILE`. The file names each item by its id and, where an item's answer
is a choice, each choice by its points, so the wording can never disagree
with the scoring:

    {"format": "hht-wording", "measure": "visa-h", "title": "...",
     "items": {"1": {"text": "...", "low": "...", "high": "..."},
               ... items 2 to 6 alike ...,
               "7": {"text": "...", "options": {"0": "...", "4": "...", "7": "...", "10": "..."}},
               "8": {"text": "...",
                     "branches": {"no_pain": {"text": "...", "options": {"0": "...", "7": "...", ...}},
                                  "pain_not_stopping": {...}, "pain_stopping": {...}}}}}

`low` and `high` are the words at the ends of a 0-10 item (optional);
`title` is optional. Without a wording, each item is asked as its number and
its range.
"""

from __future__ import annotations

from typing import Any

from hht.errors import UsageError
from hht.inputs import first_control
from hht.rules.outcomes import visa_h

FORMAT = "hht-wording"
TEXT_MAX = 2000


class _Problem(Exception):
    pass


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Problem(f"{where} must be some text")
    if len(value) > TEXT_MAX:
        raise _Problem(f"{where} is longer than {TEXT_MAX} characters")
    bad = first_control(value, allowed="\n")
    if bad is not None:
        raise _Problem(f"{where} holds a control character (U+{ord(bad):04X})")
    return value.strip()


def _keys(value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Problem(f"{where} must be a JSON object")
    for key in value:
        if key not in required + optional:
            known = ", ".join(required + optional)
            raise _Problem(f"{where} has {key!r}, which is not one of its ids ({known})")
    for key in required:
        if key not in value:
            raise _Problem(f"{where} lacks {key!r}")
    return value


def _options(value: Any, where: str, points: tuple[int, ...]) -> dict[str, str]:
    ids = tuple(str(p) for p in points)
    options = _keys(value, f"{where}'s options", ids)
    return {key: _text(options[key], f"{where}'s option {key}") for key in ids}


def check(data: Any, source: str) -> dict[str, Any]:
    """The wording, checked whole against VISA-H's items and answer domains,
    as hht keeps it. Raises UsageError in one sentence naming what does not match."""
    try:
        top = _keys(data, "the file", ("format", "measure", "items"), ("title",))
        if top["format"] != FORMAT:
            raise _Problem(f'its "format" is {top["format"]!r}, not "{FORMAT}"')
        if top["measure"] != visa_h.MEASURE:
            raise _Problem(f'its "measure" is {top["measure"]!r}; hht takes a wording for "visa-h" only')
        items = _keys(top["items"], "its items", visa_h.ITEMS)
        out: dict[str, Any] = {}
        for item in visa_h.SCALE_ITEMS:
            where = f"item {item}"
            entry = _keys(items[item], where, ("text",), ("low", "high"))
            out[item] = {"text": _text(entry["text"], f"{where}'s text")}
            for end in ("low", "high"):
                if end in entry:
                    out[item][end] = _text(entry[end], f"{where}'s {end}")
        seven = _keys(items["7"], "item 7", ("text", "options"))
        out["7"] = {
            "text": _text(seven["text"], "item 7's text"),
            "options": _options(seven["options"], "item 7", visa_h.ITEM_7_POINTS),
        }
        eight = _keys(items["8"], "item 8", ("text", "branches"))
        branches = _keys(eight["branches"], "item 8's branches", tuple(visa_h.ITEM_8_BRANCHES))
        out["8"] = {"text": _text(eight["text"], "item 8's text"), "branches": {}}
        for branch, points in visa_h.ITEM_8_BRANCHES.items():
            where = f"item 8's branch {branch}"
            entry = _keys(branches[branch], where, ("text", "options"))
            out["8"]["branches"][branch] = {
                "text": _text(entry["text"], f"{where}'s text"),
                "options": _options(entry["options"], where, points),
            }
        title = _text(top["title"], "its title") if "title" in top else None
    except _Problem as exc:
        raise UsageError(f"The wording file {source} does not match VISA-H: {exc}.") from None
    return {"format": FORMAT, "measure": visa_h.MEASURE, **({"title": title} if title else {}), "items": out}


def problem(data: Any) -> str | None:
    """What is wrong with a stored wording, or None (for `hht check` and `hht import`)."""
    try:
        check(data, "kept")
    except UsageError as exc:
        return str(exc).removeprefix("The wording file kept does not match VISA-H: ").rstrip(".")
    return None
