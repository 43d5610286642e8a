"""The `hht` console entry point: start-up without wasted garbage collection,
and an end without a slow teardown.

Importing typer, rich and hht allocates tens of thousands of long-lived
objects, and the cyclic collector would traverse them again and again while
they load (about 20 ms of a command that takes 120). So the collector waits
while the command loads, then what was loaded is frozen (never traversed
again) and collection resumes: the live timer, which runs for minutes,
still collects its own garbage.

`hht status`, which a shell prompt may run before every prompt, is run
without the CLI at all (hht/cli/status_line.py), and answered from its cache
while nothing it depends on has changed (hht/cli/status_cache.py).

At the end, the interpreter's own teardown frees every module and object one
by one, which the operating system does at once when the process ends. So a
command that succeeded ends there (see `end_now`).
"""

import gc
import sys


def main() -> None:
    from hht import stdio

    refusal = stdio.prepare()  # closed or odd streams, an unencodable locale, a huge COLUMNS
    if refusal:
        print(f"hht: {refusal}", file=sys.stderr)
        sys.exit(2 if "argument" in refusal else 1)
    if "status" in sys.argv[1:]:  # `hht status` runs before the CLI is loaded: a prompt waits for it
        from hht.cli.status_cache import fast

        gc.disable()  # a short read: nothing to collect before it exits
        answered = fast(sys.argv[1:])
        code = stdio.finish(answered) if answered is not None else None
        if code == 0:
            end_now()
        if code is not None:
            sys.exit(code)
        gc.enable()
    gc.disable()
    try:
        from hht.cli.app import main as run
    finally:
        gc.freeze()
        gc.enable()
    try:
        run()
    except SystemExit as exc:
        if exc.code in (0, None):
            end_now()
        raise
    end_now()


def end_now() -> None:
    """End a command that succeeded at once, without the interpreter's teardown.

    By then everything is written: a command closes its database and files
    before it returns (every write is a committed transaction), and the
    output streams are flushed here. When anything is still to be done at
    exit (a thread still running, an exit handler registered) or a stream
    cannot be flushed, this returns and the usual exit follows.
    """
    import atexit
    import os

    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    if getattr(atexit, "_ncallbacks", lambda: 1)():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(0)
