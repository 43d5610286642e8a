"""A TCX file (Garmin's Training Center XML; Strava exports it too), read with
the standard library's ElementTree behind defusedxml. The laps' tracks are
read as one line of points, its pauses found in the gaps between their times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hht.activity.distance import cumulative
from hht.activity.errors import NOT_ACTIVITY, NOT_RUN, RunFileError
from hht.activity.recorded import Recorded
from hht.activity.xml import local
from hht.rules.runfile import Lap, Recording

RUNS = ("running", "other", "walking")
AUTO_LAPS = ("distance", "location")


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if local(child.tag) == name]


def _child(element: Any, name: str) -> Any:
    found = _children(element, name)
    return found[0] if found else None


def _value(element: Any, name: str) -> str | None:
    child = _child(element, name)
    return child.text.strip() if child is not None and child.text else None


def _number(element: Any, name: str) -> float | None:
    text = _value(element, name)
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value and abs(value) < 1e12 else None


def _time(text: str | None) -> datetime | None:
    if not text or len(text) > 40:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read(root: Any, name: str) -> Recorded:
    activities = _child(root, "Activities")
    activity = _child(activities, "Activity") if activities is not None else None
    if activity is None:
        raise RunFileError(f"{name} is a TCX file with no activity in it (a course or a workout).", NOT_ACTIVITY)
    sport = (activity.get("Sport") or "").strip().lower() or None
    if sport is not None and sport not in RUNS:
        raise RunFileError(f"{name} records a {sport} activity, not a run.", NOT_RUN)
    laps: list[Lap] = []
    tracks: list[list[tuple[datetime, float | None, tuple[float, float] | None]]] = []
    for lap in _children(activity, "Lap"):
        seconds = _number(lap, "TotalTimeSeconds")
        if seconds is not None and seconds >= 0:
            trigger = (_value(lap, "TriggerMethod") or "").lower()
            laps.append(Lap(seconds, _number(lap, "DistanceMeters"), trigger in AUTO_LAPS))
        for track in _children(lap, "Track"):
            points = []
            for point in _children(track, "Trackpoint"):
                moment = _time(_value(point, "Time"))
                if moment is None:
                    continue
                position = _child(point, "Position")
                where = None
                if position is not None:
                    lat, lon = _number(position, "LatitudeDegrees"), _number(position, "LongitudeDegrees")
                    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
                        where = (lat, lon)
                points.append((moment, _number(point, "DistanceMeters"), where))
            if points:
                tracks.append(points)
    starts = [_time(lap.get("StartTime")) for lap in _children(activity, "Lap")]
    times = [p[0] for track in tracks for p in track] + [s for s in starts if s is not None]
    if not times:
        raise RunFileError(f"{name} is a TCX activity with no times: it records no run.", NOT_ACTIVITY)
    start = min(times)
    # One line of points: a lap's tracks follow on from the last lap's, and a pause
    # between two tracks shows as a gap in the times (hht/rules/runfile.py finds it).
    line = sorted((p for track in tracks for p in track), key=lambda p: p[0])
    have_distance = any(d is not None for _, d, _ in line)
    distances = [d for _, d, _ in line] if have_distance else cumulative([p for _, _, p in line])
    segments = [tuple(((p[0] - start).total_seconds(), d) for p, d in zip(line, distances))] if line else []
    timer = sum(lap.seconds for lap in laps) if laps else None
    lap_metres = [lap.metres for lap in laps if lap.metres is not None]
    return Recorded(
        Recording(
            "tcx", tuple(segments), tuple(laps), timer_seconds=timer, distance_m=sum(lap_metres) if lap_metres else None
        ),
        start,
        sport,
    )
