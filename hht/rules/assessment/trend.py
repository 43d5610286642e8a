"""Reading an assessment against the earlier ones (DOMAIN.md): each side's
result compares every test with the latest earlier assessment dated before
it that tested the side. Pure: plain data in, plain data out.

All tests negative after positive ones is improvement, not "probably
something else"; a test positive again after negatives is a flare, and one
positive on top of others a worsening; the same positives are ongoing. The
first assessment of a side reads as itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hht.rules.protocol.model import Protocol
from hht.rules.records import StoredAssessment

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


def side_history(
    earlier: Sequence[tuple[date, dict[str, Any]]], on: date, side: str
) -> list[tuple[date, dict[str, Any]]]:
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


def read_side(protocol: Protocol, scored: dict[str, Any], history: list[tuple[date, dict[str, Any]]]) -> dict[str, Any]:
    """The side's score with its trend, its per-test changes, and the reading in context."""
    if not history:
        return {**scored, "compared_with": None, "trend": "first", "changes": {}}
    day, before = history[-1]
    ever_positive = any(_positive(t) for _, tests in history for t in tests.values())
    changes: dict[str, dict[str, Any]] = {}
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
