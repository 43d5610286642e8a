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
from datetime import UTC, date, timedelta
from pathlib import Path

NOW = "2026-03-02T09:00:00+00:00"
END = date(2026, 3, 1)
FLOOR = [sys.executable, "-c", "import typer, sqlite_utils, pendulum, rich.console"]


def hht_command() -> list[str]:
    script = Path(sys.executable).with_name("hht")
    return [str(script)] if script.exists() else [sys.executable, "-m", "hht"]


def watson_command() -> list[str] | None:
    """`watson` (td-watson, the bench extra installs it) next to this Python, else on PATH."""
    script = Path(sys.executable).with_name("watson")
    if script.exists():
        return [str(script)]
    found = shutil.which("watson")
    return [found] if found else None


def watson_peer(folder: Path, env: dict[str, str]) -> tuple[list[str], dict[str, str]] | None:
    """`watson status` over a throwaway WATSON_DIR with a project started, so
    that it shows something: the fastest terminal tracker we know, as a peer."""
    watson = watson_command()
    if watson is None:
        return None
    env = {**env, "WATSON_DIR": str(folder / "watson")}
    Path(env["WATSON_DIR"]).mkdir()
    subprocess.run([*watson, "start", "rehab"], env=env, check=True, capture_output=True)
    return [*watson, "status"], env


def build_history(path: Path, years: int) -> None:
    """A realistic history: the ladder climbed, an assessment a month, runs."""
    from hht.rules.protocol import load as protocols
    from hht.store.opening import open_store

    if years == 0:
        open_store(path).close()
        return
    protocol = protocols.load()
    start = END - timedelta(days=365 * years)
    with open_store(path) as store, store.write():
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
    from hht.rules.assessment import scoring

    answers = {
        "sides": ["left"],
        "red_flags": {f["id"]: False for f in protocol.data["red_flags"]},
        "signs": {s["id"]: False for s in protocol.data["signs"]},
        "range_of_motion_normal": True,
        "tests": {
            "left": {t: {"pain": 0, "familiar": False} for t in ("standing_stretch", "bent_knee", "rapid_extension")}
        },
    }
    from datetime import datetime

    checked, result = scoring.assess(protocol, answers, day)
    store.add_assessment(
        on=day,
        taken_at=datetime(day.year, day.month, day.day, 8, tzinfo=UTC),
        protocol_name=protocol.name,
        protocol_version=protocol.version,
        sides=checked["sides"],
        answers=checked,
        result=result,
        red_flag=False,
    )


# Every process is started from a tiny launcher (no site, nothing imported
# beyond the standard library): a forked child inherits its parent's peak
# RSS, so spawning from this process, which has imported hht, would report
# that. The launcher interleaves the jobs, round after round, so that every
# command, the floor included, sees the same machine: drift over the minutes
# a run takes (other load, a throttled CPU) cannot favour one of them.
LAUNCHER = """
import json, os, subprocess, sys, time
jobs, runs = json.loads(sys.argv[1]), int(sys.argv[2])
times = [[] for _ in jobs]
peaks = [[] for _ in jobs]
for round in range(runs + 1):
    for i, (cmd, env) in enumerate(jobs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        err = proc.stderr.read().decode()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(" ".join(cmd) + " failed: " + err)
        if round:  # the first round warms the caches
            times[i].append(elapsed)
            peaks[i].append(usage.ru_maxrss / 1024)  # KB on Linux
print(json.dumps([times, peaks]))
"""


def measure(jobs: list[tuple[list[str], dict[str, str]]], runs: int) -> list[tuple[float, float]]:
    """For each (command, environment): median wall seconds and median peak RSS (MB)."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, json.dumps(jobs), str(runs)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr.strip())
    times, peaks = json.loads(out.stdout)
    return [(statistics.median(t), statistics.median(p)) for t, p in zip(times, peaks)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument(
        "--daily",
        action="store_true",
        help="only the daily commands (today, today --json, status, log), the floor and the peers",
    )
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
        has_report = subprocess.run([*hht, "report", "--help"], capture_output=True).returncode == 0

        labels = [("floor: import typer, sqlite_utils, pendulum, rich.console", "-")]
        jobs = [(FLOOR, base_env)]
        peer = watson_peer(folder, base_env)
        if peer is not None:
            labels.append(("peer: watson status", "-"))
            jobs.append(peer)
        for name, path in paths.items():
            env = {**base_env, "HHT_DB": str(path)}
            commands = {
                "hht today": [*hht, "today"],
                "hht today --json": [*hht, "today", "--json"],
                "hht status": [*hht, "status"],
                "hht log --morning 0 --sitting 1": [
                    *hht,
                    "log",
                    "--date",
                    "2026-03-01",
                    "--morning",
                    "0",
                    "--sitting",
                    "1",
                ],
            }
            if has_report and not args.daily:
                out = folder / f"report-{path.stem}.html"
                commands["hht report --format html"] = [
                    *hht,
                    "report",
                    "--format",
                    "html",
                    "--output",
                    str(out),
                    "--force",
                ]
                # written to standard output (the launcher discards it): compact and streamed
                commands["hht report --format json"] = [*hht, "report", "--format", "json"]
                commands["hht report --format fhir"] = [*hht, "report", "--format", "fhir"]
            if not args.daily:
                commands["hht export"] = [*hht, "export"]
            for label, cmd in commands.items():
                labels.append((label, name))
                jobs.append((cmd, env))
        load_before = os.getloadavg()
        results = measure(jobs, args.runs)
        load_after = os.getloadavg()
        floor_time, floor_peak = results[0]
        peer_time = results[1][0] if peer is not None else None
        rows = [(label, history, median, peak) for (label, history), (median, peak) in zip(labels, results)]
        fixed = 2 if peer is not None else 1
        rows = rows[:fixed] + sorted(rows[fixed:], key=lambda r: (r[0], list(histories).index(r[1])))

        print(
            f"hht benchmark · {platform.python_implementation()} {platform.python_version()} · "
            f"{platform.machine()} · {os.cpu_count()} cores · {args.runs} runs each, medians · "
            f"bytecode compiled"
        )
        print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after\n")
        peer_header = f" {'x watson':>8}" if peer_time else ""
        print(f"{'command':<58} {'history':<9} {'median':>8} {'x floor':>8}{peer_header} {'peak MB':>8} {'x floor':>8}")
        for label, history, median, peak in rows:
            versus_peer = f" {median / peer_time:>8.2f}" if peer_time else ""
            print(
                f"{label:<58} {history:<9} {median * 1000:>6.0f}ms {median / floor_time:>8.2f}{versus_peer} "
                f"{peak:>8.1f} {peak / floor_peak:>8.2f}"
            )
        if peer is None:
            print("\n(watson is not installed: the peer was not measured; pip install -e '.[bench]' adds it)")
        if not has_report:
            print("\n(hht report is not available in this version: not measured)")
        if args.json:
            print(
                json.dumps(
                    {
                        "load_average": {"before": load_before, "after": load_after},
                        "rows": [
                            {
                                "command": r[0],
                                "history": r[1],
                                "median_s": r[2],
                                "peak_mb": r[3],
                                "time_ratio": r[2] / floor_time,
                                "memory_ratio": r[3] / floor_peak,
                                "peer_ratio": r[2] / peer_time if peer_time else None,
                            }
                            for r in rows
                        ],
                    },
                    indent=2,
                )
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
