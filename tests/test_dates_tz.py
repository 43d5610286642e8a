"""A day is the runner's local calendar day, in any time zone, across daylight saving.

The same history is logged under three zones, with HHT_NOW given without an
offset (the local clock) and TZ set; every entry must land on the same
calendar days.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import datetime, timedelta

import pytest
from hht.cli import dates

from tests.test_installed import hht_script

ZONES = {  # zone: its UTC offset in mid-January and mid-July 2026
    "Pacific/Auckland": (timedelta(hours=13), timedelta(hours=12)),
    "Europe/London": (timedelta(0), timedelta(hours=1)),
    "America/Los_Angeles": (timedelta(hours=-8), timedelta(hours=-7)),
}


@pytest.fixture(params=list(ZONES))
def zone(request):
    """Set TZ for this process (and its children) and restore it after."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


# Local clock time, `hht log` arguments, and the day the entry must land on.
HISTORY = [
    ("2026-03-07T23:59:00", ["--morning", "1"], "2026-03-07"),
    ("2026-03-08T00:01:00", ["--morning", "2"], "2026-03-08"),  # Los Angeles springs forward at 02:00
    ("2026-03-08T02:30:00", ["--exercise", "0"], "2026-03-08"),  # a time that does not exist there
    ("2026-03-29T01:30:00", ["--morning", "0"], "2026-03-29"),  # London springs forward at 01:00
    ("2026-03-30T00:01:00", ["--date", "-1d", "--sitting", "2"], "2026-03-29"),
    ("2026-04-05T02:30:00", ["--morning", "3"], "2026-04-05"),  # Auckland falls back: 02:30 happens twice
    ("2026-04-05T23:59:00", ["--run", "0"], "2026-04-05"),
    ("2026-09-27T02:30:00", ["--morning", "0"], "2026-09-27"),  # Auckland springs forward: no 02:30
    ("2026-10-25T01:30:00", ["--morning", "1"], "2026-10-25"),  # London falls back: 01:30 twice
    ("2026-11-01T01:30:00", ["--morning", "0"], "2026-11-01"),  # Los Angeles falls back: 01:30 twice
    ("2026-11-01T23:59:00", ["--date", "yesterday", "--note", "late"], "2026-10-31"),
    ("2026-11-02T00:01:00", ["--date", "yesterday", "--run", "1"], "2026-11-01"),
    ("2026-11-02T00:01:00", ["--exercise", "1"], "2026-11-02"),
]


def test_the_zone_is_really_in_force(zone):
    january, july = ZONES[zone]
    assert datetime(2026, 1, 15, 12).astimezone().utcoffset() == january
    assert datetime(2026, 7, 15, 12).astimezone().utcoffset() == july


def test_a_naive_hht_now_is_the_local_clock(zone, monkeypatch):
    january, july = ZONES[zone]
    monkeypatch.setenv("HHT_NOW", "2026-07-01T00:30:00")
    moment = dates.now()
    assert (moment.hour, moment.minute, moment.utcoffset()) == (0, 30, july)
    assert dates.today().isoformat() == "2026-07-01"
    monkeypatch.setenv("HHT_NOW", "2026-01-01T23:59:00")
    assert dates.now().utcoffset() == january and dates.today().isoformat() == "2026-01-01"
    monkeypatch.delenv("HHT_NOW")
    assert dates.now().utcoffset() == datetime.now().astimezone().utcoffset()


def test_an_hht_now_with_an_offset_is_that_wall_clock_in_any_zone(zone, monkeypatch):
    monkeypatch.setenv("HHT_NOW", "2026-03-02T00:30:00+13:00")
    assert dates.today().isoformat() == "2026-03-02"


def test_the_same_history_lands_on_the_same_days_in_every_zone(zone, cli, monkeypatch):
    for moment, args, expected in HISTORY:
        monkeypatch.setenv("HHT_NOW", moment)
        out = cli.ok("log", *args).stdout
        assert out.startswith((f"Logged {expected}:", f"Updated {expected}:")), (moment, out)
        assert cli.json("today")["date"] == moment[:10]
    entries = json.loads(cli.ok("export").stdout)["tables"]["entries"]
    days = {e["date"]: (e["morning"], e["exercise"], e["run"], e["sitting"], e["note"]) for e in entries}
    assert days == {
        "2026-03-07": (1, None, None, None, None),
        "2026-03-08": (2, 0, None, None, None),
        "2026-03-29": (0, None, None, 2, None),
        "2026-04-05": (3, None, 0, None, None),
        "2026-09-27": (0, None, None, None, None),
        "2026-10-25": (1, None, None, None, None),
        "2026-10-31": (None, None, None, None, "late"),
        "2026-11-01": (0, None, 1, None, None),
        "2026-11-02": (None, 1, None, None, None),
    }


def test_history_shows_each_change_on_the_local_clock(zone):
    from hht.plan.effects import local_time

    january, _ = ZONES[zone]
    assert local_time("2026-01-15T12:00:00+00:00") == (datetime(2026, 1, 15, 12) + january).strftime("%Y-%m-%d %H:%M")


def test_a_real_process_takes_today_from_its_zone(isolated):
    from zoneinfo import ZoneInfo

    env = {k: v for k, v in os.environ.items() if k != "HHT_NOW"}
    env["HHT_DB"] = str(isolated / "tz.db")
    for zone in ZONES:
        before = datetime.now(ZoneInfo(zone)).date().isoformat()
        out = subprocess.run(
            [hht_script(), "today", "--json"], env={**env, "TZ": zone}, capture_output=True, text=True, check=True
        ).stdout
        after = datetime.now(ZoneInfo(zone)).date().isoformat()
        assert json.loads(out)["date"] in {before, after}
    at_midnight = subprocess.run(
        [hht_script(), "log", "--morning", "0"],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "TZ": "Pacific/Auckland", "HHT_NOW": "2026-03-01T23:59:59"},
    ).stdout
    assert at_midnight.startswith("Logged 2026-03-01:")
