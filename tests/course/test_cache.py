"""The loaded-course cache: used when nothing changed, ignored the moment any file changes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from coldstart.core.course import cache


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))


def test_second_load_comes_from_the_cache(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.load_course_cached(course_copy)
    from coldstart.core.course import loader

    monkeypatch.setattr(loader, "load_course", lambda root: pytest.fail("should have used the cache"))
    second = cache.load_course_cached(course_copy)
    assert second.course.title == first.course.title
    assert [q.id for q in second.course.questions] == [q.id for q in first.course.questions]


def test_an_edited_file_is_loaded_afresh(course_copy: Path) -> None:
    cache.load_course_cached(course_copy)
    bank = course_copy / "quizzes/beta.yaml"
    bank.write_text(bank.read_text().replace("Beta question?", "Edited beta question?"))
    os.utime(bank, ns=(1, 1))  # a different mtime even on coarse file systems
    assert cache.load_course_cached(course_copy).course.question("beta-01").stem == "Edited beta question?"


def test_a_removed_file_is_noticed(course_copy: Path) -> None:
    cache.load_course_cached(course_copy)
    (course_copy / "quizzes/beta.yaml").unlink()
    assert cache.load_course_cached(course_copy).course.question("beta-01") is None


def test_an_unwritable_cache_is_not_an_error(course_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert cache.load_course_cached(course_copy).course.title == "Mini course"


def _no_yaml_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from coldstart.core.course import loader

    monkeypatch.setattr(loader, "read_yaml", lambda path: pytest.fail(f"read {path} though the cache was warm"))


@pytest.mark.parametrize(
    "argv",
    [["stats"], ["stats", "questions"], ["exam", "--json"], ["plan", "--json"], ["lint"], ["progress", "export", "{tmp}/out.json"]],
    ids=" ".join,
)
def test_commands_use_the_course_cache(
    argv: list[str], course_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like the app, the commands read no YAML file when the cache holds the course as its files are."""
    from coldstart.cli import main

    cache.load_course_cached(course_copy)  # warm
    _no_yaml_read(monkeypatch)
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["--course", str(course_copy), "--db", str(tmp_path / "progress.db"), *args]) in (0, 1)
    assert "read " not in capsys.readouterr().err


def test_validate_reads_the_files_even_when_the_cache_is_warm(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`coldstart validate` checks the files themselves."""
    from coldstart.cli import main
    from coldstart.core.course import loader

    cache.load_course_cached(course_copy)
    reads: list[Path] = []
    real_read = loader.read_yaml
    monkeypatch.setattr(loader, "read_yaml", lambda path: reads.append(path) or real_read(path))
    main(["validate", str(course_copy)])
    assert course_copy / "quizzes/beta.yaml" in reads


def test_loading_in_the_background_starts_at_once_and_hands_over_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = threading.Event()

    def load(root: Path | str, hand_over) -> None:  # type: ignore[no-untyped-def]  # a stand-in
        started.set()
        hand_over(f"loaded {root}")

    monkeypatch.setattr(cache, "_load_then_store", load)
    result = cache.load_in_background(tmp_path)
    assert started.wait(timeout=30)  # before anyone asks for the result
    assert result() == f"loaded {tmp_path}"


def test_loading_in_the_background_raises_what_loading_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def load(root: Path | str, hand_over) -> None:  # type: ignore[no-untyped-def]  # a stand-in
        raise OSError("the disk went away")

    monkeypatch.setattr(cache, "_load_then_store", load)
    with pytest.raises(OSError, match="the disk went away"):
        cache.load_in_background(tmp_path)()


def test_loading_in_the_background_hands_the_course_over_before_storing_it(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handed_over = threading.Event()
    real_dump = cache.pickle.dump

    def dump(*args, **options) -> None:  # type: ignore[no-untyped-def]  # pickle.dump's own signature
        assert handed_over.wait(timeout=30), "the cache was written before the course was handed over"
        real_dump(*args, **options)

    monkeypatch.setattr(cache.pickle, "dump", dump)
    result = cache.load_in_background(course_copy)
    loaded = result()
    handed_over.set()
    for thread in threading.enumerate():
        if thread.name == "course-load":
            thread.join(timeout=30)
    assert loaded.course.title == "Mini course"
    assert cache.cached_course(course_copy) == loaded  # stored once handed over
