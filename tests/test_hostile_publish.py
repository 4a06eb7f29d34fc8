"""The publish step under kills, interrupts, races and file-system faults.

After any of them data/processed holds a complete set of tables, the old or the new (never none,
never half a file), a refusal is one line per problem with exit 2, and the next build recovers
and removes what an interrupted one left behind.
"""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from hostile import (
    Child,
    assert_clean_refusal,
    digest,
    file_size_limit,
    leftovers,
    run_cli,
    run_with_signal,
    without_permission_override,
)

from mmn_analysis.cli import main
from mmn_analysis.outputs.build import make
from mmn_analysis.paths import RAW

FOREIGN = "my notes.txt"


def edit_a_note(raw) -> None:
    path = raw / "register" / "overview.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("note")] = "Edited by a test."
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def edited_tables(tmp_path_factory) -> dict[str, str]:
    """The digest of every table a build of the edited inputs publishes, computed once for the module."""
    raw = tmp_path_factory.mktemp("edited") / "raw"
    shutil.copytree(RAW, raw)
    edit_a_note(raw)
    return digest(make(raw).files)


@pytest.fixture()
def change(workspace, snapshot, edited_tables):
    """A workspace whose raw inputs differ from its processed tables (a note edited), with a file of the user's
    in processed; gives (raw, processed, old digest, new digest)."""
    raw, processed = workspace
    edit_a_note(raw)
    (processed / FOREIGN).write_text("mine", encoding="utf-8")
    new = dict(edited_tables, **{FOREIGN: snapshot(processed)[FOREIGN]})
    return raw, processed, snapshot(processed), new


def cli_args(raw, processed) -> list[str]:
    return ["--raw", str(raw), "--processed", str(processed), "build"]


def recovers(raw, processed, snapshot, new) -> None:
    """The next build succeeds, publishes the new tables and removes every leftover."""
    assert main(cli_args(raw, processed)) == 0
    assert snapshot(processed) == new
    assert leftovers(processed) == []


N_FILES = 15  # 13 tables, the workbook, datapackage.json
KILL_POINTS = [
    "_remove_stale:1:before",  # the lock is held, nothing is written yet
    "_write_file:1:after",  # one new file staged
    f"_write_file:{N_FILES}:after",  # every new file staged
    "_carry_foreign:1:after",  # the user's file linked into the staging folder
    "_exchange:1:before",  # everything flushed, not yet swapped
    "_exchange:1:after",  # swapped; the old tables wait in the staging folder
    "_move_late_arrivals:1:after",
    "_discard:1:before",
    "_discard:1:after",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_build_killed_at_any_step_leaves_old_or_new_tables_whole(point, change, snapshot):
    raw, processed, old, new = change
    proc = run_with_signal(point, "SIGKILL", *cli_args(raw, processed))
    assert proc.returncode == -9, proc.stderr
    assert snapshot(processed) in (old, new)
    recovers(raw, processed, snapshot, new)


def test_the_last_file_kill_point_is_the_last_file(real):
    """Each kill test asserts the child died (-9), so a step that never ran would fail it; this pins N_FILES."""
    assert len(real.files) == N_FILES


@pytest.mark.parametrize("point", ["_fsync_dir:1:after", "rename:1:after"])
def test_a_first_build_killed_before_or_after_its_rename_leaves_nothing_or_everything(
    point, change, snapshot, tmp_path
):
    raw, _, _, new = change
    processed = tmp_path / "fresh" / "processed"
    new = {k: v for k, v in new.items() if k != FOREIGN}
    proc = run_with_signal(point, "SIGKILL", *cli_args(raw, processed))
    assert proc.returncode == -9
    assert not processed.exists() or snapshot(processed) == new
    recovers(raw, processed, snapshot, new)


@pytest.mark.parametrize("point", ["replace:1:after", "replace:8:after", "_discard:1:before"])
def test_without_an_atomic_swap_a_killed_build_leaves_every_file_whole(point, change, snapshot):
    raw, processed, old, new = change
    proc = run_with_signal(point, "SIGKILL", *cli_args(raw, processed), atomic_swap=False)
    assert proc.returncode == -9
    now = snapshot(processed)
    assert set(now) == set(old) == set(new)
    assert all(now[name] in (old[name], new[name]) for name in now)
    recovers(raw, processed, snapshot, new)


def test_ctrl_c_while_staging_writes_nothing(change, snapshot):
    raw, processed, old, _ = change
    proc = run_with_signal("_write_file:3:after", "SIGINT", *cli_args(raw, processed))
    assert proc.returncode == 130
    assert proc.stderr == "interrupted: nothing was written: data/processed/ is as it was.\n"
    assert snapshot(processed) == old
    assert leftovers(processed) == []


def test_ctrl_c_just_after_the_swap_says_the_new_tables_are_in(change, snapshot):
    raw, processed, _, new = change
    proc = run_with_signal("_exchange:1:after", "SIGINT", *cli_args(raw, processed))
    assert proc.returncode == 130
    assert proc.stderr == "interrupted: data/processed/ holds the new tables, complete.\n"
    assert snapshot(processed) == new
    assert leftovers(processed) == []


def test_concurrent_builds_take_turns(change, snapshot):
    """Four builds of two different inputs race for the same folder: all succeed, one whole version wins."""
    raw, processed, old, new = change
    unedited = raw.parent / "raw-unedited"
    shutil.copytree(RAW, unedited)
    children = [Child(cli_args(source, processed)) for source in (raw, unedited, raw, unedited)]
    results = [(proc.returncode, proc.stderr) for proc in (c.wait() for c in children)]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert all("Traceback" not in err for _, err in results)
    assert snapshot(processed) in (old, new)
    assert leftovers(processed) == []


def test_a_file_size_limit_is_one_line_and_writes_nothing(change, snapshot):
    raw, processed, old, _ = change
    proc = run_cli(*cli_args(raw, processed), preexec=file_size_limit(100_000))
    assert_clean_refusal(proc, "figures.csv: cannot write it: file too large for the file-size limit (see ulimit -f)")
    assert snapshot(processed) == old
    assert leftovers(processed) == []


def test_a_folder_that_cannot_be_written_is_one_line_and_writes_nothing(change, snapshot):
    raw, processed, old, _ = change
    os.chmod(processed.parent, 0o555)
    try:
        proc = run_cli(*cli_args(raw, processed), preexec=without_permission_override)
    finally:
        os.chmod(processed.parent, 0o755)
    assert_clean_refusal(proc, ".processed.lock: cannot create the build's lock file: permission denied")
    assert snapshot(processed) == old


def test_a_folder_that_cannot_be_written_with_an_old_lock_file_is_one_line(change, snapshot):
    raw, processed, old, _ = change
    (processed.parent / ".processed.lock").touch()
    os.chmod(processed.parent, 0o555)
    try:
        proc = run_cli(*cli_args(raw, processed), preexec=without_permission_override)
    finally:
        os.chmod(processed.parent, 0o755)
    assert_clean_refusal(proc, "cannot create a folder beside", "permission denied")
    assert snapshot(processed) == old


def test_an_unreadable_processed_folder_is_one_line(change, snapshot):
    raw, processed, old, _ = change
    os.chmod(processed, 0o000)
    try:
        proc = run_cli(*cli_args(raw, processed), preexec=without_permission_override)
    finally:
        os.chmod(processed, 0o755)
    assert_clean_refusal(proc, "cannot list it: permission denied")
    assert snapshot(processed) == old


def test_an_unchanged_build_needs_no_write_permission(workspace, snapshot):
    raw, processed = workspace
    before = snapshot(processed)
    os.chmod(processed.parent, 0o555)
    try:
        proc = run_cli(*cli_args(raw, processed), preexec=without_permission_override)
    finally:
        os.chmod(processed.parent, 0o755)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(processed) == before


def test_a_users_file_is_kept_named_and_reported_by_check(change, snapshot, capsys):
    raw, processed, _, new = change
    assert main(cli_args(raw, processed)) == 0
    assert f"warning: data/processed/{FOREIGN} is not produced by the build: kept as it is" in capsys.readouterr().err
    assert snapshot(processed) == new
    assert main(["--raw", str(raw), "--processed", str(processed), "check"]) == 1
    assert f"holds files the build does not produce: {FOREIGN}" in capsys.readouterr().out
