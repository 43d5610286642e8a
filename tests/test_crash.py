"""SIGKILL at random moments while logging: the database stays whole.

A child process logs in a loop through the real command (every field set by
one write, and the same thirty dates again and again, so most writes are
corrections). The test kills it at a random moment, several times, then
checks that SQLite finds no damage, that every entry is whole, that the
audit trail agrees with the entries, and that every write the child saw
succeed is still there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta

CHILD = """
import sys
from datetime import date, timedelta
from hht.cli.app import app

round_ = int(sys.argv[1])
for i in range(100000):
    day = (date(2026, 1, 1) + timedelta(days=i % 30)).isoformat()
    v = str(i % 11)
    app(["log", "--date", day, "--morning", v, "--exercise", v, "--run", v, "--sitting", v,
         "--partial" if i % 2 else "--full", "--note", f"round {round_} pass {i} value {v}"], standalone_mode=False)
    print("committed", round_, i, day, flush=True)
"""


def test_sigkill_while_logging_leaves_every_entry_whole_or_absent(isolated):
    db = isolated / "crash.db"
    env = {**os.environ, "HHT_DB": str(db), "HHT_NOW": "2026-03-02T20:00:00"}
    rng = random.Random(6)
    confirmed: dict[str, tuple[int, int]] = {}  # date -> the latest (round, pass) the child saw committed
    for round_ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(round_)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not child.stdout.readline().startswith("committed"):  # wait until it has begun writing
            assert child.poll() is None, child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        for line in out.splitlines():
            if not line.startswith("committed"):
                continue
            _, r, i, day = line.split()
            confirmed[day] = max(confirmed.get(day, (-1, -1)), (int(r), int(i)))

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = conn.execute("SELECT date, morning, exercise, partial, run, sitting, note FROM entries").fetchall()
    assert len(rows) >= 1
    for day, morning, exercise, partial, run, sitting, note in rows:
        r, i, v = (int(w) for w in note.split()[1::2])  # "round R pass I value V"
        assert (morning, exercise, run, sitting, partial) == (v, v, v, v, i % 2), note
        assert day == (date(2026, 1, 1) + timedelta(days=i % 30)).isoformat()
        assert (r, i) >= confirmed.get(day, (-1, -1)), f"{day} lost a committed write"
        (last,) = conn.execute("SELECT new FROM changes WHERE date = ? ORDER BY id DESC LIMIT 1", [day]).fetchone()
        assert json.loads(last)["note"] == note  # the audit trail agrees with the entry
    assert {day for day, *_ in rows} >= set(confirmed)
    conn.close()
