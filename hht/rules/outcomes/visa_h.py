"""VISA-H (Cacchio, De Paulis, Maffulli 2014, Br J Sports Med 48:448): eight
items, scored 0-100 (100 = no symptoms).

The wording is copyrighted, so hht ships only the item ids, each item's
answer domain and the scoring; a clinic supplies the wording as a file
(hht/rules/outcomes/wording.py). Items 1-6 score 0-10 each; item 7 scores
0, 4, 7 or 10; item 8 (how long one can train) is answered in one of three
branches, by whether pain is present while training, each with its own
points (up to 30 without pain, 20 with pain that does not stop training, 10
with pain that stops it).

The answers, as `hht outcome visa-h --answers` reads them:

    {"1": 7, "2": 6, "3": 8, "4": 5, "5": 6, "6": 4, "7": 4,
     "8": {"branch": "pain_not_stopping", "points": 10}}
"""

from __future__ import annotations

from typing import Any

from hht.errors import UsageError

MEASURE = "visa-h"
NAME = "VISA-H"
ITEMS = ("1", "2", "3", "4", "5", "6", "7", "8")
SCALE_ITEMS = ("1", "2", "3", "4", "5", "6")  # each 0-10
SCALE = (0, 10)
ITEM_7_POINTS = (0, 4, 7, 10)
# Item 8's branches, by whether pain is present while training, and the points each allows.
ITEM_8_BRANCHES = {
    "no_pain": (0, 7, 14, 21, 30),
    "pain_not_stopping": (0, 4, 10, 14, 20),
    "pain_stopping": (0, 2, 5, 7, 10),
}
# The branches in hht's own plain words (not the questionnaire's).
BRANCH_WORDS = {
    "no_pain": "no pain while training",
    "pain_not_stopping": "pain while training that does not stop it",
    "pain_stopping": "pain that stops training",
}
MAX_SCORE = 100
NO_MID = "no validated minimal important difference: read it with your physio"
SOURCE = "Cacchio A, De Paulis F, Maffulli N 2014, Br J Sports Med 48:448"


def domain(item: str) -> str:
    """An item's answer domain in words, as it is asked without a clinic's wording."""
    if item in SCALE_ITEMS:
        return f"{SCALE[0]}-{SCALE[1]}"
    if item == "7":
        return _points(ITEM_7_POINTS)
    return "; ".join(f"{branch}: {_points(points)}" for branch, points in ITEM_8_BRANCHES.items())


def _points(points: tuple[int, ...]) -> str:
    return ", ".join(str(p) for p in points[:-1]) + f" or {points[-1]}"


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate(answers: Any) -> dict[str, Any]:
    """The answers checked against each item's domain: the stored copy. Raises
    UsageError naming the first item out of its domain or the ids that differ."""
    if not isinstance(answers, dict):
        raise UsageError("The VISA-H answers must be one JSON object of the items 1 to 8.")
    unknown = [key for key in answers if key not in ITEMS]
    if unknown:
        raise UsageError(f"The VISA-H answers have an unknown item id {unknown[0]!r}: the items are 1 to 8.")
    for item in SCALE_ITEMS:
        if item not in answers:
            continue
        value = answers[item]
        if not _whole(value) or not SCALE[0] <= value <= SCALE[1]:
            raise UsageError(f"VISA-H item {item} must be a whole number from 0 to 10, not {_shown(value)}.")
    if "7" in answers and (not _whole(answers["7"]) or answers["7"] not in ITEM_7_POINTS):
        raise UsageError(f"VISA-H item 7 must be {_points(ITEM_7_POINTS)}, not {_shown(answers['7'])}.")
    missing = [item for item in ITEMS if item not in answers]
    if missing:
        raise UsageError(f"The VISA-H answers lack item {', '.join(missing)}: every item 1 to 8 is needed.")
    eight = answers["8"]
    if not isinstance(eight, dict) or set(eight) != {"branch", "points"}:
        raise UsageError(
            'VISA-H item 8 must be an object of its "branch" (no_pain, pain_not_stopping or pain_stopping) '
            f'and its "points", not {_shown(eight)}.'
        )
    branch = eight["branch"]
    if branch not in ITEM_8_BRANCHES:
        raise UsageError(
            f"VISA-H item 8's branch must be no_pain, pain_not_stopping or pain_stopping, not {_shown(branch)}."
        )
    allowed = ITEM_8_BRANCHES[branch]
    if not _whole(eight["points"]) or eight["points"] not in allowed:
        raise UsageError(
            f"VISA-H item 8 in the branch {branch} must score {_points(allowed)}, not {_shown(eight['points'])}."
        )
    return {**{item: answers[item] for item in ITEMS[:7]}, "8": {"branch": branch, "points": eight["points"]}}


def score(answers: dict[str, Any]) -> dict[str, Any]:
    """The result of checked answers: the total 0-100 and each item's points."""
    points = {item: answers[item] for item in ITEMS[:7]}
    points["8"] = answers["8"]["points"]
    return {
        "measure": MEASURE,
        "score": sum(points.values()),
        "max": MAX_SCORE,
        "items": points,
        "item_8_branch": answers["8"]["branch"],
    }


def _shown(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."
