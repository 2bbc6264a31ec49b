"""The real clock behind the core's Clock port."""

from __future__ import annotations

import time


class SystemClock:
    """Monotonic wall time: never jumps when the system clock is set or NTP steps it."""

    def now(self) -> float:
        """Seconds since an arbitrary fixed point (time.monotonic)."""
        return time.monotonic()
