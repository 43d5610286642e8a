"""Untrusted XML (GPX and TCX come from outside): parsed through defusedxml,
which refuses a document type and every entity declaration, so that no
entity can expand to gigabytes or reach a file or the network."""

from __future__ import annotations

from typing import Any

from hht.activity.errors import RunFileError


def text_of(data: bytes, name: str) -> str:
    """The file's text: UTF-8 (or UTF-16 with its byte order mark), leading blank space dropped
    (some exports put a line break before the XML declaration)."""
    try:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RunFileError(f"{name} is not UTF-8 text, as a GPX or TCX file is.") from None
    return text.lstrip()


def parse(text: str, name: str) -> Any:
    """The root element, or one sentence on why the XML cannot be used."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise RunFileError(
            f"{name} declares a document type or XML entities, which hht refuses in an activity file "
            "(an entity can expand to gigabytes or reach other files)."
        ) from None
    except ParseError as exc:
        where = f" (line {exc.position[0]})" if getattr(exc, "position", None) else ""
        raise RunFileError(f"{name} is not well-formed XML{where}: damaged or truncated.") from None
    except (ValueError, RecursionError):
        raise RunFileError(f"{name} is XML hht cannot read.") from None


def local(tag: Any) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
