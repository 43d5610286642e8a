"""The patient-specific functional scale (Stratford et al. 1995, Physiotherapy
Canada 47:258), free to use: the runner names 3-5 activities the problem
limits and rates each 0-10 (10 = able to do it as before the injury); the
score is the mean. A change is real only at 2 points in the mean, or 3 for
one activity (the MDC90).

The answers, as `hht outcome psfs --answers` reads them:

    {"activities": [{"name": "Sitting an hour", "rating": 4},
                    {"name": "Running 30 minutes", "rating": 2},
                    {"name": "Sprinting", "rating": 0}]}

The activities named last time are offered again the next time (they are
read from the latest PSFS taken), and may be changed.
"""

from __future__ import annotations

from typing import Any

from hht.errors import UsageError
from hht.inputs import first_control

MEASURE = "psfs"
NAME = "PSFS"
FEWEST, MOST = 3, 5
SCALE = (0, 10)
NAME_MAX = 80
MEAN_MDC = 2  # points in the mean: the smallest real change (MDC90)
ACTIVITY_MDC = 3  # points for one activity
SOURCE = "Stratford P et al. 1995, Physiotherapy Canada 47:258"
EXAMPLES = ("sitting an hour", "driving", "running 30 minutes", "sprinting")  # typical for PHT


def name_problem(name: Any) -> str | None:
    """What makes an activity's name one hht refuses, or None."""
    if not isinstance(name, str) or not name.strip():
        return "must be some text"
    if len(name.strip()) > NAME_MAX:
        return f"is longer than {NAME_MAX} characters"
    bad = first_control(name)
    if bad is not None:
        return f"holds a control character (U+{ord(bad):04X})"
    return None


def validate(answers: Any) -> dict[str, Any]:
    """The answers checked: 3-5 activities, each named once and rated 0-10. Raises UsageError."""
    if not isinstance(answers, dict) or set(answers) != {"activities"}:
        raise UsageError('The PSFS answers must be one JSON object with an "activities" list, and nothing else.')
    activities = answers["activities"]
    if not isinstance(activities, list) or not FEWEST <= len(activities) <= MOST:
        count = len(activities) if isinstance(activities, list) else "no list of"
        raise UsageError(f"The PSFS needs {FEWEST} to {MOST} activities, not {count}.")
    seen: set[str] = set()
    out = []
    for number, activity in enumerate(activities, start=1):
        if not isinstance(activity, dict) or set(activity) != {"name", "rating"}:
            raise UsageError(f'PSFS activity {number} must be an object of its "name" and its "rating".')
        problem = name_problem(activity["name"])
        if problem:
            raise UsageError(f"PSFS activity {number}'s name {problem}.")
        name = " ".join(activity["name"].split())
        if name.casefold() in seen:
            raise UsageError(f"PSFS activity {number}, {name!r}, is named twice: name each activity once.")
        seen.add(name.casefold())
        rating = activity["rating"]
        if isinstance(rating, bool) or not isinstance(rating, int) or not SCALE[0] <= rating <= SCALE[1]:
            raise UsageError(
                f"PSFS activity {number} ({name}) must be rated with a whole number from 0 to 10, not {rating!r}."
            )
        out.append({"name": name, "rating": rating})
    return {"activities": out}


def mean(ratings: list[int]) -> float:
    return round(sum(ratings) / len(ratings), 2)


def score(answers: dict[str, Any]) -> dict[str, Any]:
    ratings = [a["rating"] for a in answers["activities"]]
    return {"measure": MEASURE, "score": mean(ratings), "max": SCALE[1], "activities": answers["activities"]}


def change(baseline: list[dict[str, Any]], now: list[dict[str, Any]]) -> dict[str, Any]:
    """The change from the baseline's activities to these: the mean's, and each
    activity's named in both, each called real only at or past its MDC."""
    from fractions import Fraction

    before = [a["rating"] for a in baseline]
    after = [a["rating"] for a in now]
    moved = Fraction(sum(after), len(after)) - Fraction(sum(before), len(before))  # exact: no rounding at the edge
    by_name = {a["name"].casefold(): a["rating"] for a in baseline}
    activities = []
    for a in now:
        was = by_name.get(a["name"].casefold())
        if was is None:
            activities.append({"name": a["name"], "change": None, "real": None})
            continue
        activities.append(
            {"name": a["name"], "change": a["rating"] - was, "real": direction(a["rating"] - was, ACTIVITY_MDC)}
        )
    same = {a["name"].casefold() for a in baseline} == {a["name"].casefold() for a in now}
    return {
        "change": round(float(moved), 2),
        "real": direction(moved, MEAN_MDC),
        "same_activities": same,
        "activities": activities,
    }


def direction(moved: Any, mdc: int) -> str | None:
    """ "better" or "worse" at or past the MDC; None within it (not a real change)."""
    if moved >= mdc:
        return "better"
    if moved <= -mdc:
        return "worse"
    return None
