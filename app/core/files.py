"""Writing files safely: every file coldstart writes goes through `staged_file` (or `write_atomic`).

A file is written to a fresh temporary file in the destination's own folder, under a name nobody can
predict (`tempfile.mkstemp`), flushed to disk, and only then renamed over the destination. So:

- a crash, a kill or a full disk leaves the old file or the new one, never half of either;
- a symbolic link planted at the destination (or at a fixed temporary name) is never written through:
  anything at the destination that is not a regular file is refused with a one-line `UnsafeDestination`;
- a replaced file keeps its mode (a 0644 course file stays 0644), and a new file gets the mode the umask
  gives (mkstemp's own 0600 would make every export private, which surprised learners sharing them).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["UnsafeDestination", "staged_file", "write_atomic"]


class UnsafeDestination(OSError):
    """The destination exists and is not a regular file; nothing was written. `strerror` says what it is."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _new_file_mode() -> int:
    """The mode `open()` would give a new file under the current umask."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _destination_mode(path: Path) -> int | None:
    """The mode of the regular file at `path`, None when there is nothing there; refuses anything else."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeDestination(
            errno.EEXIST, f"it is {_kind(info.st_mode)}; coldstart only replaces regular files, nothing was written", str(path)
        )
    return stat.S_IMODE(info.st_mode)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _publish(temporary: Path, path: Path, *, replace: bool) -> None:
    if replace:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # atomic, and fails if anything (even a dangling link) is already there
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "it already exists", str(path)) from None
        os.replace(temporary, path)
        return
    temporary.unlink()


@contextmanager
def staged_file(path: str | Path, *, replace: bool = True) -> Iterator[Path]:
    """Yield a fresh, empty temporary file beside `path`; when the block ends without error, it becomes `path`.

    Fill the yielded file by name (SQLite's `VACUUM INTO` needs a name) or open it for writing. With
    `replace=False` an existing `path` is never replaced: FileExistsError instead. Raises UnsafeDestination
    when `path` is a symbolic link, a folder or anything but a regular file. On any error the temporary
    file is removed and `path` is as it was.
    """
    path = Path(path)
    mode = _destination_mode(path) if replace else None
    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "it already exists", str(path))
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.chmod(temporary, mode if mode is not None else _new_file_mode())
        # Checked again just before the rename, in case something was planted while the file was written.
        if replace:
            _destination_mode(path)
        _publish(temporary, path, replace=replace)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, and then it is skipped."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_atomic(path: str | Path, data: str | bytes, *, replace: bool = True) -> None:
    """Write `data` (text as UTF-8, newlines as given) to `path` through `staged_file`."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    with staged_file(path, replace=replace) as temporary:
        temporary.write_bytes(content)
