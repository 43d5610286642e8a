"""The protocols in force over time: one value that every reading of the plan takes.

A runner may adopt another protocol from a day on (`hht protocol use`): the
days before keep the rules they were lived under. `Timeline` holds the
protocol in force from the start and each change from its day. Every
function that reads the plan (the walk, the day's plan, the forecast, the
timer, the report) takes the timeline, never a protocol alone, so that no
caller can forget the adoptions.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from datetime import date
from typing import NamedTuple

from hht.rules.protocol.model import Protocol


class ProtocolChange(NamedTuple):
    """Another protocol applies from `date` on (`hht protocol use`)."""

    date: date
    protocol: Protocol
    reason: str
    start: int | None = None  # the stage to start at, for a protocol of another name (default 1)


class Timeline(NamedTuple):
    """The protocol in force from the start, then each change from its day (in date order)."""

    initial: Protocol
    changes: tuple[ProtocolChange, ...] = ()

    def at(self, on: date) -> Protocol:
        """The protocol in force on `on`."""
        current = self.initial
        for change in self.changes:
            if change.date <= on:
                current = change.protocol
        return current
