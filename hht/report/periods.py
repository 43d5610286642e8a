"""Calendar arithmetic for the report, in the words a runner and a physio use:
"12 days on this rung", "last assessed 3 weeks ago", "a period of 8 weeks
and 3 days".

pendulum does the calendar part (whole months of unequal length, weeks and
the days left over); the standard library's date subtraction stays where a
plain day count is all that is needed. Imported only by the report, never by
`today` or `log` (tests/test_imports.py).
"""

from __future__ import annotations

from datetime import date, timedelta

import pendulum


def _interval(start: date, end: date) -> pendulum.Interval[pendulum.Date]:
    """The calendar interval between two days (pendulum.interval itself is typed for date-times only)."""
    return pendulum.Interval(
        pendulum.Date(start.year, start.month, start.day), pendulum.Date(end.year, end.month, end.day)
    )


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def days_since(start: date, today: date) -> int:
    """Whole days from `start` to `today`: 0 on the day itself ("12 days on this rung")."""
    return (today - start).days


def ago(then: date, today: date) -> str:
    """How long ago `then` was: 'today', 'yesterday', '12 days ago', '3 weeks ago', '4 months ago'.

    Never rounded up: 20 days is 2 weeks ago, not 3. Days up to two weeks,
    then whole weeks up to two months, then calendar months, then years.
    """
    if then > today:
        raise ValueError(f"{then} is after {today}")
    days = (today - then).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    interval = _interval(then, today)
    if interval.in_months() < 2:
        return _count(interval.in_weeks(), "week") + " ago"
    if interval.in_years() < 2:
        return _count(interval.in_months(), "month") + " ago"
    return _count(interval.in_years(), "year") + " ago"


def length(since: date, until: date) -> str:
    """The length of a period, both days included, in its two largest units:
    '1 day', '12 days', '8 weeks and 3 days', '3 months and 1 week'."""
    if since > until:
        raise ValueError(f"{since} is after {until}")
    days = (until - since).days + 1
    if days < 14:
        return _count(days, "day")
    interval = _interval(since, until + timedelta(days=1))  # to the end of `until`
    units = [
        (interval.years, "year"),
        (interval.months, "month"),
        (interval.weeks, "week"),
        (interval.remaining_days, "day"),
    ]
    parts = [_count(n, unit) for n, unit in units if n][:2]
    return " and ".join(parts)


def in_weeks(since: date, until: date) -> str:
    """A rehab period as a physio counts it, both days included: '12 days', '10 weeks and 2 days';
    a year or more in months, as `length` says it."""
    if since > until:
        raise ValueError(f"{since} is after {until}")
    days = (until - since).days + 1
    if days < 14 or days >= 365:
        return length(since, until)
    weeks, rest = divmod(days, 7)
    return " and ".join(_count(n, unit) for n, unit in ((weeks, "week"), (rest, "day")) if n)
