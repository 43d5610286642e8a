"""The floor of bench/bench.py: the least a Python program must do for `hht status`'s job.

It opens hht's database read-only, reads the last 60 days and prints about
20 lines (the last 20 of them, with the 60 days' counts), and nothing more:
no protocol, no plan, only the standard library. Run it as the bench does:

    python bench/minimal.py PATH/TO/hht.db 2026-03-02

Every row of the bench is a ratio to this process's median time.
"""

import sqlite3
import sys
from datetime import date, timedelta

path, today = sys.argv[1], date.fromisoformat(sys.argv[2])
conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = conn.execute(
    "SELECT date, morning, exercise, run, sitting, note FROM entries WHERE date > ? AND date <= ? ORDER BY date",
    [(today - timedelta(days=60)).isoformat(), today.isoformat()],
).fetchall()
conn.close()
logged = [r for r in rows if r[1] is not None]
runs = [r for r in rows if r[3] is not None]
print(f"{len(rows)} days logged in the last 60, {len(logged)} with the morning's pain, {len(runs)} runs")
for day, morning, exercise, run, sitting, note in rows[-19:]:
    values = f"morning {morning}  exercise {exercise}  run {run}  sitting {sitting}"
    print(f"{day}  {values}  {note or ''}".rstrip())
