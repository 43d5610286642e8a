"""Small pieces of the plan's sentences, written once: each decision's label,
counts that never read "4 of 3", a reason joined after a colon."""

from hht.rules.records import (
    ADVANCE,
    COMPLETE,
    COUNTED,
    GATE,
    HOLD,
    LADDER,
    NOT_COUNTED,
    OPEN,
    PROTOCOL,
    RUN,
    STEP_BACK,
)

# What each kind of decision is called, by its track: `hht log`'s reply, the Why panel's
# last move of each track ("Advanced on 2026-03-05: ..."), `hht history`.
LABELS = {
    (LADDER, ADVANCE): "Advanced",
    (LADDER, COMPLETE): "Ladder complete",
    (LADDER, STEP_BACK): "Stepped back",
    (LADDER, HOLD): "Held",
    (LADDER, COUNTED): "Counted",
    (LADDER, NOT_COUNTED): "Not counted",
    (LADDER, PROTOCOL): "Changed protocol",
    (GATE, OPEN): "Run plan opened",
    (RUN, ADVANCE): "Run advanced",
    (RUN, COMPLETE): "Run plan complete",
    (RUN, STEP_BACK): "Run stepped back",
    (RUN, HOLD): "Run held",
    (RUN, COUNTED): "Run counted",
    (RUN, NOT_COUNTED): "Run not counted",
}
# The moves that say where a track is: the last one before the day is a reason of the day.
LADDER_MOVES = (ADVANCE, COMPLETE, STEP_BACK, HOLD, PROTOCOL)  # before a switch, the other protocol's words
RUN_MOVES = (OPEN, ADVANCE, COMPLETE, STEP_BACK, HOLD)


def tally(n: int, needed: int, what: str) -> str:
    """ "2 of 3 pain-free runs", or once there are enough, "4 pain-free runs (3 needed)": never 4 of 3."""
    if n <= needed:
        return f"{n} of {needed} {what}s"
    return f"{n} {what}{'s' if n != 1 else ''} ({needed} needed)"


def clause(reason: str) -> str:
    """A sentence as it reads after a colon: "Advanced on 2026-03-05: 3 pain-free ...",
    "Run advanced on ...: the run on ..." (a leading capital lowered, unless the
    word is all capitals, as an abbreviation is)."""
    first = reason.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return reason
    return reason[:1].lower() + reason[1:]
