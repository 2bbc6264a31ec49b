"""The back-off schedule: short first, doubling, capped."""

from __future__ import annotations

from itertools import islice

import pytest

from companion.core.backoff import Backoff


def test_default_waits_double_from_half_a_second_to_eight() -> None:
    assert list(islice(Backoff().delays(), 7)) == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_delay_stays_at_the_ceiling_after_many_attempts() -> None:
    assert Backoff().delay_s(10_000) == 8.0


def test_ceiling_that_is_not_a_doubling_is_kept() -> None:
    assert [Backoff(first_s=1.0, max_s=3.0).delay_s(n) for n in range(4)] == [1, 2, 3, 3]


def test_factor_one_waits_the_same_each_time() -> None:
    assert list(islice(Backoff(first_s=0.2, factor=1.0).delays(), 3)) == [0.2, 0.2, 0.2]


@pytest.mark.parametrize(
    "kwargs",
    [{"first_s": 0.0}, {"factor": 0.5}, {"first_s": 2.0, "max_s": 1.0}],
)
def test_impossible_schedules_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Backoff(**kwargs)


def test_negative_attempt_is_refused() -> None:
    with pytest.raises(ValueError):
        Backoff().delay_s(-1)
