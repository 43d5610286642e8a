"""`hht undo`: reverse the last change to the log or the assessments."""

from __future__ import annotations

import sys

import typer

from hht.console import say
from hht.context import Context


def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation in a terminal."),
) -> None:
    """Reverse the last change to the log or the assessments that has not been undone.

    A corrected day gets its previous values back; a newly logged day is
    removed; an assessment is removed, and the plan follows the ones that
    remain. The undo is itself recorded, and `hht history` shows it.
    """
    from hht.effects import day_parts, describe, local_time
    from hht.errors import StorageError
    from hht.messages import NOTHING_TO_UNDO

    context: Context = ctx.obj
    with context.reader() as store:
        target = store.last_undoable()
    if target is None:
        raise StorageError(NOTHING_TO_UNDO)
    if target.kind == "assessment":
        from hht.assessment import brief

        summary = f"change #{target.id}, the assessment for {target.date} saved {local_time(target.at)} ({brief(target.new)})"
    else:
        summary = f"change #{target.id} to {target.date}, made {local_time(target.at)} ({describe(target)})"
    if not yes and sys.stdin.isatty() and sys.stdout.isatty():
        import questionary

        say(f"The last change is {summary}.")
        if not questionary.confirm("Undo it?", default=False).unsafe_ask():
            say("Nothing was undone.")
            return
    with context.store() as store:
        with store.write():
            store.undo(expected=target.id)
        remaining = store.assessments() if target.kind == "assessment" else []
    if target.kind == "assessment":
        say(f"Undid {summary}: the assessment is removed.")
        say(after_assessment_undone(context, target, remaining))
        return

    if target.old_day is None:
        now = "is no longer logged"
    else:
        now = "is back to " + (", ".join(day_parts(target.old_day)) or "no values")
    say(f"Undid {summary}: {target.date} {now}.")


def after_assessment_undone(context: Context, target, remaining) -> str:
    """What the plan now follows: nothing about an assessment is stored in the
    plan, so removing it is enough; say which assessment leads now."""
    from hht import assessment, dates

    today = dates.today()
    removed = target.new  # the assessment as it was saved
    latest = next((a for a in reversed(remaining) if a.date <= today), None)
    flag_lifted = removed["red_flag"] and (latest is None or latest.date <= target.date)
    lines = ["The plan is derived from the log and the assessments, so it now follows the ones that remain."]
    if latest is None:
        lines.append("No assessment remains; `hht assess` records a new one.")
    elif latest.red_flag:
        result = latest.result
        lines.append(f"The latest assessment is now the one for {latest.date}. It found a red flag "
                     f"({result['urgency']}), which applies until a later assessment finds none: {result['advice']}")
    else:
        lines.append(f"The latest assessment is now the one for {latest.date}: no red flag.")
    if flag_lifted and (latest is None or not latest.red_flag):
        lines.append("The red flag the removed assessment recorded no longer applies.")
    if latest is not None:
        summary = assessment.summary(latest.date, latest.red_flag, latest.result)
        cross = assessment.cross_training_on(context.protocol(), summary)
        lines.append(f"Cross-training: {'allowed' if cross['allowed'] else 'not yet'}. {cross['reason']}")
    lines.append("`hht today` shows the day's plan as it now stands.")
    return "\n".join(lines)
