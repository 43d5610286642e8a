"""Checks on what people give hht: pain ratings, notes, control characters.

Each rule is written here once: the 0-10 pain scale (a rating, a threshold
and every check of a stored rating use it), what a note may hold, and which
characters are controls a terminal would obey rather than show.
"""

from __future__ import annotations

import re
from datetime import date

from hht.errors import UsageError

# The days hht records, one range for every command that writes a day (log,
# assess, protocol use --from, import) and for the clock it reads (the
# computer's, or HHT_NOW): from EARLIEST_DAY to today, today falling no later
# than LATEST_DAY. A date outside is a typing slip, not a day lived.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
DAYS_RECORDED = f"hht records days from {EARLIEST_DAY} to today"

# The numeric rating scale of pain: 0 no pain, 10 the worst imaginable.
PAIN_MIN, PAIN_MAX = 0, 10
PAIN_SCALE = f"{PAIN_MIN}-{PAIN_MAX}"
PAIN_WORDS = f"a whole number from {PAIN_MIN} to {PAIN_MAX}"
PAIN_RULE = f"a whole number of pain from {PAIN_MIN} to {PAIN_MAX}"  # what a rating given must be
PAIN_ASK = f"Enter {PAIN_WORDS}"  # a prompt's answer that is not one
NOTE_MAX = 2000
_WHOLE = re.compile(r"^\s*\d{1,2}\s*$")


def is_pain_value(value: object) -> bool:
    """Whether a stored or given value is a rating on the scale (never a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and PAIN_MIN <= value <= PAIN_MAX


def parse_pain(text: str | int | None, label: str) -> int | None:
    """A pain rating on the scale, or None when not given. Raises UsageError."""
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and _WHOLE.match(text):
        value = int(text)
    else:
        raise UsageError(f"{label} must be {PAIN_RULE}, not {given(text)}.")
    if not is_pain_value(value):
        raise UsageError(f"{label} must be {PAIN_RULE}, not {value}.")
    return value


def is_pain(text: str) -> bool:
    """Whether text is a pain rating (for prompts that validate as you type)."""
    try:
        return parse_pain(text, "pain") is not None
    except UsageError:
        return False


def parse_note(text: str | None) -> str | None:
    if text is None:
        return None
    text = as_typed(text)
    problem = note_problem(text.strip())
    if problem:
        raise UsageError(f"--note {problem}.")
    return text.strip()


def as_typed(text: str) -> str:
    """Text typed in UTF-8 but read under a locale that is not (`LC_ALL=C`
    turns each byte outside ASCII into a lone surrogate): as it was typed.
    Anything else is returned as it is, for the checks to judge."""
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeError:
        return text


def note_problem(note: str) -> str | None:
    """What makes `note` (already stripped) one that `hht log` would refuse, or
    None. The same rule checks a note that `hht import` or `hht check` reads."""
    if not note:
        return "must have some text; leave it out to keep the day's note as it is"
    if len(note) > NOTE_MAX:
        return f"is {len(note)} characters long; keep it to {NOTE_MAX}"
    bad = first_control(note, allowed="\n\t")
    if bad is not None:
        return f"holds a control character (U+{ord(bad):04X}); use plain text (line breaks and tabs are fine)"
    return None


def is_control(char: str) -> bool:
    """A character a terminal may obey rather than show: C0 and C1 controls,
    DEL, and the halves of a surrogate pair that no valid text holds alone."""
    return _C0_C1.fullmatch(char) is not None or 0xD800 <= ord(char) <= 0xDFFF


# C0 controls, DEL and C1 controls (as a regular expression's class), to find
# in a whole text at once. A lone surrogate half is the one character UTF-8
# cannot encode, which finds it faster than a pattern (a class of the
# surrogates takes 0.3 ms to compile).
CONTROLS = "\x00-\x1f\x7f-\x9f"
SURROGATES = "\ud800-\udfff"
_C0_C1 = re.compile(f"[{CONTROLS}]")


def first_control(text: str, allowed: str = "") -> str | None:
    """The first character of `text` that `is_control` names, other than the
    C0 controls in `allowed` (such as a line break), or None."""
    end, found = len(text), None
    for match in _C0_C1.finditer(text):
        if match.group() not in allowed:
            end, found = match.start(), match.group()
            break
    try:
        text[:end].encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate half, before any other control
        return text[exc.start]
    return found


_SHOWN_CONTROLS: dict[str, re.Pattern[str]] = {}


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with every control character (`is_control`) but those in `keep`
    shown as a visible escape (ESC as \\x1b), so that a terminal shows it
    rather than obeys it: for any text hht echoes, a file name above all."""
    if text.isprintable():  # the usual case, without compiling the pattern
        return text
    pattern = _SHOWN_CONTROLS.get(keep)
    if pattern is None:
        kept = "".join(re.escape(c) for c in keep)
        pattern = re.compile(f"(?![{kept}])[{CONTROLS}{SURROGATES}]" if kept else f"[{CONTROLS}{SURROGATES}]")
        _SHOWN_CONTROLS[keep] = pattern
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: object) -> str:
    """A path or name as hht echoes it: every control character escaped, line breaks and tabs too."""
    return escape_controls(str(name))


def closest(word: str, choices: list[str]) -> list[str]:
    """The choices `word` most likely meant, for a "did you mean": those it
    begins, else the nearest by spelling (as git offers the closest command)."""
    import difflib

    word = word.strip().lower()
    if not word or len(word) > 100:
        return []
    begun = [c for c in choices if c.lower().startswith(word)]
    if begun:
        return begun[:3]
    return difflib.get_close_matches(word, choices, n=3, cutoff=0.6)


def given(value: object, limit: int = 40) -> str:
    """What someone gave, quoted in a message: its repr (controls escaped), cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
