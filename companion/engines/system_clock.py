"""The real clocks behind the core's Clock and WallClock ports."""

from __future__ import annotations

import time
from datetime import UTC, datetime


class SystemClock:
    """Monotonic wall time: never jumps when the system clock is set or NTP steps it."""

    def now(self) -> float:
        """Seconds since an arbitrary fixed point (time.monotonic)."""
        return time.monotonic()


class SystemWallClock:
    """The time of day, for reminders (may jump: suspend, NTP; the schedule allows for it)."""

    def now(self) -> datetime:
        """This moment, in UTC."""
        return datetime.now(UTC)
