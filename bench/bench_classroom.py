"""Benchmark a served classroom: N learners in Chromium at once against one `coldstart serve --class`.

    .venv/bin/python bench/bench_classroom.py [--sessions 20] [--course DIR] [--timeout 600]

Makes a class of N seats in a temporary folder, serves it on a free loopback port, opens every learner's link in
its own browser context at the same moment (Debian's Chromium, through Playwright), and waits until each page
shows the home screen. Prints the time from opening a link to the home screen (median, slowest, fastest) and the memory
of the app processes: RSS (what `top` shows; shared pages counted in every process) and PSS (shared pages split
between the processes that share them: what each learner really costs). Then it stops the server with SIGINT
and checks that no app process is left. Bounded: loopback only, at most 50 sessions, and it gives up after
--timeout seconds. Figures are for the machine it runs on; docs/classroom.md records ours. The browser set-up is
the browser tests' own (tests/web/chromium.py).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.web.chromium import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOME_SCREEN_TEXT,
    RECORD_TERMINAL,
    alive,
    children_of,
    free_port,
)

MAX_SESSIONS = 50


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB, from /proc/PID/smaps_rollup."""
    figures = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            figures[key] = int(rest.split()[0])
    return figures["Rss"], figures["Pss"]


def coldstart(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "coldstart", *args], capture_output=True, text=True, check=True).stdout


async def run(links: list[str], server: subprocess.Popen[str], deadline: float) -> tuple[list[float], list[tuple[int, int]]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            async def one(link: str) -> float:
                context = await browser.new_context(viewport={"width": 1200, "height": 800})
                await context.add_init_script(RECORD_TERMINAL)
                page = await context.new_page()
                started = time.perf_counter()
                await page.goto(link)
                timeout_ms = max(1.0, deadline - time.monotonic()) * 1000
                await page.wait_for_function("(t) => window.__terminal.includes(t)", arg=HOME_SCREEN_TEXT,
                                             timeout=timeout_ms)
                return time.perf_counter() - started

            times = await asyncio.gather(*(one(link) for link in links))
            await asyncio.sleep(2)  # let every app settle after its first screen before measuring memory
            memory = [memory_kb(pid) for pid in children_of(server.pid)]
        finally:
            await browser.close()
    return list(times), memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--course", help="the course to serve (default: the bundled Lambda course)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be from 1 to {MAX_SESSIONS}")
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    deadline = time.monotonic() + args.timeout
    with tempfile.TemporaryDirectory(prefix="coldstart-bench-class-") as tmp:
        folder, port = Path(tmp) / "class", free_port()
        course = ["--course", args.course] if args.course else []
        coldstart("class", "init", str(folder), "--url", f"http://127.0.0.1:{port}", *course)
        names = [f"learner{n:02d}" for n in range(1, args.sessions + 1)]
        links = [line.split("\t")[1] for line in coldstart("class", "add", *names, "--dir", str(folder)).splitlines()
                 if "\t" in line]
        server = subprocess.Popen(
            [sys.executable, "-m", "coldstart", "serve", "--class", str(folder), "--host", "127.0.0.1",
             "--port", str(port), "--max-sessions", str(args.sessions)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        print("the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            _, idle_pss = memory_kb(server.pid)
            times, memory = asyncio.run(run(links, server, deadline))
            server_rss, server_pss = memory_kb(server.pid)
        finally:
            apps = children_of(server.pid)
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        left = [pid for pid in apps if alive(pid)]

    rss = [r for r, _ in memory]
    pss = [p for _, p in memory]
    print(f"{args.sessions} concurrent sessions, {len(memory)} app processes measured")
    print(f"page load -> home screen: median {statistics.median(times):.1f} s, slowest {max(times):.1f} s, "
          f"fastest {min(times):.1f} s")
    print(f"memory per session (app process): RSS median {statistics.median(rss) / 1024:.0f} MB, "
          f"PSS median {statistics.median(pss) / 1024:.0f} MB, PSS max {max(pss) / 1024:.0f} MB")
    print(f"all sessions together: PSS {sum(pss) / 1024:.0f} MB; server: PSS {idle_pss / 1024:.0f} MB idle, "
          f"{server_pss / 1024:.0f} MB with {args.sessions} sessions (RSS {server_rss / 1024:.0f} MB)")
    print("after SIGINT: " + (f"{len(left)} app processes left running" if left else "no app process left"))
    return 1 if left else 0


if __name__ == "__main__":
    raise SystemExit(main())
