"""What each format's reader gives back: the recording, when it started, and its sport."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from datetime import datetime
from typing import NamedTuple

from hht.rules.runfile import Recording


class Recorded(NamedTuple):
    recording: Recording
    start: datetime  # aware
    sport: str | None  # as the file names it, where it does
