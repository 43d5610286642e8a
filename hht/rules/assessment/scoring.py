"""Scoring checked answers: the three self-tests on each side, what a
side's result means, and what it unlocks (cross-training, the running gate).
Pure: plain data in, plain data out; the terminal and the database live
elsewhere.

The rules (docs/clinical-rules.md): a test is positive when it reproduces the
familiar pain; one or more positive is consistent with high hamstring
tendinopathy, the more the stronger; all negative makes it less likely.
Cross-training opens once the bent-knee test is pain-free on every affected
side; the running gate needs a normal range of motion (and the run-gate rung,
which the progression tracks). Each side is read against the earlier
assessments in hht/rules/assessment/trend.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.messages import SCREEN_NOT_DIAGNOSIS
from hht.rules.assessment.answers import validate
from hht.rules.assessment.questions import rapid_skip_reason, self_tests
from hht.rules.assessment.trend import TRENDS, read_side, side_history
from hht.rules.protocol.model import URGENCIES, Protocol
from hht.rules.records import within

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


def pain_words(threshold: int) -> str:
    """How the protocol's pain-free threshold reads: '0/10' or '2/10 or less'."""
    return within(threshold)


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


def _ideas(protocol: Protocol) -> list[str]:
    """The protocol's cross-training ideas: its schema requires the section, so a loaded protocol has it."""
    assert protocol.cross_training is not None
    return list(protocol.cross_training.ideas)


def _cross_training(protocol: Protocol, sides: list[str], bent_knee: dict[str, int]) -> dict[str, Any]:
    ideas = _ideas(protocol)
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
    met: list[str] = []
    waiting: list[str] = []
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
                    "ideas": _ideas(protocol),
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
        side: read_side(protocol, _score_side(protocol, answers["tests"][side]), side_history(earlier, on, side))
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
