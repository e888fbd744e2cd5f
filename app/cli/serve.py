"""`coldstart serve`: the app in the browser, through textual-serve (app/web/server.py does the serving).

Without `--class` it serves the user's own progress database to one learner, on 127.0.0.1 by default. With
`--class DIR` each learner opens their personal link (`coldstart class add`) and works on their own database in
DIR/seats/. Every browser connection runs one `coldstart` process; `--max-sessions` caps them (the default comes
from the memory a session was measured to take, see docs/classroom.md) and `--idle-minutes` closes the quiet ones.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from .common import add_course_option, add_db_option

# Memory of one served app process (Textual, the bundled course, the learner's database): bench/bench_classroom.py
# measured 53 MB RSS, 40 MB PSS per session with 20 sessions on the development machine (docs/classroom.md);
# rounded up to 60 MB for a learner deep in topics, practice and exams. The default session limit leaves half of
# the memory available at start to everything else.
MEASURED_MB_PER_SESSION = 60
MAX_DEFAULT_SESSIONS = 100
DEFAULT_IDLE_MINUTES = 30.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        argument_default=argparse.SUPPRESS,
        help="serve the app to browsers: yourself, or a class (--class DIR)",
        description="Serve coldstart to web browsers. Without --class: your own progress, for you, on this "
        "computer (127.0.0.1). With --class DIR: each learner opens their personal link (`coldstart class add`) "
        "and works on their own progress. Traffic is plain HTTP: beyond this computer, put a TLS proxy in front "
        "(docs/classroom.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1, this computer only)")
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    parser.add_argument("--public-url", metavar="URL", default=None,
                        help="the address browsers use, when behind a proxy (e.g. https://class.example.org)")
    parser.add_argument("--class", dest="class_dir", metavar="DIR", type=Path, default=None,
                        help="serve the seats of this class folder (`coldstart class init`)")
    parser.add_argument("--max-sessions", type=int, default=None,
                        help=f"at most this many learners at once (default: from the memory available, about "
                        f"{MEASURED_MB_PER_SESSION} MB each, at most {MAX_DEFAULT_SESSIONS})")
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                        help=f"close a session after this long without input; 0 never (default {DEFAULT_IDLE_MINUTES:g})")
    add_course_option(parser)
    add_db_option(parser)
    parser.set_defaults(handler=run)


def default_max_sessions(meminfo: str | None = None) -> int:
    """Half the memory available now, divided by a session's measured size; 4 when it cannot be read."""
    if meminfo is None:
        try:
            meminfo = Path("/proc/meminfo").read_text()
        except OSError:
            return 4
    for line in meminfo.splitlines():
        if line.startswith("MemAvailable:"):
            available_mb = int(line.split()[1]) / 1024
            return max(1, min(MAX_DEFAULT_SESSIONS, int(available_mb / 2 // MEASURED_MB_PER_SESSION)))
    return 4


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_argv(course_dir: Path) -> Callable[[Path], list[str]]:
    """The command of one app process, on the database the server chose for the seat."""

    def argv(db_path: Path) -> list[str]:
        return [sys.executable, "-m", "coldstart", "--course", str(course_dir), "--db", str(db_path)]

    return argv


def run(args: argparse.Namespace) -> int:
    from ..core.classroom.seats import ClassError, ClassFolder
    from ..core.paths import resolve_course_dir
    from ..web.server import ClassDoor, ColdstartServer, Door, Limits, SoloDoor
    from .common import db_path, error, load_course, warn

    if not 0 < args.port < 65536:
        error(f"--port must be from 1 to 65535, not {args.port}")
        return 2
    if args.max_sessions is not None and args.max_sessions < 1:
        error(f"--max-sessions must be at least 1, not {args.max_sessions}")
        return 2
    if args.idle_minutes < 0:
        error(f"--idle-minutes must be 0 (never) or more, not {args.idle_minutes:g}")
        return 2
    door: Door
    if args.class_dir is not None:
        try:
            folder = ClassFolder.open(args.class_dir)
            door = ClassDoor(args.class_dir)
        except ClassError as problem:
            error(str(problem))
            return 1
        course_dir = resolve_course_dir(getattr(args, "course", None) or folder.course)
        if not folder.seats:
            warn(f"the class {args.class_dir} has no seats yet: add them with `coldstart class add NAME --dir {args.class_dir}`")
    else:
        course_dir = resolve_course_dir(getattr(args, "course", None))
        args.course = str(course_dir)
        door = SoloDoor(db_path(args, load_course(args)).resolve())
    if not is_loopback(args.host):
        warn(f"serving on {args.host}: traffic is plain HTTP, unencrypted; put a TLS proxy in front (docs/classroom.md)")
    limits = Limits(
        max_sessions=args.max_sessions or default_max_sessions(),
        idle_after=timedelta(minutes=args.idle_minutes) if args.idle_minutes else None,
    )
    server = ColdstartServer(door=door, app_argv=app_argv(course_dir.resolve()), limits=limits,
                             host=args.host, port=args.port, public_url=args.public_url)
    print(f"At most {limits.max_sessions} sessions at once; "
          + (f"idle ones close after {args.idle_minutes:g} minutes." if limits.idle_after else "idle ones stay open."))
    try:
        server.serve()
    except OSError as problem:  # the port is taken, the address is not this machine's
        error(f"cannot serve on {args.host}:{args.port}: {problem.strerror or problem}")
        return 1
    return 0
