"""A FIT activity file (Garmin, Coros, Suunto, Polar, Wahoo), read with fitdecode."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from hht.activity.distance import cumulative
from hht.activity.errors import NOT_ACTIVITY, NOT_RUN, RunFileError
from hht.activity.recorded import Recorded
from hht.rules.runfile import Lap, Recording

SEMICIRCLE = 180 / 2**31  # degrees in one of FIT's semicircles
RUN_SPORTS = ("running", "walking", "hiking", "generic")  # what a walk/jog session may be recorded as
AUTO_LAPS = ("distance", "position_start", "position_lap", "position_waypoint", "position_marked")


def is_fit(data: bytes) -> bool:
    """A FIT file's header: its size (12 or 14) first, then `.FIT` at bytes 8 to 11."""
    return len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT"


def read(data: bytes, name: str) -> Recorded:
    import warnings

    import fitdecode

    file_type: Any = None
    sports: list[str] = []
    sessions: list[Any] = []
    laps: list[Lap] = []
    points: list[tuple[datetime, float | None, tuple[float, float] | None]] = []
    breaks: list[int] = []  # indexes into points where the timer was stopped
    timer_running = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fitdecode warns of odd developer fields; hht reads none of them
            reader = fitdecode.FitReader(
                data, check_crc=fitdecode.CrcCheck.RAISE, error_handling=fitdecode.ErrorHandling.IGNORE
            )
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                kind = frame.name
                if kind == "file_id" and file_type is None:
                    file_type = frame.get_value("type", fallback=None)
                elif kind == "record":
                    if not timer_running:
                        continue
                    moment = frame.get_value("timestamp", fallback=None)
                    if not isinstance(moment, datetime):
                        continue
                    points.append((moment, _number(frame, "distance"), _position(frame)))
                elif kind == "event" and frame.get_value("event", fallback=None) == "timer":
                    what = frame.get_value("event_type", fallback=None)
                    if what in ("stop", "stop_all", "stop_disable", "stop_disable_all"):
                        timer_running = False
                        breaks.append(len(points))
                    elif what == "start":
                        timer_running = True
                elif kind == "lap":
                    seconds = _number(frame, "total_timer_time")
                    if seconds is not None:
                        trigger = frame.get_value("lap_trigger", fallback=None)
                        laps.append(Lap(seconds, _number(frame, "total_distance"), trigger in AUTO_LAPS))
                elif kind == "session":
                    sessions.append(frame)
                    sport = frame.get_value("sport", fallback=None)
                    if sport is not None:
                        sports.append(str(sport))
            reader.close()
    except fitdecode.FitHeaderError:
        raise RunFileError(f"{name} is not a FIT file hht can read (its header is damaged).") from None
    except fitdecode.FitCRCError:
        raise RunFileError(f"{name} is a damaged FIT file (its checksum does not match its content).") from None
    except fitdecode.FitEOFError:
        raise RunFileError(f"{name} is a truncated FIT file: it ends before its data does.") from None
    except (fitdecode.FitError, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        raise RunFileError(f"{name} is a FIT file hht cannot read (its data is malformed).") from None
    if file_type != "activity":
        what = f"a FIT {file_type} file" if isinstance(file_type, str) else "a FIT file of no known type"
        raise RunFileError(f"{name} is {what}, not a recorded activity.", NOT_ACTIVITY)
    if not points and not sessions:
        raise RunFileError(f"{name} records no activity: it holds no times.", NOT_ACTIVITY)
    other = [s for s in sports if s not in RUN_SPORTS and not s.isdigit()]
    if other:
        raise RunFileError(f"{name} records a {other[0].replace('_', ' ')} activity, not a run.", NOT_RUN)
    start = _start(sessions, points)
    if start is None:
        raise RunFileError(f"{name} records no activity: it holds no times.", NOT_ACTIVITY)
    return Recorded(_recording(points, breaks, laps, sessions, start), start, sports[0] if sports else None)


def _number(frame: Any, field: str) -> float | None:
    value = frame.get_value(field, fallback=None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return float(value)


def _position(frame: Any) -> tuple[float, float] | None:
    lat, lon = _number(frame, "position_lat"), _number(frame, "position_long")
    if lat is None or lon is None:
        return None
    lat, lon = lat * SEMICIRCLE, lon * SEMICIRCLE
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _start(sessions: list[Any], points: list) -> datetime | None:
    for session in sessions:
        start = session.get_value("start_time", fallback=None)
        if isinstance(start, datetime):
            return start
    return points[0][0] if points else None


def _recording(points: list, breaks: list[int], laps: list[Lap], sessions: list[Any], start: datetime) -> Recording:
    have_distance = any(d is not None for _, d, _ in points)
    # With positions only, their distances, then the positions are forgotten.
    distances = [d for _, d, _ in points] if have_distance else cumulative([p for _, _, p in points])
    segments = []
    edges = [0, *sorted(set(breaks)), len(points)]
    for a, b in pairwise(edges):
        segment = tuple(((points[i][0] - start).total_seconds(), distances[i]) for i in range(a, b))
        if segment:
            segments.append(segment)

    def total(field: str) -> float | None:
        values = [_number(s, field) for s in sessions]
        found = [v for v in values if v is not None]
        return sum(found) if found else None

    return Recording(
        "fit",
        tuple(segments),
        tuple(laps),
        timer_seconds=total("total_timer_time"),
        elapsed_seconds=total("total_elapsed_time"),
        distance_m=total("total_distance"),
    )
