"""A cache of loaded courses, so the app opens without re-reading and re-checking every YAML file.

The cache is keyed by the course directory and checked against the size and modification time of every
course file (and coldstart's version), so editing, adding or removing any file loads afresh. A cache that
cannot be read or written is simply not used: it only ever saves time.
"""

from __future__ import annotations

import os
import pickle
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

from ... import __version__
from ..files import staged_file
from .bulk import collector_paused
from .result import LoadResult

CACHE_ENV = "COLDSTART_CACHE"
# Bump when the model or loader changes in a way an old pickle would get wrong.
CACHE_FORMAT = 2
# Course files up to this many bytes in all are read in about half a second or less (the bundled course, 572
# questions, is 1.7 MB): see `quick_to_load`.
QUICK_LOAD_BYTES = 2_000_000


def cache_dir() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("coldstart", appauthor=False)


def fingerprint(root: Path) -> tuple[object, ...]:
    """What the loaded course depends on: every course file's name, size and modification time."""
    files = tuple(sorted(_course_files(root), key=repr))
    return (CACHE_FORMAT, __version__, _code_stamp(), str(root.resolve()), files)


def quick_to_load(root: Path | str) -> bool:
    """True when the course's files are small enough to read in a moment (the bundled course is), so the app
    reads them before its first frame instead of flashing a loading screen; larger ones get that screen."""
    return sum(size or 0 for _, _, size, _, _ in _course_files(Path(root))) <= QUICK_LOAD_BYTES


def _course_files(root: Path) -> Iterator[tuple[str, str | None, int | None, int | None, bool | None]]:
    """(folder, name, size, modification time, is a directory) for each YAML entry of the course's folders; a folder
    that cannot be listed gives (folder, None, None, None, None), an entry that cannot be read (folder, name, None, None, None)."""
    for folder in (root / "content", root / "quizzes", root / "quizzes" / "exams"):
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if entry.name.endswith((".yaml", ".yml"))]
        except OSError:
            yield folder.name, None, None, None, None
            continue
        for entry in entries:
            try:
                stat = entry.stat()
                yield folder.name, entry.name, stat.st_size, stat.st_mtime_ns, entry.is_dir()
            except OSError:
                yield folder.name, entry.name, None, None, None


def _code_stamp() -> tuple[tuple[str, int], ...]:
    """The loader's own files: editing how courses load (in a checkout) must not serve an old result."""
    here = Path(__file__).parent
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(here.glob("*.py")))


def load_course_cached(root: Path | str) -> LoadResult:
    """The course at `root`: from the cache when no course file changed since it was stored, else read and stored."""
    loaded: list[LoadResult] = []
    _load_then_store(root, loaded.append)
    return loaded[0]


def _load_then_store(root: Path | str, hand_over: Callable[[LoadResult], None]) -> None:
    """The course at `root`, from the cache or read, given to `hand_over`; a course read is then stored, so that
    whoever waits for it does not also wait for the cache to be written."""
    root = Path(root)
    key = fingerprint(root)
    cached = _stored(root, key)
    if cached is not None:
        hand_over(cached)
        return
    from .loader import load_course  # YAML and validation only when the cache is stale

    result = load_course(root)
    hand_over(result)
    try:
        path = _cache_file(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Pickled straight into the file: for a course of 50,000 questions, a copy in memory would be 90 MB more.
        with staged_file(path) as staged, staged.open("wb") as file:
            pickle.dump((key, result), file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass


def load_in_background(root: Path | str) -> Callable[[], LoadResult]:
    """Start loading the course at `root` (as `load_course_cached`) in a thread at once; the function returned
    waits for the result (or raises what loading raised), which it has before the cache is written. The app
    starts it before its first frame, so that the course is read while the app itself starts."""
    reading: Future[LoadResult] = Future()

    def read() -> None:
        try:
            _load_then_store(root, reading.set_result)
        except BaseException as error:  # handed to whoever waits, as if it had been raised there
            if not reading.done():
                reading.set_exception(error)

    threading.Thread(target=read, name="course-load", daemon=True).start()  # daemon: quitting meanwhile is fine
    return reading.result


def cached_course(root: Path | str) -> LoadResult | None:
    """The course at `root` if the cache holds it as its files are now; None when it must be read (slowly)."""
    root = Path(root)
    return _stored(root, fingerprint(root))


def _cache_file(root: Path) -> Path:
    # A checksum of the folder names the file: zlib is loaded anyway, where hashlib would load OpenSSL (a few
    # percent of start-up). Two folders with the same checksum only share a file: the stored key tells them apart.
    return cache_dir() / f"course-{zlib.crc32(str(root.resolve()).encode()):08x}.pickle"


def _stored(root: Path, key: tuple[object, ...]) -> LoadResult | None:
    try:
        with _cache_file(root).open("rb") as file, collector_paused():  # hundreds of thousands of objects at once
            stored_key, result = pickle.load(file)
    except Exception:
        return None
    return result if stored_key == key and isinstance(result, LoadResult) else None
