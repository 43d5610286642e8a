"""`hht calendar`: the next days of the plan as an iCalendar file, for the runner's phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import typer

from hht.cli import dates, physio_notes
from hht.cli.context import Context
from hht.errors import UsageError
from hht.term.console import say

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
MAX_DAYS = 62


def calendar(
    ctx: typer.Context,
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="PATH", help="The .ics file to write (`-` for standard output)."
    ),
    at: str = typer.Option("07:30", "--at", metavar="HH:MM", help="When to remind you to log the morning pain."),
    days: int = typer.Option(14, "--days", metavar="N", help=f"How many days, from today (1-{MAX_DAYS})."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --output file."),
) -> None:
    """Write the next two weeks of the plan as an iCalendar file, with reminders.

    The ladder session, the run days the plan would prescribe if every day stays
    pain-free, the morning-pain reminder at --at and the next assessment.
    """
    from hht.files import check_output, is_stdout, replace_private
    from hht.inputs import shown

    context: Context = ctx.obj
    remind = _clock(at)
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"--days must be from 1 to {MAX_DAYS}, not {days}.")
    to_stdout = is_stdout(output)
    if not to_stdout:
        check_output(output, force)
    now = dates.now()
    today = now.date()
    with context.reader() as store:
        logged = store.days(until=today)
        assessments = store.assessment_summaries()
        timeline = context.timeline(store)
        physio = physio_notes.read(store, loads=False)  # the outcome scores due: hht/cli/physio_notes.py
    from hht.plan.forecast import events, forecast

    planned = forecast(timeline, logged, assessments, today, days)
    found = events(planned, remind, assessments)
    found += physio_notes.calendar_events(physio, today, days, remind)
    text = to_ical(found, now, dates.local_zone(), last=today + timedelta(days=days))
    if to_stdout:
        import sys

        sys.stdout.write(text)
        return
    replace_private(output, text, force=force)
    say(
        f"Wrote {len(found)} events for {today} to {today + timedelta(days=days - 1)} to {shown(output)}: "
        "import it into your calendar (a newer file updates these events).",
        err=True,
    )


def _clock(text: str) -> time:
    from hht.inputs import given

    match = _CLOCK.match(text.strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UsageError(f"--at must be a time of day as HH:MM (such as 07:30), not {given(text)}.")
    return time(int(match.group(1)), int(match.group(2)))


def to_ical(found: list, now: datetime, zone, last) -> str:
    """The events as an RFC 5545 calendar, timed events in `zone` (floating when None)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//hht//rehab plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "hht rehab plan")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    sequence = int(stamp.timestamp()) // 60  # a newer file is a newer revision of each event
    for e in found:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        if e.at is None:
            event.add("dtstart", e.day)
            event.add("dtend", e.day + timedelta(days=1))
        else:
            start = datetime.combine(e.day, e.at, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=e.minutes))
        if e.alarm is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", e.summary)
            offset = timedelta(hours=e.alarm.hour, minutes=e.alarm.minute)
            # At the start of a timed event; for an all-day one, that time into its day.
            alarm.add("trigger", timedelta(0) if e.at is not None else offset)
            event.add_component(alarm)
        cal.add_component(event)
    if zone is not None:  # the zone's rules, from today to a year after the last event
        cal.add_missing_timezones(first_date=now.date() - timedelta(days=1), last_date=last + timedelta(days=366))
    return cal.to_ical().decode("utf-8")
