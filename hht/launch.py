"""The `hht` console entry point: start-up without wasted garbage collection.

Importing typer, rich and hht allocates tens of thousands of long-lived
objects, and the cyclic collector would traverse them again and again while
they load (about 20 ms of a command that takes 120). So the collector waits
while the command loads, then what was loaded is frozen (never traversed
again) and collection resumes: the live timer, which runs for minutes,
still collects its own garbage.

`hht status`, which a shell prompt may run before every prompt, is run
without the CLI at all (hht/statusline.py).
"""

import gc
import sys


def main() -> None:
    if "status" in sys.argv[1:]:  # `hht status` runs before the CLI is loaded: a prompt waits for it
        from hht.statusline import fast

        gc.disable()  # a short read: nothing to collect before it exits
        code = fast(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        gc.enable()
    gc.disable()
    try:
        from hht.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    run()
