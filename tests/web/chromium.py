"""What the browser tests and bench/bench_classroom.py share: the Chromium to drive, and how to see what the
app drew and which processes a server started."""

from __future__ import annotations

import os
import select
import socket
import time
from collections.abc import Iterable
from pathlib import Path

CHROMIUM = os.environ.get("COLDSTART_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Keeps every binary frame the page receives from the server as text, so a test can wait for what the app drew
# (the terminal draws with WebGL: there is no text in the page's DOM to read).
RECORD_TERMINAL = """
window.__terminal = "";
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data !== "string") window.__terminal += new TextDecoder().decode(event.data);
    });
  }
};
"""
HOME_SCREEN_TEXT = "Enter to read"  # drawn by the home screen's topic list


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> set[int]:
    """Running processes whose parent is `pid` (from /proc; zombies left out: they run nothing)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except OSError:
                continue
            if int(parent) == pid and state != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_exit(pids: Iterable[int], timeout: float) -> None:
    """Until every process in `pids` has ended (a zombie has), or AssertionError after `timeout` seconds.

    Waits on pidfds, which become readable when their process ends: no polling, no sleeping.
    """
    descriptors = []
    for pid in pids:
        try:
            descriptors.append(os.pidfd_open(pid))
        except ProcessLookupError:
            continue  # already gone
    try:
        pending = set(descriptors)
        deadline = time.monotonic() + timeout
        while pending:
            left = deadline - time.monotonic()
            ready = select.select(list(pending), [], [], max(left, 0))[0]
            if not ready and left <= 0:
                raise AssertionError(f"{len(pending)} process(es) still running after {timeout:g} s")
            pending -= set(ready)
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
