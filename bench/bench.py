"""Start-up and scale benchmark for hht: whole processes, medians, peak memory.

Run it with the Python that has hht installed:

    .venv/bin/python bench/bench.py            # 15 runs each after a warm-up
    .venv/bin/python bench/bench.py --runs 31  # steadier medians

It builds synthetic histories (empty, one year and ten years of daily entries,
with assessments and a full run plan) in a temporary folder, then times each
command as a separate process and reports the median wall time, its ratio to
the floor (importing the libraries hht is built on), and the peak memory
(maximum resident set size) against the floor's. Nothing outside the
temporary folder is touched. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

NOW = "2026-03-02T09:00:00+00:00"
END = date(2026, 3, 1)
FLOOR = [sys.executable, "-c", "import typer, sqlite_utils, pendulum, rich.console"]


def hht_command() -> list[str]:
    script = Path(sys.executable).with_name("hht")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hht"]


def build_history(path: Path, years: int) -> None:
    """A realistic history: the ladder climbed, an assessment a month, runs."""
    from hht import protocol as protocols
    from hht import storage

    if years == 0:
        storage.open_store(path).close()
        return
    protocol = protocols.load()
    start = END - timedelta(days=365 * years)
    with storage.open_store(path) as store, store.write():
        day = start
        n = 0
        while day <= END:
            painful = n % 23 == 11  # now and then a bad day, as in life
            values = {
                "morning": 2 if painful else 0,
                "exercise": 1 if painful else 0,
                "sitting": n % 4,
            }
            if n > 40 and n % 2 == 0:
                values["run"] = 0
            if n % 9 == 0:
                values["note"] = f"synthetic day {n}"
            store.save_day(day, values)
            if n % 30 == 0 and hasattr(store, "add_assessment"):
                _add_assessment(store, protocol, day)
            day += timedelta(days=1)
            n += 1


def _add_assessment(store, protocol, day: date) -> None:
    from hht import assessment

    answers = {
        "sides": ["left"],
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {"left": {t: {"pain": 0, "familiar": False} for t in ("standing_stretch", "bent_knee", "rapid_extension")}},
    }
    from datetime import datetime, timezone

    checked, result = assessment.assess(protocol, answers, day)
    store.add_assessment(
        on=day, taken_at=datetime(day.year, day.month, day.day, 8, tzinfo=timezone.utc),
        protocol_name=protocol.name, protocol_version=protocol.version,
        sides=checked["sides"], answers=checked, result=result, red_flag=False,
    )


# Each command is timed from a tiny launcher process (no site, no imports
# beyond the standard library): a forked child inherits its parent's peak RSS,
# so spawning from this process, which has imported hht, would report that.
LAUNCHER = """
import json, os, subprocess, sys, time
cmd, runs = json.loads(sys.argv[1]), int(sys.argv[2])
times, peaks = [], []
for i in range(runs + 1):
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(" ".join(cmd) + " failed: " + err)
    if i:  # the first run warms the caches
        times.append(elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # KB on Linux
print(json.dumps([times, peaks]))
"""


def measure(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall seconds and median peak RSS (MB) over `runs` runs, after one warm-up."""
    out = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, json.dumps(cmd), str(runs)],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr.strip())
    times, peaks = json.loads(out.stdout)
    return statistics.median(times), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()

    # Measure hht as an install runs it: pip compiles bytecode at install time
    # (as it did for the libraries of the floor), even where this machine's
    # environment says not to write bytecode at run time.
    import compileall

    import hht

    compileall.compile_dir(str(Path(hht.__file__).parent), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="hht-bench-"))
    try:
        histories = {"empty": 0, "1 year": 1, "10 years": 10}
        paths = {}
        for name, years in histories.items():
            paths[name] = folder / f"{years}y.db"
            build_history(paths[name], years)
        base_env = {**os.environ, "HHT_NOW": NOW}
        hht = hht_command()
        floor_time, floor_peak = measure(FLOOR, base_env, args.runs)
        has_report = subprocess.run([*hht, "report", "--help"], capture_output=True).returncode == 0

        rows = [("floor: import typer, sqlite_utils, pendulum, rich.console", "-", floor_time, floor_peak)]
        for name, path in paths.items():
            env = {**base_env, "HHT_DB": str(path)}
            commands = {
                "hht today": [*hht, "today"],
                "hht today --json": [*hht, "today", "--json"],
                "hht log --morning 0 --sitting 1": [*hht, "log", "--date", "2026-03-01", "--morning", "0", "--sitting", "1"],
            }
            if has_report:
                out = folder / "report.html"
                commands["hht report --format html"] = [*hht, "report", "--format", "html", "--output", str(out), "--force"]
            for label, cmd in commands.items():
                median, peak = measure(cmd, env, args.runs)
                rows.append((label, name, median, peak))

        print(f"hht benchmark · {platform.python_implementation()} {platform.python_version()} · "
              f"{platform.machine()} · {os.cpu_count()} cores · {args.runs} runs each, medians · "
              f"bytecode compiled\n")
        print(f"{'command':<58} {'history':<9} {'median':>8} {'x floor':>8} {'peak MB':>8} {'x floor':>8}")
        for label, history, median, peak in rows:
            print(f"{label:<58} {history:<9} {median * 1000:>6.0f}ms {median / floor_time:>8.2f} "
                  f"{peak:>8.1f} {peak / floor_peak:>8.2f}")
        if not has_report:
            print("\n(hht report is not available in this version: not measured)")
        if args.json:
            print(json.dumps([{"command": r[0], "history": r[1], "median_s": r[2], "peak_mb": r[3],
                               "time_ratio": r[2] / floor_time, "memory_ratio": r[3] / floor_peak} for r in rows], indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
