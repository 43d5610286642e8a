"""`hht undo`: reverse the last change to the log, the assessments or the protocols adopted."""

from __future__ import annotations

import sys

import typer

from hht.cli.context import Context
from hht.term.console import say


def undo(
    ctx: typer.Context,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation in a terminal."),
) -> None:
    """Reverse the last change to the log, the assessments or the protocols that has not been undone.

    A corrected day gets its previous values back; a newly logged day is
    removed; an assessment is removed, and the plan follows the ones that
    remain; a protocol adopted is removed, and the plan follows the protocols
    that remain (or the shipped default). The undo is itself recorded, and
    `hht history` shows it.
    """
    from hht.errors import StorageError
    from hht.messages import NOTHING_TO_UNDO
    from hht.plan.effects import adoption, day_parts, describe, local_time

    context: Context = ctx.obj
    with context.reader() as store:
        target = store.last_undoable()
    if target is None:
        raise StorageError(NOTHING_TO_UNDO)
    new = target.new  # an assessment saved or a protocol adopted: what the change inserted
    if target.kind == "assessment":
        from hht.rules.assessment.brief import brief

        assert new is not None
        summary = f"change #{target.id}, the assessment for {target.date} saved {local_time(target.at)} ({brief(new)})"
    elif target.kind == "protocol":
        assert new is not None
        summary = f"change #{target.id}, the adoption of {adoption(new['uses'])} (made {local_time(target.at)})"
    elif target.kind == "outcome":  # the physio's numbers: hht/plan/figure_effects.py
        from hht.plan.figure_effects import outcome_brief

        assert new is not None
        summary = f"change #{target.id}, {outcome_brief(new)} (saved {local_time(target.at)})"
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
        uses = store.protocol_uses() if target.kind == "protocol" else []
    if target.kind == "assessment":
        say(f"Undid {summary}: the assessment is removed.")
        say(after_assessment_undone(context, target, remaining))
        return
    if target.kind == "outcome":
        say(f"Undid {summary}: the score is removed; `hht outcome history` lists those that remain.")
        return
    if target.kind == "protocol":
        assert new is not None
        *kept, _ = new["uses"]  # the shipped default it kept for the days before, if any
        also = "".join(f", with the shipped default it kept from {use['from_date']}" for use in kept)
        say(f"Undid {summary}: the adoption is removed{also}.")
        say(after_adoption_undone(context, uses))
        return

    if target.old_day is None:
        now = "is no longer logged"
    else:
        from hht.rules.outcomes.figures import figure_parts  # sitting minutes and loads

        now = "is back to " + (", ".join(day_parts(target.old_day) + figure_parts(target.old)) or "no values")
    say(f"Undid {summary}: {target.date} {now}.")


def after_assessment_undone(context: Context, target, remaining) -> str:
    """What the plan now follows: nothing about an assessment is stored in the
    plan, so removing it is enough; say which assessment leads now."""
    from hht.cli import dates
    from hht.plan.reasons import cross_training_on
    from hht.rules.records import summary

    today = dates.today()
    removed = target.new  # the assessment as it was saved
    latest = next((a for a in reversed(remaining) if a.date <= today), None)
    flag_lifted = removed["red_flag"] and (latest is None or latest.date <= target.date)
    lines = ["The plan is derived from the log and the assessments, so it now follows the ones that remain."]
    if latest is None:
        lines.append("No assessment remains; `hht assess` records a new one.")
    elif latest.red_flag:
        result = latest.result
        lines.append(
            f"The latest assessment is now the one for {latest.date}. It found a red flag "
            f"({result['urgency']}), which applies until a later assessment finds none: {result['advice']}"
        )
    else:
        lines.append(f"The latest assessment is now the one for {latest.date}: no red flag.")
    if flag_lifted and (latest is None or not latest.red_flag):
        lines.append("The red flag the removed assessment recorded no longer applies.")
    if latest is not None:
        cross = cross_training_on(context.protocol(), summary(latest.date, latest.red_flag, latest.result))
        lines.append(f"Cross-training: {'allowed' if cross['allowed'] else 'not yet'}. {cross['reason']}")
    lines.append("`hht today` shows the day's plan as it now stands.")
    return "\n".join(lines)


def after_adoption_undone(context: Context, uses) -> str:
    """Which protocol applies today now: nothing about the plan is stored, so
    removing the adoption is enough; the walk applies the protocols that remain."""
    from hht.cli import dates
    from hht.rules.protocol import load as protocols

    today = dates.today()
    if not uses:
        default = protocols.load()
        lines = [
            f"Today ({today}) the shipped default applies, {default.name} {default.version}: no protocol "
            "remains adopted."
        ]
    else:  # the last one from today or before; the first applies from the start
        use = next((u for u in reversed(uses) if u.from_date <= today), uses[0])
        lines = [f"Today ({today}) {use.name} {use.version} applies, as adopted from {use.from_date}."]
    if context.preview:
        lines.append(f"While --protocol or HHT_PROTOCOL is set, `hht today` previews {context.preview} instead.")
    else:
        lines.append("`hht today` shows the day's plan as it now stands.")
    return "\n".join(lines)
