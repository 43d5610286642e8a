"""An editable copy of a protocol for a physio (`hht protocol init`): the
same rules under a new name and version, with a comment on every key."""

from __future__ import annotations

import re

from hht.rules.protocol.load import parse
from hht.rules.protocol.model import Protocol
from hht.rules.protocol.schema import key_help

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?\s*$")
_KEY = re.compile(r"^([A-Za-z0-9_]+)\s*=")


def annotated(text: str) -> str:
    """The TOML text with a comment above the first use of each key in each
    table, saying what the key means (hht/rules/protocol/schema.py); the
    comments already there are kept."""
    helps = key_help()
    out: list[str] = []
    table = ""
    said: set[tuple[str, str]] = set()
    inside = False  # within a multi-line string
    for line in text.splitlines():
        if not inside:
            header = _HEADER.match(line)
            key = _KEY.match(line)
            if header:
                table = header.group(1)
            elif key and (table, key.group(1)) in helps and (table, key.group(1)) not in said:
                said.add((table, key.group(1)))
                out.append(f"# {key.group(1)}: {helps[(table, key.group(1))]}")
        if line.count('"""') % 2 == 1:
            inside = not inside
        out.append(line)
    return "\n".join(out) + "\n"


def editable_copy(text: str, based_on: Protocol, name: str) -> str:
    """`text` (the protocol `based_on`) under the new `name`, version 1.0.0,
    with a comment on every key. The result is a valid protocol."""
    intro = (
        f"# {name}: a protocol of your own, copied from {based_on.name} {based_on.version} by "
        "`hht protocol init`.\n# Change the rules, raise the version, check it with `hht protocol "
        f"check FILE`, and adopt it with `hht protocol use FILE`.\n\n"
    )
    head = text.index("[protocol]")
    body = text[head:]
    body = re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', body, count=1)
    body = re.sub(r'(?m)^version = ".*"$', 'version = "1.0.0"', body, count=1)
    copy = intro + annotated(body)
    parse(copy, name)  # what is written must be a valid protocol
    return copy
