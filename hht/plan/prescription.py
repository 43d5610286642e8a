"""What the plan prescribes on a day, in a few typed fields: the one decision
that every outlet tells.

`prescribe` reads a snapshot of the walk (hht/rules/walk.py) on the morning
of a day: whether the stage's session is due, a rest day for heavy work, or
stopped; whether the run is due, a rest day, paused (and why), stopped, not
open yet, or complete. `hht today`, `status`, the calendar, the timer and the
report's adherence and chart all read it, so a rest day, a pause or a stop is
the same everywhere.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from datetime import date
from typing import NamedTuple

from hht.rules.protocol.model import Protocol, Rung
from hht.rules.runsteps import Step, steps
from hht.rules.walk import Snapshot

# The stage's session on the day
DUE = "due"  # the stage's work (or the maintenance work, once the ladder is complete)
REST = "rest"  # a rest day for the stage's heavy work: a session done today does not count
STOPPED = "stopped"  # a red flag stops all loading

# The run on the day
LOCKED = "locked"  # the run plan is not open yet
RUN = "run"  # a run is due
RUN_REST = "rest"  # a rest day from running
PAUSED = "paused"  # the run plan is paused: see `pause`
RUN_STOPPED = "stopped"  # a red flag stops all loading
COMPLETE = "complete"  # the run plan is done

# Why the run plan (or progression) is paused
RED_FLAG = "red_flag"  # a red flag whose advice is not an emergency: progression paused, no running
BENT_KNEE = "bent_knee"  # the assisted bent-knee stretch is painful again: the run plan waits


class Prescription(NamedTuple):
    date: date
    protocol: Protocol
    stage: int  # 1-based
    complete: bool  # the ladder is done: the maintenance work
    session: str  # DUE, REST or STOPPED
    session_rest: str | None  # why today is a rest day for the stage's heavy work
    run: str  # LOCKED, RUN, RUN_REST, PAUSED, RUN_STOPPED or COMPLETE
    run_rest: str | None  # why today is a rest day from running
    step: Step | None  # the run plan's current step (None before it opens and once complete)
    pause: str | None  # RED_FLAG or BENT_KNEE: why progression or the run plan is paused
    loading: bool  # False while a red flag stops all loading

    @property
    def rung(self) -> Rung:
        return self.protocol.ladder[self.stage - 1]

    @property
    def stopped(self) -> bool:
        return not self.loading

    @property
    def progression_paused(self) -> bool:
        """A red flag pauses progression: the ladder does not move up."""
        return self.pause == RED_FLAG or not self.loading

    @property
    def session_due(self) -> bool:
        return self.session == DUE

    @property
    def run_due(self) -> bool:
        return self.run == RUN

    @property
    def run_open(self) -> bool:
        return self.run != LOCKED

    @property
    def load_test_due(self) -> bool:
        """The protocol asks for its daily load test (at the same time each morning), even on a rest day."""
        return self.protocol.load_test is not None

    def stage_label(self) -> str:
        """ "stage 2 heavy slow resistance with minimal hip flexion", in the protocol's word."""
        if self.complete:
            return "maintenance"
        return f"{self.protocol.stage_word} {self.stage}"


def prescribe(protocol: Protocol, snap: Snapshot, on: date, plan: tuple[Step, ...] | None = None) -> Prescription:
    """What the plan prescribes on the day `on`, whose morning is `snap`, under
    `protocol` (the one in force that day; `plan` its run steps, when known)."""
    ladder, run = snap.ladder, snap.run
    plan = steps(protocol) if plan is None else plan
    loading = snap.loading
    if not loading:
        session, session_rest = STOPPED, None
    elif ladder.rest is not None and not ladder.complete:
        session, session_rest = REST, ladder.rest
    else:
        session, session_rest = DUE, None
    step = plan[run.step_index] if run.opened is not None and run.step_index < len(plan) else None
    pause = RED_FLAG if snap.paused and loading else BENT_KNEE if run.held is not None else None
    run_rest = None
    if run.opened is None:
        running = LOCKED
    elif step is None:
        running = COMPLETE
    elif not loading:
        running = RUN_STOPPED
    elif pause is not None:
        running = PAUSED
    elif run.rest is not None:
        running, run_rest = RUN_REST, run.rest
    else:
        running = RUN
    return Prescription(
        on,
        protocol,
        ladder.rung,
        ladder.complete,
        session,
        session_rest,
        running,
        run_rest,
        step,
        pause,
        loading,
    )
