"""The fold checkpoint: a memo of the ladder's and the run plan's folds at the
end of one day, so that `hht today` and `hht log` fold only the days after it.

It is derived, never a source of truth: the logged days and assessments are.
It is plain JSON (never pickle: a database file may come from elsewhere),
keyed by everything that shapes the fold besides the history: the protocol
(its canonical JSON), hht's version and FOLD_FORMAT. Storage deletes it, in
the same transaction, whenever an entry or assessment dated on or before its
day changes. A checkpoint that is missing, malformed, for another key, or
not before the day asked for is not used: the folds start from the beginning.

No SQL here: storage keeps the checkpoint's text; `read` and `refresh`
below only call the Store's methods. The folds themselves stay pure.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from hht import __version__
from hht.errors import StorageError
from hht.progression import AssessmentSummary, Day, _LadderFold, decision_from_json, ladder_state
from hht.protocol import Protocol
from hht.runplan import _RunFold, run_state

if TYPE_CHECKING:
    from hht.storage import Store

try:  # CPython's own SHA-256: hashlib would load OpenSSL (3 ms and 3.6 MB) on every `today`
    from _sha2 import sha256  # type: ignore[import-not-found]  # 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, no-redef]  # 3.11
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment]

# Bump whenever the fold code (hht/progression.py, hht/runplan.py) changes:
# a checkpoint written by other fold code is then never used.
FOLD_FORMAT = 1

# A checkpoint is written this many days before today, so that the days a
# runner still corrects (last week's morning) come after it...
BEHIND = 28
# ...and a new one is written once the one stored is more than this many days behind.
STALE = 60


def key(protocol: Protocol) -> str:
    """What a checkpoint is valid for: this protocol, this hht, this fold code."""
    canonical = json.dumps(protocol.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    text = json.dumps([canonical, __version__, FOLD_FORMAT], separators=(",", ":"), ensure_ascii=False)
    return sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """Both folds at the end of the day `through`."""

    through: date
    ladder: dict[str, Any]
    run: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps({"ladder": self.ladder, "run": self.run}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, through: str, text: str) -> "Checkpoint | None":
        """The stored checkpoint, or None when it is not one this hht wrote."""
        try:
            state = json.loads(text)
            day = date.fromisoformat(through)
        except (TypeError, ValueError):
            return None
        if not (isinstance(state, dict) and isinstance(state.get("ladder"), dict) and isinstance(state.get("run"), dict)):
            return None
        return cls(day, state["ladder"], state["run"])

    def well_formed(self, protocol: Protocol) -> bool:
        """Whether both folds can be restored from it (it may come from another file)."""
        try:
            _LadderFold.from_state(protocol, self.ladder)
            _RunFold(protocol, [], []).restore(self.run, self.through)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return False
        return True

    def usable_for(self, on: date, today: date) -> bool:
        """Whether to resume from it for the day `on`: it must end before `on`,
        and not be so far behind today that a new one should be written."""
        return self.through < on and self.through >= today - timedelta(days=STALE)


def make(
    protocol: Protocol, days: Iterable[Day], through: date, assessments: Sequence[AssessmentSummary] = ()
) -> Checkpoint:
    """Both folds at the end of the day `through`, from the full history."""
    days = [d for d in days if d.date <= through]
    ladder = ladder_state(protocol, days, through, assessments)
    decisions = [decision_from_json(d) for d in ladder["decisions"]]
    return Checkpoint(through, ladder, run_state(protocol, days, through, decisions, assessments))


def fresh_day(today: date) -> date:
    """The day a new checkpoint ends: BEHIND days before today."""
    return today - timedelta(days=BEHIND)


def load(store: Store, protocol: Protocol, on: date, today: date) -> Checkpoint | None:
    """The stored checkpoint to resume from for the day `on`, or None to fold in full."""
    row = store.checkpoint(key(protocol))
    found = Checkpoint.from_json(*row) if row is not None else None
    if found is None or not found.usable_for(on, today) or not found.well_formed(protocol):
        return None
    return found


def refresh(store: Store, protocol: Protocol, days: Sequence[Day], assessments: Sequence[AssessmentSummary],
            today: date) -> Checkpoint:
    """Make and keep a new checkpoint from the whole history as it is now.

    Call inside `store.write()`, with `days` and `assessments` read in that
    same transaction, so that no other write can fall between them.
    """
    through = fresh_day(today)
    made = make(protocol, days, through, assessments)
    store.save_checkpoint(key(protocol), through, made.to_json())
    return made


def read(
    store: Store, protocol: Protocol, on: date, today: date, may_write: bool
) -> tuple[list[Day], list[AssessmentSummary], Checkpoint | None]:
    """What a read-only command folds for the day `on`: the days (only those
    after the checkpoint, when there is one), the assessments, the checkpoint.

    Without a usable checkpoint, and when `may_write`, a new one is made and
    kept (if the database cannot take it now, the command folds in full).
    """
    with store.snapshot():
        assessments = store.assessment_summaries()
        found = load(store, protocol, on, today)
        if found is not None:
            return store.days(after=found.through, until=on), assessments, found
        days = store.days(until=on)
    if not may_write or fresh_day(today) >= on:
        return days, assessments, None
    try:
        with store.write():
            now_assessments = store.assessment_summaries()
            now_days = store.days(until=on)
            made = refresh(store, protocol, now_days, now_assessments, today)
    except (StorageError, sqlite3.Error):  # busy, read-only, full: a memo can wait
        return days, assessments, None
    return [d for d in now_days if d.date > made.through], now_assessments, made
