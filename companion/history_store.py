"""The session history on disk: one SQLite file in the data folder, ratings and outcomes only.

Nothing the person said is ever stored: a row is the time, the script id, the two check-in
ratings, whether the session completed and how long it ran. The file is made on the first
write only, so reading a history that does not exist creates nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from companion.core.history import SessionRecord, StoredSession
from companion.errors import HistoryError

FILE_NAME = "history.sqlite3"
"""The history's file name inside the data folder."""
SCHEMA_VERSION = 1
"""PRAGMA user_version of a history this module writes; 0 means no table yet."""

# One script, so the table and the version that announces it appear together or not at all.
_CREATE = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    ended_at TEXT NOT NULL,
    script_id TEXT NOT NULL,
    "before" INTEGER,
    "after" INTEGER,
    completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
    duration_s REAL NOT NULL
);
PRAGMA user_version = {SCHEMA_VERSION};
COMMIT;
"""
_COLUMNS = 'id, ended_at, script_id, "before", "after", completed, duration_s'


class HistoryStore:
    """Sessions kept in one SQLite file; opens it lazily and closes it on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._ready = False

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file if it is open; the store can be used again after."""
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._ready = False

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
        with self._errors("write"):
            conn = self._writable()
            with conn:
                conn.execute(
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
        with self._errors("read"):
            conn = self._readable()
            if conn is None or _schema_version(conn, self.path) == 0:
                return []
            rows = conn.execute(f"SELECT {_COLUMNS} FROM sessions {order}", params).fetchall()
            return [_session(row) for row in rows]

    def _readable(self) -> sqlite3.Connection | None:
        if self._conn is None and not self.path.exists():
            return None
        return self._open()

    def _writable(self) -> sqlite3.Connection:
        if self._conn is None and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Ratings of how someone feels are private: the file (and its -wal and -shm,
            # which SQLite makes with the same mode) is the person's only.
            self.path.touch(mode=0o600, exist_ok=True)
        conn = self._open()
        if not self._ready:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if _schema_version(conn, self.path) == 0:
                conn.executescript(_CREATE)
            self._ready = True
        return conn

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            # mode=rw: an existing file only; creating it is _writable's job.
            uri = f"{self.path.resolve().as_uri()}?mode=rw"
            self._conn = sqlite3.connect(uri, uri=True)
        return self._conn

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise HistoryError(
                f"{self.path}: cannot {doing} the session history ({reason}); "
                "move the file aside to start a new one"
            ) from None


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"{path}: the session history was written by a newer companion "
            f"(schema {version}; this one knows {SCHEMA_VERSION})"
        )
    return version


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
