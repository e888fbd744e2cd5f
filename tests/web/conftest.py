"""Browser tests: a real `coldstart serve --class` on a free loopback port, driven by Debian's Chromium.

Playwright's own browser downloads are not used (not available here): it drives /usr/bin/chromium through
`executable_path`. In CI (CI=true) a missing browser or Playwright fails these tests instead of skipping them;
.ci/run installs both. They run in one xdist group, so one worker holds the browser.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
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
    """A served class: its folder, the server process, the learners' links."""

    folder: Path
    url: str
    process: subprocess.Popen[str]
    links: dict[str, str] = field(default_factory=dict)

    def db(self, name: str) -> Path:
        return self.folder / "seats" / f"{name}.db"


def coldstart(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coldstart", *args], capture_output=True, text=True, cwd=cwd, check=True)


def start_classroom(tmp: Path, course: Path, names: tuple[str, ...] = ("ann", "bob"), *extra: str) -> Classroom:
    folder = tmp / "class"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    coldstart("class", "init", str(folder), "--url", url, "--course", str(course))
    added = coldstart("class", "add", *names, "--dir", str(folder)).stdout
    links = dict(line.split("\t") for line in added.splitlines() if "\t" in line)
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "coldstart", "serve", "--class", str(folder), "--port", str(port), *extra],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while True:  # until the port accepts a connection (a state), with a deadline for a server that never comes
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("coldstart serve did not start:\n" + (tmp / "serve.log").read_text()) from None
            time.sleep(0.1)
    return Classroom(folder, url, process, links)


def stop(classroom: Classroom) -> None:
    if classroom.process.poll() is None:
        classroom.process.send_signal(signal.SIGINT)
        try:
            classroom.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            classroom.process.kill()


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
