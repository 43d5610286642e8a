"""Checking a set of answers against the protocol: what `hht assess --answers`
reads, and what is stored. Pure: plain data in, plain data out.

The answers:

    {"sides": ["left"],
     "red_flags": {"<id>": false, ...},
     "signs": {"<id>": true, ...},
     "range_of_motion_normal": true,
     "tests": {"left": {"standing_stretch": {"pain": 3, "familiar": true},
                        "bent_knee": {"pain": 2, "familiar": true},
                        "rapid_extension": {"pain": 4, "familiar": true}}}}

The ids come from the protocol. A red flag answered true needs nothing else
(the assessment stops there). The rapid test is left out when the slow
bent-knee test already hurt at the protocol's skip level
(hht/rules/assessment/questions.py). A test with no pain (0) may leave out
`familiar`.
"""

from __future__ import annotations

import json
from typing import Any

from hht.errors import UsageError
from hht.inputs import PAIN_RULE, parse_pain
from hht.messages import IDS_HELP
from hht.rules.assessment.questions import rapid_skip_reason
from hht.rules.protocol.model import TEST_IDS, Protocol
from hht.rules.records import SIDES, SIDES_WORDS, sides_ok

TOP_KEYS = ("sides", "red_flags", "signs", "range_of_motion_normal", "tests")
TEST_KEYS = ("pain", "familiar")


def parse_answers(text: str, source: str = "The answers") -> dict[str, Any]:
    """JSON text as an answers object. Raises UsageError."""
    from hht.files import parse_json

    try:
        answers = parse_json(text, source, UsageError)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{source} is not valid JSON ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}); see the README for the shape."
        ) from None
    if not isinstance(answers, dict):
        raise UsageError(
            f"{source} must be one JSON object (see the README for the shape), not a JSON {type(answers).__name__}."
        )
    return answers


class _Check:
    """Collects missing and unexpected ids; raises at once on a bad value."""

    def __init__(self) -> None:
        self.missing: list[str] = []
        self.unknown: list[str] = []

    def table(self, value: Any, key: str, known: list[str] | tuple[str, ...], *, required: bool) -> dict:
        if not isinstance(value, dict):
            raise UsageError(f"{key} must be a JSON object, not {json.dumps(value)}.")
        self.unknown += [f"{key}.{name}" for name in value if name not in known]
        if required:
            self.missing += [f"{key}.{name}" for name in known if name not in value]
        return value

    def done(self) -> None:
        if not (self.missing or self.unknown):
            return
        parts = []
        if self.missing:
            parts.append("lack " + _names(self.missing))
        if self.unknown:
            parts.append("have unknown ids " + _names(self.unknown))
        raise UsageError(f"The answers {' and '.join(parts)} ({IDS_HELP}).")


def _names(keys: list[str]) -> str:
    return ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1 else keys[0]


def _yes_no(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{key} must be true or false, not {json.dumps(value)}.")
    return value


def _sides(value: Any) -> list[str]:
    if not sides_ok(value):
        raise UsageError(f"sides must be {SIDES_WORDS}, not {json.dumps(value)}.")
    return [s for s in SIDES if s in value]


def _test(value: Any, key: str, check: _Check) -> dict[str, Any] | None:
    check.table(value, key, TEST_KEYS, required=False)
    if "pain" not in value:
        check.missing.append(f"{key}.pain")
        return None
    if value["pain"] is None:
        raise UsageError(f"{key}.pain must be {PAIN_RULE}, not null.")
    pain = parse_pain(value["pain"], f"{key}.pain")
    assert pain is not None
    if "familiar" not in value:
        if pain:
            check.missing.append(f"{key}.familiar")
        return {"pain": pain, "familiar": False}
    familiar = _yes_no(value["familiar"], f"{key}.familiar")
    if familiar and pain == 0:
        raise UsageError(
            f"{key} says the familiar pain at 0/10: a test that caused no pain cannot "
            "reproduce it; set familiar to false or give the pain it caused."
        )
    return {"pain": pain, "familiar": familiar}


def _side_tests(protocol: Protocol, value: Any, key: str, check: _Check, required: bool) -> dict[str, Any]:
    check.table(value, key, TEST_IDS, required=False)
    out: dict[str, Any] = {}
    for test_id in TEST_IDS:
        where = f"{key}.{test_id}"
        given = value.get(test_id)
        if test_id == "rapid_extension" and "bent_knee" in out:
            reason = rapid_skip_reason(protocol, out["bent_knee"]["pain"])
            if reason is not None:
                if given is not None:
                    raise UsageError(
                        f"{where} must be left out: the bent-knee stretch hurt "
                        f"{out['bent_knee']['pain']}/10, and the rapid test is skipped at that level."
                    )
                continue
        if given is None:
            if required and not (test_id == "rapid_extension" and "bent_knee" not in out):
                check.missing.append(where)
            continue
        tested = _test(given, where, check)
        if tested is not None:
            out[test_id] = tested
    return out


def validate(protocol: Protocol, answers: Any) -> dict[str, Any]:
    """The answers, checked against the protocol and tidied. Raises UsageError
    naming every missing or unknown id, or the first bad value."""
    if not isinstance(answers, dict):
        raise UsageError("The answers must be one JSON object (see the README for the shape).")
    check = _Check()
    check.unknown += [name for name in answers if name not in TOP_KEYS]
    if "sides" not in answers:
        raise UsageError('The answers lack sides: say which side hurts, as in "sides": ["left"].')
    sides = _sides(answers["sides"])
    if "red_flags" not in answers:
        raise UsageError(f"The answers lack red_flags: every assessment starts with them ({IDS_HELP}).")

    flag_ids = [f.id for f in protocol.red_flags]
    flags = check.table(answers["red_flags"], "red_flags", flag_ids, required=False)
    red_flags = {k: _yes_no(v, f"red_flags.{k}") for k, v in flags.items() if k in flag_ids}
    stopped = any(red_flags.values())
    required = not stopped  # a red flag ends the assessment: nothing else is needed
    if required:
        check.missing += [f"red_flags.{k}" for k in flag_ids if k not in red_flags]
    out: dict[str, Any] = {"sides": sides, "red_flags": red_flags}

    sign_ids = [s.id for s in protocol.signs]
    if "signs" in answers:
        signs = check.table(answers["signs"], "signs", sign_ids, required=required)
        out["signs"] = {k: _yes_no(v, f"signs.{k}") for k, v in signs.items() if k in sign_ids}
    elif required:
        check.missing.append("signs")

    if "range_of_motion_normal" in answers:
        out["range_of_motion_normal"] = _yes_no(answers["range_of_motion_normal"], "range_of_motion_normal")
    elif required:
        check.missing.append("range_of_motion_normal")

    if "tests" in answers:
        tests = check.table(answers["tests"], "tests", SIDES, required=False)
        check.unknown += [
            f"tests.{side} (not one of the sides)" for side in SIDES if side in tests and side not in sides
        ]
        if required:
            check.missing += [f"tests.{side}" for side in sides if side not in tests]
        out["tests"] = {
            side: _side_tests(protocol, tests[side], f"tests.{side}", check, required)
            for side in sides
            if side in tests
        }
    elif required:
        check.missing.append("tests")
    check.done()
    return out
