"""What `hht log` (and the end of `hht today --start`) records: a day's values
saved in one transaction, then what they changed and what that did to the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from hht.plan.effects import describe_change, describe_effect
from hht.plan.figure_effects import reply
from hht.plan.views import views
from hht.rules.records import ONE_DAY, Day
from hht.rules.timeline import Timeline
from hht.rules.walk import day_of_each
from hht.store.store import Store


def record(
    store: Store,
    timeline: Timeline,
    day: date,
    values: dict[str, Any],
    today: date,
    notice_edits: bool = False,
    describe: Callable[[Day | None, Day], str] = describe_change,
) -> list[str]:
    """Save the day's values; the lines that say what changed and what it did to the plan.

    The plan is judged as of today, including the logged day's own session: a
    past day's session is in today's plan; today's is in tomorrow's. Today's
    morning is never judged missed, as it can still be logged.
    """
    horizon = today if day < today else day + ONE_DAY
    with store.write():  # read inside the write lock: "before" is exactly what this write changed
        assessments = store.assessment_summaries()
        before_days = store.days()
        figures_before = store.figures(day)  # sitting minutes and loads: hht/plan/figure_effects.py
        old, new = store.save_day(day, values)
        figures_after = store.figures(day)
        notices = edit_notices(store) if notice_edits else []
    after_days = [d for d in before_days if d.date != day] + [new]
    moments = day_of_each(timeline, before_days, after_days, day, assessments, horizon)
    (before, run_before), (after, run_after) = (views(timeline.initial, moment) for moment in moments)
    effect = describe_effect(before, after, day, run_before, run_after, today=today, protocol=timeline.at(today))
    first = reply(describe(old, new), figures_before, figures_after, day)
    return [*notices, first, *("  " + line for line in effect)]


def edit_notices(store: Store) -> list[str]:
    """Protocol files edited since they were adopted: each said once (inside the write)."""
    from hht.rules.adoption import edit_notice, edits

    out = []
    for use, text in edits(store.protocol_uses()):
        out.append(edit_notice(use))
        store.mark_noticed(use.id, text)
    return out
