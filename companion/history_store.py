"""The session history on disk: one SQLite file in the data folder, ratings and outcomes only.

Nothing the person said is ever stored: a row is the time, the script id, the two check-in
ratings, whether the session completed and how long it ran. The file is made on the first
write only, so reading a history that does not exist creates nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from companion.core.history import SessionRecord, StoredSession
from companion.errors import HistoryError
from companion.sqlite_file import Schema, SqliteStore

FILE_NAME = "history.sqlite3"
"""The history's file name inside the data folder."""
SCHEMA_VERSION = 1
"""PRAGMA user_version of a history this module writes; 0 means no table yet."""

_SCHEMA = Schema(
    version=SCHEMA_VERSION,
    tables="""
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,
    script_id TEXT NOT NULL,
    "before" INTEGER,
    "after" INTEGER,
    completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
    duration_s REAL NOT NULL
);""",
    title="the session history",
    error=HistoryError,
)
_COLUMNS = 'id, ended_at, script_id, "before", "after", completed, duration_s'


class HistoryStore(SqliteStore):
    """Sessions kept in one SQLite file; opens it lazily and closes it on exit."""

    SCHEMA = _SCHEMA

    def add(self, record: SessionRecord, ended_at: datetime) -> None:
        """Keep one session, in one transaction; it is on disk when this returns."""
        row = (
            ended_at.astimezone().isoformat(timespec="seconds"),
            record.script_id,
            record.before,
            record.after,
            int(record.completed),
            record.duration_s,
        )
        self._write(
            'INSERT INTO sessions (ended_at, script_id, "before", "after", completed, '
            "duration_s) VALUES (?, ?, ?, ?, ?, ?)",
            row,
        )

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
        rows = self._rows(f"SELECT {_COLUMNS} FROM sessions {order}", params)
        with self._file.errors("read"):  # a malformed row is named like an unreadable file
            return [_session(row) for row in rows]


def _session(row: tuple[Any, ...]) -> StoredSession:
    id_, ended_at, script_id, before, after, completed, duration_s = row
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
        ),
    )


def _rating(value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int):
        raise ValueError(f"rating {value!r} is not a whole number")
    return value
