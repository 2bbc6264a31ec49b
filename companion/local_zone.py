"""The person's time zone, for reminders at a local time: the setting, else the machine's."""

from __future__ import annotations

import warnings
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from companion.errors import ConfigError


def local_zone(setting: str | None) -> tzinfo:
    """The zone named in settings (reminders.time_zone), else the machine's, else UTC."""
    if setting:
        try:
            return ZoneInfo(setting)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"reminders.time_zone: no time zone is called {setting!r}") from None
    return _machine_zone()


def _machine_zone() -> tzinfo:
    import tzlocal

    # A machine with no zone configured (a bare container) is not an error: it keeps UTC.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return tzlocal.get_localzone()
        except (LookupError, ValueError, OSError):
            return UTC
