"""The class folder: `class.json` lists the seats, `seats/NAME.db` holds each learner's progress.

A seat's link carries a random token (`secrets.token_urlsafe`, 256 bits). Only the token's SHA-256 is stored,
so the folder holds nothing that opens a seat: the link is shown once, when the seat is added or relinked,
and relinking replaces the hash, which voids the old link (and any browser session opened with it).
A plain hash rather than a slow password hash: the token is random and long, so there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..clock import Clock
from ..progress.scheduling import iso

__all__ = [
    "CLASS_FILE",
    "ClassError",
    "ClassFolder",
    "Seat",
    "hash_token",
    "new_token",
]

CLASS_FILE = "class.json"
SEATS_FOLDER = "seats"
FORMAT = 1
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
TOKEN_BYTES = 32
DEFAULT_URL = "http://127.0.0.1:8000"  # `coldstart serve`'s default address


class ClassError(Exception):
    """A class folder or a seat that cannot be used, in one line."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Seat:
    """One learner's place in the class."""

    name: str
    token_sha256: str
    created_at: datetime
    linked_at: datetime  # when the current link was issued

    def to_json(self) -> dict[str, str]:
        return {
            "token_sha256": self.token_sha256,
            "created_at": iso(self.created_at),
            "linked_at": iso(self.linked_at),
        }


class ClassFolder:
    """A class folder on disk. Every change rewrites class.json whole, atomically (write, then rename)."""

    def __init__(self, root: Path, seats: dict[str, Seat], course: str | None = None, url: str | None = None) -> None:
        self.root = root
        self.seats = seats
        self.course = course  # the course directory chosen at `class init`, if any
        self.url = url  # where learners reach the server (`serve --public-url`), for the links

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def init(cls, root: Path, course: str | None = None, url: str | None = None) -> ClassFolder:
        """Make a new class folder (the folder may exist, but must not hold a class already)."""
        if (root / CLASS_FILE).exists():
            raise ClassError(f"{root} already holds a class ({CLASS_FILE}); add seats with `coldstart class add`")
        try:
            (root / SEATS_FOLDER).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ClassError(f"cannot create the class folder {root}: {error.strerror or error}") from None
        folder = cls(root, {}, course, url)
        folder.save()
        return folder

    @classmethod
    def open(cls, root: Path) -> ClassFolder:
        path = root / CLASS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ClassError(f"{root} is not a class folder (no {CLASS_FILE}); make one with `coldstart class init {root}`") from None
        except (OSError, ValueError) as error:
            raise ClassError(f"{path}: cannot be read ({error})") from None
        try:
            seats = {
                name: Seat(
                    name=name,
                    token_sha256=str(raw["token_sha256"]),
                    created_at=datetime.fromisoformat(raw["created_at"]),
                    linked_at=datetime.fromisoformat(raw["linked_at"]),
                )
                for name, raw in data["seats"].items()
            }
            course, url = data.get("course"), data.get("url")
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ClassError(f"{path}: damaged ({type(error).__name__}: {error})") from None
        return cls(root, seats, course if isinstance(course, str) else None, url if isinstance(url, str) else None)

    def save(self) -> None:
        data: dict[str, Any] = {
            "format": FORMAT,
            "course": self.course,
            "url": self.url,
            "seats": {name: seat.to_json() for name, seat in sorted(self.seats.items())},
        }
        path = self.root / CLASS_FILE
        temporary = path.with_suffix(".json.tmp")
        try:
            temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            os.chmod(temporary, 0o600)  # hashes only, but nobody else's business
            os.replace(temporary, path)
        except OSError as error:
            raise ClassError(f"cannot write {path}: {error.strerror or error}") from None

    # --- seats ------------------------------------------------------------------------------------------

    def link(self, token: str, url: str | None = None) -> str:
        """The learner's link: the server's address with the token (exchanged for a cookie on first use)."""
        base = (url or self.url or DEFAULT_URL).rstrip("/")
        return f"{base}/?token={token}"

    def db_path(self, name: str) -> Path:
        return self.root / SEATS_FOLDER / f"{name}.db"

    def add(self, name: str, clock: Clock) -> str:
        """Add a seat; returns its token (shown once, never stored)."""
        if not NAME_PATTERN.fullmatch(name):
            raise ClassError(
                f"{name!r} cannot name a seat: use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        if name in self.seats:
            raise ClassError(f"{name} already has a seat; `coldstart class relink {name}` issues a new link")
        token = new_token()
        now = clock.now()
        self.seats[name] = Seat(name, hash_token(token), now, now)
        self.save()
        return token

    def relink(self, name: str, clock: Clock) -> str:
        """A new token for the seat; the old link stops working."""
        seat = self._seat(name)
        token = new_token()
        self.seats[name] = replace(seat, token_sha256=hash_token(token), linked_at=clock.now())
        self.save()
        return token

    def remove(self, name: str) -> Path:
        """Close the seat: its link stops working. Returns its database, which is kept."""
        self._seat(name)
        del self.seats[name]
        self.save()
        return self.db_path(name)

    def seat_for(self, token: str) -> Seat | None:
        """The seat the token opens, or None. Compared in constant time."""
        digest = hash_token(token)
        for seat in self.seats.values():
            if hmac.compare_digest(seat.token_sha256, digest):
                return seat
        return None

    def _seat(self, name: str) -> Seat:
        try:
            return self.seats[name]
        except KeyError:
            known = ", ".join(sorted(self.seats)) or "none yet"
            raise ClassError(f"no seat named {name!r} (seats: {known})") from None
