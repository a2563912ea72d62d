"""``ropa import`` writes its registry directory through ``ropa.atomic.create_tree`` (issue 22:
one way to write a file): whole or not at all. An error midway, in the disk or in making a
file's text, leaves neither the target nor a temporary directory behind."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa import atomic
from ropa.cli import app


def _files(n: int, fail_at: int | None = None, exc: BaseException | None = None):
    for i in range(n):
        if i == fail_at:
            raise exc or OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        yield f"activities/a{i}.yaml", f"activities: [{{id: a{i}}}]\n".encode()


def test_a_tree_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "registry"
    written = atomic.create_tree(target, [("registry.yaml", b"registry: {}\n"), *_files(3)])
    assert written == ["registry.yaml", "activities/a0.yaml", "activities/a1.yaml", "activities/a2.yaml"]
    assert (target / "activities" / "a2.yaml").read_bytes() == b"activities: [{id: a2}]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry"]  # no temporary directory left
    assert oct(target.stat().st_mode & 0o777) == oct(0o755)


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"), ValueError("a bug"),
                                 KeyboardInterrupt()])
def test_an_error_midway_leaves_nothing_behind(tmp_path: Path, exc: BaseException) -> None:
    target = tmp_path / "registry"
    with pytest.raises(type(exc)):
        atomic.create_tree(target, _files(50, fail_at=20, exc=exc))
    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_is_never_replaced_unless_empty(tmp_path: Path) -> None:
    target = tmp_path / "registry"
    target.mkdir()
    (target / "keep.yaml").write_text("x: 1\n")
    with pytest.raises(OSError):
        atomic.create_tree(target, _files(2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry"]
    assert [p.name for p in target.iterdir()] == ["keep.yaml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    atomic.create_tree(empty, _files(1))
    assert [p.name for p in (empty / "activities").iterdir()] == ["a0.yaml"]


@pytest.mark.parametrize("rel", ["../escape.yaml", "/etc/x.yaml", "a/../../b.yaml", ""])
def test_a_path_outside_the_directory_is_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError):
        atomic.create_tree(tmp_path / "registry", [("ok.yaml", b"x: 1\n"), (rel, b"x: 2\n")])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rel", ["a/../../b.yaml", "a/..", "a/../..", "a//../../b.yaml", "/a/b.yaml"])
def test_a_path_outside_the_directory_is_refused_after_its_folder_was_written(tmp_path: Path, rel: str) -> None:
    # a folder is checked and made once ("activities/"); what follows in it is checked all the same
    with pytest.raises((ValueError, OSError)):
        atomic.create_tree(tmp_path / "registry", [("a/ok.yaml", b"x: 1\n"), ("a/ok2.yaml", b"x: 1\n"), (rel, b"x: 2\n")])
    assert list(tmp_path.iterdir()) == []


def test_files_in_folders_land_where_their_paths_say(tmp_path: Path) -> None:
    files = [("registry.yaml", b"1"), ("activities/a.yaml", b"2"), ("activities/b.yaml", b"3"), ("x/y/z.yaml", b"4"),
             ("./top.yaml", b"5"), ("activities//c.yaml", b"6")]
    assert atomic.create_tree(tmp_path / "r", files) == [rel for rel, _ in files]
    found = sorted(str(p.relative_to(tmp_path / "r")) for p in (tmp_path / "r").rglob("*") if p.is_file())
    assert found == ["activities/a.yaml", "activities/b.yaml", "activities/c.yaml", "registry.yaml", "top.yaml",
                     "x/y/z.yaml"]
    assert (tmp_path / "r" / "activities" / "c.yaml").read_bytes() == b"6"


def test_a_killed_writers_temporary_directory_is_removed_by_the_next(tmp_path: Path) -> None:
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)
    left = atomic.temp_path(tmp_path, "registry")
    left = left.with_name(left.name.replace(f"-{os.getpid()}-", f"-{dead}-", 1))
    (left / "activities").mkdir(parents=True)
    mine = atomic.temp_path(tmp_path, "other")  # a running writer's (this process)
    mine.mkdir()
    link = tmp_path / f".ropa-tmp-{dead}-0123456789abcdef-link"
    link.symlink_to(tmp_path / "nowhere")
    atomic.create_tree(tmp_path / "registry", _files(1))
    assert not left.exists() and mine.exists() and link.is_symlink()


def test_an_import_that_fails_while_writing_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ropa.importer import write

    source = tmp_path / "v.csv"
    rows = ["Bezeichnung der Verarbeitung;Zwecke der Verarbeitung;Datum der letzten Änderung"]
    rows += [f"Verarbeitung {i};Zweck {i};01.01.2025" for i in range(30)]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    made = write.files

    def failing_midway(builder):  # the 20th file's text cannot be made: a bug, or the disk fills
        for n, item in enumerate(made(builder)):
            if n == 20:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            yield item

    monkeypatch.setattr(write, "files", failing_midway)
    into = tmp_path / "out" / "registry"
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 2, result.output
    assert "nothing written" in result.output
    assert not into.exists() and list((tmp_path / "out").iterdir()) == []
    monkeypatch.setattr(write, "files", made)
    result = CliRunner().invoke(app, ["import", str(source), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert len(list((into / "activities").iterdir())) == 30
