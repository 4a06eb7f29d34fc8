"""One error type for bad input: it says where (file, row, column) and what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    message: str
    row: int | None = None  # 1-based line number in the file (the header is line 1)
    column: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class InputError(Exception):
    """Raised when raw input is malformed; carries every problem found, each with its place."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the raw input:"
        lines = [head] + [f"  - {p}" for p in self.problems[:50]]
        if n > 50:
            lines.append(f"  ... and {n - 50} more")
        return "\n".join(lines)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as a reader should see it: relative to the project root, never a machine path."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.name if p.is_absolute() else p.as_posix()
