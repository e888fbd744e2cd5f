"""Every file coldstart writes goes through one atomic writer: fresh temporary name, regular files only, modes kept.

Each writer of the app is checked against a planted symbolic link (never written through), a folder in
the way (one line, nothing written), an existing file's mode (kept) and a new file's mode (the umask's).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from coldstart.cli import main
from coldstart.core.files import UnsafeDestination, staged_file, write_atomic
from coldstart.core.progress.store import open_store

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test and restore it after."""
    original = os.umask(0o022)
    os.umask(original)
    yield os.umask
    os.umask(original)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- the helper ------------------------------------------------------------------------------------------


def test_a_new_file_follows_the_umask(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    write_atomic(tmp_path / "shared.txt", "hello\n")
    umask(0o077)
    write_atomic(tmp_path / "private.txt", b"\x00\x01")
    assert mode(tmp_path / "shared.txt") == 0o644 and mode(tmp_path / "private.txt") == 0o600
    assert (tmp_path / "shared.txt").read_bytes() == b"hello\n" and leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o077)
    target = tmp_path / "notes.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o640


def test_a_symlink_at_the_destination_is_refused_and_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    with pytest.raises(UnsafeDestination) as refused:
        write_atomic(link, "overwritten")
    assert "symbolic link" in refused.value.strerror and "\n" not in str(refused.value)
    assert victim.read_text() == "precious" and link.is_symlink() and leftovers(tmp_path) == []


def test_a_folder_at_the_destination_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.txt").mkdir()
    with pytest.raises(UnsafeDestination, match="folder"):
        write_atomic(tmp_path / "out.txt", "x")
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), staged_file(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("the disk filled up")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_without_replace_nothing_existing_is_replaced_not_even_a_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "dangling", "x", replace=False)
    assert not (tmp_path / "nowhere").exists()
    write_atomic(tmp_path / "fresh", "x", replace=False)
    assert (tmp_path / "fresh").read_text() == "x" and leftovers(tmp_path) == []


# --- every writer of the app ------------------------------------------------------------------------------


@pytest.fixture
def progress_db(tmp_path: Path) -> Path:
    from coldstart.core.course.loader import load_course

    course = load_course(MINI).course
    path = tmp_path / "progress.db"
    with open_store(path, course) as store:
        store.record_answer(course.question("alpha-01"), sorted(course.question("alpha-01").correct_indexes),
                            duration_ms=1000, mode="practice")  # fmt: skip
    return path


def test_progress_export_does_not_write_through_a_link_at_the_old_fixed_temporary_name(
    tmp_path: Path, progress_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / ".out.json.partial").symlink_to(victim)
    assert main(["progress", "export", str(tmp_path / "out.json"), "--course", str(MINI), "--db", str(progress_db)]) == 0
    assert victim.read_text() == "precious" and '"answers"' in (tmp_path / "out.json").read_text()


def test_progress_export_refuses_a_symlink_in_one_line(tmp_path: Path, progress_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "out.json").symlink_to(victim)
    assert main(["progress", "export", str(tmp_path / "out.json"), "--course", str(MINI), "--db", str(progress_db)]) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and err.count("\n") == 1 and "Traceback" not in err
    assert victim.read_text() == "precious"


def test_progress_export_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, progress_db: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "out.json"
    assert main(["progress", "export", str(target), "--course", str(MINI), "--db", str(progress_db)]) == 0
    assert mode(target) == 0o644
    target.chmod(0o664)
    assert main(["progress", "export", str(target), "--course", str(MINI), "--db", str(progress_db)]) == 0
    assert mode(target) == 0o664


@pytest.mark.parametrize("fmt", ["gift", "csv", "anki"])
def test_course_exports_keep_modes_and_refuse_links(
    tmp_path: Path, fmt: str, umask: Callable[[int], None], capsys: pytest.CaptureFixture[str]
) -> None:
    umask(0o022)
    target = tmp_path / f"out.{'apkg' if fmt == 'anki' else fmt}"
    assert main(["export", fmt, str(target), "--course", str(MINI)]) == 0
    assert mode(target) == 0o644  # was 0600: mkstemp's mode leaked out
    target.chmod(0o664)
    assert main(["export", fmt, str(target), "--course", str(MINI)]) == 0
    assert mode(target) == 0o664
    target.unlink()
    target.symlink_to(tmp_path / "victim")
    capsys.readouterr()
    assert main(["export", fmt, str(target), "--course", str(MINI)]) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and err.count("\n") == 1 and not (tmp_path / "victim").exists()


def test_an_edited_course_file_keeps_its_mode_and_new_ones_follow_the_umask(
    course_copy: Path, umask: Callable[[int], None], capsys: pytest.CaptureFixture[str]
) -> None:
    umask(0o002)
    course_file = course_copy / "content" / "course.yaml"
    course_file.chmod(0o644)
    assert main(["new", "topic", "payments", "--course", str(course_copy)]) == 0
    assert "payments" in course_file.read_text()
    assert mode(course_file) == 0o644  # was 0600 after the edit
    assert mode(course_copy / "content" / "payments.yaml") == 0o664


def test_new_topic_refuses_a_linked_course_file_and_leaves_nothing_half_done(
    course_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course_file = course_copy / "content" / "course.yaml"
    real = tmp_path / "real-course.yaml"
    real.write_text(course_file.read_text())
    course_file.unlink()
    course_file.symlink_to(real)
    before = real.read_text()
    assert main(["new", "topic", "payments", "--course", str(course_copy)]) == 1
    err = capsys.readouterr().err
    assert "symbolic link" in err and err.count("\n") == 1
    assert real.read_text() == before and not (course_copy / "content" / "payments.yaml").exists()


def test_schemas_refuse_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    assert main(["schema", "--out", str(folder)]) == 0
    first = sorted(folder.iterdir())[0]
    first.unlink()
    first.symlink_to(tmp_path / "victim")
    assert main(["schema", "--out", str(folder)]) == 1
    assert "symbolic link" in capsys.readouterr().err and not (tmp_path / "victim").exists()


def test_a_backup_never_writes_through_a_link_planted_at_its_name(tmp_path: Path, progress_db: Path) -> None:
    from coldstart.core.clock import FakeClock
    from coldstart.core.progress.transfer import backup

    clock = FakeClock()
    with open_store(progress_db, clock=clock) as store:
        planted = progress_db.with_name(f"progress.backup-{store.now().strftime('%Y%m%dT%H%M%SZ')}.db")
        planted.symlink_to(tmp_path / "victim")
        copy = backup(store)
    assert copy != planted and copy.is_file() and not copy.is_symlink()
    assert not (tmp_path / "victim").exists() and leftovers(tmp_path) == []


def test_the_course_cache_is_not_written_through_a_planted_link(
    tmp_path: Path, course_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from coldstart.core.course.cache import CACHE_ENV, load_course_cached

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv(CACHE_ENV, str(cache))
    name = f"course-{hashlib.sha1(str(course_copy.resolve()).encode()).hexdigest()[:16]}.pickle"
    # The old fixed temporary name (the process id) and the destination itself: neither is written through.
    (cache / name).with_suffix(f".{os.getpid()}.tmp").symlink_to(tmp_path / "victim")
    (cache / name).symlink_to(tmp_path / "other-victim")
    assert load_course_cached(course_copy).course.id == "mini"  # the course loads; the cache is just not kept
    assert not (tmp_path / "victim").exists() and not (tmp_path / "other-victim").exists()


def test_importing_into_an_existing_bank_keeps_its_mode(
    course_copy: Path, tmp_path: Path, umask: Callable[[int], None], capsys: pytest.CaptureFixture[str]
) -> None:
    umask(0o077)
    bank = course_copy / "quizzes" / "alpha.yaml"
    bank.chmod(0o644)
    source = tmp_path / "more.csv"
    source.write_text("id,domain,stem,choice_a,choice_b,correct,why_a,why_b,explanation,source\n"
                      "alpha-09,development,Which one?,This,That,A,Because.,Not that.,This one.,https://docs.aws.amazon.com/lambda/\n")  # fmt: skip
    assert main(["import", "csv", str(source), "--topic", "alpha", "--merge", "--course", str(course_copy)]) == 0, capsys.readouterr().err
    assert "alpha-09" in bank.read_text() and mode(bank) == 0o644
