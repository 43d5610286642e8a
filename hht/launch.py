"""The `hht` console entry point: start-up without wasted garbage collection.

Importing typer, rich and hht allocates tens of thousands of long-lived
objects, and the cyclic collector would traverse them again and again while
they load (about 20 ms of a command that takes 120). So the collector waits
while the command loads, then what was loaded is frozen (never traversed
again) and collection resumes: the live timer, which runs for minutes,
still collects its own garbage.
"""

import gc


def main() -> None:
    gc.disable()
    try:
        from hht.cli import main as run
    finally:
        gc.freeze()
        gc.enable()
    run()
