"""Every number the companion can say is in the dated table."""

from __future__ import annotations

import re
from datetime import date

import pytest

from companion.core.safety import CRISIS_LINES, crisis_line_for, crisis_response


def _numbers(text: str) -> set[str]:
    return {m.strip() for m in re.findall(r"\d[\d ]*\d|\d", text)}


@pytest.mark.parametrize("country", sorted(CRISIS_LINES))
def test_every_number_said_is_in_the_table(country: str) -> None:
    entry = CRISIS_LINES[country]
    said = _numbers(" ".join(crisis_response(crisis_line_for(country))))
    known = {n for e in CRISIS_LINES.values() for n in (e.crisis_line, e.emergency_number) if n}
    assert said <= known
    assert entry.emergency_number in said


@pytest.mark.parametrize("country", sorted(CRISIS_LINES))
def test_every_entry_is_dated(country: str) -> None:
    assert date.fromisoformat(CRISIS_LINES[country].checked) <= date.today()


def test_expected_numbers_by_country() -> None:
    assert (CRISIS_LINES["US"].crisis_line, CRISIS_LINES["US"].emergency_number) == ("988", "911")
    assert CRISIS_LINES["GB"].crisis_line == "116 123"
    assert CRISIS_LINES["EU"].emergency_number == "112"


def test_the_persons_own_numbers_replace_the_table() -> None:
    said = " ".join(crisis_response(crisis_line_for("US", "555 0100", "000")))
    assert "555 0100" in said and "000" in said and "988" not in said


def test_uk_is_an_alias_of_gb() -> None:
    assert crisis_line_for("uk") == crisis_line_for("GB")


def test_response_never_argues_and_includes_hope_and_a_person() -> None:
    said = " ".join(crisis_response(crisis_line_for("US"))).lower()
    assert "someone you trust" in said
    assert "thank you for telling me" in said
    assert "can't keep you safe on my own" in said
