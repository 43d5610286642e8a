"""The self-screen: check a set of answers, score the three self-tests on
each side, and say what the result unlocks. Pure: plain data in, plain data
out; the terminal and the database live elsewhere.

The answers (what `hht assess --answers` reads, and what is stored):

    {"sides": ["left"],
     "red_flags": {"<id>": false, ...},
     "signs": {"<id>": true, ...},
     "range_of_motion_normal": true,
     "tests": {"left": {"standing_stretch": {"pain": 3, "familiar": true},
                        "bent_knee": {"pain": 2, "familiar": true},
                        "rapid_extension": {"pain": 4, "familiar": true}}}}

The ids come from the protocol. A red flag answered true needs nothing else
(the assessment stops there). The rapid test is left out when the slow
bent-knee test already hurt at the protocol's skip level. A test with no pain
(0) may leave out `familiar`.

The rules (docs/clinical-rules.md): a test is positive when it reproduces the familiar
pain; one or more positive is consistent with high hamstring tendinopathy,
the more the stronger; all negative makes it less likely. Cross-training
opens once the bent-knee test is pain-free on every affected side; the
running gate needs a normal range of motion (and the run-gate rung, which the
progression tracks).

Each side is read against the earlier assessments (DOMAIN.md): the result
compares every test with the latest earlier assessment dated before it that
tested the side. All tests negative after positive ones is improvement, not
"probably something else"; a test positive again after negatives is a flare,
and one positive on top of others a worsening; the same positives are
ongoing. The first assessment of a side reads as itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.errors import UsageError
from hht.inputs import parse_pain
from hht.messages import IDS_HELP, SCREEN_NOT_DIAGNOSIS
from hht.rules.protocol.model import TEST_IDS, URGENCIES, Protocol, RedFlag, SelfTest
from hht.rules.records import StoredAssessment, within

SIDES = ("left", "right")
TOP_KEYS = ("sides", "red_flags", "signs", "range_of_motion_normal", "tests")
TEST_KEYS = ("pain", "familiar")


# --- the protocol's parts -------------------------------------------------


def self_tests(protocol: Protocol) -> list[SelfTest]:
    """The three self-tests, in the order they are done."""
    return [protocol.test(i) for i in TEST_IDS]


def red_flags_by_urgency(protocol: Protocol) -> list[tuple[str, list[RedFlag]]]:
    """The red flags grouped by urgency, the most urgent group first."""
    groups = [(u, [f for f in protocol.red_flags if f.urgency == u]) for u in URGENCIES]
    return [(u, flags) for u, flags in groups if flags]


def pain_words(threshold: int) -> str:
    """How the protocol's pain-free threshold reads: '0/10' or '2/10 or less'."""
    return within(threshold)


def rapid_skip_reason(protocol: Protocol, bent_knee_pain: int) -> str | None:
    """Why the rapid test is skipped after this bent-knee pain, or None."""
    level = protocol.test("rapid_extension").skip_if_bent_knee_pain_at_least
    if level is None or bent_knee_pain < level:
        return None
    return (
        f"Skipped: the slow bent-knee stretch already hurt {bent_knee_pain}/10, and the rapid "
        f"test is left out at {level}/10 or more so as not to provoke the tendon further."
    )


# --- reading and checking answers -----------------------------------------


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
    if (
        not isinstance(value, list)
        or not value
        or any(side not in SIDES for side in value)
        or len(set(value)) != len(value)
    ):
        raise UsageError(f'sides must be ["left"], ["right"] or ["left", "right"], not {json.dumps(value)}.')
    return [s for s in SIDES if s in value]


def _test(value: Any, key: str, check: _Check) -> dict[str, Any] | None:
    check.table(value, key, TEST_KEYS, required=False)
    if "pain" not in value:
        check.missing.append(f"{key}.pain")
        return None
    if value["pain"] is None:
        raise UsageError(f"{key}.pain must be a whole number of pain from 0 to 10, not null.")
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


# --- scoring ---------------------------------------------------------------


def interpretation(positive: int, tested: int) -> str:
    """What a side's positive tests mean, in the words of docs/clinical-rules.md."""
    if positive == 0:
        return (
            "No test reproduced your familiar pain: high hamstring tendinopathy is less likely. "
            "Other causes of deep buttock pain (the lower back, a nerve, the hip) should be "
            "checked by a clinician."
        )
    if positive == 1:
        return (
            f"1 of the {tested} tests reproduced your familiar pain: consistent with high hamstring "
            "tendinopathy, though a single positive test is a weaker sign than several."
        )
    if positive == tested:
        which = "Both tests" if tested == 2 else f"All {tested} tests"
    else:
        which = f"{positive} of the {tested} tests"
    return (
        f"{which} reproduced your familiar pain: consistent with high hamstring tendinopathy; "
        "the more tests positive, the stronger the sign."
    )


def caveat(protocol: Protocol) -> str:
    sources = sorted({t.source for t in protocol.self_tests})
    return (
        "The sensitivity and specificity are published figures for tests done by an examiner "
        f"({'; '.join(sources)}); self-performed versions are not validated, so take them as "
        "a rough guide. Sensitivity: how often the test is positive in people who have the "
        "condition. Specificity: how often it is negative in people who do not."
    )


def _score_side(protocol: Protocol, answered: dict[str, Any]) -> dict[str, Any]:
    tests: dict[str, Any] = {}
    for test in self_tests(protocol):
        given = answered.get(test.id)
        skip = None
        if given is None and test.id == "rapid_extension" and "bent_knee" in answered:
            skip = rapid_skip_reason(protocol, answered["bent_knee"]["pain"])
        tests[test.id] = {
            "name": test.name,
            "done": given is not None,
            "pain": given["pain"] if given else None,
            "familiar": given["familiar"] if given else None,
            "positive": bool(given and given["familiar"] and given["pain"] > 0),
            "skip_reason": skip,
            "sensitivity": test.sensitivity,
            "specificity": test.specificity,
            "lr_positive": test.lr_positive,
        }
    positive = [i for i, t in tests.items() if t["positive"]]
    tested = sum(1 for t in tests.values() if t["done"])
    return {
        "tests": tests,
        "positive": positive,
        "tested": tested,
        "interpretation": interpretation(len(positive), tested),
    }


def _cross_training(protocol: Protocol, sides: list[str], bent_knee: dict[str, int]) -> dict[str, Any]:
    ideas = list(protocol.cross_training.ideas)
    limit = protocol.pain.advance_threshold
    where = "both sides" if len(sides) == 2 else f"the {sides[0]} side"
    sore = {side: pain for side, pain in bent_knee.items() if pain > limit}
    if not sore:
        return {
            "allowed": True,
            "reason": (
                f"The assisted bent-knee stretch was pain-free ({pain_words(limit)}) on {where}: "
                f"{' and '.join(ideas)} are allowed, as long as they stay pain-free."
            ),
            "ideas": ideas,
        }
    hurt = ", ".join(f"{pain}/10 on the {side} side" for side, pain in sore.items())
    return {
        "allowed": False,
        "reason": (
            f"The assisted bent-knee stretch hurt {hurt}; cross-training ({', '.join(ideas)}) "
            f"opens once it is pain-free ({pain_words(limit)}) on every affected side."
        ),
        "ideas": ideas,
    }


def _running(protocol: Protocol, rom_normal: bool, bent_knee_pain_free: bool) -> dict[str, Any]:
    """What this assessment does for the run plan's gate, which has three parts."""
    rung = protocol.ladder[protocol.run_gate_rung - 1]
    met, waiting = [], []
    (met if rom_normal else waiting).append("the range of motion normal compared with the other leg")
    (met if bent_knee_pain_free else waiting).append("the assisted bent-knee stretch pain-free on every affected side")
    waiting.append(f"the {rung.name.lower()} (rung {rung.number}) done pain-free, which `hht today` tracks")
    said = f"Met: {' and '.join(met)}. " if met else ""
    reason = f"{said}Running also waits for {' and '.join(waiting)}."
    return {"range_of_motion_normal": rom_normal, "reason": reason}


def score(
    protocol: Protocol, answers: dict[str, Any], on: date, earlier: Sequence[tuple[date, dict[str, Any]]] = ()
) -> dict[str, Any]:
    """The result of checked answers (from `validate`), for the day `on`,
    read against `earlier`: the date and checked answers of each earlier
    assessment (`earlier_answers`), oldest first."""
    result: dict[str, Any] = {
        "date": on.isoformat(),
        "protocol": {"name": protocol.name, "version": protocol.version},
        "sides": answers["sides"],
        "screen": SCREEN_NOT_DIAGNOSIS,
    }
    found = [f for f in protocol.red_flags if answers["red_flags"].get(f.id)]
    if found:
        urgency = min((f.urgency for f in found), key=URGENCIES.index)
        return {
            **result,
            "red_flag": True,
            "red_flags": [{"id": f.id, "urgency": f.urgency, "question": f.question} for f in found],
            "urgency": urgency,
            "advice": protocol.red_flag_advice[urgency],
            "plan": RED_FLAG_PLAN_TEXT[protocol.red_flag_effect(urgency)],
            "per_side": {},
            "compared_with": None,
            "trend": None,
            "caveat": None,
            "signs": answers.get("signs", {}),
            "hints": [],
            "range_of_motion_normal": answers.get("range_of_motion_normal"),
            "unlocks": {
                "cross_training": {
                    "allowed": False,
                    "reason": "A red flag pauses self-management: see a clinician before any cross-training.",
                    "ideas": list(protocol.cross_training.ideas),
                },
                "running": {
                    "range_of_motion_normal": answers.get("range_of_motion_normal"),
                    "reason": "A red flag pauses self-management: see a clinician before any running.",
                },
            },
        }
    signs = answers["signs"]
    rom = answers["range_of_motion_normal"]
    bent_knee = {side: answers["tests"][side]["bent_knee"]["pain"] for side in answers["sides"]}
    per_side = {
        side: _read_side(protocol, _score_side(protocol, answers["tests"][side]), _history(earlier, on, side))
        for side in answers["sides"]
    }
    trends = [scored["trend"] for scored in per_side.values()]
    compared = [scored["compared_with"] for scored in per_side.values() if scored["compared_with"]]
    return {
        **result,
        "red_flag": False,
        "red_flags": [],
        "urgency": None,
        "advice": None,
        "per_side": per_side,
        "compared_with": max(compared) if compared else None,
        "trend": next(t for t in TRENDS if t in trends),
        "caveat": caveat(protocol),
        "signs": signs,
        "hints": [s.hint for s in protocol.signs if s.hint is not None and signs.get(s.id)],
        "range_of_motion_normal": rom,
        "unlocks": {
            "cross_training": _cross_training(protocol, answers["sides"], bent_knee),
            "running": _running(protocol, rom, _cross_training(protocol, answers["sides"], bent_knee)["allowed"]),
        },
    }


def assess(
    protocol: Protocol, answers: Any, on: date, earlier: Sequence[tuple[date, dict[str, Any]]] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check raw answers and score them: (the tidied answers, the result)."""
    checked = validate(protocol, answers)
    return checked, score(protocol, checked, on, earlier)


# --- reading a result against the earlier ones ------------------------------

# The trends, the most telling first: a side's worst one is the result's.
TRENDS = ("flare", "worse", "improving", "unchanged", "first")
EASE_OFF = (
    "Ease off: do no more than `hht today` prescribes, stop any exercise at the first clear "
    "pain, and log your pain, so that the plan holds you or steps you back. If it has not "
    "settled within two weeks, see a physiotherapist."
)


def earlier_answers(stored: Sequence[StoredAssessment], on: date) -> list[tuple[date, dict[str, Any]]]:
    """What `score` reads a result against: the assessments dated before `on`."""
    return [(a.date, a.answers) for a in stored if a.date < on]


def _history(earlier: Sequence[tuple[date, dict[str, Any]]], on: date, side: str) -> list[tuple[date, dict[str, Any]]]:
    """The side's earlier self-tests, oldest first: (date, {test id: {pain, familiar}}).
    A red-flag assessment did no tests, so it is left out."""
    out = []
    for day, answers in sorted(earlier, key=lambda pair: pair[0]):
        tests = (answers.get("tests") or {}).get(side)
        if day < on and tests and not any((answers.get("red_flags") or {}).values()):
            out.append((day, tests))
    return out


def _positive(test: dict[str, Any] | None) -> bool:
    return bool(test and test["familiar"] and test["pain"] > 0)


def _change(before: dict[str, Any] | None, now: dict[str, Any] | None) -> str:
    if before is None or now is None:
        return "not compared"
    was, is_ = _positive(before), _positive(now)
    if was and is_:
        return "still positive"
    if is_:
        return "new positive"
    if was:
        return "no longer positive"
    return "still negative"


def _count(n: int, tested: int) -> str:
    """'All 3 tests', 'Both tests', '1 of the 3 tests', 'No test'."""
    if n == 0:
        return "No test"
    if n == tested and n > 1:
        return "Both tests" if n == 2 else f"All {n} tests"
    return f"{n} of the {tested} tests"


def _test_names(protocol: Protocol, ids: Sequence[str]) -> str:
    """'the standing hamstring stretch and the assisted bent-knee stretch'."""
    names = {t.id: t.short_name for t in protocol.self_tests}
    words = [f"the {names[i]}" for i in ids]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _does(ids: Sequence[str]) -> str:
    return "does" if len(ids) == 1 else "do"


def _pain_trend(deltas: Sequence[int], day: date) -> str:
    """How the pain of the tests still positive moved since `day`."""
    counts = {
        "lower": sum(d < 0 for d in deltas),
        "the same": sum(d == 0 for d in deltas),
        "higher": sum(d > 0 for d in deltas),
    }
    if max(counts.values()) == len(deltas):
        word = next(w for w, n in counts.items() if n)
        how = {"lower": "lower than", "the same": "the same as", "higher": "higher than"}[word]
        return f"{'Its' if len(deltas) == 1 else 'Their'} pain is {how} on {day}."
    parts = [f"{word} on {n}" for word, n in counts.items() if n]
    return f"Compared with {day}, their pain is {', '.join(parts[:-1])} and {parts[-1]}."


def _read_side(
    protocol: Protocol, scored: dict[str, Any], history: list[tuple[date, dict[str, Any]]]
) -> dict[str, Any]:
    """The side's score with its trend, its per-test changes, and the reading in context."""
    if not history:
        return {**scored, "compared_with": None, "trend": "first", "changes": {}}
    day, before = history[-1]
    ever_positive = any(_positive(t) for _, tests in history for t in tests.values())
    changes = {}
    for test_id, test in scored["tests"].items():
        now = {"pain": test["pain"], "familiar": test["familiar"]} if test["done"] else None
        was = before.get(test_id)
        changes[test_id] = {
            "change": _change(was, now),
            "before": None if was is None else {"pain": was["pain"], "positive": _positive(was)},
        }
    new = [i for i, c in changes.items() if c["change"] == "new positive"]
    cleared = [i for i, c in changes.items() if c["change"] == "no longer positive"]
    still = [i for i, c in changes.items() if c["change"] == "still positive"]
    had = [i for i, t in before.items() if _positive(t)]
    positive = scored["positive"]
    which = _count(len(positive), scored["tested"])
    if positive and not had:
        trend = "flare"
        text = (
            f"{which} reproduced your familiar pain, where none did on {day}. This reads as a flare: "
            f"the tendon is irritated again. {EASE_OFF}"
        )
    elif new:
        trend = "worse"
        text = (
            f"{which} reproduced your familiar pain: {_test_names(protocol, new)} {_does(new)} now, "
            f"and did not on {day}. This reads as a worsening. {EASE_OFF}"
        )
    elif had and not positive:
        trend = "improving"
        text = (
            f"No test reproduced your familiar pain, where {len(had)} did on {day}: that reads as "
            "improvement, not as a sign of another cause. If your usual deep buttock pain carries on "
            "all the same, have it checked by a clinician."
        )
    elif cleared:
        trend = "improving"
        text = (
            f"{which} reproduced your familiar pain; {_test_names(protocol, cleared)} no longer "
            f"{_does(cleared)} (on {day} {'it' if len(cleared) == 1 else 'they'} did). That reads as "
            "improvement: keep to the plan."
        )
    elif positive:
        trend = "unchanged"
        text = (
            f"{which} reproduced your familiar pain, and none that did on {day} has cleared: "
            "ongoing, the tendon is still sensitive."
        )
        if still:
            text += " " + _pain_trend([scored["tests"][i]["pain"] - changes[i]["before"]["pain"] for i in still], day)
    elif ever_positive:
        trend = "unchanged"
        text = f"No test reproduced your familiar pain, as on {day}: the improvement holds."
    else:
        trend = "unchanged"
        text = (
            f"No test reproduced your familiar pain, as on {day}: high hamstring tendinopathy is less "
            "likely. Other causes of deep buttock pain (the lower back, a nerve, the hip) should be "
            "checked by a clinician."
        )
    return {**scored, "compared_with": day.isoformat(), "trend": trend, "changes": changes, "interpretation": text}


# --- what the rest of hht needs to know -----------------------------------


# What a red flag does to the plan, by the protocol's effect for its level.
RED_FLAG_PLAN_TEXT = {
    "stop": (
        "All loading stops: no exercise dose, no running, no stretching into the ache until an "
        "assessment has no red flag. Keep logging your pain. The self-tests were skipped."
    ),
    "pause": (
        "Progression is paused and running stops until an assessment has no red flag; the ladder "
        "work goes on at its rung. The self-tests were skipped."
    ),
}


def brief(stored: dict[str, Any]) -> str:
    """One stored assessment (as `StoredAssessment.to_json` gives it) in a few
    words: 'no red flag; left: 2 of 3 tests positive (improving)'."""
    result = stored["result"]
    if stored["red_flag"]:
        flags = ", ".join(f["id"].replace("_", " ") for f in result.get("red_flags", []))
        return f"red flag, {result.get('urgency')}: {flags}"
    parts = []
    for side, scored in (result.get("per_side") or {}).items():
        positive, tested = len(scored["positive"]), scored["tested"]
        text = f"{side}: " + ("no test positive" if not positive else f"{positive} of {tested} tests positive")
        if scored.get("trend") not in (None, "first"):
            text += f" ({scored['trend']})"
        parts.append(text)
    return "; ".join(["no red flag", *parts])
