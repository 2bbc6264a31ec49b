"""The session history on disk: real SQLite in a temporary folder."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from companion.core.history import SessionRecord
from companion.errors import HistoryError
from companion.history_store import SCHEMA_VERSION, HistoryStore

ENDED = datetime(2024, 5, 1, 21, 14, 9, tzinfo=UTC)


def rec(script_id: str = "box", before: int | None = 7, after: int | None = 4) -> SessionRecord:
    return SessionRecord(script_id, before, after, completed=True, duration_s=240.5)


def test_recent_gives_newest_first_up_to_the_limit(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        for n, script_id in enumerate(["box", "grounding", "body_scan"]):
            store.add(rec(script_id), ENDED + timedelta(minutes=n))
        assert [s.record.script_id for s in store.recent(2)] == ["body_scan", "grounding"]


def test_a_record_comes_back_as_it_went_in(tmp_path: Path) -> None:
    record = SessionRecord("box", before=None, after=None, completed=False, duration_s=12.25)
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        store.add(record, ENDED)
        [stored] = store.recent(5)
    assert stored.record == record
    assert stored.ended_at == ENDED


def test_ended_at_is_stored_as_local_time_with_its_offset_to_the_second(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        store.add(rec(), ENDED.replace(microsecond=123456))
    [(text,)] = sqlite3.connect(path).execute("SELECT ended_at FROM sessions").fetchall()
    assert text == ENDED.astimezone().isoformat(timespec="seconds")
    assert datetime.fromisoformat(text).utcoffset() is not None


def test_all_records_gives_every_session_oldest_first(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        store.add(rec("box"), ENDED)
        store.add(rec("grounding"), ENDED)
        assert [r.script_id for r in store.all_records()] == ["box", "grounding"]


def test_reading_a_history_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    with HistoryStore(path) as store:
        assert store.recent(20) == []
        assert store.all_records() == []
    assert not (tmp_path / "data").exists()


def test_the_first_add_creates_the_folder_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    with HistoryStore(path) as store:
        store.add(rec(), ENDED)
    assert path.is_file()
    assert path.stat().st_mode & 0o077 == 0


def test_the_store_is_in_wal_mode_with_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        store.add(rec(), ENDED)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_second_store_on_the_same_file_adds_to_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    for script_id in ("box", "grounding"):
        with HistoryStore(path) as store:
            store.add(rec(script_id), ENDED)
    with HistoryStore(path) as store:
        assert len(store.recent(10)) == 2


def test_a_corrupt_file_gives_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, just some words\n" * 200)
    with HistoryStore(path) as store, pytest.raises(HistoryError) as raised:
        store.recent(20)
    message = str(raised.value)
    assert str(path) in message and "\n" not in message


def test_a_corrupt_file_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    junk = b"this is not a database, just some words\n" * 200
    path.write_bytes(junk)
    with HistoryStore(path) as store, pytest.raises(HistoryError) as raised:
        store.add(rec(), ENDED)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == junk


def test_a_history_from_a_newer_companion_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with HistoryStore(path) as store, pytest.raises(HistoryError, match="newer") as raised:
        store.recent(20)
    assert str(path) in str(raised.value)


def test_an_unreadable_path_gives_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()  # a folder where the file should be
    with HistoryStore(path) as store, pytest.raises(HistoryError) as raised:
        store.recent(20)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)


def test_a_session_survives_the_process_being_killed_right_after_add(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    child = textwrap.dedent(
        f"""
        import sys, time
        from datetime import datetime, timezone
        from pathlib import Path
        from companion.core.history import SessionRecord
        from companion.history_store import HistoryStore
        store = HistoryStore(Path({str(path)!r}))
        store.add(SessionRecord("box", 7, 3, True, 60.0), datetime.now(timezone.utc))
        print("added", flush=True)
        time.sleep(60)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "added"
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert (tmp_path / "history.sqlite3-wal").exists()  # left for the next reader to recover
    with HistoryStore(path) as store:
        assert [s.record for s in store.recent(5)] == [SessionRecord("box", 7, 3, True, 60.0)]


def test_an_outcome_comes_back_as_it_went_in(tmp_path: Path) -> None:
    skipped = SessionRecord("box", 7, 5, completed=False, duration_s=200.0, outcome="skipped")
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        store.add(skipped, ENDED)
        store.add(rec(), ENDED)
        assert [s.record.outcome for s in store.all_sessions()] == ["skipped", "completed"]
        assert store.all_records()[0] == skipped


def test_has_sessions_tells_whether_a_script_was_used(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    with HistoryStore(path) as store:
        assert not store.has_sessions("box")
        store.add(SessionRecord("box", None, None, False, 3.0), ENDED)  # stopped at once
        assert store.has_sessions("box")
        assert not store.has_sessions("exhale")


def test_has_sessions_creates_nothing(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "data" / "history.sqlite3") as store:
        assert not store.has_sessions("box")
    assert not (tmp_path / "data").exists()


VERSION_1 = """
PRAGMA journal_mode = WAL;
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,
    script_id TEXT NOT NULL,
    "before" INTEGER,
    "after" INTEGER,
    completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
    duration_s REAL NOT NULL
);
INSERT INTO sessions VALUES (1, '2024-05-01T21:14:09+00:00', 'box', 7, 4, 1, 240.5);
INSERT INTO sessions VALUES (2, '2024-05-02T08:00:00+00:00', 'exhale', 6, NULL, 0, 30.0);
INSERT INTO sessions VALUES (3, '2024-05-02T09:00:00+00:00', 'senses', NULL, NULL, 1, 300.0);
PRAGMA user_version = 1;
"""


def _version_1_file(path: Path) -> None:
    """A history as the first companion wrote it, with three sessions."""
    conn = sqlite3.connect(path)
    conn.executescript(VERSION_1)
    conn.close()


def test_a_history_of_the_first_schema_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _version_1_file(path)
    with HistoryStore(path) as store:
        records = store.all_records()
    assert records == [
        SessionRecord("box", 7, 4, True, 240.5),
        SessionRecord("exhale", 6, None, False, 30.0),
        SessionRecord("senses", None, None, True, 300.0),
    ]
    assert [r.outcome for r in records] == ["completed", "stopped", "completed"]


def test_a_history_of_the_first_schema_is_upgraded_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _version_1_file(path)
    skipped = SessionRecord("box", 8, 5, completed=False, duration_s=100.0, outcome="skipped")
    with HistoryStore(path) as store:
        store.add(skipped, ENDED)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    rows = conn.execute("SELECT id, script_id, completed, outcome FROM sessions").fetchall()
    assert rows == [
        (1, "box", 1, "completed"),
        (2, "exhale", 0, "stopped"),
        (3, "senses", 1, "completed"),
        (4, "box", 0, "skipped"),
    ]
    with HistoryStore(path) as store:  # and it opens again as it is
        assert store.all_records()[-1] == skipped
        assert store.has_sessions("senses")


def test_two_companions_upgrading_one_file_upgrade_it_once(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _version_1_file(path)
    with HistoryStore(path) as first, HistoryStore(path) as second:
        assert first.has_sessions("box")  # upgrades
        assert len(second.all_records()) == 3  # finds it done
        second.add(rec(), ENDED)
        assert len(first.all_records()) == 4
