"""`coldstart serve --class` in a real Chromium: two learners, each on their own database, nothing off the host."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from .chromium import HOME_SCREEN_TEXT, RECORD_TERMINAL, alive, children_of, wait_for_exit
from .conftest import Classroom, coldstart, start_classroom, stop

STATE_DEADLINE_MS = 60_000  # a loaded machine may be slow to draw a screen; the tests wait for states, not times


def answers_in(db: Path) -> int:
    """The answers stored in `db`: none while it does not exist, or exists without its tables yet (the learner's app
    is making it: seen once, with bob's app still starting while ann answered)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db) as connection:
        if connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'answers'").fetchone()[0] == 0:
            return 0
        return connection.execute("SELECT count(*) FROM answers").fetchone()[0]


def wait_for_text(page, *texts: str) -> None:
    """Until the app has drawn one of `texts` in the terminal."""
    page.wait_for_function("(texts) => texts.some((text) => window.__terminal.includes(text))", arg=list(texts),
                           timeout=STATE_DEADLINE_MS)


def follow(page, link: str):
    """Open a learner's link and wait for the page it moves on to, without the token; returns its response."""
    with page.expect_navigation(url=lambda url: "token=" not in url) as landing:
        page.goto(link)
    return landing.value


def open_seat(context, link: str, requests: list[str] | None = None):
    page = context.new_page()
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
    follow(page, link)
    wait_for_text(page, HOME_SCREEN_TEXT)
    return page


def test_two_learners_answer_on_their_own_databases_and_nothing_leaves_the_host(browser, classroom: Classroom) -> None:
    requests: list[str] = []
    ann = browser.new_context(viewport={"width": 1200, "height": 800})
    bob = browser.new_context(viewport={"width": 1200, "height": 800})
    for ctx in (ann, bob):
        ctx.add_init_script(RECORD_TERMINAL)
    try:
        ann_page = open_seat(ann, classroom.links["ann"], requests)
        bob_page = open_seat(bob, classroom.links["bob"], requests)
        # The token was traded for a cookie and left the address bar.
        assert "token" not in ann_page.url
        cookie = next(c for c in ann.cookies() if c["name"] == "coldstart_seat")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

        # Keys: open the first topic, practise it, pick and submit.
        ann_page.locator("#terminal").click()
        ann_page.keyboard.press("Enter")
        wait_for_text(ann_page, "Practise")
        ann_page.keyboard.press("q")
        wait_for_text(ann_page, "maximum timeout", "Which two are true")  # one of the alpha topic's two questions
        # Picks the first and the second choice (on a single-answer question the second replaces the first).
        for key in ("1", "2", "Enter"):
            ann_page.keyboard.press(key)
        wait_for_text(ann_page, "Correct", "Not quite")  # the feedback, drawn after the answer is committed
        assert answers_in(classroom.db("ann")) == 1
        assert answers_in(classroom.db("bob")) == 0
        assert bob_page.evaluate("window.__terminal.length") > 0  # bob's app runs, on its own database
    finally:
        ann.close()
        bob.close()
    hosts = {urlsplit(url).netloc for url in requests}
    assert hosts == {urlsplit(classroom.url).netloc}, f"requests off the host: {sorted(set(requests))}"


def test_bad_tokens_get_a_plain_403_and_start_no_app(context, classroom: Classroom) -> None:
    page = context.new_page()
    for address in (classroom.url + "/?token=not-a-seat", classroom.url + "/"):
        response = page.goto(address)
        assert response is not None and response.status == 403
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "Ask your instructor" in page.content()
    assert children_of(classroom.process.pid) == set()
    stop(classroom)  # so the server's log is whole
    assert "GET /?token=[redacted] 403" in classroom.log() and "not-a-seat" not in classroom.log()


def test_a_removed_seat_is_refused_at_once(context, classroom: Classroom) -> None:
    coldstart("class", "remove", "bob", "--dir", str(classroom.folder))
    response = context.new_page().goto(classroom.links["bob"])
    assert response is not None and response.status == 403


def test_a_second_tab_is_told_the_seat_is_open_elsewhere_but_a_reload_gets_the_app(
    context, classroom: Classroom
) -> None:
    first = open_seat(context, classroom.links["ann"])
    (before,) = children_of(classroom.process.pid)
    first.reload()  # asks for the page while the old session still holds the seat
    wait_for_text(first, HOME_SCREEN_TEXT)
    wait_for_exit([before], STATE_DEADLINE_MS / 1000)

    second = context.new_page()
    response = second.goto(classroom.url + "/")
    assert response is not None and response.status == 200
    wait_for_text(second, "already open for you in another tab")
    second.wait_for_selector("body.-closed", state="attached", timeout=STATE_DEADLINE_MS)
    assert len(children_of(classroom.process.pid)) == 1  # one app: the reloaded first tab's


def test_ctrl_c_stops_the_server_and_every_app_it_started(context, tmp_path: Path, mini_course: Path) -> None:
    served = start_classroom(tmp_path, mini_course)
    other = context.browser.new_context()
    other.add_init_script(RECORD_TERMINAL)
    try:
        open_seat(context, served.links["ann"])
        open_seat(other, served.links["bob"])
        apps = children_of(served.process.pid)
        assert len(apps) == 2
    finally:
        stop(served)
        other.close()
    assert served.process.returncode == 0
    assert not any(alive(pid) for pid in apps)  # the server waited for each before it exited


def test_a_full_classroom_refuses_politely(context, tmp_path: Path, mini_course: Path) -> None:
    served = start_classroom(tmp_path, mini_course, ("ann", "bob"), "--max-sessions", "1")
    try:
        open_seat(context, served.links["ann"])
        other = context.browser.new_context()
        try:
            page = other.new_page()
            response = follow(page, served.links["bob"])
            assert response is not None and response.status == 503
            assert "The classroom is full" in page.content()
        finally:
            other.close()
    finally:
        stop(served)


def test_an_idle_session_is_closed_with_a_message_and_its_app_ends(context, tmp_path: Path, mini_course: Path) -> None:
    served = start_classroom(tmp_path, mini_course, ("ann",), "--idle-minutes", "0.1")  # 6 seconds
    try:
        page = context.new_page()
        follow(page, served.links["ann"])
        page.wait_for_function("() => window.__terminal.length > 0", timeout=STATE_DEADLINE_MS)  # its app is running
        apps = children_of(served.process.pid)  # (empty only if it was closed already: a slow machine)
        page.wait_for_selector("body.-closed", state="attached", timeout=STATE_DEADLINE_MS)
        wait_for_text(page, "Closed after 6 seconds without input")
        assert page.locator("button.restart").is_visible()
        wait_for_exit(apps, STATE_DEADLINE_MS / 1000)
        assert children_of(served.process.pid) == set()
    finally:
        stop(served)
