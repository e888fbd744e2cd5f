"""Seats: tokens shown once and stored as hashes, relink voids the old link, remove closes the seat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coldstart.core.classroom.seats import ClassError, ClassFolder, hash_token


def test_a_token_opens_its_seat_and_only_its_hash_is_stored(folder: ClassFolder, clock) -> None:
    token = folder.add("ann", clock)
    stored = (folder.root / "class.json").read_text()
    assert token not in stored and hash_token(token) in stored
    assert len(token) >= 43  # 32 random bytes
    reopened = ClassFolder.open(folder.root)
    assert reopened.seat_for(token).name == "ann"
    assert reopened.seat_for(token + "x") is None and reopened.seat_for("") is None


def test_relink_voids_the_old_link(folder: ClassFolder, clock) -> None:
    old = folder.add("ann", clock)
    clock.advance(60)
    new = folder.relink("ann", clock)
    assert new != old
    assert folder.seat_for(old) is None and folder.seat_for(new).name == "ann"
    assert folder.seats["ann"].linked_at > folder.seats["ann"].created_at


def test_remove_closes_the_seat_and_keeps_its_database(folder: ClassFolder, clock) -> None:
    token = folder.add("ann", clock)
    folder.db_path("ann").write_bytes(b"progress")
    kept = folder.remove("ann")
    assert ClassFolder.open(folder.root).seat_for(token) is None
    assert kept.read_bytes() == b"progress"


@pytest.mark.parametrize("name", ["", "../etc", "a b", "-x", "x" * 65, "ann/bob"])
def test_names_that_cannot_be_a_file_are_refused(folder: ClassFolder, clock, name: str) -> None:
    with pytest.raises(ClassError, match="cannot name a seat"):
        folder.add(name, clock)


def test_duplicates_unknown_seats_and_a_second_init_are_one_clear_line(folder: ClassFolder, clock) -> None:
    folder.add("ann", clock)
    with pytest.raises(ClassError, match="already has a seat"):
        folder.add("ann", clock)
    with pytest.raises(ClassError, match=r"no seat named 'bob'.*ann"):
        folder.relink("bob", clock)
    with pytest.raises(ClassError, match="already holds a class"):
        ClassFolder.init(folder.root)


def test_a_missing_or_damaged_class_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ClassError, match="not a class folder"):
        ClassFolder.open(tmp_path)
    (tmp_path / "class.json").write_text(json.dumps({"seats": {"ann": {"token_sha256": "x"}}}))
    with pytest.raises(ClassError, match="damaged"):
        ClassFolder.open(tmp_path)


def test_links_use_the_class_url(tmp_path: Path) -> None:
    folder = ClassFolder.init(tmp_path / "c", url="https://class.example.org/")
    assert folder.link("abc") == "https://class.example.org/?token=abc"
    assert ClassFolder.open(tmp_path / "c").url == "https://class.example.org/"
