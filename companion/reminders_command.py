"""`companion reminders`: add, list and cancel reminders from the command line.

`add` prints the new id alone, and only once the store has it on disk, so a script can read
it and trust it. Times are shown in the person's zone (reminders.time_zone, else the machine's).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, TextIO

from companion.core.durations import describe, parse_duration
from companion.core.ports import ReminderBook
from companion.core.reminders import Reminder, next_local
from companion.errors import CompanionError
from companion.local_zone import local_zone
from companion.reminder_store import ReminderStore
from companion.settings import ReminderSettings

_CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_ID = re.compile(r"[0-9]+")


def run_reminders(
    args: argparse.Namespace,
    store_path: Path,
    settings: ReminderSettings,
    out: TextIO,
    err: TextIO,
) -> int:
    """Do what `companion reminders ACTION` asked; the exit status."""
    now = datetime.now(UTC)
    zone = local_zone(settings.time_zone)
    with ReminderStore(store_path) as store:
        if args.action == "add":
            reminder = new_reminder(args.activity, args.every, args.in_, args.at, now, zone)
            return add_reminder(store, reminder, out)
        if args.action == "list":
            return list_reminders(store.all(), now, zone, out, args.json)
        if args.all:
            return cancel_all(store, out)
        return cancel_reminder(store, args.id, out, err)


def new_reminder(
    activity: str,
    every: str | None,
    in_: str | None,
    at: str | None,
    now: datetime,
    zone: tzinfo,
) -> Reminder:
    """The reminder `add` asks for (id 0): one of every, in_ or at; CompanionError if malformed."""
    if every is not None:
        minutes = _minutes("--every", every)
        return Reminder(0, activity, now + timedelta(minutes=minutes), every_s=minutes * 60)
    if in_ is not None:
        return Reminder(0, activity, now + timedelta(minutes=_minutes("--in", in_)))
    if at is not None:
        return Reminder(0, activity, next_local(_clock("--at", at), now, zone))
    raise CompanionError("say when: --every DURATION, --in DURATION or --at HH:MM")


def add_reminder(book: ReminderBook, reminder: Reminder, out: TextIO) -> int:
    """Store it, then print its id alone on a line; exit 0."""
    stored = book.add(reminder)
    print(stored.id, file=out, flush=True)
    return 0


def list_reminders(
    reminders: list[Reminder], now: datetime, zone: tzinfo, out: TextIO, as_json: bool
) -> int:
    """One line a reminder, soonest first (or a JSON list); exit 0."""
    ordered = sorted(reminders, key=lambda r: (r.due, r.id))
    if as_json:
        print(json.dumps([reminder_json(r, zone) for r in ordered], indent=2), file=out)
    elif not ordered:
        print("No reminders.", file=out)
    else:
        for reminder in ordered:
            print(f"{reminder.id}  {describe(reminder, now, zone)}", file=out)
    return 0


def reminder_json(reminder: Reminder, zone: tzinfo) -> dict[str, Any]:
    """{id, activity, due (ISO, local offset), every_minutes or null, message or null}."""
    every_s = reminder.every_s
    return {
        "id": reminder.id,
        "activity": reminder.activity,
        "due": reminder.due.astimezone(zone).isoformat(timespec="seconds"),
        "every_minutes": None if every_s is None else every_s / 60,
        "message": reminder.message,
    }


def cancel_reminder(store: ReminderStore, text: str, out: TextIO, err: TextIO) -> int:
    """Cancel one by id: 0 when it was there, 1 (and a line on err) when it was not."""
    if not _ID.fullmatch(text.strip()):
        raise CompanionError(
            f"{text!r} is not a reminder id; `companion reminders list` shows the ids"
        )
    reminder_id = int(text.strip())
    if not store.remove(reminder_id):
        print(f"No reminder {reminder_id}.", file=err)
        return 1
    print(f"Cancelled {reminder_id}.", file=out)
    return 0


def cancel_all(store: ReminderStore, out: TextIO) -> int:
    """Cancel every reminder; exit 0 even when there were none."""
    count = store.remove_all()
    print(f"Cancelled {count} reminder{'' if count == 1 else 's'}.", file=out)
    return 0


def _minutes(option: str, text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise CompanionError(f"{option}: {exc}") from None


def _clock(option: str, text: str) -> time:
    found = _CLOCK.fullmatch(text.strip())
    if found is None:
        raise CompanionError(f"{option}: {text.strip()!r} is not a 24-hour time such as 07:30")
    return time(int(found.group(1)), int(found.group(2)))
