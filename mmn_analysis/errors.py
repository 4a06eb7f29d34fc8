"""One error type for refused input and failed file access: it says where (file, row, column) and what was expected."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, shown on one line: ``file, row N, column 'x': message (expected ...)``."""

    file: str
    message: str
    row: int | None = None  # 1-based record number in the file (the header is row 1)
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
        return printable(text)


class InputError(Exception):
    """Input the build refuses, or a file it cannot read or write; carries every problem found, each with its place.

    ``untouched`` says whether data/processed/ is still exactly as it was (it always is, except after a
    failure half-way through the file-by-file fallback of the publish step).
    """

    def __init__(self, problems: list[Problem] | Problem, *, untouched: bool = True):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.untouched = untouched
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [str(p) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"... and {len(self.problems) - MAX_SHOWN} more problems")
        return "\n".join(lines)


#: Problems shown at most, so that a file broken on every row still gives a readable answer.
MAX_SHOWN = 50

#: What an OS error means for a reader, by errno; anything else is shown as the system says it.
OS_REASONS = {
    errno.ENOENT: "does not exist",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EFBIG: "file too large for the file-size limit (see ulimit -f)",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error",
    errno.EMFILE: "too many open files",
    errno.ENXIO: "no such device",
    errno.EBUSY: "busy",
    errno.ETXTBSY: "busy",
    errno.ENOTEMPTY: "folder not empty",
}


def os_problem(error: OSError, shown: str, doing: str) -> Problem:
    """A problem from an OS error: ``shown: cannot <doing>: <reason>``."""
    reason = OS_REASONS.get(error.errno or 0) or error.strerror or error.__class__.__name__
    return Problem(shown, f"cannot {doing}: {reason}")


def printable(text: str) -> str:
    """Text safe to show on one terminal line: control, format (bidi, zero-width) and separator characters escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as a reader should see it: relative to the project root when inside it, else as given."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return p.as_posix()
