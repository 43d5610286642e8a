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

from hht.errors import HHTError, UsageError
from hht.inputs import DAYS_RECORDED, EARLIEST_DAY, LATEST_DAY, given

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DATE_WORDS = "YYYY-MM-DD, today, yesterday, a weekday name or its start (mon, tue) or -Nd"
_DAYS_AGO = r"^-(\d{1,5})d$"
_ISO = r"^\d{4}-\d{2}-\d{2}$"


def now() -> datetime:
    """The current local date and time (aware); see the module docstring for HHT_NOW.
    A clock outside the days hht records (before 2000, after 2099) stops the
    command in one sentence, before anything is read or written."""
    pinned = os.environ.get("HHT_NOW")
    if pinned:
        from hht.inputs import shown

        try:
            moment = datetime.fromisoformat(pinned) if len(pinned) <= 64 else None
        except ValueError:
            moment = None
        if moment is None:
            raise UsageError(f"HHT_NOW must be an ISO date-time, not {shown(repr(pinned[:64]))}.")
        if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
            raise UsageError(
                f"HHT_NOW is {moment.date()}: {DAYS_RECORDED}, so the clock it pins must read a day "
                f"from {EARLIEST_DAY} to {LATEST_DAY}."
            )
        try:
            return moment if moment.tzinfo else moment.astimezone()
        except (OverflowError, OSError, ValueError):
            raise UsageError(f"HHT_NOW {shown(pinned)} is not a time this computer's clock can show.") from None
    moment = datetime.now().astimezone()
    if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise HHTError(
            f"The computer's clock reads {moment.date()}: {DAYS_RECORDED}, so set the clock to the right "
            "day first (nothing was done)."
        )
    return moment


def today() -> date:
    return now().date()


def parse_day(text: str, on: date, *, allow_future: bool = False) -> date:
    """A date word as a date, relative to the day `on`. Raises UsageError."""
    import re  # here, not at the top: `hht status` reads the day and no date word

    word = text.strip().lower()
    weekday = _weekday(word)
    if word == "today":
        day = on
    elif word == "yesterday":
        day = on - timedelta(days=1)
    elif weekday is not None:
        # A weekday name means the most recent such day, today included.
        day = on - timedelta(days=(on.weekday() - weekday) % 7)
    elif match := re.match(_DAYS_AGO, word):
        day = on - timedelta(days=int(match.group(1)))
    elif re.match(_ISO, word):
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise UsageError(f"{given(text)} is not a real calendar date.") from None
    else:
        raise UsageError(f"{given(text)} is not a date hht understands (use {DATE_WORDS}).")
    if day > on and not allow_future:
        raise UsageError(f"{day.isoformat()} is in the future; hht only records days that have begun.")
    if day < EARLIEST_DAY:
        raise UsageError(f"{day.isoformat()} is before {EARLIEST_DAY}: {DAYS_RECORDED}.")
    return day


def _weekday(word: str) -> int | None:
    """Monday's 0 to Sunday's 6, for a weekday's name or the start of one that
    names one day alone (mo, tue, thurs; a trailing dot allowed); else None."""
    word = word.removesuffix(".")
    if len(word) < 2:
        return None
    found = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


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
