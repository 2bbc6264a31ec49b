"""The reminders on disk: real SQLite in a temporary folder."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.core.ports import ReminderBook
from companion.core.reminders import Reminder
from companion.errors import ReminderStoreError
from companion.reminder_store import FILE_NAME, SCHEMA_VERSION, ReminderStore

DUE = datetime(2024, 5, 1, 21, 14, 9, 250000, tzinfo=ZoneInfo("Europe/Paris"))


def breathe(due: datetime = DUE, every_s: float | None = 7200.0) -> Reminder:
    return Reminder(0, "breathe", due, every_s=every_s)


def test_the_store_is_a_reminder_book(tmp_path: Path) -> None:
    book: ReminderBook = ReminderStore(tmp_path / FILE_NAME)
    assert book.all() == []


def test_a_reminder_comes_back_as_it_went_in_with_its_new_id(tmp_path: Path) -> None:
    sent = Reminder(0, "return", DUE, every_s=None, message="Shall we finish the body scan?")
    with ReminderStore(tmp_path / FILE_NAME) as store:
        added = store.add(sent)
    with ReminderStore(tmp_path / FILE_NAME) as store:
        [kept] = store.all()
    assert added == replace(sent, id=added.id) and added.id > 0
    assert kept == added
    assert kept.due == DUE and kept.due.utcoffset() == timedelta(0)
    assert kept.every_s is None


def test_none_fields_and_a_repeat_survive_the_round_trip(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        store.add(breathe(every_s=90.5))
        [kept] = store.all()
    assert kept.every_s == 90.5 and kept.message is None and kept.repeats


def test_due_is_stored_as_utc_iso_text(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ReminderStore(path) as store:
        store.add(breathe())
    [(text,)] = sqlite3.connect(path).execute("SELECT due FROM reminders").fetchall()
    assert text == "2024-05-01T19:14:09.250000+00:00"


def test_ids_increase_and_are_never_reused(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        first = store.add(breathe()).id
        second = store.add(breathe()).id
        assert store.remove(second)
        third = store.add(breathe()).id
    assert first < second < third


def test_all_gives_reminders_by_id(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        late = store.add(breathe(DUE + timedelta(hours=5)))
        early = store.add(breathe(DUE))
        assert [r.id for r in store.all()] == [late.id, early.id]


def test_update_changes_the_stored_reminder(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        added = store.add(breathe())
        moved = replace(added, due=DUE + timedelta(hours=2), activity="ground", every_s=None)
        store.update(moved)
    with ReminderStore(tmp_path / FILE_NAME) as store:
        assert store.all() == [moved]


def test_update_of_a_removed_reminder_does_not_bring_it_back(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        added = store.add(breathe())
        store.remove(added.id)
        store.update(replace(added, due=DUE + timedelta(hours=2)))
        assert store.all() == []


def test_remove_deletes_one_and_says_whether_it_was_there(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        keep = store.add(breathe())
        gone = store.add(breathe())
        assert store.remove(gone.id) is True
        assert store.remove(gone.id) is False
        assert store.all() == [keep]


def test_remove_all_deletes_every_reminder_and_counts_them(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store:
        for _ in range(3):
            store.add(breathe())
        assert store.remove_all() == 3
        assert store.all() == []
        assert store.remove_all() == 0


def test_a_fresh_path_creates_nothing_on_read_or_remove(tmp_path: Path) -> None:
    path = tmp_path / "data" / FILE_NAME
    with ReminderStore(path) as store:
        assert store.all() == []
        assert store.remove(1) is False
        assert store.remove_all() == 0
    assert not (tmp_path / "data").exists()


def test_the_first_add_creates_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / FILE_NAME
    with ReminderStore(path) as store:
        store.add(breathe())
    assert path.is_file()
    assert path.stat().st_mode & 0o077 == 0


def test_the_store_is_in_wal_mode_with_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ReminderStore(path) as store:
        store.add(breathe())
        assert (tmp_path / f"{FILE_NAME}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_two_stores_on_one_file_see_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ReminderStore(path) as talk, ReminderStore(path) as command:
        added = talk.add(breathe())
        assert command.all() == [added]
        assert command.remove(added.id)
        assert talk.all() == []


def test_a_naive_due_time_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store, pytest.raises(ValueError, match="aware"):
        store.add(breathe(datetime(2024, 5, 1, 21, 0)))
    assert not (tmp_path / FILE_NAME).exists()


def test_an_unknown_activity_is_refused(tmp_path: Path) -> None:
    with ReminderStore(tmp_path / FILE_NAME) as store, pytest.raises(ValueError, match="dance"):
        store.add(Reminder(0, "dance", DUE))


def test_a_corrupt_file_gives_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    junk = b"this is not a database, just some words\n" * 200
    path.write_bytes(junk)
    with ReminderStore(path) as store:
        for call in (store.all, lambda: store.add(breathe()), store.remove_all):
            with pytest.raises(ReminderStoreError) as raised:
                call()
            message = str(raised.value)
            assert str(path) in message and "\n" not in message
    assert path.read_bytes() == junk


def test_a_malformed_row_gives_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ReminderStore(path) as store:
        store.add(breathe())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reminders SET due = 'next tuesday'")
    with ReminderStore(path) as store, pytest.raises(ReminderStoreError) as raised:
        store.all()
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_reminders_from_a_newer_companion_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with ReminderStore(path) as store, pytest.raises(ReminderStoreError, match="newer") as raised:
        store.all()
    assert str(path) in str(raised.value)


def test_an_aware_due_time_in_any_zone_comes_back_as_the_same_moment_in_utc(
    tmp_path: Path,
) -> None:
    due = datetime(2024, 3, 31, 1, 30, tzinfo=timezone(timedelta(hours=-7)))
    with ReminderStore(tmp_path / FILE_NAME) as store:
        store.add(breathe(due))
        [kept] = store.all()
    assert kept.due == due and kept.due.tzinfo == UTC
