"""An activity file read into a run's summary (hht/rules/runfile.py): told
apart by content (a FIT header, or XML whose root is `gpx` or
`TrainingCenterDatabase`; gzip-compressed as a Strava export has them),
at most MAX_BYTES, dated in the runner's time zone, never in the future."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

from hht.activity.errors import NOT_ACTIVITY, NOT_RUN, UNREADABLE, RunFileError
from hht.activity.recorded import Recorded
from hht.rules.runfile import summarise

MAX_BYTES = 32 * 1024 * 1024  # a ten-hour run recorded every second is a few megabytes, in any format
MAX_WORDS = "32 MB"


def read_run(path: Path, today: date, label: str | None = None) -> dict[str, Any]:
    """The run's summary, from the file at `path`; RunFileError (one sentence) when it gives none."""
    from hht.files import read_bytes

    name = label or str(path)
    data = read_bytes(path, MAX_BYTES, RunFileError, name)
    return summary_of(data, name, today)


def may_be_activity(path: Path) -> bool:
    """Whether the file's first bytes could open an activity file (FIT, XML or gzip):
    a folder's photos and spreadsheets are passed over without being read whole."""
    import os
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return True  # a pipe or a device: the read says why not, without opening it
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            head = handle.read(512)
    except OSError:
        return True  # the read says why it cannot be read
    return head.startswith(b"\x1f\x8b") or _fit_header(head) or _xml_start(head)


def _fit_header(head: bytes) -> bool:
    from hht.activity.fit import is_fit

    return is_fit(head)


def _xml_start(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<")


def summary_of(data: bytes, name: str, today: date) -> dict[str, Any]:
    """The run's summary, from a file's bytes (the hash is of them unpacked: a file
    and its gzipped copy are the same run)."""
    data = _unpacked(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    recorded = _recorded(data, name)
    day = recorded.start.astimezone().date()  # the runner's calendar day: the computer's time zone
    if day > today:
        raise RunFileError(f"{name} is a run dated {day}, in the future; hht records only days that have begun.")
    return summarise(recorded.recording, day, sha256)


def _unpacked(data: bytes, name: str) -> bytes:
    """The file's bytes, gunzipped if compressed (at most MAX_BYTES once unpacked)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacking:
            out = unpacking.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        raise RunFileError(f"{name} is a damaged or truncated gzip file.") from None
    if len(out) > MAX_BYTES:
        raise RunFileError(f"{name} unpacks to more than {MAX_WORDS}, the most hht reads for a run file.")
    return out


def _recorded(data: bytes, name: str) -> Recorded:
    from hht.activity import fit

    if fit.is_fit(data):
        return fit.read(data, name)
    if not _xml_start(data[:512]):
        raise RunFileError(f"{name} is not a FIT, GPX or TCX file.", NOT_ACTIVITY)
    from hht.activity import xml

    text = xml.text_of(data, name)
    root = xml.parse(text, name)
    kind = xml.local(root.tag)
    if kind == "gpx":
        from hht.activity import gpx

        return gpx.read(text, name)
    if kind == "TrainingCenterDatabase":
        from hht.activity import tcx

        return tcx.read(root, name)
    raise RunFileError(f"{name} is XML, but neither GPX nor TCX.", NOT_ACTIVITY)


__all__ = ["NOT_ACTIVITY", "NOT_RUN", "UNREADABLE", "RunFileError", "read_run", "summary_of"]
