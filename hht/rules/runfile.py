"""A run recorded by a watch or a phone, as hht keeps it: the summary of its
activity file, never its track.

hht/activity/ reads a FIT, GPX or TCX file into a `Recording` (times and
distances only: a position is turned into a distance there and forgotten),
and `summarise` makes the summary stored with the day's entry (its
`run_file` column): the day, the moving and elapsed time, the distance, the
walk and jog intervals, the file's format and a SHA-256 of its bytes, which
recognises the same file again. `summary_problem` is the shape a stored
summary must have (an import and `hht check` apply it); `summary_words` is
how one reads.

The intervals come from the file's laps where it has laps that mark them
(two or more, none of them an auto-lap by distance or position); else from
its speed, smoothed over about 20 seconds. Either way, a pause (the watch's
timer stopped, a gap in the recording) and a stop (standing at a crossing)
are not moving time and part of no interval; an interval shorter than half
a minute is folded into its neighbours; walking and jogging are told apart
by speed (`boundary`).
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

import re
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any, NamedTuple

from hht.rules.intervals import JOG, WALK, mmss

FORMATS = ("fit", "gpx", "tcx")
FROM_LAPS, FROM_SPEED, FROM_NOTHING = "laps", "speed", "none"  # where the intervals came from
SOURCES = (FROM_LAPS, FROM_SPEED, FROM_NOTHING)
KINDS = (WALK, JOG)
SUMMARY_KEYS = frozenset(
    ("date", "format", "sha256", "moving_seconds", "elapsed_seconds", "distance_m", "intervals_from", "intervals")
)
INTERVAL_KEYS = frozenset(("kind", "seconds", "metres"))
MAX_SECONDS = 48 * 3600  # the longest run hht keeps: two days
MAX_METRES = 1_000_000  # a thousand kilometres
MAX_INTERVALS = 1000

# Speeds, in metres a second.
STOPPED = 0.4  # slower than this is standing still: not moving time
WALK_JOG = 1.95  # 7 km/h: one steady speed is walking below this, jogging above
WALK_CEILING = 2.2  # 8 km/h: nobody walks faster, so a slower group above it is not walking
JOG_FLOOR = 1.75  # 6.3 km/h: nobody jogs slower, so a faster group below it is not jogging
APART = 1.25  # two groups of speed this far apart (the faster over the slower) are walking and jogging
SMOOTHING = 10.0  # seconds each side over which a speed is averaged
PAUSE_GAP = 60.0  # seconds between two points: longer, and slower than STOPPED, is a pause
LOST_GAP = 600.0  # seconds between two points: longer is a pause whatever the distance
SHORTEST = 30.0  # seconds: a shorter interval is folded into its neighbours

_SHA256 = re.compile(r"[0-9a-f]{64}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Point = tuple[float, float | None]  # seconds from the start, and the distance covered so far (metres), if known


class Lap(NamedTuple):
    """One lap as the file has it: its timer time and distance."""

    seconds: float
    metres: float | None
    auto: bool = False  # an auto-lap (every kilometre, at a place): it marks no interval


class Recording(NamedTuple):
    """What hht reads from an activity file: times and distances, no position."""

    format: str  # fit, gpx or tcx
    segments: tuple[tuple[Point, ...], ...]  # the points between the pauses the file marks
    laps: tuple[Lap, ...] = ()
    timer_seconds: float | None = None  # the file's own timer time, where it says
    elapsed_seconds: float | None = None  # from start to finish, pauses included, where it says
    distance_m: float | None = None  # the file's own total distance, where it says


class _Piece(NamedTuple):
    kind: str  # walk, jog, or "stop"
    seconds: float
    metres: float


# -- telling walking from jogging --------------------------------------------------


def boundary(speeds: Sequence[tuple[float, float]]) -> float | None:
    """The speed between walking and jogging, from (speed, weight) pairs: the
    midpoint of two groups when there are two (the faster at least APART times
    the slower, the slower a walking speed and the faster a jogging one); None
    when there is one steady speed, to be judged by WALK_JOG as a whole."""
    moving = [(s, w) for s, w in speeds if w > 0 and s >= STOPPED]
    if len(moving) < 2:
        return None
    low = min(s for s, _ in moving)
    high = max(s for s, _ in moving)
    if high < low * APART:
        return None
    for _ in range(50):  # two-means in one dimension, weighted: a handful of rounds settle it
        middle = (low + high) / 2
        slow = [(s, w) for s, w in moving if s < middle]
        fast = [(s, w) for s, w in moving if s >= middle]
        if not slow or not fast:
            return None
        new_low = sum(s * w for s, w in slow) / sum(w for _, w in slow)
        new_high = sum(s * w for s, w in fast) / sum(w for _, w in fast)
        if (new_low, new_high) == (low, high):
            break
        low, high = new_low, new_high
    if high < low * APART or low > WALK_CEILING or high < JOG_FLOOR:
        return None
    return (low + high) / 2


def _kinds(speeds: Sequence[tuple[float, float]]) -> list[str]:
    """Walk or jog for each (speed, weight), against the boundary; one kind for all when there is one speed."""
    line = boundary(speeds)
    if line is None:
        total = sum(w for _, w in speeds)
        mean = sum(s * w for s, w in speeds) / total if total else 0.0
        kind = JOG if mean >= WALK_JOG else WALK
        return [kind] * len(speeds)
    return [JOG if s >= line else WALK for s, _ in speeds]


# -- from the points ----------------------------------------------------------------


def _steps(segments: Sequence[Sequence[Point]]) -> list[list[tuple[float, float]]]:
    """Each segment's (seconds, metres) steps between points, split wherever a
    pause lies between two of them (a long gap with no movement, or a very long one)."""
    runs: list[list[tuple[float, float]]] = []
    for points in segments:
        current: list[tuple[float, float]] = []
        for (t0, d0), (t1, d1) in pairwise(points):
            dt = t1 - t0
            dd = (d1 - d0) if d0 is not None and d1 is not None else 0.0
            if dt <= 0:
                continue
            dd = max(dd, 0.0)
            if dt > LOST_GAP or (dt > PAUSE_GAP and dd / dt < STOPPED):
                if current:
                    runs.append(current)
                current = []
                continue
            current.append((dt, dd))
        if current:
            runs.append(current)
    return runs


def _smoothed(run: Sequence[tuple[float, float]]) -> list[float]:
    """Each step's speed, averaged over the steps within SMOOTHING seconds either side."""
    ends = []
    clock = 0.0
    for dt, _ in run:
        ends.append(clock + dt)
        clock += dt
    starts = [end - dt for end, (dt, _) in zip(ends, run)]
    time_sum = [0.0]
    dist_sum = [0.0]
    for dt, dd in run:
        time_sum.append(time_sum[-1] + dt)
        dist_sum.append(dist_sum[-1] + dd)
    out = []
    lo = hi = 0
    for i in range(len(run)):
        middle = (starts[i] + ends[i]) / 2
        while ends[lo] < middle - SMOOTHING:
            lo += 1
        hi = max(hi, i)
        while hi + 1 < len(run) and starts[hi + 1] <= middle + SMOOTHING:
            hi += 1
        seconds = time_sum[hi + 1] - time_sum[lo]
        out.append((dist_sum[hi + 1] - dist_sum[lo]) / seconds if seconds > 0 else 0.0)
    return out


def _from_speed(runs: Sequence[Sequence[tuple[float, float]]]) -> list[_Piece]:
    steps = [(dt, dd, speed) for run in runs for (dt, dd), speed in zip(run, _smoothed(run))]
    moving = [(dt, dd, s) for dt, dd, s in steps if s >= STOPPED]
    kinds = iter(_kinds([(s, dt) for dt, _, s in moving]))
    return [_Piece(next(kinds), dt, dd) if s >= STOPPED else _Piece("stop", dt, dd) for dt, dd, s in steps]


def _from_laps(laps: Sequence[Lap]) -> list[_Piece]:
    used = [lap for lap in laps if lap.seconds >= 1]
    kinds = _kinds([((lap.metres or 0.0) / lap.seconds, lap.seconds) for lap in used])
    return [_Piece(kind, lap.seconds, lap.metres or 0.0) for kind, lap in zip(kinds, used)]


def _intervals(pieces: Sequence[_Piece]) -> list[list[Any]]:
    """Pieces of one kind in a row as one interval (stops left out), the short ones folded in."""
    out: list[list[Any]] = []
    for piece in pieces:
        if piece.kind == "stop":
            continue
        if out and out[-1][0] == piece.kind:
            out[-1][1] += piece.seconds
            out[-1][2] += piece.metres
        else:
            out.append([piece.kind, piece.seconds, piece.metres])
    while len(out) > 1:
        shortest = min(range(len(out)), key=lambda i: (out[i][1], i))
        if out[shortest][1] >= SHORTEST:
            break
        _, seconds, metres = out.pop(shortest)
        before = out[shortest - 1] if shortest > 0 else None
        after = out[shortest] if shortest < len(out) else None
        if before is not None and after is not None and before[0] == after[0]:
            before[1] += seconds + after[1]
            before[2] += metres + after[2]
            out.pop(shortest)
        else:
            into = before if after is None or (before is not None and before[1] >= after[1]) else after
            assert into is not None
            into[1] += seconds
            into[2] += metres
    return out


def summarise(recording: Recording, day: date, sha256: str) -> dict[str, Any]:
    """The summary hht stores of a run, from its recording: no position, no time of day."""
    runs = _steps(recording.segments)
    has_distance = any(d is not None for points in recording.segments for _, d in points)
    pieces = _from_speed(runs) if has_distance else []
    laps = [lap for lap in recording.laps if lap.seconds >= 1]
    by_laps = len(laps) >= 2 and not any(lap.auto or lap.metres is None for lap in laps)
    if by_laps:
        source, intervals = FROM_LAPS, _intervals(_from_laps(laps))
    elif has_distance and pieces:
        source, intervals = FROM_SPEED, _intervals(pieces)
    else:
        source, intervals = FROM_NOTHING, []
    if has_distance and pieces:
        moving = sum(p.seconds for p in pieces if p.kind != "stop")
    elif recording.timer_seconds is not None:
        moving = recording.timer_seconds
    else:
        moving = sum(dt for run in runs for dt, _ in run)
    points = [t for segment in recording.segments for t, _ in segment]
    elapsed = recording.elapsed_seconds
    if elapsed is None:
        elapsed = (max(points) - min(points)) if points else moving
    distance = recording.distance_m
    if distance is None and has_distance:
        distance = sum(dd for run in runs for _, dd in run)
    moving = min(moving, MAX_SECONDS)
    return {
        "date": day.isoformat(),
        "format": recording.format,
        "sha256": sha256,
        "moving_seconds": round(moving),
        "elapsed_seconds": min(max(round(elapsed), round(moving)), MAX_SECONDS),
        "distance_m": None if distance is None else min(round(distance), MAX_METRES),
        "intervals_from": source if intervals else FROM_NOTHING,
        "intervals": [
            {"kind": kind, "seconds": min(round(seconds), MAX_SECONDS), "metres": min(round(metres), MAX_METRES)}
            for kind, seconds, metres in intervals[:MAX_INTERVALS]
        ],
    }


# -- what a stored summary must be ----------------------------------------------------


def _count(value: Any, top: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= top


def summary_problem(summary: Any, on: Any = None) -> str | None:
    """Why `summary` is not a run file's summary as hht stores it (for the day `on`,
    where given), as the end of a sentence; None when it is one."""
    if not isinstance(summary, dict):
        return "is not a JSON object"
    if set(summary) != SUMMARY_KEYS:
        return "does not hold exactly a run file's summary (" + ", ".join(sorted(SUMMARY_KEYS)) + ")"
    day = summary["date"]
    if not isinstance(day, str) or not _ISO_DAY.fullmatch(day):
        return "has a date that is not YYYY-MM-DD"
    if on is not None and day != on:
        return "is for another day than its entry"
    if summary["format"] not in FORMATS:
        return f"has a format that is not one of {', '.join(FORMATS)}"
    if not isinstance(summary["sha256"], str) or not _SHA256.fullmatch(summary["sha256"]):
        return "has a sha256 that is not 64 lowercase hexadecimal digits"
    if not _count(summary["moving_seconds"], MAX_SECONDS):
        return f"has moving_seconds that is not a whole number from 0 to {MAX_SECONDS}"
    if not _count(summary["elapsed_seconds"], MAX_SECONDS) or summary["elapsed_seconds"] < summary["moving_seconds"]:
        return "has elapsed_seconds that is not a whole number of seconds at least the moving time"
    if summary["distance_m"] is not None and not _count(summary["distance_m"], MAX_METRES):
        return f"has distance_m that is not a whole number of metres from 0 to {MAX_METRES}"
    if summary["intervals_from"] not in SOURCES:
        return f"has intervals_from that is not one of {', '.join(SOURCES)}"
    intervals = summary["intervals"]
    if not isinstance(intervals, list) or len(intervals) > MAX_INTERVALS:
        return f"has intervals that are not a list of at most {MAX_INTERVALS}"
    if (summary["intervals_from"] == FROM_NOTHING) != (not intervals):
        return "has intervals that do not agree with intervals_from"
    for interval in intervals:
        if (
            not isinstance(interval, dict)
            or set(interval) != INTERVAL_KEYS
            or interval["kind"] not in KINDS
            or not _count(interval["seconds"], MAX_SECONDS)
            or not _count(interval["metres"], MAX_METRES)
        ):
            return "has an interval that is not a walk or jog with its whole seconds and metres"
    return None


# -- in words ---------------------------------------------------------------------------


def minutes(seconds: float) -> str:
    """`5 min`, to the nearest minute (`under a minute` below half of one)."""
    whole = round(seconds / 60)
    return f"{whole} min" if whole else "under a minute"


def distance_words(metres: int | None) -> str:
    return "no distance" if metres is None else f"{metres / 1000:.2f} km"


def intervals_words(summary: dict[str, Any]) -> str:
    """`4 jog intervals (5:00 each) between 5 walks, from its laps`."""
    intervals = summary["intervals"]
    if not intervals:
        return "no walk or jog intervals (the file has no speed or distance to tell them by)"
    jogs = [i["seconds"] for i in intervals if i["kind"] == JOG]
    walks = [i["seconds"] for i in intervals if i["kind"] == WALK]
    source = "from its laps" if summary["intervals_from"] == FROM_LAPS else "from its speed"
    if not jogs:
        return f"walked throughout, {source}"
    if not walks:
        return f"jogged throughout, {source}"
    return f"{count_words(len(jogs), 'jog interval')} ({spread(jogs)}) and {count_words(len(walks), 'walk')}, {source}"


def count_words(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def spread(seconds: Sequence[int]) -> str:
    """`5:00 each`, or `4:40 to 5:20`."""
    low, high = min(seconds), max(seconds)
    return f"{mmss(low)} each" if high - low < 10 else f"{mmss(low)} to {mmss(high)}"


def summary_words(summary: dict[str, Any]) -> str:
    """`FIT file: 40:12 moving, 4.62 km; 4 jog intervals (5:00 each) and 5 walks, from its laps`."""
    paused = summary["elapsed_seconds"] - summary["moving_seconds"]
    pause = f" ({mmss(paused)} paused or stopped)" if paused >= 60 else ""
    return (
        f"{summary['format'].upper()} file: {mmss(summary['moving_seconds'])} moving{pause}, "
        f"{distance_words(summary['distance_m'])}; {intervals_words(summary)}"
    )


def short_words(summary: dict[str, Any]) -> str:
    """`FIT 40:00, 4.80 km, 4 jog intervals`: a run file in a list of changes."""
    jogs = sum(1 for i in summary["intervals"] if i["kind"] == JOG)
    what = f", {count_words(jogs, 'jog interval')}" if summary["intervals"] else ""
    return (
        f"{summary['format'].upper()} {mmss(summary['moving_seconds'])}, {distance_words(summary['distance_m'])}{what}"
    )


def file_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> str | None:
    """What a change to an entry did to its run file (each entry as its change keeps
    it, the summary as JSON text), in words; None when it left the file as it was."""
    import json

    before = (old or {}).get("run_file")
    after = (new or {}).get("run_file")
    if before == after:
        return None
    was = json.loads(before) if before else None
    now = json.loads(after) if after else None
    if old is None or new is None:  # the entry logged, or removed, with its file
        summary = now if now is not None else was
        return f"run file {short_words(summary)}" if summary is not None else None
    if was is None:
        return f"run file {short_words(now)} (new)" if now else None
    if now is None:
        return f"run file {short_words(was)} (removed)"
    return f"run file {short_words(was)} -> {short_words(now)}"
