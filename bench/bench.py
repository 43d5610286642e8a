"""hht's benchmark: whole processes, side by side with the least a program can do.

Run it with the Python that has hht installed:

    .venv/bin/python bench/bench.py                 # 15 rounds after a warm-up
    .venv/bin/python bench/bench.py --runs 31       # steadier medians
    .venv/bin/python bench/bench.py --markdown      # the README's table too

It builds synthetic histories (empty, one year and ten years of daily
entries, with assessments and a full run plan) in a temporary folder, each
in its own data directory ($XDG_DATA_HOME, as a runner who never set $HHT_DB
has it), then runs every command as a separate process, interleaved round
after round, and reports the median wall time and peak memory (maximum
resident set size) of each:

- as a ratio to the floor: bench/minimal.py, the least a Python program must
  do for `hht status`'s job (open the database read-only, read the last 60
  days, print about 20 lines), on the same history;
- as a ratio to `watson status`, the fastest terminal tracker we know
  (td-watson, which the bench extra installs), when it is installed;
- for ten years, as a ratio to the same command at one year.

`hht log --morning 0` is the first write of the day: each round logs into a
fresh copy of the history, so every run inserts the day, as the runner's
first log of a morning does. `hht status` is timed as a shell prompt runs it,
over and over on an unchanged database (its cache answers), and once after
a write (a fresh copy each round: it reads and walks the history). Nothing
outside the temporary folder is touched. Standard library only.
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
TODAY = "2026-03-02"
END = date(2026, 3, 1)  # the histories' last day: today is not logged yet
MINIMAL = Path(__file__).with_name("minimal.py")


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
# a run takes (other load, a throttled CPU) cannot favour one of them. A job
# with a `fresh` copy gets, before each of its runs and outside its time, a
# new copy of its history's database at the path it uses (nothing beside it).
LAUNCHER = """
import json, os, shutil, subprocess, sys, time
jobs, runs = json.loads(sys.argv[1]), int(sys.argv[2])
times = [[] for _ in jobs]
peaks = [[] for _ in jobs]
for round in range(runs + 1):
    for i, (cmd, env, fresh) in enumerate(jobs):
        if fresh:
            source, target = fresh
            for name in (target, target + "-wal", target + "-shm"):
                if os.path.exists(name):
                    os.remove(name)
            shutil.copyfile(source, target)
            os.chmod(target, 0o600)
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

Job = tuple[list[str], dict[str, str], tuple[str, str] | None]


def measure(jobs: list[Job], runs: int) -> list[tuple[float, float]]:
    """For each (command, environment, fresh copy): median wall seconds and median peak RSS (MB)."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, json.dumps(jobs), str(runs)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr.strip())
    times, peaks = json.loads(out.stdout)
    return [(statistics.median(t), statistics.median(p)) for t, p in zip(times, peaks)]


def machine() -> str:
    """The machine, named: processor, cores, system and Python."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()} ({platform.machine()}), "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def markdown_label(label: str) -> str:
    """`hht log --morning 0` (first of the day); floor: `bench/minimal.py`."""
    kind, colon, command = label.rpartition(": ")
    command, paren, note = command.partition(" (")
    return f"{kind}{colon}`{command}`" + (f" ({note}" if paren else "")


class Row:
    def __init__(self, label: str, history: str, median: float, peak: float) -> None:
        self.label, self.history, self.median, self.peak = label, history, median, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    parser.add_argument("--markdown", action="store_true", help="print the results as the README's table too")
    parser.add_argument(
        "--daily",
        action="store_true",
        help="only the daily commands (today, today --json, status, log), the floor and the peer",
    )
    args = parser.parse_args()

    # Measure hht as an install runs it: pip compiles bytecode at install time
    # (as it did for the standard library the floor uses), even where this
    # machine's environment says not to write bytecode at run time.
    import compileall

    import hht

    compileall.compile_dir(str(Path(hht.__file__).parent), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="hht-bench-"))
    try:
        histories = {"empty": 0, "1 year": 1, "10 years": 10}
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("HHT_")}
        base_env.update(HHT_NOW=NOW, XDG_CACHE_HOME=str(folder / "cache"))
        hht = hht_command()
        has_report = subprocess.run([*hht, "report", "--help"], capture_output=True).returncode == 0

        labels: list[tuple[str, str]] = []
        jobs: list[Job] = []
        peer = watson_peer(folder, base_env)
        if peer is not None:
            labels.append(("peer: watson status", "-"))
            jobs.append((*peer, None))
        for name, years in histories.items():
            data = folder / f"{years}y"
            path = data / "hht" / "hht.db"
            path.parent.mkdir(parents=True, mode=0o700)
            build_history(path, years)
            env = {**base_env, "XDG_DATA_HOME": str(data)}
            # A second data directory, where the commands that need a fresh copy find it.
            fresh_data = folder / f"{years}y-fresh"
            (fresh_data / "hht").mkdir(parents=True, mode=0o700)
            fresh_env = {**base_env, "XDG_DATA_HOME": str(fresh_data)}
            fresh = (str(path), str(fresh_data / "hht" / "hht.db"))
            labels.append(("floor: bench/minimal.py", name))
            jobs.append(([sys.executable, str(MINIMAL), str(path), TODAY], env, None))
            commands: dict[str, Job] = {
                "hht status": ([*hht, "status"], env, None),
                "hht status (first after a write)": ([*hht, "status"], fresh_env, fresh),
                "hht today": ([*hht, "today"], env, None),
                "hht today --json": ([*hht, "today", "--json"], env, None),
                "hht log --morning 0 (first of the day)": ([*hht, "log", "--morning", "0"], fresh_env, fresh),
            }
            if has_report and not args.daily:
                out = folder / f"report-{years}y.html"
                html = [*hht, "report", "--format", "html", "--output", str(out), "--force"]
                commands["hht report --format html"] = (html, env, None)
                # written to standard output (the launcher discards it): compact and streamed
                commands["hht report --format json"] = ([*hht, "report", "--format", "json"], env, None)
                commands["hht report --format fhir"] = ([*hht, "report", "--format", "fhir"], env, None)
            if not args.daily:
                commands["hht export"] = ([*hht, "export"], env, None)
            for label, job in commands.items():
                labels.append((label, name))
                jobs.append(job)
        load_before = os.getloadavg()
        results = measure(jobs, args.runs)
        load_after = os.getloadavg()
        report(args, labels, results, list(histories), peer is not None, has_report, (load_before, load_after))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(args, labels, results, histories, has_peer: bool, has_report: bool, loads) -> None:
    rows = [Row(label, history, median, peak) for (label, history), (median, peak) in zip(labels, results)]
    floors = {r.history: r for r in rows if r.label.startswith("floor")}
    peer = rows[0] if has_peer else None
    at = {(r.label, r.history): r for r in rows}
    order = list(dict.fromkeys(label for label, _ in labels))  # as measured: the peer, then each history's floor
    rows.sort(key=lambda r: (order.index(r.label), histories.index(r.history) if r.history in histories else -1))

    def ratios(row: Row) -> dict[str, float | None]:
        floor = floors.get(row.history) or floors["10 years"]
        one_year = at.get((row.label, "1 year")) if row.history == "10 years" else None
        return {
            "floor": row.median / floor.median,
            "peer": row.median / peer.median if peer else None,
            "one_year": row.median / one_year.median if one_year else None,
            "memory": row.peak / floor.peak,
        }

    (before, after) = loads
    print(f"hht benchmark · {machine()} · {args.runs} rounds, medians · bytecode compiled")
    print(f"load average (1 min) {before[0]:.2f} before, {after[0]:.2f} after\n")
    head = f"{'command':<42} {'history':<9} {'median':>8} {'x floor':>8}"
    head += f" {'x watson':>8}" if peer else ""
    print(head + f" {'x 1 year':>8} {'peak MB':>8} {'x floor':>8}")
    for row in rows:
        r = ratios(row)
        line = f"{row.label:<42} {row.history:<9} {row.median * 1000:>6.1f}ms {r['floor']:>8.2f}"
        line += f" {r['peer']:>8.2f}" if peer else ""
        growth = f"{r['one_year']:.2f}" if r["one_year"] else ""
        print(line + f" {growth:>8} {row.peak:>8.1f} {r['memory']:>8.2f}")
    if peer is None:
        print("\n(watson is not installed: the peer was not measured; pip install -e '.[bench]' adds it)")
    if not has_report:
        print("\n(hht report is not available in this version: not measured)")
    if args.markdown:
        print(
            f"\nMeasured on {machine()}, {args.runs} rounds, load average {before[0]:.1f} before and {after[0]:.1f} after:\n"
        )
        cols = "| command | history | median | x floor |" + (" x `watson status` |" if peer else "")
        print(cols + " x 1 year | peak MB | x floor |")
        print("|---" * (7 + bool(peer)) + "|")
        for row in rows:
            r = ratios(row)
            label = markdown_label(row.label)
            line = f"| {label} | {row.history} | {row.median * 1000:.0f} ms | {r['floor']:.2f} |"
            line += f" {r['peer']:.2f} |" if peer else ""
            growth = f"{r['one_year']:.2f}" if r["one_year"] else ""
            print(line + f" {growth} | {row.peak:.1f} | {r['memory']:.2f} |")
    if args.json:
        document = {
            "machine": machine(),
            "rounds": args.runs,
            "load_average": {"before": before, "after": after},
            "rows": [
                {
                    "command": row.label,
                    "history": row.history,
                    "median_s": row.median,
                    "peak_mb": row.peak,
                    "time_ratio": ratios(row)["floor"],
                    "peer_ratio": ratios(row)["peer"],
                    "one_year_ratio": ratios(row)["one_year"],
                    "memory_ratio": ratios(row)["memory"],
                }
                for row in rows
            ],
        }
        print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
