"""The session history on disk: one SQLite file in the data folder, ratings and outcomes only.

Nothing the person said is ever stored: a row is the time, the script id, the two check-in
ratings, how the session ended (completed, skipped or stopped) and how long it ran. The file
is made on the first write only, so reading a history that does not exist creates nothing.

A history of schema 1 (before the outcome column) is brought up to date the first time it is
used, in one transaction: every row is kept, its outcome taken from its completed flag.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from companion.core.history import SessionRecord, StoredSession
from companion.errors import HistoryError
from companion.sqlite_file import Schema, SqliteStore

FILE_NAME = "history.sqlite3"
"""The history's file name inside the data folder."""
SCHEMA_VERSION = 2
"""PRAGMA user_version of a history this module writes; 0 means no table yet."""

_OUTCOME_COLUMN = (
    "outcome TEXT NOT NULL DEFAULT 'stopped' CHECK (outcome IN ('completed', 'skipped', 'stopped'))"
)
_SCHEMA = Schema(
    version=SCHEMA_VERSION,
    tables=f"""
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,
    script_id TEXT NOT NULL,
    "before" INTEGER,
    "after" INTEGER,
    completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
    duration_s REAL NOT NULL,
    {_OUTCOME_COLUMN}
);""",
    title="the session history",
    error=HistoryError,
)
_UPGRADES = {
    1: [
        f"ALTER TABLE sessions ADD COLUMN {_OUTCOME_COLUMN}",
        "UPDATE sessions SET outcome = 'completed' WHERE completed = 1",
    ],
}
"""Schema version -> the statements that bring a file of that version to the next one."""
_COLUMNS = 'id, ended_at, script_id, "before", "after", completed, duration_s, outcome'


class HistoryStore(SqliteStore):
    """Sessions kept in one SQLite file; opens it lazily and closes it on exit."""

    SCHEMA = _SCHEMA

    def add(self, record: SessionRecord, ended_at: datetime) -> None:
        """Keep one session, in one transaction; it is on disk when this returns."""
        self._upgrade()
        row = (
            ended_at.astimezone().isoformat(timespec="seconds"),
            record.script_id,
            record.before,
            record.after,
            int(record.completed),
            record.duration_s,
            record.outcome,
        )
        self._write(
            'INSERT INTO sessions (ended_at, script_id, "before", "after", completed, '
            "duration_s, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
            row,
        )

    def has_sessions(self, script_id: str) -> bool:
        """Whether any session of `script_id` is kept (whatever its outcome)."""
        self._upgrade()
        rows = self._rows("SELECT 1 FROM sessions WHERE script_id = ? LIMIT 1", (script_id,))
        return bool(rows)

    def recent(self, limit: int) -> list[StoredSession]:
        """The last `limit` sessions kept, newest first."""
        return self._select("ORDER BY id DESC LIMIT ?", (max(limit, 0),))

    def all_sessions(self) -> list[StoredSession]:
        """Every session kept, oldest first."""
        return self._select("ORDER BY id", ())

    def all_records(self) -> list[SessionRecord]:
        """Every session's record, oldest first: what the per-script summary needs."""
        return [session.record for session in self.all_sessions()]

    def _select(self, order: str, params: tuple[Any, ...]) -> list[StoredSession]:
        self._upgrade()
        rows = self._rows(f"SELECT {_COLUMNS} FROM sessions {order}", params)
        with self._file.errors("read"):  # a malformed row is named like an unreadable file
            return [_session(row) for row in rows]

    def _upgrade(self) -> None:
        """Bring a history written by an older companion up to this schema; nothing when it
        is current or does not exist yet."""
        with self._file.errors("open"):
            conn = self._file.reader()
            if conn is not None:
                _upgrade(conn)


def _upgrade(conn: sqlite3.Connection) -> None:
    """Apply the upgrades one version at a time, each in its own transaction; a companion
    upgrading the same file at the same moment waits, then finds nothing left to do."""
    while (version := _version(conn)) < SCHEMA_VERSION:
        conn.commit()  # no transaction left open by the read above
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _version(conn) == version:  # read again under the write lock
                for statement in _UPGRADES[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _session(row: tuple[Any, ...]) -> StoredSession:
    id_, ended_at, script_id, before, after, completed, duration_s, outcome = row
    if not isinstance(ended_at, str) or completed not in (0, 1):
        raise ValueError(f"row {id_} is malformed")
    return StoredSession(
        id=int(id_),
        ended_at=datetime.fromisoformat(ended_at),
        record=SessionRecord(
            script_id=str(script_id),
            before=_rating(before),
            after=_rating(after),
            completed=bool(completed),
            duration_s=float(duration_s),
            outcome=str(outcome),
        ),
    )


def _rating(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int):
        raise ValueError(f"rating {value!r} is not a whole number")
    return value
