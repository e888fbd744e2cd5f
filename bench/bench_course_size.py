"""Large courses: how loading, validating and opening the app grow with the number of questions.

    python bench/bench_course_size.py [--sizes 1000,5000,10000,50000] [--app-up-to 10000] [--only validate] [--repeat 3]

Each size gets a generated course: the bundled course's topics, exam guide and exams, and question banks made
of the bundled questions copied under new ids until the size is reached (written, multiple-response and
generated questions in the bundled proportions, in bank files of at most 400 questions, as an instructor
merging banks would have them). Every figure is taken in a fresh interpreter, so each one pays its own imports:

- validate: `coldstart validate` (YAML read and every check), its wall and CPU time and peak memory (max RSS);
  a course of more than 2 MB of banks is read by one worker process per CPU, whose CPU time and peak memory
  are then printed apart from the main process's (the row's CPU time is both, its peak the largest process's);
- load cold / warm: the course cache's load with an empty cache, then with the cache it wrote;
- app: with the cache cold, launch to the first screen drawn (the loading screen), to the home screen listing
  the topics, ready for keys (it is drawn from the topics, read before the question banks), and to the whole
  course loaded (what practice, exams and the dashboard wait for) (sizes up to --app-up-to).

--only times one of load, validate and app; --repeat times each figure that many times, printing each run.
Every run uses compiled bytecode as an installed coldstart does (the children are run without
PYTHONDONTWRITEBYTECODE, and the source is compiled first), so no figure includes compiling it.

Targets: validate a 50,000-question course in under 10 s and 300 MB; with the cache cold, a 10,000-question
course shows a screen at once and the home screen in under 2 s. Per-question figures (CPU µs and KB of peak
memory per question) are printed so that growth is seen to be linear: past the interpreter's own start-up
(about 0.4 s and 25 MB, which dominate the smallest size) they should stay flat across sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BANK_SIZE = 400  # questions per generated bank file (a file is limited to 2 MB)
_QUESTION_START = re.compile(r"^  - id: (\S+)$", re.MULTILINE)


def bundled_questions() -> list[tuple[str, str, str]]:
    """(topic, id, text of the question's block) for every question of the bundled banks, in file order."""
    found = []
    for bank in sorted((REPO / "quizzes").glob("*.yaml")):
        text = bank.read_text(encoding="utf-8")
        topic = re.search(r"^topic: (\S+)$", text, re.MULTILINE)
        assert topic, bank
        starts = list(_QUESTION_START.finditer(text))
        for here, after in zip(starts, [*starts[1:], None], strict=True):
            block = text[here.start(): after.start() if after else len(text)].rstrip("\n") + "\n"
            found.append((topic.group(1), here.group(1), block))
    return found


def generate_course(folder: Path, size: int) -> Path:
    """A course of `size` questions in `folder` (see the module's docstring)."""
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "quizzes" / "exams", folder / "quizzes" / "exams")
    questions = bundled_questions()
    by_topic: dict[str, list[str]] = {}
    for n in range(size):
        topic, qid, block = questions[n % len(questions)]
        copy = n // len(questions)
        block = block.replace(f"  - id: {qid}\n", f"  - id: {qid}-c{copy}\n", 1) if copy else block
        by_topic.setdefault(topic, []).append(block)
    for topic, blocks in by_topic.items():
        for part, start in enumerate(range(0, len(blocks), BANK_SIZE)):
            text = f"topic: {topic}\nquestions:\n" + "\n".join(blocks[start: start + BANK_SIZE])
            (folder / "quizzes" / f"{topic}-{part:03}.yaml").write_text(text, encoding="utf-8")
    return folder


# --- measuring, each in a fresh interpreter ------------------------------------------------------------------


def measure(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run `argv`, and return its wall time, CPU time and peak memory, plus any `name value` lines it printed."""
    started = time.monotonic()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = child.stdout.read() if child.stdout else ""
    _, _, usage = os.wait4(child.pid, 0)
    figures = {
        "wall": time.monotonic() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
    }
    for line in output.splitlines():
        name, _, value = line.partition(" ")
        if name in ("loaded", "first_screen", "home_ready", "course_loaded"):
            figures[name] = float(value) - started
        elif name in ("main_cpu", "workers_cpu", "main_rss_mb", "workers_rss_mb"):
            figures[name] = float(value)
    return figures


def print_processes() -> None:
    """In the child: the CPU time and peak memory of this process and of its worker processes (which read a large
    course's banks), apart: wait4 sums their CPU time but gives only the largest one's peak memory."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"main_cpu {me.ru_utime + me.ru_stime:.3f}\nworkers_cpu {workers.ru_utime + workers.ru_stime:.3f}")
    print(f"main_rss_mb {me.ru_maxrss / 1024:.1f}\nworkers_rss_mb {workers.ru_maxrss / 1024:.1f}", flush=True)


def child_validate(course: str) -> None:
    """In the child: `coldstart validate COURSE`, as the command runs it, its own output left out."""
    from coldstart.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        main(["validate", course])
    print_processes()


def child_load(course: str) -> None:
    """In the child: load the course through the cache and say when it was loaded."""
    from coldstart.core.course.cache import load_course_cached

    load_course_cached(course)
    print(f"loaded {time.monotonic():.6f}", flush=True)
    print_processes()


def child_app(course: str) -> None:
    """In the child: run the app headless; say when the first screen is drawn and when the topics are listed."""
    from coldstart.ui.factory import create_app

    seen: dict[str, float] = {}

    async def watch(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        while True:
            if "first_screen" not in seen and app.screen.is_mounted:
                seen["first_screen"] = time.monotonic()
            topics = app.screen.query("#topics")
            if "home_ready" not in seen and topics and topics.first().option_count > 0:
                await pilot.pause(0)  # drawn, with its pending events processed
                seen["home_ready"] = time.monotonic()
            if app.course_ready:
                seen["course_loaded"] = time.monotonic()
                break
            await pilot.pause(0.02)  # often enough to see each moment, seldom enough not to slow the loading thread
        app.exit()

    create_app(course, db_path=Path(tempfile.mkdtemp()) / "bench.db").run(headless=True, size=(80, 24), auto_pilot=watch)
    for name, moment in seen.items():
        print(f"{name} {moment:.6f}")
    print_processes()


# Children run as an installed coldstart does, from compiled bytecode: with PYTHONDONTWRITEBYTECODE set (as in
# some shells and containers) an editable checkout would compile every module from source in every process,
# the main one and each worker, which is no part of loading a course.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def bench(sizes: list[int], app_up_to: int, only: str | None = None, repeat: int = 1) -> None:
    python = sys.executable
    here = str(Path(__file__).resolve())
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "app")], env=CHILD_ENV, check=True)
    # Per question from CPU time, which a busy machine inflates far less than wall time.
    print(f"{'questions':>9}  {'what':<22} {'wall s':>7} {'cpu s':>7} {'max RSS MB':>10} {'CPU µs/q':>9} {'KB/q':>6}")
    for size in sizes:
        # Wall time means something only on a quiet machine: the load says how quiet it was.
        print(f"{'':>9}  ({size:,} questions: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        with tempfile.TemporaryDirectory() as scratch:
            # Written by another process: Linux starts a child's peak memory at its parent's, so this one stays
            # small (generating a course here would add its text, 100 MB at 50,000 questions, to every figure).
            course = Path(json.loads(subprocess.run(
                [python, here, "--generate", str(size), str(Path(scratch) / "course")], check=True, capture_output=True, text=True
            ).stdout))
            cache = Path(scratch) / "cache"
            # From bytecode, as an installed coldstart runs (see bench_startup.py's CHILD_ENV).
            env = {**CHILD_ENV, "COLDSTART_CACHE": str(cache)}
            rows = []
            for _ in range(repeat):
                if only in (None, "load"):
                    shutil.rmtree(cache, ignore_errors=True)
                    rows.append(("load, cache cold", measure([python, here, "--child-load", str(course)], env)))
                    rows.append(("load, cache warm", measure([python, here, "--child-load", str(course)], env)))
                if only in (None, "validate"):
                    rows.append(("validate", measure([python, here, "--child-validate", str(course)], env)))
                if only in (None, "app") and size <= app_up_to:
                    shutil.rmtree(cache, ignore_errors=True)
                    rows.append(("app, cache cold", measure([python, here, "--child-app", str(course)], env)))
            for what, figures in rows:
                seconds = figures.get("loaded", figures["wall"])
                print(
                    f"{size:>9,}  {what:<22} {seconds:>7.2f} {figures['cpu']:>7.2f} {figures['rss_mb']:>10.0f}"
                    f" {figures['cpu'] / size * 1e6:>9.0f} {figures['rss_mb'] * 1024 / size:>6.1f}"
                )
                if "workers_cpu" in figures and figures["workers_cpu"] > 0:
                    print(f"{'':>9}    main process {figures['main_cpu']:.2f} s CPU, {figures['main_rss_mb']:.0f} MB; "
                          f"workers {figures['workers_cpu']:.2f} s CPU, {figures['workers_rss_mb']:.0f} MB at most each")
                if "home_ready" in figures:
                    print(f"{'':>9}    first screen drawn at {figures.get('first_screen', float('nan')):.2f} s, "
                          f"home ready for keys at {figures['home_ready']:.2f} s, "
                          f"whole course loaded at {figures.get('course_loaded', float('nan')):.2f} s")
            sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,50000", help="question counts, comma-separated")
    parser.add_argument("--app-up-to", type=int, default=10_000, help="time the app's start for sizes up to this")
    parser.add_argument("--only", choices=("load", "validate", "app"), help="time only this")
    parser.add_argument("--repeat", type=int, default=1, help="time each figure this many times")
    parser.add_argument("--child-load", metavar="COURSE", help=argparse.SUPPRESS)
    parser.add_argument("--child-app", metavar="COURSE", help=argparse.SUPPRESS)
    parser.add_argument("--child-validate", metavar="COURSE", help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("SIZE", "DIR"), help="only write a course of SIZE questions to DIR")
    args = parser.parse_args()
    if args.child_load:
        child_load(args.child_load)
    elif args.child_app:
        child_app(args.child_app)
    elif args.child_validate:
        child_validate(args.child_validate)
    elif args.generate:
        print(json.dumps(str(generate_course(Path(args.generate[1]), int(args.generate[0])))))
    else:
        bench([int(s) for s in args.sizes.split(",")], args.app_up_to, args.only, args.repeat)


if __name__ == "__main__":
    main()
