"""When the next assessment is due, and why.

The protocol's cadence (`[assessment] reassess_every_days`, default 14) counts
from the latest assessment. A step back after it calls for one at once: a
ladder step back is a flare, and a run-plan step back means the tendon did
not take the load. A step back on the day of the latest assessment is taken
to be covered by it (the walk takes a day's assessments before its pain).

Pure: the latest assessment and the walk's decisions in, a date and a
sentence out. Before any assessment nothing is due by the cadence: hht asks
for the first one in its own words (`No assessment yet ...`).
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from hht.rules.protocol.model import Protocol
from hht.rules.records import LADDER, RUN, STEP_BACK, AssessmentSummary, Decision

CADENCE = "cadence"
STEPPED_BACK = "step_back"


class AssessmentDue(NamedTuple):
    on: date | None  # None before any assessment
    why: str | None  # CADENCE or STEPPED_BACK; None before any assessment
    reason: str  # one sentence, read on the day it was computed for


def assessment_due(
    protocol: Protocol, latest: AssessmentSummary | None, decisions: Iterable[Decision], today: date
) -> AssessmentDue:
    """The next assessment as of `today`, from the latest one and every decision up to today."""
    if latest is None:
        return AssessmentDue(None, None, "No assessment yet: `hht assess` screens for red flags and checks the tendon.")
    every = protocol.reassess_every_days
    due = latest.date + timedelta(days=every)
    cadence = (
        f"the protocol re-assesses every {every} days, and the latest assessment was on {latest.date} (`hht assess`)."
    )
    backs = [d for d in decisions if d.kind == STEP_BACK and d.date > latest.date and d.track in (LADDER, RUN)]
    if not backs:
        return AssessmentDue(due, CADENCE, f"{_when(due, today)}: {cadence}")
    first = min(d.date for d in backs)
    tracks = {d.track for d in backs if d.date == first}
    what = " and ".join(
        name for track, name in ((LADDER, "the ladder (a flare)"), (RUN, "the run plan")) if track in tracks
    )
    if due < first:  # already due by the cadence when the step back came
        return AssessmentDue(
            due, CADENCE, f"{_when(due, today)}: {cadence[:-1]}; since then {what} stepped back on {first}."
        )
    return AssessmentDue(
        first,
        STEPPED_BACK,
        f"{_when(first, today)}: {what} stepped back on {first}, after "
        f"the assessment on {latest.date}; a step back calls for a new one at once "
        "(`hht assess`).",
    )


def _when(due: date, today: date) -> str:
    if due > today:
        return f"Next assessment due on {due}"
    if due == today:
        return "Assessment due today"
    return f"Assessment due since {due}"
