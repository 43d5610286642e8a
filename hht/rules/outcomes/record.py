"""An outcome measure as it is stored: what `hht outcome history --json`
shows, what a change in the audit trail keeps, and what the report reads."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from datetime import date
from typing import Any, NamedTuple


class StoredOutcome(NamedTuple):
    id: int
    date: date
    taken_at: str  # UTC, ISO 8601
    measure: str  # visa-h, psfs or groc
    answers: dict[str, Any]
    result: dict[str, Any]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "taken_at": self.taken_at,
            "measure": self.measure,
            "answers": self.answers,
            "result": self.result,
            "score": self.score,
        }


def score_words(measure: str, score: float) -> str:
    """`VISA-H 63/100`, `PSFS 4.67/10`, `GROC +2, much better`."""
    from hht.rules.outcomes import groc
    from hht.rules.records import OUTCOME_NAMES

    if measure == "groc":
        return f"GROC {groc.label(int(score))}"
    top = 100 if measure == "visa-h" else 10
    return f"{OUTCOME_NAMES.get(measure, measure)} {score:g}/{top}"
