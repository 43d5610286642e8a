"""Export and import: everything hht holds as one JSON document, and back.

The Store owns the SQL; this module owns the document's format, and the rules
an imported row must meet are in hht/store/row_rules.py. Every row is checked
before anything is written; a refused import names the table, the row and
the problem (the first ten, and how many more), and writes nothing.
`hht check` applies the same rules to a database.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from hht.store.row_rules import column_problems, row_problems, show

if TYPE_CHECKING:
    from hht.rules.protocol.model import Protocol
    from hht.store.store import Store

FORMAT = "hht-export"
FORMAT_VERSION = 1
SHOWN = 10  # problems named in one refusal


class InvalidExport(ValueError):
    """An export file hht cannot restore; the message says why."""


# Tables an export leaves out while they are empty, so that a runner who uses
# neither gets the export an earlier hht wrote.
LEFT_OUT_WHILE_EMPTY = ("protocol_uses", "outcomes")


def export(store: Store) -> dict[str, Any]:
    """Every exported table's rows, verbatim, in a stable order. The protocols
    adopted are left out while there are none (the shipped default applies),
    and so are the outcome measures while none is taken."""
    from hht.store.schema import SCHEMA_VERSION

    with store.snapshot():
        tables = {name: store.rows(name, order) for name, order in store.tables()}
    for name in LEFT_OUT_WHILE_EMPTY:
        if not tables.get(name, True):
            del tables[name]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION, "tables": tables}


def import_document(store: Store, document: Any, protocol: Protocol | None, today: date) -> dict[str, int]:
    """Restore an export into this empty database; call inside store.write().

    Raises InvalidExport, naming every problem (the first ten), before
    anything is written. Returns the number of rows per table.
    """
    tables = check_document(store, document)
    problems = row_problems(tables, protocol, today)
    if problems:
        raise InvalidExport(summarise(problems))
    store.require_empty()
    import sqlite3

    try:
        store.restore(tables)
    except sqlite3.IntegrityError as exc:  # a rule of the schema the checks above missed
        raise InvalidExport(f"a row breaks a rule of the database ({exc})") from None
    counts = {name: len(tables.get(name, [])) for name, _ in store.tables()}
    for name in LEFT_OUT_WHILE_EMPTY:  # as export leaves them out
        if not counts.get(name, 1):
            del counts[name]
    return counts


def summarise(problems: list[str]) -> str:
    """The problems, one a line: the first ten, and how many more."""
    if len(problems) == 1:
        return problems[0]
    lines = "".join(f"\n  - {p}" for p in problems[:SHOWN])
    more = len(problems) - SHOWN
    return f"{len(problems)} problems:{lines}" + (f"\n  and {more} more" if more > 0 else "")


def check_document(store: Store, document: Any) -> dict[str, list[dict[str, Any]]]:
    """The document's tables, once its envelope and every row's columns and types are right."""
    from hht.store.schema import SCHEMA_VERSION

    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidExport(f'it is not an hht export (it lacks "format": "{FORMAT}")')
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidExport(
            f"its format_version is {show(document.get('format_version'))}; this hht reads {FORMAT_VERSION}"
        )
    schema = document.get("schema_version")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise InvalidExport("its schema_version is missing or not a positive whole number")
    if schema > SCHEMA_VERSION:
        raise InvalidExport(
            f"a newer hht wrote it (schema {schema}; this one knows up to {SCHEMA_VERSION}): upgrade hht first"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InvalidExport('it has no "tables" object')
    known = dict(store.tables())
    problems: list[str] = []
    for name, rows in tables.items():
        if name not in known:
            raise InvalidExport(f"it holds a table hht does not know: {show(name)}")
        if not isinstance(rows, list):
            raise InvalidExport(f"its {name} is not a list of rows")
        columns = store.columns(name)
        for number, row in enumerate(rows, start=1):
            problems += column_problems(name, number, row, columns)
    if problems:
        raise InvalidExport(summarise(problems))
    return tables


# -- hht check ---------------------------------------------------------------


def check_store(store: Store, protocol: Protocol | None, today: date) -> list[str]:
    """What is wrong with this database: SQLite's integrity check, then every
    row against the rules import applies. Empty when all is well."""
    problems = store.integrity_problems()
    if problems:
        return problems
    document = export(store)
    try:
        tables = check_document(store, document)
    except InvalidExport as exc:
        return [str(exc)]
    return row_problems(tables, protocol, today)


def row_counts(counts: dict[str, int]) -> str:
    """'profile (0 rows), entries (1 row)': what an export or import moved."""
    return ", ".join(f"{name} ({n} row{'' if n == 1 else 's'})" for name, n in counts.items())
