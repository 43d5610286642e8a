"""The report as JSON: the model itself, compact (or indented with --pretty)."""

import io
from typing import Any, TextIO

from hht import jsonout


def write(report: dict[str, Any], handle: TextIO, pretty: bool = False) -> None:
    jsonout.write(report, handle, pretty=pretty)


def render(report: dict[str, Any]) -> str:
    out = io.StringIO()
    write(report, out)
    return out.getvalue()
