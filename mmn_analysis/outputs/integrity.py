"""The tables checked against their own schema before anything is written: the build's last guard.

The raw inputs are verified cell by cell, but a route through them that nobody foresaw must still not
publish a data package that fails its own constraints (``frictionless validate`` would): required cells
filled, values in their vocabulary or pattern, primary keys unique, foreign keys resolved. A violation is
named by the table, row and column it would have had; the raw row behind it is the one to fix.
"""

from __future__ import annotations

import re

from ..errors import Problem
from .schema import TABLE_ORDER, TABLES

Record = dict[str, object]
FIX = "a table its own schema accepts: fix the raw row it comes from"


def _blank(value: object) -> bool:
    return value is None or value == ""


def problems(tables: dict[str, list[Record]]) -> list[Problem]:
    """Every way the tables break their schema (an empty list when they keep it)."""
    found: list[Problem] = []
    keys: dict[str, dict[tuple, int]] = {}
    for name in TABLE_ORDER:
        t, shown = TABLES[name], f"data/processed/{name}.csv"
        checks = [
            (f.name, f.required, set(f.enum or ()), re.compile(f.pattern, re.ASCII) if f.pattern else None)
            for f in t.fields
            if f.required or f.enum or f.pattern
        ]
        seen: dict[tuple, int] = {}
        for row, r in enumerate(tables[name], start=2):
            for column, required, enum, pattern in checks:
                value = r.get(column)
                if _blank(value):
                    if required:
                        found.append(Problem(shown, "would be blank; the column is required", row, column, FIX))
                elif enum and value not in enum:
                    found.append(Problem(shown, f"{value!r} is not an allowed value", row, column, FIX))
                elif pattern and not pattern.search(str(value)):
                    found.append(Problem(shown, f"{value!r} does not match {pattern.pattern}", row, column, FIX))
            key = tuple(r.get(c) for c in t.primary_key)
            if key in seen:
                found.append(
                    Problem(shown, f"would repeat the key {key} of row {seen[key]}", row, t.primary_key[0], FIX)
                )
            else:
                seen[key] = row
        keys[name] = seen
    for name in TABLE_ORDER:
        t, shown = TABLES[name], f"data/processed/{name}.csv"
        for fields, target, target_fields in t.foreign_keys:
            allowed = (
                set(keys[target])
                if target_fields == TABLES[target].primary_key
                else {tuple(r.get(c) for c in target_fields) for r in tables[target]}
            )
            for row, r in enumerate(tables[name], start=2):
                value = tuple(r.get(c) for c in fields)
                if not all(_blank(v) for v in value) and value not in allowed:
                    found.append(
                        Problem(shown, f"{value} is not a {', '.join(target_fields)} of {target}", row, fields[0], FIX)
                    )
    return found
