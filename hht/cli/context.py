"""What every command needs: where the database is and which protocol applies."""

# Annotations are evaluated, not postponed: a NamedTuple turns each postponed one
# into a ForwardRef, which doubles the cost of defining it at start-up.

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hht.rules.protocol import load as protocols
from hht.rules.protocol.model import Protocol
from hht.store.location import resolve_path
from hht.store.opening import open_store
from hht.store.store import Store

if TYPE_CHECKING:
    from hht.rules.adoption import Timeline


class Context(NamedTuple):
    db_option: str | None = None
    protocol_option: str | None = None
    debug: bool = False

    @property
    def db_path(self) -> Path:
        return resolve_path(self.db_option)

    @property
    def preview(self) -> str | None:
        """`--protocol` or $HHT_PROTOCOL: a what-if protocol for every day, recorded nowhere."""
        return self.protocol_option or os.environ.get("HHT_PROTOCOL")

    def previewed(self) -> "Timeline | None":
        """The what-if protocol, loaded (a broken one stops the command here), or None."""
        from hht.rules.adoption import Timeline

        chosen = self.preview
        return Timeline(protocols.load(chosen)) if chosen else None

    def timeline(self, store: Store | None = None) -> "Timeline":
        """Which protocol applies when: the what-if protocol for every day; else
        the protocols adopted (`hht protocol use`), each from its day; else the
        shipped default."""
        from hht.rules.adoption import Timeline, timeline

        preview = self.previewed()
        if preview is not None:
            return preview
        if store is None:
            if not self.db_path.is_file():
                return Timeline(protocols.load())
            with self.reader() as opened:
                return self.timeline(opened)
        uses = store.protocol_uses()
        return timeline(uses) if uses else Timeline(protocols.load())

    def protocol(self, on: date | None = None) -> Protocol:
        """The protocol in force on `on` (default today)."""
        from hht.cli import dates

        return self.timeline().at(on or dates.today())

    def reader(self) -> Store:
        """The database for a command that only reads: never created, upgraded or written."""
        return open_store(self.db_path, create=False, write=False)

    def store(self, *, create: bool = True) -> Store:
        """The database for a command that writes: created if asked, and upgraded
        if an upgrade awaits, which is said on stderr (even if it then fails)."""
        notices: list[str] = []
        try:
            return open_store(self.db_path, create=create, notices=notices)
        finally:
            from hht.term.console import say

            for notice in notices:
                say(f"hht: {notice}", err=True)
