"""The build: read and verify data/raw, make the tables, and publish them in data/processed without a gap.

Nothing is written until every input has been verified and every output rendered in memory, and a
build whose outputs equal what data/processed holds writes nothing at all. Otherwise, holding an
exclusive lock on data/.processed.lock (two builds take turns; the second finds the work done):

1. folders left by killed builds (``data/.processed-*``) are removed;
2. the new files are written and flushed to disk in a fresh folder beside data/processed, with hard
   links to whatever else data/processed holds (a file the build does not produce is kept, and the
   command line names it);
3. that folder and data/processed swap places in one step (Linux ``renameat2`` with
   ``RENAME_EXCHANGE``), so a reader sees the old tables or the new ones, never none; then the
   folder holding the old ones is removed.

Where that exchange is not available (another system, a file system without it) the files are
replaced one by one with ``os.replace``: each file is whole at every moment, but for an instant the
folder may hold some new files beside old ones. A build killed at any point leaves data/processed
complete, and the next build removes what the killed one left behind.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..audit.coverage import Mention, audit, coverage_records
from ..audit.factcheck import METHODS, fact_check_records
from ..errors import InputError, Problem, display_path, os_problem
from ..inputs import references
from ..inputs.csvio import read_bytes
from ..inputs.editorial import read_editorial
from ..inputs.register import read_register, verify_register
from ..inputs.report import Report, load_report
from ..paths import PROCESSED, RAW, REPORT_FILE, ROOT
from . import integrity
from .tidy import Inputs, build_tables
from .writers import render

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not serialised
    fcntl = None  # type: ignore[assignment]

#: The chapters the coverage audit must find fully accounted for.
AUDITED_CHAPTERS = ("overview",)
AT_FDCWD = -100
RENAME_EXCHANGE = 2


@dataclass
class Result:
    report: Report
    inputs: Inputs
    tables: dict[str, list[dict[str, object]]]
    mentions: list[Mention]
    files: dict[str, bytes]


def read_inputs(raw: Path = RAW) -> tuple[Report, Inputs]:
    """Read and verify every raw input; raise InputError listing every problem found."""
    try:
        return _read_inputs(raw)
    except OSError as e:  # a fault no reader named: say which file
        where = display_path(e.filename, ROOT) if e.filename else display_path(raw, ROOT)
        raise InputError(os_problem(e, where, "read it")) from None


def _read_inputs(raw: Path) -> tuple[Report, Inputs]:
    read_bytes(raw / REPORT_FILE, f"data/raw/{REPORT_FILE}")  # refuse a folder, pipe or over-large file first
    _check_folder(raw / "register", "data/raw/register/")
    report = load_report(raw)
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    steps = {
        "figures": lambda: verify_register(report, read_register(raw)),
        "footnotes": lambda: references.read_footnotes(raw, report),
        "members": lambda: references.read_members(raw, report),
        "calendar": lambda: references.read_calendar(raw, report),
        "acronyms": lambda: references.read_acronyms(report),
        # after the register and the calendar: the ids editorial rows name come from them when they were read
        "editorial": lambda: read_editorial(raw, report, METHODS, parts.get("figures"), parts.get("calendar")),
    }
    for name, step in steps.items():
        try:
            parts[name] = step()
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return report, Inputs(**parts)  # type: ignore[arg-type]


def _check_folder(path: Path, shown: str) -> None:
    """Refuse a folder that is a file or cannot be read (listing it would otherwise find nothing, silently)."""
    try:
        os.listdir(path)
    except FileNotFoundError:
        pass  # its reader names what is missing
    except NotADirectoryError:
        raise InputError(Problem(shown, "is a file", expected="a folder of CSV files")) from None
    except OSError as e:
        raise InputError(os_problem(e, shown, "read it")) from None


def make(raw: Path = RAW) -> Result:
    """Everything the build produces, in memory."""
    report, inputs = read_inputs(raw)
    tables = build_tables(inputs)
    tables["fact_checks"] = fact_check_records(tables, report, inputs.editorial)
    mentions = audit(report, inputs)
    tables["coverage"] = coverage_records(mentions)
    broken = integrity.problems(tables)
    if broken:
        raise InputError(broken)
    return Result(report, inputs, tables, mentions, render(tables))


def _listing(processed: Path) -> list[str]:
    """The names in ``processed`` (none if it does not exist yet)."""
    try:
        return sorted(os.listdir(processed))
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise InputError(Problem(display_path(processed, ROOT), "is a file", expected="a folder")) from None
    except OSError as e:
        raise InputError(os_problem(e, display_path(processed, ROOT), "list it")) from None


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(path, "rb") as f:
            return f.read(len(data) + 1) == data
    except OSError:
        return False


def differences(files: dict[str, bytes], processed: Path = PROCESSED) -> list[str]:
    """Names of the files a build would add to ``processed`` or change in it."""
    present = set(_listing(processed))
    return [name for name, data in sorted(files.items()) if name not in present or not _holds(processed / name, data)]


def foreign(files: dict[str, bytes], processed: Path = PROCESSED) -> list[str]:
    """Names in ``processed`` that the build does not produce: a build keeps them, ``check`` reports them."""
    return [name for name in _listing(processed) if name not in files]


def write(files: dict[str, bytes], processed: Path = PROCESSED) -> list[str]:
    """Publish ``files`` in ``processed`` without a gap; return the names added or changed (none: nothing written).

    A symbolic link to a folder is followed: the tables are published in the folder it points to.
    """
    target = Path(os.path.realpath(processed))
    if not differences(files, target):
        _tidy(target)
        return []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(os_problem(e, display_path(target.parent, ROOT), "create the folder")) from None
    with _locked(target):
        _remove_stale(target)
        changed = differences(files, target)  # a build that held the lock before this one may have published them
        if changed:
            _publish(files, target)
    return changed


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the exclusive build lock beside ``target``; released when the process ends, however it ends."""
    path = target.parent / f".{target.name}.lock"
    shown = display_path(path, ROOT)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise InputError(os_problem(e, shown, "create the build's lock file")) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as e:
                raise InputError(os_problem(e, shown, "lock it")) from None
        yield
    finally:
        os.close(fd)


def _stale_prefix(target: Path) -> str:
    return f".{target.name}-"


def _remove_stale(target: Path) -> None:
    """Remove the folders of builds that were killed (safe: only a lock holder creates them)."""
    prefix = _stale_prefix(target)
    for name in _listing(target.parent):
        if name.startswith(prefix):
            _discard(target.parent / name)


def _tidy(target: Path) -> None:
    """Remove what killed builds left beside ``target``, where there is any and the folder is writable."""
    prefix = _stale_prefix(target)
    try:
        if not any(name.startswith(prefix) for name in _listing(target.parent)):
            return
        with _locked(target):
            _remove_stale(target)
    except InputError:
        pass  # a read-only folder: nothing needed writing, and the leftovers are harmless


def _publish(files: dict[str, bytes], target: Path) -> None:
    shown = display_path(target, ROOT)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_stale_prefix(target) + "staging-", dir=target.parent))
    except OSError as e:
        raise InputError(os_problem(e, display_path(target.parent, ROOT), f"create a folder beside {shown}")) from None
    try:
        for name, data in files.items():
            _write_file(staging / name, data, f"{shown}/{name}")
        present = os.path.lexists(target)
        if present:
            _carry_foreign(files, target, staging)
        os.chmod(staging, 0o755)
        _fsync_dir(staging)
        if not present:
            os.rename(staging, target)
            _fsync_dir(target.parent)
            return
        exchanged = _exchange(staging, target)
    except OSError as e:
        _discard(staging)
        raise InputError(os_problem(e, shown, "publish the new tables")) from None
    except BaseException:
        _discard(staging)
        raise
    if not exchanged:
        _replace_each(files, staging, target)
        return
    _fsync_dir(target.parent)
    with suppress(InputError, OSError):  # the tables are published; what stays behind, the next build removes
        if _move_late_arrivals(files, staging, target):
            _discard(staging)  # it now holds the previous tables


def _write_file(path: Path, data: bytes, shown: str) -> None:
    """Write a new file and flush it to disk; an OS fault (EFBIG, ENOSPC ...) names the file it was for."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.fchmod(fd, 0o644)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        raise InputError(os_problem(e, shown, "write it")) from None


def _carry_foreign(files: dict[str, bytes], target: Path, staging: Path) -> None:
    """Hard-link into ``staging`` everything in ``target`` that the build does not produce, so it stays."""
    for name in foreign(files, target):
        src, dst = target / name, staging / name
        try:
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            elif os.path.isdir(src):
                shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
            elif os.path.isfile(src):
                _link_or_copy(src, dst)
            # anything else (a pipe, a socket) is moved across after the swap
        except OSError as e:
            raise InputError(os_problem(e, f"{display_path(target, ROOT)}/{name}", "keep it")) from None


def _link_or_copy(src: str | Path, dst: str | Path) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _move_late_arrivals(files: dict[str, bytes], old: Path, target: Path) -> bool:
    """Move into ``target`` what was put in the old folder after it was staged; False if something stayed behind."""
    moved_all = True
    for name in _listing(old):
        if name not in files and not os.path.lexists(target / name):
            try:
                os.rename(old / name, target / name)
            except OSError:
                moved_all = False
    return moved_all


def _replace_each(files: dict[str, bytes], staging: Path, target: Path) -> None:
    """The fallback: replace the files one by one (each atomically), then remove the staging folder."""
    shown = display_path(target, ROOT)
    for i, name in enumerate(sorted(files)):
        try:
            os.replace(staging / name, target / name)
        except OSError as e:
            _discard(staging)
            raise InputError(os_problem(e, f"{shown}/{name}", "replace it"), untouched=i == 0) from None
    _fsync_dir(target)
    _discard(staging)


@functools.cache
def _renameat2():
    """libc's renameat2, or None where there is none (not Linux, an old C library)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directory entries in one step; False where the system or file system cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (where the file system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(path: Path) -> None:
    """Remove a folder (or file or link) the build made; what cannot be removed now, the next build removes."""
    if os.path.islink(path) or os.path.isfile(path):
        with suppress(OSError):
            os.unlink(path)
    else:
        shutil.rmtree(path, ignore_errors=True)
