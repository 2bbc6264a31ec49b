"""No confirmed reminder is lost when the process is killed: SIGKILL at random moments.

A child process adds and cancels reminders as fast as it can, printing each change only after
the store's call returned (as `companion reminders add` prints an id). The parent kills it at
random moments, mostly in the middle of a transaction, then reopens the store and checks it
against what was printed: every printed add is there, every printed cancel is gone, and only
the one change in flight when the kill landed may have gone either way.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from companion.reminder_store import FILE_NAME, ReminderStore

SEED = 20240501
KILLS = 20
"""Child processes started and killed."""

CHILD = """
import random, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from companion.core.reminders import Reminder
from companion.reminder_store import ReminderStore

store = ReminderStore(Path(sys.argv[1]))
tag = sys.argv[2]
rng = random.Random(int(tag))
live = [r.id for r in store.all()]
start = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
for n in range(100_000):
    if live and rng.random() < 0.4:
        victim = live.pop(rng.randrange(len(live)))
        print("cancelling", victim, flush=True)
        print("cancelled" if store.remove(victim) else "missing", victim, flush=True)
    else:
        message = f"{tag}-{n}"
        every_s = rng.choice([None, 600.0, 7200.0])
        print("adding", message, flush=True)
        added = store.add(Reminder(0, "breathe", start + timedelta(minutes=n), every_s, message))
        live.append(added.id)
        print("added", added.id, message, flush=True)
"""


@dataclass
class Round:
    """What one child printed before it was killed."""

    added: dict[int, str] = field(default_factory=dict)
    """Confirmed adds: id -> message."""
    cancelled: set[int] = field(default_factory=set)
    """Confirmed cancels."""
    adding: str | None = None
    """The message of an add in flight when the child died."""
    cancelling: int | None = None
    """The id of a cancel in flight when the child died."""
    missing: list[int] = field(default_factory=list)
    """Cancels of ids the child believed were there but the store did not have."""

    @property
    def operations(self) -> int:
        """Confirmed adds and cancels."""
        return len(self.added) + len(self.cancelled)


def read_round(lines: list[str]) -> Round:
    """Only whole lines count: a line cut off by the kill was not printed."""
    seen = Round()
    for line in lines:
        word, *rest = line.split()
        seen.adding = rest[0] if word == "adding" else None
        seen.cancelling = int(rest[0]) if word == "cancelling" else None
        if word == "added":
            seen.added[int(rest[0])] = rest[1]
        elif word == "cancelled":
            seen.cancelled.add(int(rest[0]))
        elif word == "missing":
            seen.missing.append(int(rest[0]))
    return seen


def run_and_kill(path: Path, tag: int, rng: random.Random) -> Round:
    """Start a child, let it confirm 5-40 changes, then SIGKILL it 0-50 ms later."""
    text: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(tag)],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        try:
            confirmed, wanted = 0, rng.randint(5, 40)
            while confirmed < wanted and (line := child.stdout.readline()):
                text.append(line)
                confirmed += line.startswith(("added ", "cancelled "))
            time.sleep(rng.uniform(0.0, 0.050))
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            text.append(child.stdout.read())
            child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, "the child stopped before it was killed"
    return read_round("".join(text).split("\n")[:-1])


def check(path: Path, before: dict[int, str], seen: Round) -> dict[int, str]:
    """The store after a kill, held against what was there and what the child printed."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    with ReminderStore(path) as store:
        now = {r.id: r.message or "" for r in store.all()}
    assert seen.missing == []
    maybe_gone = {seen.cancelling} if seen.cancelling is not None else set()
    confirmed = {**before, **seen.added}
    lost = {i for i in confirmed if i not in now and i not in seen.cancelled | maybe_gone}
    assert lost == set(), f"confirmed reminders lost: {sorted(lost)}"
    assert all(now[i] == message for i, message in confirmed.items() if i in now)
    assert not seen.cancelled & set(now), "a cancelled reminder came back"
    extra = {i: m for i, m in now.items() if i not in confirmed}
    assert len(extra) <= 1 and all(m == seen.adding for m in extra.values())
    assert all(i > max(confirmed, default=0) for i in extra)
    return now


def test_no_confirmed_reminder_is_lost_when_the_process_is_killed(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    rng = random.Random(SEED)
    kept: dict[int, str] = {}
    operations = in_flight = 0
    for _ in range(KILLS):
        seen = run_and_kill(path, rng.randrange(2**31), rng)
        kept = check(path, kept, seen)
        operations += seen.operations
        in_flight += seen.adding is not None or seen.cancelling is not None
    print(f"\n{KILLS} kills, {operations} confirmed operations, {in_flight} kills mid-change")
    assert operations >= 300
    assert in_flight >= KILLS // 2, "kills should mostly land in the middle of a change"
