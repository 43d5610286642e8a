"""A run's activity file read into its summary, and the summary checked against
the session prescribed: FIT (written by fit-tool), GPX (by gpxpy) and TCX (by
hand), with laps and without, with pauses and stops, as prescribed and each
kind of difference."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hht.activity.errors import NOT_ACTIVITY, NOT_RUN, UNREADABLE, RunFileError
from hht.activity.read import summary_of
from hht.rules.runcheck import CLOSED, COMPLETE, PAUSED, REST, RUN, Prescribed, check
from hht.rules.runfile import Lap, Recording, boundary, summarise, summary_problem
from hht.rules.runsteps import steps
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.activity_files import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    START,
    fit_bytes,
    gpx_route,
    gpx_text,
    points,
    tcx_text,
    walk_jog,
)

TODAY = date(2026, 3, 2)
SESSION = walk_jog(5, 5, 4)  # week 2 at 4 sets: 40 minutes


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """The runner's time zone, for the day a run is dated."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def shape(summary):
    return [(i["kind"], round(i["seconds"] / 10) * 10) for i in summary["intervals"]]


def read(data, name="run"):
    return summary_of(data.encode() if isinstance(data, str) else data, name, TODAY)


FILES = {
    "fit with laps": lambda parts: fit_bytes(parts),
    "fit without laps": lambda parts: fit_bytes(parts, laps=False),
    "gpx": lambda parts: gpx_text(parts),
    "tcx with laps": lambda parts: tcx_text(parts),
    "tcx without laps": lambda parts: tcx_text(parts, laps=False),
}


@pytest.mark.parametrize("kind", list(FILES))
def test_each_format_gives_the_same_walk_jog_session(kind):
    summary = read(FILES[kind](SESSION))
    assert summary["date"] == "2026-03-02" and summary["format"] == kind[:3]
    assert shape(summary) == [("walk", 300), ("jog", 300)] * 4
    assert abs(summary["moving_seconds"] - 2400) <= 10
    assert abs(summary["distance_m"] - 4800) <= 15
    assert summary["intervals_from"] == ("laps" if "with laps" in kind else "speed")
    assert summary_problem(summary, "2026-03-02") is None


@pytest.mark.parametrize("kind", ["fit without laps", "gpx", "tcx without laps"])
def test_a_pause_inside_a_jog_is_neither_moving_time_nor_an_interval_of_its_own(kind):
    parts = [("walk", 300), ("jog", 150), ("pause", 120), ("jog", 150), ("walk", 300)]
    summary = read(FILES[kind](parts))
    assert shape(summary) == [("walk", 300), ("jog", 300), ("walk", 300)]
    assert abs(summary["moving_seconds"] - 900) <= 10
    assert summary["elapsed_seconds"] >= 1015  # the pause is in the elapsed time only


def test_standing_still_with_the_timer_running_is_not_moving_time():
    parts = [("walk", 300), ("jog", 300), ("walk", 60)]
    text = gpx_text(parts)
    # 40 seconds at a crossing: the same place, the clock running
    import gpxpy

    gpx = gpxpy.parse(text)
    points = gpx.tracks[0].segments[0].points
    last = points[-1]
    for n in range(1, 21):
        points.append(gpxpy.gpx.GPXTrackPoint(last.latitude, last.longitude, time=last.time + timedelta(seconds=2 * n)))
    summary = read(gpx.to_xml())
    assert abs(summary["moving_seconds"] - 660) <= 10
    assert summary["elapsed_seconds"] >= 695


def test_auto_laps_by_distance_mark_no_interval_so_speed_tells_them():
    # every kilometre a lap, whatever was being done: the intervals come from the speed
    points = []
    t, d = 0.0, 0.0
    for kind, seconds in SESSION:
        for _ in range(seconds):
            points.append((t, d))
            t, d = t + 1, d + (1.4 if kind == "walk" else 2.6)
    laps = tuple(Lap(400.0, 1000.0, auto=True) for _ in range(5))
    summary = summarise(Recording("fit", (tuple(points),), laps), TODAY, "0" * 64)
    assert summary["intervals_from"] == "speed"
    assert shape(summary) == [("walk", 300), ("jog", 300)] * 4


def test_a_slow_jogger_is_told_from_their_walk():
    # walking at 4.7 km/h, jogging at 6.7 km/h: two groups of speed, far enough apart
    assert boundary([(1.3, 300), (1.85, 300), (1.3, 300), (1.85, 300)]) == pytest.approx(1.575)
    # one steady walk with its ups and downs is one walk
    assert boundary([(1.25, 300), (1.55, 300), (1.4, 300)]) is None
    # a steady run, faster downhill, is one run
    assert boundary([(2.6, 600), (3.2, 300)]) is None


def test_a_blip_shorter_than_half_a_minute_is_folded_into_its_neighbours():
    points, t, d = [], 0.0, 0.0
    for speed, seconds in ((2.6, 300), (1.3, 15), (2.6, 300)):  # a few steps slowed at a kerb
        for _ in range(seconds):
            points.append((t, d))
            t, d = t + 1, d + speed
    summary = summarise(Recording("gpx", (tuple(points),)), TODAY, "0" * 64)
    assert [i["kind"] for i in summary["intervals"]] == ["jog"]


def test_a_file_with_no_distance_has_its_time_and_no_intervals():
    points = tuple((float(t), None) for t in range(0, 1200, 5))
    summary = summarise(Recording("fit", (points,), timer_seconds=1200.0), TODAY, "0" * 64)
    assert summary["intervals"] == [] and summary["intervals_from"] == "none"
    assert summary["moving_seconds"] == 1200 and summary["distance_m"] is None


def test_the_summary_holds_no_position_and_no_time_of_day():
    summary = read(gpx_text(SESSION))
    text = json.dumps(summary)
    assert "51.5" not in text and "-0.12" not in text and "07:30" not in text
    assert set(summary) == {
        "date",
        "format",
        "sha256",
        "moving_seconds",
        "elapsed_seconds",
        "distance_m",
        "intervals_from",
        "intervals",
    }


def test_the_day_is_the_runners_in_their_time_zone(monkeypatch):
    import time

    late = START.replace(hour=23, minute=30) - timedelta(days=1)  # 23:30 UTC on 1 March
    assert read(gpx_text(SESSION, start=late))["date"] == "2026-03-01"
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    assert read(gpx_text(SESSION, start=late))["date"] == "2026-03-02"


def test_the_same_bytes_have_the_same_hash_and_others_another():
    one, again, other = read(gpx_text(SESSION)), read(gpx_text(SESSION)), read(gpx_text(walk_jog(5, 5, 3)))
    assert one["sha256"] == again["sha256"] != other["sha256"]


# -- bad files: one sentence each, of its kind -----------------------------------------


def refused(data, name="run.file"):
    with pytest.raises(RunFileError) as caught:
        read(data, name)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".") and name in message
    return caught.value.kind, message


def test_a_truncated_fit_file():
    data = fit_bytes(walk_jog(5, 1, 2))
    kind, message = refused(data[: len(data) // 2])
    assert kind == UNREADABLE and "truncated FIT file" in message


def test_a_fit_file_with_a_damaged_byte():
    data = bytearray(fit_bytes(walk_jog(5, 1, 2)))
    data[len(data) // 2] ^= 0xFF
    kind, message = refused(bytes(data))
    assert kind == UNREADABLE and ("damaged" in message or "malformed" in message)


def test_a_fit_settings_file_is_not_an_activity():
    kind, message = refused(fit_bytes([], file_type="SETTINGS"))
    assert kind == NOT_ACTIVITY and "a FIT settings file, not a recorded activity" in message


def test_a_ride_is_not_a_run():
    assert refused(fit_bytes(walk_jog(5, 1, 2), sport="CYCLING"))[0] == NOT_RUN
    assert refused(tcx_text(walk_jog(5, 1, 2), sport="Biking"))[0] == NOT_RUN
    assert refused(gpx_text(walk_jog(5, 1, 2), kind="cycling"))[0] == NOT_RUN


def test_a_gpx_route_without_times_is_not_an_activity():
    kind, message = refused(gpx_route())
    assert kind == NOT_ACTIVITY and "a GPX route, with no times" in message


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion laughs", "external entity"])
def test_entity_declarations_are_refused_before_anything_expands(text):
    kind, message = refused(text)
    assert kind == UNREADABLE and "declares a document type or XML entities" in message


def test_truncated_xml_and_other_files():
    assert "not well-formed XML" in refused(tcx_text(walk_jog(5, 1, 2))[:5000])[1]
    assert refused("Activity ID,Activity Date\n1,2 Mar 2026\n")[0] == NOT_ACTIVITY
    assert refused("<html><body>not a run</body></html>")[0] == NOT_ACTIVITY
    assert "damaged or truncated gzip" in refused(b"\x1f\x8b\x08\x00" + b"\x00" * 20)[1]


def test_a_run_dated_in_the_future():
    kind, message = refused(gpx_text(SESSION, start=START + timedelta(days=1)))
    assert kind == UNREADABLE and "a run dated 2026-03-03, in the future" in message


# -- against the prescription -------------------------------------------------------------


@pytest.fixture(scope="module")
def plan(protocol):
    """The run plan's steps by label: "week 2 at 4 sets", "week 3"."""
    return {step.label: step for step in steps(protocol)}


def checked(parts, prescribed):
    return check(read(gpx_text(parts)), prescribed)


def test_a_session_as_prescribed(plan):
    result = checked(SESSION, Prescribed(RUN, plan["week 2 at 4 sets"]))
    assert (result.verdict, result.line) == ("as_prescribed", "as prescribed")
    assert (result.prescribed_minutes, result.done_minutes) == (40, 40)


def test_more_jog_intervals_than_prescribed(plan):
    result = checked(walk_jog(5, 5, 6), Prescribed(RUN, plan["week 2 at 4 sets"]))
    assert result.verdict == "differs"
    assert result.line == "6 jog intervals of 5 min, 4 prescribed; 20 min over"


def test_jog_intervals_longer_than_prescribed(plan):
    result = checked(walk_jog(5, 3, 2), Prescribed(RUN, plan["week 1 at 2 sets"]))
    assert result.line == "jog intervals of 3 min, 1 min prescribed; 4 min over"


def test_shorter_walks_between_the_jogs(plan):
    result = checked(walk_jog(2, 1, 2), Prescribed(RUN, plan["week 1 at 2 sets"]))
    assert result.line == "walks of 2 min between the jogs, 5 min prescribed; 6 min short"


def test_a_continuous_run_cut_short(plan):
    result = checked([("walk", 300), ("jog", 1500), ("walk", 300)], Prescribed(RUN, plan["week 7"]))
    assert result.line == "20 min short"  # 25 of the 45 minutes jogging: the walks warm up and cool down


def test_walk_breaks_in_a_continuous_run(plan):
    parts = [("jog", 600), ("walk", 120), ("jog", 600), ("walk", 120)]
    result = checked(parts, Prescribed(RUN, plan["week 3"]))
    assert result.line == "1 walk break (2 min) in a continuous run"


def test_a_walk_on_a_running_day(plan):
    assert (
        checked([("walk", 1200)], Prescribed(RUN, plan["week 3"])).line == "walked throughout, a 20 min run prescribed"
    )


@pytest.mark.parametrize(
    ("status", "verdict", "line"),
    [
        (REST, "rest_day", "a run on a rest day"),
        (PAUSED, "while_paused", "no run is prescribed while the plan is paused"),
        (CLOSED, "before_plan", "no run is prescribed before the run plan opens"),
        (COMPLETE, "after_plan", "the run plan is complete: no run is prescribed"),
    ],
)
def test_a_run_on_a_day_with_no_session(plan, status, verdict, line):
    result = checked(SESSION, Prescribed(status, plan["week 2 at 4 sets"]))
    assert (result.verdict, result.line, result.prescribed_minutes) == (verdict, line, None)


def test_positions_alone_give_the_distance_and_are_forgotten():
    summary = read(tcx_text(SESSION, laps=False, distances=False))
    assert shape(summary) == [("walk", 300), ("jog", 300)] * 4
    assert abs(summary["distance_m"] - 4800) <= 25  # from the positions, along the surface
    assert "51.5" not in json.dumps(summary)


def test_a_gzipped_file_is_the_same_run_and_a_gzip_bomb_is_refused():
    import gzip

    data = gpx_text(SESSION).encode()
    assert read(gzip.compress(data))["sha256"] == read(data)["sha256"]
    kind, message = refused(gzip.compress(b" " * (33 * 1024 * 1024)))
    assert kind == UNREADABLE and "unpacks to more than 32 MB, the most hht reads for a run file" in message


# -- any session: the summary is one hht stores -----------------------------------------------


parts = st.lists(
    st.tuples(st.sampled_from(["walk", "jog", "pause"]), st.integers(min_value=1, max_value=900)),
    min_size=1,
    max_size=12,
)


def recording(session) -> Recording:
    """The session as a file's reader gives it: a point a second, a new segment after each pause."""
    segments: dict[int, list] = {}
    for moment, metres, _, _, segment in points(session):
        segments.setdefault(segment, []).append(((moment - START).total_seconds(), metres))
    return Recording("gpx", tuple(tuple(found) for found in segments.values()))


@settings(max_examples=60, deadline=None)
@given(parts)
def test_any_session_gives_a_summary_of_the_stored_shape_whose_intervals_are_its_moving_time(session):
    summary = summarise(recording(session), TODAY, "0" * 64)
    assert summary_problem(summary, "2026-03-02") is None
    moving = sum(seconds for kind, seconds in session if kind != "pause")
    assert summary["moving_seconds"] <= moving
    intervals = summary["intervals"]
    assert sum(i["seconds"] for i in intervals) == pytest.approx(summary["moving_seconds"], abs=len(intervals) + 1)
    assert len(intervals) <= 1 or all(i["seconds"] >= 30 for i in intervals)  # the short ones are folded in
