"""Activity files made for the tests: FIT written by fit-tool, GPX by gpxpy,
TCX by hand; and hostile ones for every kind of bad file.

A session is a list of parts: ("walk", seconds), ("jog", seconds), or
("pause", seconds) (the watch's timer stopped: no points, and a new segment
or timer event). Walking is at WALK metres a second, jogging at JOG; a point
every five seconds (FIT, as a watch's smart recording has them: fit-tool
takes a second a thousand points), every two (GPX) or every second (TCX),
heading north from a start somewhere in London. FIT files are made once per
session and kept (`fit_bytes` is cached).
"""

from __future__ import annotations

import functools
import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

WALK, JOG = 1.4, 2.6  # m/s: 5 km/h and 9.4 km/h
START = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # the morning of the tests' fixed day
LAT, LON = 51.5007, -0.1246
METRES_PER_DEGREE = 111_195.0


def walk_jog(walk_minutes: int, jog_minutes: int, sets: int) -> list[tuple[str, int]]:
    parts: list[tuple[str, int]] = []
    for _ in range(sets):
        parts += [("walk", walk_minutes * 60), ("jog", jog_minutes * 60)]
    return parts


def points(parts, step: int = 1, start: datetime = START):
    """(time, metres so far, lat, lon, segment) for each point; a pause starts a new segment."""
    out = []
    t, d, segment = 0, 0.0, 0
    for kind, seconds in parts:
        if kind == "pause":
            t += seconds
            segment += 1
            continue
        speed = WALK if kind == "walk" else JOG
        for _ in range(0, seconds, step):
            out.append((start + timedelta(seconds=t), d, LAT + d / METRES_PER_DEGREE, LON, segment))
            t += step
            d += speed * step
    out.append((start + timedelta(seconds=t), d, LAT + d / METRES_PER_DEGREE, LON, segment))
    return out


def laps_of(parts):
    """(start offset, timer seconds, metres) of each walk or jog, a lap each."""
    out, t = [], 0
    for kind, seconds in parts:
        if kind != "pause":
            out.append((t, seconds, seconds * (WALK if kind == "walk" else JOG)))
        t += seconds
    return out


# -- FIT, written by fit-tool -------------------------------------------------------


def fit_bytes(
    parts, *, laps: bool = True, start: datetime = START, sport: str = "RUNNING", file_type: str = "ACTIVITY"
) -> bytes:
    return _fit_bytes(tuple(parts), laps, start, sport, file_type)


@functools.lru_cache(maxsize=64)
def _fit_bytes(parts, laps: bool, start: datetime, sport: str, file_type: str) -> bytes:
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.activity_message import ActivityMessage
    from fit_tool.profile.messages.event_message import EventMessage
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import Event, EventType, FileType, LapTrigger, Manufacturer, Sport

    ms = lambda moment: round(moment.timestamp() * 1000)  # noqa: E731
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = getattr(FileType, file_type)
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = ms(start)
    builder.add(file_id)
    if file_type != "ACTIVITY":
        return builder.build().to_bytes()

    def timer(moment, kind):
        event = EventMessage()
        event.event = Event.TIMER
        event.event_type = kind
        event.timestamp = ms(moment)
        builder.add(event)

    timer(start, EventType.START)
    segment, previous = 0, start
    recorded = points(parts, step=5, start=start)
    for moment, metres, lat, lon, seg in recorded:
        if seg != segment:  # a pause: the timer stopped at the last point, started again at this one
            timer(previous, EventType.STOP_ALL)
            timer(moment, EventType.START)
            segment = seg
        record = RecordMessage()
        record.timestamp = ms(moment)
        record.distance = metres
        record.position_lat = lat
        record.position_long = lon
        builder.add(record)
        previous = moment
    end = recorded[-1][0]
    timer(end, EventType.STOP_ALL)
    moving = sum(s for k, s in parts if k != "pause")
    if laps:
        for offset, seconds, metres in laps_of(parts):
            lap = LapMessage()
            lap.start_time = ms(start + timedelta(seconds=offset))
            lap.timestamp = ms(start + timedelta(seconds=offset + seconds))
            lap.total_timer_time = float(seconds)
            lap.total_elapsed_time = float(seconds)
            lap.total_distance = metres
            lap.lap_trigger = LapTrigger.TIME
            builder.add(lap)
    session = SessionMessage()
    session.timestamp = ms(end)
    session.start_time = ms(start)
    session.total_timer_time = float(moving)
    session.total_elapsed_time = (end - start).total_seconds()
    session.total_distance = recorded[-1][1]
    session.sport = getattr(Sport, sport)
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp = ms(end)
    activity.num_sessions = 1
    activity.total_timer_time = float(moving)
    builder.add(activity)
    return builder.build().to_bytes()


# -- GPX, written by gpxpy ----------------------------------------------------------


def gpx_text(parts, *, start: datetime = START, kind: str | None = "running") -> str:
    import gpxpy.gpx

    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Morning run")
    track.type = kind
    gpx.tracks.append(track)
    segments: dict[int, gpxpy.gpx.GPXTrackSegment] = {}
    for moment, _, lat, lon, seg in points(parts, step=2, start=start):
        if seg not in segments:
            segments[seg] = gpxpy.gpx.GPXTrackSegment()
            track.segments.append(segments[seg])
        segments[seg].points.append(gpxpy.gpx.GPXTrackPoint(lat, lon, elevation=12.0, time=moment))
    return gpx.to_xml()


def gpx_route() -> str:
    """A GPX route: a way planned, with positions and no times."""
    import gpxpy.gpx

    gpx = gpxpy.gpx.GPX()
    route = gpxpy.gpx.GPXRoute(name="Along the river")
    for n in range(20):
        route.points.append(gpxpy.gpx.GPXRoutePoint(LAT + n / 1000, LON))
    gpx.routes.append(route)
    return gpx.to_xml()


# -- TCX, by hand -------------------------------------------------------------------


def tcx_text(
    parts, *, laps: bool = True, start: datetime = START, sport: str = "Running", distances: bool = True
) -> str:
    """A TCX file; without `distances`, its points have positions only (as some phones write them)."""
    stamp = lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    recorded = points(parts, start=start)
    groups = laps_of(parts) if laps else [(0, sum(s for k, s in parts if k != "pause"), recorded[-1][1])]
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">',
        f'<Activities><Activity Sport="{sport}"><Id>{stamp(start)}</Id>',
    ]
    bounds = [g[0] for g in groups[1:]] + [10**9]
    taken = 0
    for (offset, seconds, metres), until in zip(groups, bounds):
        out.append(f'<Lap StartTime="{stamp(start + timedelta(seconds=offset))}">')
        out.append(f"<TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres:.1f}</DistanceMeters>")
        out.append("<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>")
        segment = None
        while taken < len(recorded) and (recorded[taken][0] - start).total_seconds() < until:
            moment, d, lat, lon, seg = recorded[taken]
            if seg != segment:
                if segment is not None:
                    out.append("</Track>")
                out.append("<Track>")
                segment = seg
            out.append(
                f"<Trackpoint><Time>{stamp(moment)}</Time><Position><LatitudeDegrees>{lat:.6f}</LatitudeDegrees>"
                f"<LongitudeDegrees>{lon:.6f}</LongitudeDegrees></Position>"
                + (f"<DistanceMeters>{d:.1f}</DistanceMeters>" if distances else "")
                + "</Trackpoint>"
            )
            taken += 1
        if segment is not None:
            out.append("</Track>")
        out.append("</Lap>")
    out.append("</Activity></Activities></TrainingCenterDatabase>")
    return "\n".join(out)


# -- hostile files ------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<gpx version="1.1" creator="x"><trk><name>&lol9;</name><trkseg>
<trkpt lat="51.5" lon="-0.12"><time>2026-03-02T07:30:00Z</time></trkpt>
<trkpt lat="51.6" lon="-0.12"><time>2026-03-02T08:30:00Z</time></trkpt>
</trkseg></trk></gpx>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>&secret;</Id></Activity></Activities></TrainingCenterDatabase>
"""


def write(folder: Path, name: str, content: str | bytes, *, gz: bool = False) -> Path:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if gz:
        data = gzip.compress(data, mtime=0)
    path = folder / name
    path.write_bytes(data)
    return path
