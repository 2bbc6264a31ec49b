"""Due time to printed invitation of a reminder, on the real clock, through the real program.

Each trial has a fresh COMPANION_HOME (quiet hours off, check-ins off), adds a reminder with
`companion reminders add --in M` (M in minutes; a fraction gives seconds, "0.05" is 3 s), reads
its exact due time back from the store, runs `python -m companion --text --mute` (printing
only: no sound server is touched) with its stdin a pipe kept open, and stamps every printed
line. The figure is the printed invitation's wall-clock time minus the due time.

- stored before start (the issue's target: within 1 s): the reminder is added, then the
  companion starts and waits for it.
- added while it runs (not the target): another process adds it while the companion is
  idle; the companion re-reads the store only at its own deadlines, at most RECHECK_S apart
  while it holds any reminder. Measured with a day-off reminder already stored, and once with
  an empty store.
- due before start: must not fire; the missed summary is said exactly once.

    .venv/bin/python benchmarks/reminder_latency.py [--trials 10] [--running-trials 3]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from companion_process import Transcript, type_line

from companion.core.reminding import INVITATIONS, RECHECK_S
from companion.reminder_store import FILE_NAME, ReminderStore

INVITATION = INVITATIONS["breathe"]
MISSED = "While I wasn't running, you missed one breathing reminder."
READY = "Type a request"
SETTINGS = 'reminders: {quiet_hours: "00:00-00:00"}\nsessions: {check_ins: false}\n'
COMPANION = (sys.executable, "-m", "companion")
TARGET_MS = 1000.0
"""The issue's target: a due reminder starts within 1 second of its time."""
LATE_S = 10.0
"""How long past its due time a reminder stored before start may take before it counts as
not fired (ten times the target)."""


def fresh_home(folder: Path) -> Path:
    """A COMPANION_HOME whose settings never hold a reminder and ask no check-in."""
    (folder / "config").mkdir(parents=True)
    (folder / "config" / "settings.yaml").write_text(SETTINGS)
    return folder


def add_reminder(home: Path, *when: str) -> float:
    """`companion reminders add WHEN`; the new reminder's due time (epoch s) from the store."""
    done = subprocess.run(
        [*COMPANION, "reminders", "add", *when],
        env={**os.environ, "COMPANION_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    reminder_id = int(done.stdout)
    with ReminderStore(home / "data" / FILE_NAME) as store:
        return next(r.due for r in store.all() if r.id == reminder_id).timestamp()


def in_seconds(seconds: float) -> tuple[str, str]:
    """The `--in` option for a delay in seconds (the parser takes minutes)."""
    return "--in", f"{seconds / 60:.6f}"


@dataclass
class Running:
    """A running companion: type into it and read its lines on the wall clock."""

    proc: subprocess.Popen[str]
    transcript: Transcript
    wall0: float
    """time.time() at the transcript's t0: a line's wall time is wall0 + its stamp."""

    def first(self, text: str, timeout_s: float) -> float | None:
        """Wall time (epoch s) of the first line holding `text`, or None within timeout."""
        limit = time.monotonic() + timeout_s
        while True:
            found = self.lines_with(text)
            if found or time.monotonic() >= limit:
                return self.wall0 + found[0] if found else None
            time.sleep(0.01)

    def lines_with(self, text: str) -> list[float]:
        """Stamps (s from t0) of the lines so far that hold `text`."""
        return [at for at, line in list(self.transcript.lines) if text in line]


@contextmanager
def running(home: Path) -> Iterator[Running]:
    """`companion --text --mute` under `home`, its stdin kept open; quit and reaped after."""
    env = {**os.environ, "COMPANION_HOME": str(home)}
    errors = (home / "stderr.txt").open("w")
    proc = subprocess.Popen(
        [*COMPANION, "--text", "--mute"],
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        bufsize=1,
    )
    try:
        t0, wall0 = time.monotonic(), time.time()
        app = Running(proc, Transcript(proc, t0), wall0)
        if app.first(READY, timeout_s=60.0) is None:
            raise RuntimeError(f"the companion never became ready: {app.transcript.lines}")
        yield app
        type_line(proc, "quit")
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
        errors.close()


@dataclass(frozen=True)
class Trial:
    """One reminder's outcome: latency from its due time, or None when it did not fire."""

    lead_s: float
    """How far ahead of its due time the reminder was added (s)."""
    latency_ms: float | None
    """Printed invitation minus due time (ms); None: not printed in time."""
    ready_before_due: bool = True
    """The companion was ready before the due time (else the trial measures nothing)."""


def stored_before_start(lead_s: float) -> Trial:
    """Add a reminder `lead_s` ahead, then start the companion and wait for the invitation."""
    with tempfile.TemporaryDirectory(prefix="remind-") as folder:
        home = fresh_home(Path(folder) / "home")
        due = add_reminder(home, *in_seconds(lead_s))
        with running(home) as app:
            ready = app.wall0 + app.lines_with(READY)[0]
            fired = app.first(INVITATION, timeout_s=max(0.0, due - time.time()) + LATE_S)
        latency = None if fired is None else (fired - due) * 1000
        return Trial(lead_s, latency, ready_before_due=ready < due)


def added_while_running(
    offsets_s: list[float], day_off: list[bool], stack: ExitStack
) -> list[Trial]:
    """Start one companion per offset, its store holding a reminder a day off (`day_off`) or
    nothing; then, from another process, add a reminder 3 s ahead to each, its offset after the
    first start; wait up to RECHECK_S (+ 5 s) past its due time for the invitation."""
    apps: list[tuple[Path, Running]] = []
    for holds_one in day_off:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="remind-"))
        home = fresh_home(Path(folder) / "home")
        if holds_one:
            add_reminder(home, "--in", "1d")
        apps.append((home, stack.enter_context(running(home))))
    dues = {}
    for offset, k in sorted((offset, k) for k, offset in enumerate(offsets_s)):
        time.sleep(max(0.0, apps[0][1].wall0 + offset - time.time()))
        dues[k] = add_reminder(apps[k][0], *in_seconds(3.0))
    trials = []
    for k, (_, app) in enumerate(apps):
        due = dues[k]
        fired = app.first(INVITATION, timeout_s=max(0.0, due + RECHECK_S + 5.0 - time.time()))
        trials.append(Trial(3.0, None if fired is None else (fired - due) * 1000))
    return trials


def due_before_start() -> tuple[int, int, int]:
    """A reminder that fell due before start: (summaries, invitations, reminders left)."""
    with tempfile.TemporaryDirectory(prefix="remind-") as folder:
        home = fresh_home(Path(folder) / "home")
        due = add_reminder(home, *in_seconds(1.0))
        time.sleep(max(0.0, due - time.time()) + 0.5)
        with running(home) as app:
            time.sleep(3.0)  # an invitation that should not come would come at once
            summaries, invitations = len(app.lines_with(MISSED)), len(app.lines_with(INVITATION))
        with ReminderStore(home / "data" / FILE_NAME) as store:
            return summaries, invitations, len(store.all())


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (with fewer than 20 values it is the maximum)."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def figures(trials: list[Trial]) -> str:
    fired = [t.latency_ms for t in trials if t.latency_ms is not None]
    head = f"  fired {len(fired)}/{len(trials)}"
    if not fired:
        return head
    return (
        f"{head}; due time to printed invitation: median {statistics.median(fired):.1f} ms, "
        f"p95 {p95(fired):.1f} ms, max {max(fired):.1f} ms (min {min(fired):.1f} ms)"
    )


def outcome(trial: Trial) -> str:
    return "not fired" if trial.latency_ms is None else f"{trial.latency_ms:.1f} ms"


def report_stored_before_start(count: int) -> None:
    """The target case: `count` reminders, due 3 to 8 s after they are added."""
    print("\nStored before start (the target case):")
    trials = []
    for k in range(count):
        lead = 3.0 + 5.0 * k / max(1, count - 1)
        trial = stored_before_start(lead)
        trials.append(trial)
        note = "" if trial.ready_before_due else " (ready after its due time: invalid)"
        print(f"  trial {k + 1}: due {lead:.1f} s after it was added -> {outcome(trial)}{note}")
    print(figures(trials))
    fired = [t.latency_ms for t in trials if t.latency_ms is not None]
    met = len(fired) == len(trials) and max(fired) <= TARGET_MS
    print(f"  target, every one fired within {TARGET_MS:.0f} ms: {'met' if met else 'NOT met'}")


def report_added_while_running(count: int) -> None:
    """Not the target: added by another process while the companion is idle; all at once."""
    print(f"\nAdded while running, by another process (not the target; RECHECK_S {RECHECK_S:g} s):")
    offsets = [1.0 + k * RECHECK_S / max(1, count) for k in range(count)]
    with ExitStack() as stack:
        trials = added_while_running([*offsets, 1.0], [True] * count + [False], stack)
    for k, trial in enumerate(trials[:count]):
        print(f"  trial {k + 1}: added {offsets[k]:.0f} s after start -> {outcome(trial)}")
    print(figures(trials[:count]))
    waited = f"waited {RECHECK_S + 5:g} s past its due time"
    print(f"  with an empty store at start: {outcome(trials[-1])} ({waited})")


def report_due_before_start() -> None:
    print("\nDue before start (must not fire; one summary):")
    summaries, invitations, left = due_before_start()
    expected = (summaries, invitations, left) == (1, 0, 0)
    print(
        f"  missed summary printed {summaries} time(s), invitation {invitations} time(s), "
        f"reminders left {left} ({'as expected' if expected else 'NOT as expected'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10, help="reminders stored before start")
    parser.add_argument("--running-trials", type=int, default=3, help="added while it runs")
    args = parser.parse_args()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"companion: {shlex.join([*COMPANION, '--text', '--mute'])} (printing only)")
    print(f"date: {datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine: {platform.platform()}, Python {platform.python_version()}", flush=True)
    report_stored_before_start(args.trials)
    report_added_while_running(args.running_trials)
    report_due_before_start()


if __name__ == "__main__":
    main()
