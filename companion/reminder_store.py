"""The reminders on disk: one SQLite file in the data folder, one row a reminder.

Every change is one transaction, committed to disk (WAL, synchronous=FULL) before the call
returns, so a reminder whose id was shown survives the process being killed the next moment.
Due times are kept as UTC ISO text and read back as aware UTC datetimes. Ids only grow: a
cancelled reminder's id is never given to another, so `cancel 7` can never hit the wrong one.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from companion.core.reminders import ACTIVITIES, Reminder
from companion.errors import ReminderStoreError
from companion.sqlite_file import Schema, SqliteStore

FILE_NAME = "reminders.sqlite3"
"""The reminders' file name inside the data folder."""
SCHEMA_VERSION = 1
"""PRAGMA user_version of a reminders file this module writes; 0 means no table yet."""

_SCHEMA = Schema(
    version=SCHEMA_VERSION,
    # AUTOINCREMENT: ids are never reused, even after the newest reminder is cancelled.
    tables="""
CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity TEXT NOT NULL,
    due TEXT NOT NULL,
    every_s REAL CHECK (every_s IS NULL OR every_s > 0),
    message TEXT
);""",
    title="the reminders",
    error=ReminderStoreError,
)
_COLUMNS = "id, activity, due, every_s, message"


class ReminderStore(SqliteStore):
    """Reminders kept in one SQLite file (a ReminderBook); opens it lazily, closes it on exit."""

    SCHEMA = _SCHEMA

    def add(self, reminder: Reminder) -> Reminder:
        """Keep a new reminder (its id is ignored); returns it with its id, once on disk."""
        row = _row(reminder)
        cursor = self._write(
            "INSERT INTO reminders (activity, due, every_s, message) VALUES (?, ?, ?, ?)", row
        )
        if cursor.lastrowid is None:  # pragma: no cover - an INSERT always sets it
            raise ReminderStoreError(f"{self.path}: the new reminder was given no id")
        return replace(reminder, id=cursor.lastrowid)

    def update(self, reminder: Reminder) -> None:
        """Store a changed reminder under its id; one removed meanwhile stays removed."""
        row = _row(reminder)
        self._write(
            "UPDATE reminders SET activity = ?, due = ?, every_s = ?, message = ? WHERE id = ?",
            (*row, reminder.id),
        )

    def remove(self, reminder_id: int) -> bool:
        """Delete one; False when there was none with that id (nothing is created then)."""
        return self._delete("WHERE id = ?", (reminder_id,)) > 0

    def remove_all(self) -> int:
        """Delete every reminder, in one transaction; returns how many there were."""
        return self._delete("", ())

    def all(self) -> list[Reminder]:
        """Every reminder, by id; none when the file does not exist (it is not created)."""
        rows = self._rows(f"SELECT {_COLUMNS} FROM reminders ORDER BY id")
        with self._file.errors("read"):  # a malformed row is named like an unreadable file
            return [_reminder(row) for row in rows]

    def _delete(self, where: str, params: tuple[Any, ...]) -> int:
        with self._file.errors("write"):
            if self._file.reader() is None:  # nothing to delete: create nothing
                return 0
        return self._write(f"DELETE FROM reminders {where}", params).rowcount


def _row(reminder: Reminder) -> tuple[str, str, float | None, str | None]:
    """The columns after id; refuses (ValueError) what the store could not give back as it was."""
    if reminder.activity not in ACTIVITIES:
        raise ValueError(f"activity must be one of {', '.join(ACTIVITIES)}: {reminder.activity!r}")
    if reminder.due.utcoffset() is None:
        raise ValueError(f"a reminder's due time must be timezone-aware: {reminder.due}")
    every_s = reminder.every_s
    if every_s is not None and not (math.isfinite(every_s) and every_s > 0):
        raise ValueError(f"every_s must be a positive number of seconds: {every_s}")
    due = reminder.due.astimezone(UTC).isoformat(timespec="microseconds")
    return reminder.activity, due, every_s, reminder.message


def _reminder(row: tuple[Any, ...]) -> Reminder:
    id_, activity, due_text, every_s, message = row
    if activity not in ACTIVITIES or not isinstance(due_text, str):
        raise ValueError(f"reminder {id_} is malformed")
    due = datetime.fromisoformat(due_text)
    if due.utcoffset() is None:
        raise ValueError(f"reminder {id_} has a due time without a time zone")
    if every_s is not None and (isinstance(every_s, bool) or not isinstance(every_s, int | float)):
        raise ValueError(f"reminder {id_} has a malformed interval")
    if message is not None and not isinstance(message, str):
        raise ValueError(f"reminder {id_} has a malformed message")
    return Reminder(
        id=int(id_),
        activity=str(activity),
        due=due.astimezone(UTC),
        every_s=None if every_s is None else float(every_s),
        message=message,
    )
