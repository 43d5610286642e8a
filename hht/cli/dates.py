"""The runner's calendar: what day it is, and the date words hht accepts.

A day is the runner's local calendar day. `today()` reads the local clock
(or HHT_NOW, an ISO date-time used to pin the clock in tests and demos);
`parse_day` turns a date word into a date, given that day.

The local clock is the system's time zone (TZ where set). An HHT_NOW without
an offset is a reading of that local clock, so its date is the day, even in
an hour that daylight saving skips or repeats; one with an offset is the
wall clock at that offset. Stored timestamps are UTC and are shown on the
local clock. Days are calendar dates: "yesterday" and "-3d" count days, not
24-hour periods, so a 23- or 25-hour day changes nothing.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from hht.errors import UsageError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_WORDS = "YYYY-MM-DD, today, yesterday, a weekday name or -Nd"
_DAYS_AGO = r"^-(\d{1,5})d$"
_ISO = r"^\d{4}-\d{2}-\d{2}$"


def now() -> datetime:
    """The current local date and time (aware); see the module docstring for HHT_NOW."""
    pinned = os.environ.get("HHT_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"HHT_NOW must be an ISO date-time, not {pinned!r}.") from None
        return moment if moment.tzinfo else moment.astimezone()
    return datetime.now().astimezone()


def today() -> date:
    return now().date()


def parse_day(text: str, on: date, *, allow_future: bool = False) -> date:
    """A date word as a date, relative to the day `on`. Raises UsageError."""
    import re  # here, not at the top: `hht status` reads the day and no date word

    word = text.strip().lower()
    if word == "today":
        day = on
    elif word == "yesterday":
        day = on - timedelta(days=1)
    elif word in WEEKDAYS or (len(word) >= 3 and any(w.startswith(word) for w in WEEKDAYS)):
        # A weekday name means the most recent such day, today included.
        target = next(i for i, w in enumerate(WEEKDAYS) if w.startswith(word))
        day = on - timedelta(days=(on.weekday() - target) % 7)
    elif match := re.match(_DAYS_AGO, word):
        day = on - timedelta(days=int(match.group(1)))
    elif re.match(_ISO, word):
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise UsageError(f"{text!r} is not a real calendar date.") from None
    else:
        raise UsageError(f"{text!r} is not a date hht understands (use {DATE_WORDS}).")
    if day > on and not allow_future:
        raise UsageError(f"{day.isoformat()} is in the future; hht only records days that have begun.")
    return day


def local_zone():  # -> zoneinfo.ZoneInfo | None; zoneinfo is imported only here
    """The local clock's time zone by its IANA name (TZ where set, else the system's),
    for files that carry a time zone, such as a calendar. None when it has no such name
    (a TZ like `EST5EDT` with no zone file, or no /etc/localtime)."""
    from zoneinfo import ZoneInfo

    names = []
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        names.append(tz.split("zoneinfo/", 1)[-1])
    else:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            names.append(target.split("zoneinfo/", 1)[1])
    for name in names:
        try:
            return ZoneInfo(name)
        except (KeyError, ValueError, OSError):  # not a zone name (ZoneInfoNotFoundError is a KeyError)
            continue
    return None
