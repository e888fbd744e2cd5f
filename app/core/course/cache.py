"""A cache of loaded courses, so the app opens without re-reading and re-checking every YAML file.

The cache is keyed by the course directory and checked against the size and modification time of every
course file (and coldstart's version), so editing, adding or removing any file loads afresh. A cache that
cannot be read or written is simply not used: it only ever saves time.

Each course is stored twice: whole (a pickle of its `LoadResult`), and as the `CourseSummary` the home screen
draws, under the same key. The app opens on the summary, which reads in well under a millisecond and imports
nothing of the course model, and unpickles the whole course after its first frame (`CourseOpening`).
"""

from __future__ import annotations

import os
import pickle
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ... import __version__
from .bulk import collector_paused
from .summary import CourseSummary

if TYPE_CHECKING:
    from .result import LoadResult

CACHE_ENV = "COLDSTART_CACHE"
# Bump when the model or loader changes in a way an old pickle would get wrong.
CACHE_FORMAT = 3
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
    root = Path(root)
    key = fingerprint(root)
    cached = _stored(root, key)
    if cached is not None:
        return cached
    from .loader import load_course  # YAML and validation only when the cache is stale

    result = load_course(root)
    store(root, key, result)
    return result


def store(root: Path, key: tuple[object, ...], result: LoadResult) -> None:
    """Keep `result`, the course at `root` as its files were at `key`, and its summary beside it."""
    from ..files import staged_file  # only when writing: opening from the cache does not need it

    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        # Pickled straight into the file: for a course of 50,000 questions, a copy in memory would be 90 MB more.
        with staged_file(_cache_file(root)) as staged, staged.open("wb") as file:
            pickle.dump((key, result), file, protocol=pickle.HIGHEST_PROTOCOL)
        # The summary last: a summary found means its course was stored (if that one is unreadable, the course
        # is read from its files, as without a cache).
        with staged_file(_summary_file(root)) as staged, staged.open("wb") as file:
            pickle.dump((key, tuple(CourseSummary.of(result))), file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass


def cached_course(root: Path | str) -> LoadResult | None:
    """The course at `root` if the cache holds it as its files are now; None when it must be read (slowly)."""
    root = Path(root)
    return _stored(root, fingerprint(root))


def cached_summary(root: Path | str) -> CourseSummary | None:
    """The summary of the course at `root` if the cache holds it as its files are now."""
    root = Path(root)
    return _stored_summary(root, fingerprint(root))


ReadFiles = Callable[..., "LoadResult"]  # `loader.load_course`, with its topics_read and banks_read callbacks


class CourseOpening:
    """The course at `root` as the app opens it: a summary first, the whole course when it is read.

    - Cache warm: the summary is read at once (`summary`), and the whole course is unpickled in a thread once
      `start` is called (the app calls it after its first frame, so that the home screen is drawn first).
    - Cache cold, a small course (`quick_to_load`): the whole course is read at once, before the first frame.
    - Cache cold, a large course: a thread reads the files at once; `summary` is set as soon as the topics are
      read (the question banks, most of the bytes, are read after them) and `banks` counts the banks read.

    `listen(changed)` has `changed()` called, from the loading thread, after each of these steps; `wait()`
    blocks until the whole course is there (`result`) and returns it, or raises what loading raised (`error`).
    Files read are stored in the cache once the course has been handed over.
    """

    def __init__(self, root: Path | str, *, read_files: ReadFiles | None = None) -> None:
        self.root = Path(root)
        self.key = fingerprint(self.root)
        self._read_files = read_files
        self.summary: CourseSummary | None = _stored_summary(self.root, self.key)
        self.result: LoadResult | None = None
        self.error: BaseException | None = None
        self.banks: tuple[int, int] | None = None  # (read, of) while a large course's banks are read from the files
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._listener: Callable[[], object] | None = None
        self._started = False
        self._reading_files = False
        if self.summary is not None:
            return  # the whole course on `start`
        cached = _stored(self.root, self.key)  # stored before summaries were, or its summary was lost
        if cached is None and quick_to_load(self.root):
            cached = self._read()
            store(self.root, self.key, cached)
        if cached is not None:
            self._finish(cached)
        else:
            self.start()

    @property
    def from_files(self) -> bool:
        """True while the course is being read from its files (slow), rather than from the cache."""
        return self._reading_files and not self._done.is_set()

    def start(self) -> None:
        """Load the whole course in a thread, if it is not loaded or loading already."""
        with self._lock:
            if self._started or self._done.is_set():
                return
            self._started = True
        threading.Thread(target=self._load, name="course-load", daemon=True).start()  # daemon: quitting meanwhile is fine

    def listen(self, changed: Callable[[], object]) -> None:
        """Call `changed()` after every step from now on, and once now."""
        with self._lock:
            self._listener = changed
        changed()

    def wait(self) -> LoadResult:
        self.start()  # if nobody has yet: whoever waits needs it now
        self._done.wait()
        if self.error is not None:
            raise self.error
        assert self.result is not None  # done without an error
        return self.result

    def _load(self) -> None:
        try:
            result = _stored(self.root, self.key) if self.summary is not None else None
            if result is not None:
                self._finish(result)
                return
            result = self._read()
            self._finish(result)
            store(self.root, self.key, result)  # after the hand-over: nobody waits for the cache to be written
        except BaseException as error:  # handed to whoever waits, as if it had been raised there
            self.error = error
            self._done.set()
            self._changed()

    def _read(self) -> LoadResult:
        self._reading_files = True
        if self._read_files is None:
            from .loader import load_course  # YAML and validation only when the cache is stale

            self._read_files = load_course
        return self._read_files(self.root, topics_read=self._topics_read, banks_read=self._banks_read)

    def _topics_read(self, summary: CourseSummary) -> None:
        if self.summary is None:
            self.summary = summary
            self._changed()

    def _banks_read(self, done: int, of: int) -> None:
        self.banks = (done, of)
        self._changed()

    def _finish(self, result: LoadResult) -> None:
        self.result, self.summary = result, CourseSummary.of(result)
        self._done.set()
        self._changed()

    def _changed(self) -> None:
        with self._lock:
            listener = self._listener
        if listener is not None:
            listener()


def _cache_file(root: Path) -> Path:
    # A checksum of the folder names the file: zlib is loaded anyway, where hashlib would load OpenSSL (a few
    # percent of start-up). Two folders with the same checksum only share a file: the stored key tells them apart.
    return cache_dir() / f"course-{zlib.crc32(str(root.resolve()).encode()):08x}.pickle"


def _summary_file(root: Path) -> Path:
    return _cache_file(root).with_suffix(".summary")


def _stored(root: Path, key: tuple[object, ...]) -> LoadResult | None:
    try:
        with _cache_file(root).open("rb") as file, collector_paused():  # hundreds of thousands of objects at once
            stored_key, result = pickle.load(file)
    except Exception:
        return None
    from .result import LoadResult

    return result if stored_key == key and isinstance(result, LoadResult) else None


def _stored_summary(root: Path, key: tuple[object, ...]) -> CourseSummary | None:
    try:
        with _summary_file(root).open("rb") as file:
            stored_key, fields = pickle.load(file)  # plain tuples and strings: nothing to import
        summary = CourseSummary(*fields)
    except Exception:
        return None
    return summary if stored_key == key else None
