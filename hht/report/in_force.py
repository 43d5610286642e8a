"""The protocols in force over the report's period, each with its dates and its
own rules, from the protocol at the start and the adoptions (`hht protocol
use`) the walk applies: a protocol applies from its adoption's day to the day
before the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from hht.rules.protocol.model import Protocol
from hht.rules.records import ONE_DAY
from hht.rules.timeline import ProtocolChange


class Period(NamedTuple):
    """One protocol's days in the report's period."""

    protocol: Protocol
    since: date
    until: date
    change: ProtocolChange | None  # the adoption it came in by, or None for the protocol at the start


def periods(initial: Protocol, changes: Sequence[ProtocolChange], since: date, until: date) -> list[Period]:
    """The protocols in force over [since, until], in order; a protocol adopted and replaced the same day,
    or outside the period, is left out."""
    out: list[Period] = []
    start: date | None = None  # the protocol at the start applies from the walk's first day, whichever it is
    current, came_by = initial, None
    for change in sorted(changes, key=lambda c: c.date):
        end = change.date - ONE_DAY
        first = since if start is None else max(start, since)
        if first <= min(end, until):
            out.append(Period(current, first, min(end, until), came_by))
        start, current, came_by = change.date, change.protocol, change
    first = since if start is None else max(start, since)
    if first <= until:
        out.append(Period(current, first, until, came_by))
    return out


def at(found: Sequence[Period], day: date) -> Period | None:
    """The period that holds `day`."""
    return next((p for p in found if p.since <= day <= p.until), None)


def rules(period: Period) -> dict[str, Any]:
    """One protocol in force, JSON-ready: its dates, how it came in, and the rules it applies."""
    p = period.protocol
    return {
        "name": p.name,
        "version": p.version,
        "title": p.title,
        "from": period.since.isoformat(),
        "to": period.until.isoformat(),
        "adopted": (
            None
            if period.change is None
            else {"date": period.change.date.isoformat(), "reason": period.change.reason, "start": period.change.start}
        ),
        "stage_word": p.stage_word,
        "stages": [
            {"number": r.number, "name": r.name, "needed": r.needed, "every_second_day": r.heavy} for r in p.ladder
        ],
        "advance_threshold": p.pain.advance_threshold,
        "step_back_threshold": p.pain.step_back_threshold,
        "run_gate_stage": p.run_gate_rung,
        "run_weeks": len(p.run_weeks),
        "reassess_every_days": p.reassess_every_days,
        "load_test": p.load_test.name if p.load_test is not None else None,
    }


def in_force(initial: Protocol, changes: Sequence[ProtocolChange], since: date, until: date) -> list[dict[str, Any]]:
    """Every protocol in force over the period, with its dates and its own rules."""
    return [rules(p) for p in periods(initial, changes, since, until)]
