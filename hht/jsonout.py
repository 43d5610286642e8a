"""JSON out, compact and streamed: big lists go out in batches, never as one string.

`json.dumps(indent=...)` falls back to the pure-Python encoder, and one
`dumps` of a ten-year document holds all of it in memory twice. `write`
walks the outer dicts and lists itself and hands the C encoder batches of
items, so memory stays flat and time stays near the encoder's own. `pretty`
indents for people, at the old cost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
from typing import Any, TextIO

BATCH = 256
DEPTH = 4  # how deep the walk goes before one dumps takes the rest


class Raw(str):
    """An item already encoded as compact JSON (a hot path may build its text from a template)."""


class Stream(list):
    """A list that is really an iterable: written item by item, never held whole."""

    def __init__(self, items: Iterable[Any]):
        super().__init__()
        self.items = items

    def __iter__(self):
        return iter(self.items)


def write(value: Any, handle: TextIO, *, pretty: bool = False, sort_keys: bool = False) -> None:
    """Write value as JSON and a newline: compact by default, indented with `pretty`.
    To a stream whose encoding cannot hold every character, as `encodable` writes."""
    if not _holds_all(handle):
        handle = _Escaping(handle)  # type: ignore[assignment]
    if pretty:
        if isinstance(value, dict):
            value = _materialise(value)
        handle.write(json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n")
        return
    _compact(value, handle, sort_keys, 0)
    handle.write("\n")


def _materialise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _materialise(v) for k, v in value.items()}
    if isinstance(value, Stream):
        return [_materialise(v) for v in value]
    if isinstance(value, Raw):
        return json.loads(value)
    return value


def _dumps(value: Any, sort_keys: bool) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)


def _compact(value: Any, handle: TextIO, sort_keys: bool, depth: int) -> None:
    if isinstance(value, dict) and depth < DEPTH:
        handle.write("{")
        items = sorted(value.items()) if sort_keys else value.items()
        for i, (key, item) in enumerate(items):
            handle.write(("," if i else "") + _dumps(str(key), False) + ":")
            _compact(item, handle, sort_keys, depth + 1)
        handle.write("}")
    elif isinstance(value, list) and (isinstance(value, Stream) or len(value) > BATCH) and depth < DEPTH:
        handle.write("[")
        rest = iter(value)
        first = True
        while batch := list(islice(rest, BATCH)):
            if any(isinstance(item, Raw) for item in batch):
                text = ",".join(
                    item if isinstance(item, Raw) else _dumps(_materialise(item), sort_keys) for item in batch
                )
            else:
                text = _dumps(batch, sort_keys)[1:-1]
            handle.write(("" if first else ",") + text)
            first = False
        handle.write("]")
    else:
        handle.write(_dumps(_materialise(value), sort_keys))


_UNICODE = ("utf-8", "utf8", "utf-16", "utf-32", "gb18030")


def _holds_all(stream: Any) -> bool:
    """Whether the stream's encoding can hold every character (UTF-8 and its kin)."""
    import codecs

    try:
        name = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return False
    return name.startswith(_UNICODE)


def encodable(text: str, stream: Any) -> str:
    """JSON text as `stream` can carry it whole: where its encoding cannot hold
    every character (ASCII under `LC_ALL=C`), each character outside ASCII
    becomes a \\u escape, which JSON reads back as the same character (outside
    ASCII, JSON text holds characters only inside its strings)."""
    if text.isascii() or _holds_all(stream):
        return text
    return "".join(c if c.isascii() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class _Escaping:
    """A text stream whose writes are `encodable` JSON."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(encodable(text, self._stream))
