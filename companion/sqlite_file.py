"""One SQLite file the companion keeps: WAL, opened lazily, made on the first write only.

The session history and the reminders share this: a read of a file that does not exist
creates nothing, a write creates it readable by the person only, the schema version lives in
PRAGMA user_version, and every failure is one line naming the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from companion.errors import CompanionError


@dataclass(frozen=True)
class Schema:
    """What one kind of file holds, and what it is called when something goes wrong."""

    version: int
    """PRAGMA user_version of a file this program writes; 0 means no tables yet."""
    tables: str
    """The CREATE TABLE IF NOT EXISTS statements of that version, ending in semicolons."""
    title: str
    """The file's name in messages, such as "the session history"."""
    error: type[CompanionError]
    """Raised, with one line naming the file, when the file cannot be used."""

    def create_script(self) -> str:
        """The tables and the version that announces them, in one transaction: both or neither."""
        return f"BEGIN IMMEDIATE;\n{self.tables}\nPRAGMA user_version = {self.version};\nCOMMIT;\n"


class SqliteFile:
    """One SQLite file in WAL mode with synchronous=FULL; a committed change is on disk."""

    def __init__(self, path: Path, schema: Schema) -> None:
        self.path = path
        self.schema = schema
        self._conn: sqlite3.Connection | None = None
        self._ready = False

    def close(self) -> None:
        """Close the file if it is open; it can be used again after."""
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._ready = False

    def reader(self) -> sqlite3.Connection | None:
        """The open file, or None when it does not exist or has no tables yet; creates nothing."""
        if self._conn is None and not self.path.exists():
            return None
        conn = self._open()
        return None if self._version(conn) == 0 else conn

    def writer(self) -> sqlite3.Connection:
        """The open file with its tables, creating both on first use."""
        if self._conn is None and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # What the companion keeps is private: the file (and its -wal and -shm, which
            # SQLite makes with the same mode) is the person's only.
            self.path.touch(mode=0o600, exist_ok=True)
        conn = self._open()
        if not self._ready:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if self._version(conn) == 0:
                conn.executescript(self.schema.create_script())
            self._ready = True
        return conn

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn what SQLite and the file system raise into one line naming the file."""
        try:
            yield
        except (sqlite3.Error, OSError, ValueError, TypeError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise self.schema.error(
                f"{self.path}: cannot {doing} {self.schema.title} ({reason}); "
                "move the file aside to start a new one"
            ) from None

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            # mode=rw: an existing file only; creating it is writer's job.
            uri = f"{self.path.resolve().as_uri()}?mode=rw"
            self._conn = sqlite3.connect(uri, uri=True)
        return self._conn

    def _version(self, conn: sqlite3.Connection) -> int:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > self.schema.version:
            raise self.schema.error(
                f"{self.path}: {self.schema.title} was written by a newer companion "
                f"(schema {version}; this one knows {self.schema.version})"
            )
        return version


class SqliteStore:
    """A store kept in one SqliteFile: opened lazily, closed on exit; each write is one
    transaction, on disk when it returns."""

    SCHEMA: Schema
    """What the store's file holds; set by each store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = SqliteFile(path, self.SCHEMA)

    def __enter__(self) -> Self:
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
        self._file.close()

    def _write(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        """Run one change in its own transaction, creating the file if it must."""
        with self._file.errors("write"):
            conn = self._file.writer()
            with conn:
                return conn.execute(sql, params)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query; none when the file does not exist (it is not created)."""
        with self._file.errors("read"):
            conn = self._file.reader()
            return [] if conn is None else conn.execute(sql, params).fetchall()
