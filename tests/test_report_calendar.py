"""The report's calendar words: how long ago, and how long a period is."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest
from hht.report.periods import ago, days_since, length
from hypothesis import given
from hypothesis import strategies as st

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "days, said",
    [
        (0, "today"),
        (1, "yesterday"),
        (12, "12 days ago"),
        (13, "13 days ago"),
        (14, "2 weeks ago"),
        (20, "2 weeks ago"),
        (21, "3 weeks ago"),
        (58, "8 weeks ago"),
        (59, "2 months ago"),  # 2026-01-02: two months
        (364, "11 months ago"),
        (365, "12 months ago"),
        (730, "2 years ago"),
    ],
)
def test_ago_says_whole_units_never_rounded_up(days, said):
    assert ago(TODAY - timedelta(days=days), TODAY) == said


@pytest.mark.parametrize(
    "since, until, said",
    [
        (TODAY, TODAY, "1 day"),
        (date(2026, 2, 19), TODAY, "12 days"),
        (date(2026, 2, 9), TODAY, "3 weeks and 1 day"),
        (date(2026, 1, 5), TODAY, "1 month and 3 weeks"),  # 5 January to 5 February, then 26 days
        (date(2026, 1, 3), TODAY, "2 months"),  # calendar months: 3 January to 2 March, both included
        (date(2026, 1, 1), TODAY, "2 months and 2 days"),
        (date(2025, 12, 1), TODAY, "3 months and 2 days"),
    ],
)
def test_length_counts_both_days_in_its_two_largest_units(since, until, said):
    assert length(since, until) == said


def test_days_on_a_rung_count_from_the_day_it_started():
    assert days_since(date(2026, 2, 18), TODAY) == 12


def test_a_day_after_today_is_refused():
    with pytest.raises(ValueError):
        ago(TODAY + timedelta(days=1), TODAY)
    with pytest.raises(ValueError):
        length(TODAY, TODAY - timedelta(days=1))


@given(st.integers(min_value=0, max_value=4000))
def test_ago_is_never_more_than_the_time_that_passed(days):
    then = TODAY - timedelta(days=days)
    words = ago(then, TODAY).split()
    if words[0].isdigit():
        n, unit = int(words[0]), words[1].rstrip("s")
        back = pendulum.Date(TODAY.year, TODAY.month, TODAY.day).subtract(**{unit + "s": n})
        assert back >= then  # n units back from today is not before `then`
        further = pendulum.Date(TODAY.year, TODAY.month, TODAY.day).subtract(**{unit + "s": n + 1})
        assert further < then  # and one more unit would be: the largest whole number
