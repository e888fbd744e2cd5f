"""Full garbage collections run between a learner's actions (app/ui/collector.py), and nothing keeps closed
screens' drawings alive (app/ui/textual_fixes.py)."""

from __future__ import annotations

import gc
import weakref

from coldstart.ui.collector import CollectBetweenActions
from coldstart.ui.screens.topic import TopicScreen
from ui_helpers import progress_loaded, wait_until


class Machine:
    """The collector's view of the interpreter, set by the test: younger collections so far, the time, what is
    frozen (objects alive at the last full pass, and garbage frozen since), and whether a worker runs."""

    def __init__(self) -> None:
        self.since_full, self.time, self.collected, self.full_passes = 0, 100.0, 0, 0
        self.alive, self.young, self.frozen, self.working = 1000, 0, 0, False
        self.allocated, self.automatic, self.young_collections = 0, True, 0  # young allocations and collections

    def collector(self) -> CollectBetweenActions:
        return CollectBetweenActions(
            counts=lambda: (self.allocated, 0, self.since_full), collect=self.collect, now=lambda: self.time,
            freeze=self.freeze, unfreeze=self.unfreeze, frozen=lambda: self.frozen, working=lambda: self.working,
            collect_young=self.collect_young, automatic=self.set_automatic,
        )

    def collect_young(self, generation: int) -> None:
        self.young_collections += 1
        self.allocated = 0

    def set_automatic(self, on: bool) -> None:
        self.automatic = on

    def collect(self) -> None:
        self.collected += 1
        self.since_full = 0
        self.young = max(0, self.alive - self.frozen)  # the garbage not frozen is gone; what is alive stays

    def freeze(self) -> None:
        self.frozen += self.young
        self.young = 0

    def unfreeze(self) -> None:
        self.full_passes += 1
        self.young += self.frozen
        self.frozen = 0


def test_a_due_collection_waits_for_a_pause_in_the_input_and_in_the_work() -> None:
    machine = Machine()
    collector = machine.collector()
    collector.start()
    machine.since_full = CollectBetweenActions.DUE
    collector.input_seen()
    machine.time += CollectBetweenActions.IDLE / 2
    collector.tick()
    assert machine.collected == 0  # the learner is pressing keys
    machine.time += CollectBetweenActions.IDLE
    machine.working = True
    collector.tick()
    assert machine.collected == 0  # no key, but the learner waits for a worker's answer
    machine.working = False
    collector.tick()
    assert machine.collected == 1 and machine.full_passes == 0  # they paused: collected now, the frozen left alone
    machine.time += 10
    collector.tick()
    assert machine.collected == 1  # nothing due since


def test_a_busy_app_freezes_instead_of_scanning_and_collects_everything_at_a_pause_once_frozen_garbage_has_grown() -> None:
    machine = Machine()
    collector = machine.collector()
    machine.young = machine.alive
    collector.start()
    assert machine.frozen == 1000
    for burst in range(1, 3):
        machine.young += 600  # screens opened and closed while keys kept coming
        machine.since_full += CollectBetweenActions.BUSY_LIMIT
        collector.input_seen()
        collector.tick()
        assert machine.collected == 0 and machine.frozen == 1000 + 600 * burst  # frozen, not scanned
        collector.tick()
        assert machine.frozen == 1000 + 600 * burst  # once per BUSY_LIMIT younger collections
    machine.time += CollectBetweenActions.IDLE
    collector.tick()  # a pause, and the frozen objects are more than twice those alive at the last full pass
    assert machine.full_passes == 1 and machine.collected == 1 and machine.frozen == 1000  # the garbage is gone


def test_nothing_is_collected_before_python_would_have_and_an_app_that_never_pauses_is_collected_anyway() -> None:
    machine = Machine()
    collector = machine.collector()
    collector.start()
    machine.since_full = CollectBetweenActions.DUE - 1
    machine.time += 60
    collector.tick()
    assert machine.collected == 0  # idle, but not due
    machine.since_full = CollectBetweenActions.HARD_LIMIT
    collector.input_seen()
    collector.tick()
    assert machine.collected == 1 and machine.full_passes == 1  # keys keep coming, but memory may not grow without bound


def test_no_young_collection_between_an_input_and_the_frame_that_answers_it() -> None:
    machine = Machine()
    collector = machine.collector()
    collector.start()
    collector.input_seen()
    collector.hold_young_collections()
    assert not machine.automatic  # the key's screen is being built: Python starts no collection
    collector.hold_young_collections()  # a second key before the frame
    collector.frame_drawn()
    assert machine.automatic  # the frame is out: the collection due runs now, as Python runs it
    collector.frame_drawn()
    assert machine.automatic
    collector.hold_young_collections()
    collector.tick()  # a key no frame answered: collections come back at the next tick
    assert machine.automatic


def test_a_pause_runs_the_young_collection_that_is_half_due() -> None:
    machine = Machine()
    collector = machine.collector()
    collector.start()
    machine.allocated = CollectBetweenActions.YOUNG // 2
    collector.input_seen()
    collector.tick()
    assert machine.young_collections == 0  # keys are coming
    machine.time += CollectBetweenActions.YOUNG_IDLE * 1.5
    collector.tick()
    assert machine.young_collections == 1 and machine.allocated == 0  # a pause: collected while the learner reads
    machine.allocated = CollectBetweenActions.YOUNG // 2 - 1
    machine.time += 10
    collector.tick()
    assert machine.young_collections == 1  # not half due: left to Python


async def test_the_app_holds_young_collections_from_a_key_to_its_frame(make_app, monkeypatch) -> None:
    monkeypatch.setattr(CollectBetweenActions, "tick", lambda self: None)  # only the frame lets them go
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        held: list[bool] = []
        hold = app.collector.hold_young_collections

        def holding() -> None:
            hold()
            held.append(not gc.isenabled())

        app.collector.hold_young_collections = holding  # type: ignore[method-assign]
        await pilot.press("down")
        await wait_until(pilot, lambda: bool(held) and gc.isenabled(), "the frame answering the key drawn")
        assert held and all(held) and not app.collector.holding  # held when the key came, let go with its frame


async def test_the_app_takes_full_collections_over_and_gives_them_back(make_app) -> None:
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        assert gc.get_threshold()[2] > 10**9  # Python starts no full collection while the app runs
        assert gc.get_freeze_count() > 0  # what start-up made is never scanned again
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def drawn_lines_of(screen) -> list[weakref.ref]:
    """Weak references to what each widget of `screen` keeps of its drawing."""
    return [weakref.ref(widget._styles_cache) for widget in list(screen.walk_children())]


async def test_closed_topics_leave_nothing_of_their_drawings_alive(make_app, monkeypatch) -> None:
    from coldstart.ui import app as app_module

    monkeypatch.setattr(app_module, "KEPT_TOPICS", 1)  # the topic read last is kept (`kept_screen`); the one before goes
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await progress_loaded(pilot)
        drawn: list[weakref.ref] = []
        first, second = app.course.topics[0].id, app.course.topics[1].id
        for topic_id in (first, second) * 3:  # a topic's widgets, five times over (the last is kept): enough to count
            app.open_topic(topic_id)
            await wait_until(pilot, lambda: isinstance(app.screen, TopicScreen) and bool(app.screen.query("#topic-nav")), "the whole topic in")
            await pilot.pause()
            last = drawn_lines_of(app.screen)
            drawn += last
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, TopicScreen), "home again")
        await pilot.pause()
        gc.collect()
        closed = drawn[: len(drawn) - len(last)]
        alive = [ref for ref in closed if ref() is not None]
        assert len(closed) > 60 and not alive, f"{len(alive)} of {len(closed)} widgets' drawn lines outlive their screen"
        assert all(ref() is not None for ref in last)  # the topic read last is kept"
