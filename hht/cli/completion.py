"""What shell completion offers for values (typer's own completion does
command names and options). Only called when the shell asks.

Typer 0.28's shell scripts print the values they are given as they are, so
a file completion from click would complete to the typed text itself. For a
path, offering nothing makes each shell fall back to its own file
completion: bash through `complete -o default`, zsh through `_files`, fish
when the condition finds no values.
"""

from __future__ import annotations


def paths(incomplete: str) -> list[str]:
    """A file path: let the shell complete it."""
    return []


def report_formats(incomplete: str) -> list[tuple[str, str]]:
    """`--format` values, from the report registry, with their summaries."""
    from hht.report.registry import FORMATS

    return [(f.name, f.summary) for f in FORMATS if f.name.startswith(incomplete)]
