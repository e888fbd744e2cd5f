"""`coldstart serve`: textual-serve's Server, with a seat per learner, limits, and a page that works offline.

What it adds to textual-serve, which starts one app process per browser connection:

- **Seats.** In a class, each learner's link carries a token (`/?token=...`). The index trades it for an
  HttpOnly, SameSite=Strict cookie and sends the browser on to `./` (a page that refreshes, not a 303: a
  Strict cookie is not sent on a redirect that started on another site, such as a mail client's link). Each
  websocket then starts `coldstart --db DIR/seats/NAME.db`, the seat the cookie names. No valid token or
  cookie: a plain 403 page, and no process. Tokens are redacted from the access log. Bad tokens from one
  address are slowed down (core.classroom.limiter). Without a class there is one seat, the user's own database.
- **Limits.** At most `max_sessions` app processes, one per seat (a second tab is told so in its terminal, after
  SEAT_HANDOVER_SECONDS in case it is a reload of the first), and sessions
  without input for `idle_after` are closed: the app quits as on ctrl+q, every answer is already on disk.
- **Offline.** Our own template loads textual-serve's bundled script, styles and font, nothing else; every
  response carries `Referrer-Policy: no-referrer`, pages a Content-Security-Policy allowing only this host.
- **Shutdown.** Ctrl+C or SIGTERM stops every app process it started (each in its own process group, asked to
  quit, killed if it does not within STOP_GRACE_SECONDS) before the server exits.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import logging
import os
import re
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..core.classroom.limiter import BadTokenLimiter
from ..core.classroom.seats import ClassError, ClassFolder
from ..core.classroom.sessions import ALREADY_OPEN, FULL, Refusal, SessionBoard
from ..core.clock import Clock, SystemClock
from ..core.wording import count_of

log = logging.getLogger("coldstart.serve")

SEAT_COOKIE = "coldstart_seat"
COOKIE_MAX_AGE = 180 * 24 * 3600  # a term: the learner need not find their link again after closing the browser
STOP_GRACE_SECONDS = 5.0
READY_LINE = "coldstart is served on"
# A reload asks for the new page while the old one still holds the seat's websocket (a browser closes it only
# when it unloads the old page): a new session waits this long for the seat to be let go before it is refused.
SEAT_HANDOVER_SECONDS = 5.0
HERE = Path(__file__).parent
TEXTUAL_SERVE_STATIC = Path(str(resources.files("textual_serve") / "static"))  # its script, styles and fonts

FORBIDDEN_TEXT = (
    "This link does not open a seat: it may be mistyped, or your instructor issued a new one or closed the seat. "
    "Ask your instructor for your link."
)
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class Door(Protocol):
    """Who may come in, and where their progress lives."""

    needs_token: bool

    def seat_for(self, token: str | None) -> str | None:
        """The seat a token opens (None: it opens none)."""
        ...

    def db_path(self, seat: str) -> Path:
        ...


class SoloDoor:
    """One learner, one database, no token: `coldstart serve` without a class, on loopback by default."""

    needs_token = False
    SEAT = "you"

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path

    def seat_for(self, token: str | None) -> str | None:
        return self.SEAT

    def db_path(self, seat: str) -> Path:
        return self._db_path


class ClassDoor:
    """The seats of a class folder, read again on every check, so `class relink` and `class remove` take
    effect at once on a running server."""

    needs_token = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        ClassFolder.open(folder)  # refuse to start on a folder that is not a class

    def seat_for(self, token: str | None) -> str | None:
        if not token:
            return None
        try:
            seat = ClassFolder.open(self.folder).seat_for(token)
        except ClassError as problem:
            log.error("%s", problem)
            return None
        return seat.name if seat else None

    def db_path(self, seat: str) -> Path:
        return ClassFolder(self.folder, {}).db_path(seat)


class SeatAppService(AppService):
    """textual-serve's app process, started without a shell (its argv carries a path, never quoted wrong) and in a
    process group of its own: Ctrl+C in the server's terminal reaches the server only, which stops the apps in
    order, and `kill` can end the whole group."""

    def __init__(self, argv: list[str], **options: Any) -> None:
        super().__init__(" ".join(argv), **options)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def kill(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    async def stop_within(self, seconds: float) -> None:
        """Ask the app to quit; kill its process group if it has not within `seconds`; wait for it to end."""
        try:
            await asyncio.wait_for(self.stop(), seconds)
        except Exception:  # it did not quit in time, or its pipe is already gone
            self.kill()
        if self._process is not None:
            await self._process.wait()


class RedactingAccessLog(AbstractAccessLogger):
    """The access log, with any token in a request line replaced: links must not leak into logs."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %s", client_address(request), request.method, redact(request.path_qs), response.status)


def redact(text: str) -> str:
    return re.sub(r"(token=)[^&#\s]*", r"\1[redacted]", text)


def client_address(request: web.BaseRequest) -> str:
    """The learner's address. Behind a proxy on this host every request comes from loopback, so there the
    address the proxy appended to X-Forwarded-For is used (only the last entry: the rest is the client's word)."""
    remote = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and _is_loopback(remote):
        return forwarded.split(",")[-1].strip() or remote
    return remote


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def plain_page(status: int, title: str, text: str) -> web.Response:
    body = (
        f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


def terminal_text(message: str) -> bytes:
    """A message drawn in the browser's terminal (cleared first), for a session refused after the page loaded."""
    return ("\x1b[2J\x1b[H\r\n  " + message.replace("\n", "\r\n  ") + "\r\n").encode("utf-8")


@dataclass(frozen=True)
class Limits:
    max_sessions: int
    idle_after: timedelta | None  # None: sessions are never closed for idleness


class ColdstartServer(Server):
    """textual-serve's Server with seats, limits, an offline page, security headers and a complete shutdown."""

    IDLE_CHECK_SECONDS = 30.0
    # How the aiohttp runner is built, by `serve` and by the tests alike.
    RUNNER_OPTIONS: dict[str, Any] = {"access_log_class": RedactingAccessLog}

    def __init__(
        self,
        *,
        door: Door,
        app_argv: Callable[[Path], list[str]],
        limits: Limits,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        title: str = "coldstart",
        clock: Clock | None = None,
    ) -> None:
        super().__init__("coldstart", host=host, port=port, title=title, public_url=public_url,
                         templates_path=HERE / "templates", statics_path=TEXTUAL_SERVE_STATIC)
        self.public_url_given = public_url is not None
        self.door = door
        self.app_argv = app_argv
        self.limits = limits
        self.clock = clock or SystemClock()
        self.board: SessionBoard[SeatAppService] = SessionBoard(self.clock, limits.max_sessions, limits.idle_after)
        self.limiter = BadTokenLimiter(self.clock)
        self.services: set[SeatAppService] = set()  # every app process started and not yet ended
        self._idle_task: asyncio.Task[None] | None = None

    # --- the aiohttp application ----------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[security_headers])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
            web.static("/coldstart-static", HERE / "static", name="coldstart-static"),
        ])  # fmt: skip
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        if self.limits.idle_after is not None:
            self._idle_task = asyncio.create_task(self._close_idle_sessions())

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every app process before the server goes: nothing is left running after Ctrl+C."""
        if self._idle_task is not None:
            self._idle_task.cancel()
        await asyncio.gather(*(service.stop_within(STOP_GRACE_SECONDS) for service in list(self.services)))

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM (textual-serve's serve, with the redacting access log)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loop.add_signal_handler(signal.SIGINT, self.request_exit)
        loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self._announce, shutdown_timeout=STOP_GRACE_SECONDS + 1, **self.RUNNER_OPTIONS)

    def _announce(self, *_: object) -> None:
        """Called by aiohttp once the server listens: from this line on, browsers can connect."""
        self.console.print(f"{READY_LINE} {self.public_url} — press Ctrl+C to stop.", highlight=False)

    # --- who is this? ---------------------------------------------------------------------------------------

    def _seat_of(self, request: web.Request, token: str | None) -> str | float | None:
        """The seat `token` opens; None if it opens none (counted against the address); or, while the address
        must wait after too many bad tokens, the seconds left (the token is not even looked at)."""
        if not self.door.needs_token:
            return self.door.seat_for(None)
        address = client_address(request)
        wait = self.limiter.wait(address)
        if wait:
            return wait
        seat = self.door.seat_for(token)
        if seat is None:
            self.limiter.failed(address)
        else:
            self.limiter.succeeded(address)
        return seat

    @staticmethod
    def _refused(outcome: str | float | None) -> web.Response | None:
        if isinstance(outcome, float):
            return plain_page(429, "Too many tries",
                              f"Too many links that open no seat came from your address; try again in {outcome:.0f} seconds.")
        if outcome is None:
            return plain_page(403, "Forbidden", FORBIDDEN_TEXT)
        return None

    def _same_origin(self, request: web.Request) -> bool:
        """A page on another site must not drive a learner's app through their browser (the single-learner
        server has no cookie to stop it): the websocket's Origin must be this server."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser
        allowed = {request.host}
        if self.public_url_given:
            allowed.add(urlsplit(self.public_url).netloc)
        return urlsplit(origin).netloc in allowed

    # --- pages ----------------------------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token")
        if token is not None and self.door.needs_token:
            return self._exchange(request, token)
        seat = self._seat_of(request, request.cookies.get(SEAT_COOKIE))
        if (refused := self._refused(seat)) is not None:
            return refused
        assert isinstance(seat, str)
        refusal = self.board.refusal(seat)
        if refusal is not None and refusal.reason == FULL:
            return plain_page(503, "coldstart", refusal.message)
        # A seat that is open elsewhere is decided at the websocket: this may be a reload of that very tab.
        context = {
            "title": self.title,
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "websocket_url": self._websocket_url(request),
        }
        response = aiohttp_jinja2.render_template("index.html", request, context)
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response

    def _exchange(self, request: web.Request, token: str) -> web.StreamResponse:
        """Trade the link's token for the seat cookie, then leave the URL that carries it."""
        seat = self._seat_of(request, token)
        if (refused := self._refused(seat)) is not None:
            return refused
        response = web.Response(
            text='<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="refresh" content="0;url=./"><title>coldstart</title></head>'
            '<body><p>Opening coldstart… <a href="./">continue</a></p></body></html>',
            content_type="text/html",
        )
        response.set_cookie(SEAT_COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Strict",
                            secure=self.public_url.startswith("https:"))
        response.headers["Content-Security-Policy"] = PAGE_POLICY
        return response

    def _websocket_url(self, request: web.Request) -> str:
        if self.public_url_given:
            base = self.public_url.rstrip("/")
            return ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws"
        return f"ws://{request.host}/ws"

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        seat = self._seat_of(request, request.cookies.get(SEAT_COOKIE))
        if (refused := self._refused(seat)) is not None:
            return refused
        return await super().handle_download(request)

    # --- the app session ------------------------------------------------------------------------------------

    # A refusal is a plain HTTP response before any upgrade, hence StreamResponse rather than the base's WebSocketResponse.
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]  # textual-serve's handler is untyped; ours narrows its return type
        """One app process on the cookie's seat, refused (with no process started) when the seat is not valid,
        is open in another tab, or the classroom is full."""
        if not self._same_origin(request):
            return plain_page(403, "Forbidden", "This server only serves its own pages.")
        seat = self._seat_of(request, request.cookies.get(SEAT_COOKIE))
        if (refused := self._refused(seat)) is not None:
            return refused
        assert isinstance(seat, str)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        service = SeatAppService(
            self.app_argv(self.door.db_path(seat)),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        refusal = await self._take_seat(seat, service)
        if refusal is not None:
            await websocket.send_bytes(terminal_text(refusal.message))
            await websocket.close()
            return websocket
        self.services.add(service)
        try:
            await service.start(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
            await self._relay(websocket, service, seat)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a broken connection must not take the server down
            log.error("session of %s ended: %s", seat, error)
        finally:
            self.board.close(seat, service)
            await service.stop_within(STOP_GRACE_SECONDS)
            self.services.discard(service)
            await websocket.close()
        return websocket

    async def _take_seat(self, seat: str, service: SeatAppService) -> Refusal | None:
        """Register the session; if the seat is open elsewhere, give that session a moment to end (a reload)."""
        deadline = asyncio.get_running_loop().time() + SEAT_HANDOVER_SECONDS
        while (refusal := self.board.open(seat, service)) is not None and refusal.reason == ALREADY_OPEN:
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.1)
        return refusal

    async def _relay(self, websocket: web.WebSocketResponse, service: SeatAppService, seat: str) -> None:
        """Pass the browser's keys, clicks and size to the app (textual-serve's protocol); input keeps it awake."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, *payload = message.json()
            except (ValueError, TypeError):
                continue
            if kind == "stdin":
                self.board.touch(seat)
                await service.send_bytes(str(payload[0]).encode("utf-8"))
            elif kind == "resize":
                self.board.touch(seat)
                await service.set_terminal_size(to_int(str(payload[0]["width"]), 80), to_int(str(payload[0]["height"]), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", payload[0] if payload else None])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                self.board.touch(seat)
                await service.focus()

    async def _close_idle_sessions(self) -> None:
        idle_after = self.limits.idle_after
        assert idle_after is not None
        seconds = idle_after.total_seconds()
        span = count_of(round(seconds / 60), "minute") if seconds >= 60 else count_of(round(seconds), "second")
        while True:
            await asyncio.sleep(min(self.IDLE_CHECK_SECONDS, seconds / 4))
            for seat, service in self.board.idle():
                self.board.close(seat, service)
                log.info("closing the session of %s after %s without input", seat, span)
                await service.remote_write_bytes(terminal_text(
                    f"Closed after {span} without input. Everything you answered is saved; "
                    "an exam in progress resumes where you left it. Press 'Open again' to continue."))
                await service.stop_within(STOP_GRACE_SECONDS)


@web.middleware
async def security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """On every response: no Referer leaves the page (it could carry the link), no sniffing, no framing."""
    response: web.StreamResponse
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    if response.content_type == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response
