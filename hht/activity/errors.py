"""Why an activity file gives no run, in three kinds: `import-runs` counts each apart."""

from __future__ import annotations

from hht.errors import HHTError

UNREADABLE = "unreadable"  # damaged, truncated, hostile, too large, or dated in the future
NOT_ACTIVITY = "not_activity"  # not a FIT, GPX or TCX file, or one that records no activity
NOT_RUN = "not_run"  # an activity of another sport (a ride, a swim)


class RunFileError(HHTError):
    """A file that gives no run; the message is one sentence naming it."""

    def __init__(self, message: str, kind: str = UNREADABLE):
        super().__init__(message)
        self.kind = kind
