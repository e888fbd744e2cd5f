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


def test_a_summary_is_stored_beside_the_course_and_read_without_the_model(course_copy: Path) -> None:
    from coldstart.core.course.summary import CourseSummary

    loaded = cache.load_course_cached(course_copy)
    summary = cache.cached_summary(course_copy)
    assert summary == CourseSummary.of(loaded)
    assert summary.topics == (("alpha", "Alpha topic"), ("beta", "Beta topic")) and summary.problems == 0
    assert summary.topic_title("beta") == "Beta topic"


@pytest.mark.parametrize("edit", ["content/alpha.yaml", "quizzes/beta.yaml"])
def test_the_summary_is_dropped_when_any_course_file_changes(course_copy: Path, edit: str) -> None:
    cache.load_course_cached(course_copy)
    changed = course_copy / edit
    changed.write_text(changed.read_text().replace("Alpha topic", "Renamed topic"))
    os.utime(changed, ns=(1, 1))  # a different mtime even on coarse file systems
    assert cache.cached_summary(course_copy) is None
    assert cache.cached_course(course_copy) is None
    opened = cache.CourseOpening(course_copy)  # read afresh (small: at once), both stored again
    assert opened.summary is not None and opened.summary.topic_title("alpha") == ("Renamed topic" if "content" in edit else "Alpha topic")
    assert cache.cached_summary(course_copy) == opened.summary


def test_the_summary_is_dropped_when_the_loader_changes(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.load_course_cached(course_copy)
    monkeypatch.setattr(cache, "_code_stamp", lambda: (("loader.py", 1),))
    assert cache.cached_summary(course_copy) is None


def test_from_the_cache_the_summary_comes_at_once_and_the_course_on_start(course_copy: Path) -> None:
    whole = cache.load_course_cached(course_copy)
    opening = cache.CourseOpening(course_copy, read_files=lambda root, **_: pytest.fail("read the files though the cache was warm"))
    assert opening.summary == cache.cached_summary(course_copy) and opening.result is None
    opening.start()
    assert opening.wait() == whole


def test_a_large_course_read_from_its_files_hands_over_its_topics_before_its_banks(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coldstart.core.course.loader import load_course

    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    steps: list[str] = []
    banks = threading.Event()

    def read(root: Path, *, topics_read, banks_read):  # type: ignore[no-untyped-def]  # load_course's callbacks
        def then_wait(summary) -> None:  # type: ignore[no-untyped-def]
            topics_read(summary)
            assert banks.wait(timeout=30)

        return load_course(root, topics_read=then_wait, banks_read=banks_read)

    opening = cache.CourseOpening(course_copy, read_files=read)  # started at once
    moved = threading.Event()
    opening.listen(lambda: (steps.append("summary" if opening.result is None else "whole"), moved.set()))
    assert moved.wait(timeout=30)
    while opening.summary is None:
        moved.clear()
        assert moved.wait(timeout=30)
    assert opening.result is None and opening.from_files
    assert opening.summary.topics == (("alpha", "Alpha topic"), ("beta", "Beta topic"))
    assert opening.summary.problems is None  # the banks' problems are not known yet
    banks.set()
    loaded = opening.wait()
    assert opening.banks == (2, 2) and opening.summary.problems == len(loaded.problems)
    assert steps[-1] == "whole"


def test_an_opening_raises_what_loading_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root: Path, **_: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    opening = cache.CourseOpening(tmp_path, read_files=broken)
    with pytest.raises(OSError, match="the disk went away"):
        opening.wait()
    assert opening.error is not None


def test_an_opening_hands_the_course_over_before_storing_it(course_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handed_over = threading.Event()
    real_dump = cache.pickle.dump

    def dump(*args, **options) -> None:  # type: ignore[no-untyped-def]  # pickle.dump's own signature
        assert handed_over.wait(timeout=30), "the cache was written before the course was handed over"
        real_dump(*args, **options)

    monkeypatch.setattr(cache, "quick_to_load", lambda root: False)
    monkeypatch.setattr(cache.pickle, "dump", dump)
    loaded = cache.CourseOpening(course_copy).wait()
    handed_over.set()
    for thread in threading.enumerate():
        if thread.name == "course-load":
            thread.join(timeout=30)
    assert loaded.course.title == "Mini course"
    assert cache.cached_course(course_copy) == loaded  # stored once handed over
    assert cache.cached_summary(course_copy) is not None
