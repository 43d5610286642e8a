"""The outcome measures hht scores, by id: each one's name, its check of a set
of answers and its scoring. `take` is what `hht outcome` stores; `rescore` is
what `hht check` and `hht import` compare a stored score with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from hht.rules.outcomes import groc, psfs, visa_h
from hht.rules.records import AT_BASELINE, OUTCOME_MEASURES, OUTCOME_NAMES


class Measure(NamedTuple):
    id: str
    name: str
    validate: Callable[[Any], dict[str, Any]]
    score: Callable[[dict[str, Any]], dict[str, Any]]
    source: str
    at_baseline: bool = True  # GROC rates change itself: not at the baseline


MEASURES = {
    m.id: m
    for m in (
        Measure(visa_h.MEASURE, visa_h.NAME, visa_h.validate, visa_h.score, visa_h.SOURCE),
        Measure(psfs.MEASURE, psfs.NAME, psfs.validate, psfs.score, psfs.SOURCE),
        Measure(groc.MEASURE, groc.NAME, groc.validate, groc.score, groc.SOURCE, at_baseline=False),
    )
}
assert tuple(MEASURES) == OUTCOME_MEASURES
assert {m.id: m.name for m in MEASURES.values()} == OUTCOME_NAMES
assert tuple(m.id for m in MEASURES.values() if m.at_baseline) == AT_BASELINE


def take(measure: str, raw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked answers and their result. Raises UsageError naming the problem."""
    chosen = MEASURES[measure]
    answers = chosen.validate(raw)
    return answers, chosen.score(answers)


def name(measure: str) -> str:
    return OUTCOME_NAMES.get(measure, measure)
