"""The global rating of change (GROC), on 7 points: how the problem is now
against when treatment began, from "very much worse" (-3) through "about the
same" (0) to "very much better" (+3). Free to use; it measures change itself,
so it is asked at the follow-ups, not at the baseline.

The answers, as `hht outcome groc --answers` reads them: {"rating": 2}.
"""

from __future__ import annotations

from typing import Any

from hht.errors import UsageError

MEASURE = "groc"
NAME = "GROC"
LABELS = {
    -3: "very much worse",
    -2: "much worse",
    -1: "a little worse",
    0: "about the same",
    1: "a little better",
    2: "much better",
    3: "very much better",
}
QUESTION = "Since you began treatment for this problem, how is it now?"
SOURCE = "Kamper SJ, Maher CG, Mackay G 2009, J Man Manip Ther 17(3):163"


def validate(answers: Any) -> dict[str, Any]:
    if not isinstance(answers, dict) or set(answers) != {"rating"}:
        raise UsageError('The GROC answers must be one JSON object with its "rating", -3 to 3, and nothing else.')
    rating = answers["rating"]
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in LABELS:
        raise UsageError(f"The GROC rating must be a whole number from -3 (very much worse) to 3, not {rating!r}.")
    return {"rating": rating}


def score(answers: dict[str, Any]) -> dict[str, Any]:
    return {"measure": MEASURE, "score": answers["rating"], "label": LABELS[answers["rating"]]}


def label(rating: int) -> str:
    """`+2, much better`."""
    return f"{rating:+d}, {LABELS[rating]}" if rating else f"0, {LABELS[0]}"
