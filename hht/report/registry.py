"""The report formats. Each names itself once; `--format` is derived from this list.

Light to import: a format's renderer module is imported only when it renders.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportFormat:
    name: str
    suffix: str
    summary: str
    module: str  # holds `render(report: dict) -> str`

    def render(self, report: dict[str, Any]) -> str:
        return importlib.import_module(self.module).render(report)

    def write(self, report: dict[str, Any], handle: Any, pretty: bool = False) -> None:
        """Write the report to handle: streamed where the format can (JSON, FHIR), else rendered whole."""
        module = importlib.import_module(self.module)
        if hasattr(module, "write"):
            module.write(report, handle, pretty=pretty)
        else:
            handle.write(module.render(report))


FORMATS = (
    ReportFormat("md", ".md", "Markdown tables that paste into an email", "hht.report.markdown"),
    ReportFormat("html", ".html", "one self-contained page with charts; prints to A4", "hht.report.html"),
    ReportFormat("json", ".json", "everything, structured, for other tools", "hht.report.jsonfmt"),
    ReportFormat(
        "csv", ".csv", "one row per logged day: every rating, the plan's stage and run week", "hht.report.csvfmt"
    ),
    ReportFormat("fhir", ".json", "a FHIR R4 Bundle of Observations (LOINC 72514-3 pain scores)", "hht.report.fhir"),
)
BY_NAME = {f.name: f for f in FORMATS}
NAMES = tuple(BY_NAME)
