"""A GPX file (Strava, phones, most watches' exports), read with gpxpy once
defusedxml has found it safe. Each track segment is recorded between pauses."""

from __future__ import annotations

from datetime import UTC, datetime

from hht.activity.errors import NOT_ACTIVITY, NOT_RUN, RunFileError
from hht.activity.recorded import Recorded
from hht.rules.runfile import Recording

OTHER_SPORTS = ("bik", "cycl", "ride", "swim", "ski", "row", "paddl", "kayak", "skat", "drive", "motor", "fly")


def read(text: str, name: str) -> Recorded:
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        raise RunFileError(f"{name} is a GPX file hht cannot read (its data is malformed).") from None
    timed = [[p for p in segment.points if p.time is not None] for track in gpx.tracks for segment in track.segments]
    timed = [segment for segment in timed if segment]
    if not timed:
        if gpx.routes:
            raise RunFileError(
                f"{name} is a GPX route, with no times: a way planned, not a recorded run.", NOT_ACTIVITY
            )
        raise RunFileError(f"{name} is a GPX file with no timed track: it records no activity.", NOT_ACTIVITY)
    kinds = [str(track.type).strip().lower() for track in gpx.tracks if track.type]
    sport = kinds[0] if kinds else None
    if sport is not None and any(word in sport for word in OTHER_SPORTS):
        raise RunFileError(f"{name} records a {sport} activity, not a run.", NOT_RUN)
    first = min(_aware(p.time) for segment in timed for p in segment)  # type: ignore[arg-type]
    segments = []
    for segment in timed:
        total, out, last = 0.0, [], None
        for point in sorted(segment, key=lambda p: _aware(p.time)):  # type: ignore[arg-type]
            if last is not None:
                total += point.distance_2d(last) or 0.0  # the positions give distances, then are forgotten
            last = point
            out.append(((_aware(point.time) - first).total_seconds(), total))  # type: ignore[arg-type]
        segments.append(tuple(out))
    return Recorded(Recording("gpx", tuple(segments)), first, sport)


def _aware(moment: datetime) -> datetime:
    """A time without its offset is UTC, as GPX writes them."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
