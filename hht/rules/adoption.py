"""Which protocol applies when: the protocols a runner adopted, each from its day.

`hht protocol use NAME|FILE --from DAY` records a copy of the protocol's
file with the day it applies from (hht/store/store.py, `protocol_uses`). The
walk (hht/rules/walk.py) applies the first from the start and each later one from
its day, so the past keeps the rules it was lived under. The copy, not the
file, is what applies: a file edited after it was adopted is noticed (its
text differs from the copy) and said once, never silently re-applied.
"""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hht.rules.protocol import load as protocols
from hht.rules.timeline import ProtocolChange, Timeline

if TYPE_CHECKING:
    from hht.rules.records import ProtocolUse

SHIPPED_DEFAULT_REASON = "the protocol in force before the first change (the shipped default)"


def label(use: "ProtocolUse") -> str:
    return f"the copy of {use.name} {use.version} adopted from {use.from_date}"


def timeline(uses: Sequence["ProtocolUse"]) -> Timeline:
    """The timeline of the stored uses (oldest first): each applies its stored copy."""
    parsed = [protocols.parse(u.content, label(u)) for u in uses]
    first, *rest = parsed
    changes = tuple(ProtocolChange(u.from_date, p, u.reason, u.start_stage) for u, p in zip(uses[1:], rest))
    return Timeline(first, changes)


def source_text(source: str) -> str | None:
    """What the protocol a use was adopted from reads now: a shipped protocol by
    name, or a file; None if it can no longer be read."""
    from hht.files import read_text_or_none

    return read_text_or_none(protocols.find(source))  # a regular file, bounded: a FIFO never hangs hht


def edits(uses: Sequence["ProtocolUse"]) -> list[tuple["ProtocolUse", str]]:
    """The uses whose source now reads differently from the copy adopted, not yet
    said: (use, the source's text now)."""
    out = []
    for use in uses:
        now = source_text(use.source)
        if now is not None and now != use.content and now != use.noticed:
            out.append((use, now))
    return out


def edit_notice(use: "ProtocolUse") -> str:
    from hht.inputs import shown

    return (
        f"{shown(use.source)} has changed since {use.name} {use.version} was adopted from {use.from_date}: hht "
        f"keeps applying the copy adopted then. To apply the edited file, run `hht protocol use "
        f"{shown(use.source)} --from DAY` (the days before DAY keep their rules)."
    )


def source_of(name_or_path: str) -> str:
    """How a use records where its protocol came from: a shipped name, or the file's full path."""
    if protocols.find(name_or_path) != Path(name_or_path):
        return name_or_path
    return str(Path(name_or_path).expanduser().resolve())
