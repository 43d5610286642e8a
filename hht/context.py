"""What every command needs: where the database is and which protocol is active."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from hht import protocol as protocols
from hht import storage
from hht.protocol import Protocol


class Context(NamedTuple):
    db_option: str | None = None
    protocol_option: str | None = None
    debug: bool = False

    @property
    def db_path(self) -> Path:
        return storage.resolve_path(self.db_option)

    def protocol(self) -> Protocol:
        chosen = self.protocol_option or os.environ.get("HHT_PROTOCOL")
        return protocols.load(chosen) if chosen else protocols.load()

    def store(self, *, create: bool = True) -> storage.Store:
        return storage.open_store(self.db_path, create=create)
