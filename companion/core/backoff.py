"""Back-off: how long to wait before each retry of something that keeps failing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """Waits that start short and double up to a ceiling, then stay there."""

    first_s: float = 0.5
    """Wait before the first retry: short, so a brief outage is bridged quickly."""
    factor: float = 2.0
    """Each wait is this many times the one before."""
    max_s: float = 8.0
    """Longest wait: bounds how late a returning device is found."""

    def __post_init__(self) -> None:
        if self.first_s <= 0 or self.factor < 1 or self.max_s < self.first_s:
            raise ValueError(f"a back-off needs 0 < first_s <= max_s and factor >= 1: {self}")

    def delay_s(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (0 is the first retry)."""
        if attempt < 0:
            raise ValueError(f"attempt must be 0 or more, not {attempt}")
        delay = self.first_s
        for _ in range(attempt):  # a loop, not a power: no overflow however long it retries
            if delay >= self.max_s:
                break
            delay *= self.factor
        return min(delay, self.max_s)

    def delays(self) -> Iterator[float]:
        """The waits before retry 0, 1, 2, ... without end."""
        attempt = 0
        while True:
            yield self.delay_s(attempt)
            attempt += 1
