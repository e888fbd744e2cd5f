"""Browser tests: a real `coldstart serve --class` on a free loopback port, driven by Debian's Chromium.

Playwright's own browser downloads are not used (not available here): it drives /usr/bin/chromium through
`executable_path`. In CI (CI=true) a missing browser or Playwright fails these tests instead of skipping them;
.ci/run installs both. They run in one xdist group, so one worker holds the browser.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from coldstart.web.server import READY_LINE

from .chromium import CHROMIUM, CHROMIUM_ARGS, RECORD_TERMINAL, free_port

START_DEADLINE_SECONDS = 60.0  # the most a loaded machine may take to start the server; not a measurement


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.xdist_group("browser"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium and the test extra)")
    pytest.skip(reason)


# Module scope: while Playwright's sync API runs, its event loop is the thread's running loop, and a later test on
# the same worker that calls asyncio.run would fail. Closing it with the module frees the loop for them.
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Classroom:
    """A served class: its folder, the server process, the learners' links, and the server's output."""

    folder: Path
    url: str
    process: subprocess.Popen[bytes]
    links: dict[str, str] = field(default_factory=dict)
    log_path: Path = Path()
    drain: threading.Thread | None = None

    def db(self, name: str) -> Path:
        return self.folder / "seats" / f"{name}.db"

    def log(self) -> str:
        """Everything the server printed; whole once it has stopped."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def coldstart(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coldstart", *args], capture_output=True, text=True, cwd=cwd, check=True)


def start_classroom(tmp: Path, course: Path, names: tuple[str, ...] = ("ann", "bob"), *extra: str) -> Classroom:
    """Make a class of `names` on `course` and serve it; returns once the server says it listens."""
    folder = tmp / "class"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    coldstart("class", "init", str(folder), "--url", url, "--course", str(course))
    added = coldstart("class", "add", *names, "--dir", str(folder)).stdout
    links = dict(line.split("\t") for line in added.splitlines() if "\t" in line)
    process = subprocess.Popen(
        [sys.executable, "-m", "coldstart", "serve", "--class", str(folder), "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdout is not None
    log_path = tmp / "serve.log"
    seen = b""
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while READY_LINE.encode() not in seen:  # the line aiohttp has us print once the port listens
        left = deadline - time.monotonic()
        chunk = os.read(process.stdout.fileno(), 65536) if left > 0 and select.select([process.stdout], [], [], left)[0] else b""
        if not chunk:  # the server ended, or the deadline passed
            process.kill()
            raise RuntimeError("coldstart serve did not start:\n" + seen.decode(errors="replace"))
        seen += chunk
    log_path.write_bytes(seen)

    def drain() -> None:  # keep reading, so the server never blocks on a full pipe
        with log_path.open("ab") as log:
            while chunk := os.read(process.stdout.fileno(), 65536):
                log.write(chunk)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    return Classroom(folder, url, process, links, log_path, thread)


def stop(classroom: Classroom) -> None:
    """Ctrl+C the server and wait until it has exited (it waits for its app processes) and its output is read."""
    if classroom.process.poll() is None:
        classroom.process.send_signal(signal.SIGINT)
        try:
            classroom.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            classroom.process.kill()
            classroom.process.wait()
    if classroom.drain is not None:
        classroom.drain.join(timeout=60)


@pytest.fixture
def classroom(tmp_path: Path, mini_course: Path) -> Iterator[Classroom]:
    served = start_classroom(tmp_path, mini_course)
    yield served
    stop(served)


@pytest.fixture
def context(browser):
    """A fresh browser profile (its own cookies) that records what the terminal received."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    ctx.add_init_script(RECORD_TERMINAL)
    yield ctx
    ctx.close()
