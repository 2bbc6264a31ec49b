"""Where the companion keeps its files, and the person's settings: defaults in code, YAML on top.

Loaders are layered (hassil style): `load_settings` -> `settings_from_yaml` -> `from_dict`.
Each field's validator sits in its metadata, so a new setting is one line plus its docstring.
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs

from companion.core.safety import COUNTRY_ALIASES, CRISIS_LINES
from companion.core.yamlsource import Key, YamlDoc, dotted, read
from companion.errors import ConfigError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")
APP_NAME = "companion"


@dataclass(frozen=True)
class Paths:
    """The three directories the companion may use; nothing exists until `ensure`."""

    config_dir: Path
    """Settings and the person's own exercise scripts."""
    data_dir: Path
    """Things the companion keeps, such as reminders."""
    cache_dir: Path
    """Things that can be rebuilt and deleted freely."""

    @property
    def settings_file(self) -> Path:
        """The person's settings YAML."""
        return self.config_dir / "settings.yaml"

    @property
    def scripts_dir(self) -> Path:
        """The person's own exercise scripts."""
        return self.config_dir / "scripts"

    def ensure(self) -> None:
        """Create the three directories; only code that writes calls this."""
        for directory in (self.config_dir, self.data_dir, self.cache_dir):
            directory.mkdir(parents=True, exist_ok=True)


def paths_from_env(env: Mapping[str, str] | None = None) -> Paths:
    """COMPANION_HOME/{config,data,cache} if set, else the platform's places; creates nothing."""
    env = os.environ if env is None else env
    home = env.get("COMPANION_HOME", "")
    if home:
        root = Path(home).expanduser().absolute()
        return Paths(root / "config", root / "data", root / "cache")
    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


class _Invalid(Exception):
    """A value was refused; the argument completes '<key> must ...'."""


Check = Callable[[Any], Any]
"""Takes the raw YAML value, returns the value to store or raises `_Invalid`."""


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            raise _Invalid(f"be one of {', '.join(choices)}")
        return str(value)

    return check


def _whole_number(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        # YAML reads `true` as a bool, and bool is an int in Python; refuse it here.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(f"be a whole number from {low} to {high}")
        return value

    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("be true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("be some text")
    return value.strip()


def _optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def _country(value: Any) -> str:
    code = value.upper() if isinstance(value, str) else ""
    code = COUNTRY_ALIASES.get(code, code)
    if code not in CRISIS_LINES:
        raise _Invalid(f"be one of {_COUNTRY_CHOICES}")
    return code


_ALIAS_OF = {code: alias for alias, code in COUNTRY_ALIASES.items()}
_COUNTRY_CHOICES = ", ".join(
    f"{code} (or {_ALIAS_OF[code]})" if code in _ALIAS_OF else code for code in CRISIS_LINES
)


_PHONE = re.compile(r"[0-9+\- ]*[0-9][0-9+\- ]*")


def _phone_number(value: Any) -> str:
    # Unquoted numbers are refused: YAML reads 0112 as octal 74, and a wrong crisis number is
    # the worst mistake this program could make.
    if not isinstance(value, str) or not _PHONE.fullmatch(value.strip()):
        raise _Invalid("be a phone number in quotes, using only digits, spaces, + and -")
    return value.strip()


@dataclass(frozen=True)
class SafetySettings:
    """Which crisis numbers the companion says."""

    country: str = field(default="US", metadata={"check": _country})
    """Key of the crisis-line table, upper-case; UK is stored as GB."""
    crisis_line: str | None = field(default=None, metadata={"check": _optional(_phone_number)})
    """The person's own crisis line number, said instead of the table's."""
    emergency_number: str | None = field(default=None, metadata={"check": _optional(_phone_number)})
    """The person's own emergency number, said instead of the table's."""


@dataclass(frozen=True)
class VoiceSettings:
    """How the companion speaks."""

    engine: str = field(default="auto", metadata={"check": _one_of("auto", "pyttsx3", "piper")})
    """Speech engine; auto picks the best one installed."""
    voice_id: str | None = field(default=None, metadata={"check": _optional(_text)})
    """The engine's name for the voice, or None for its default."""
    rate_percent: int = field(default=90, metadata={"check": _whole_number(50, 150)})
    """Speaking rate as a percentage of the engine's normal rate (the content guide wants 85-95)."""


@dataclass(frozen=True)
class ListeningSettings:
    """How the companion listens."""

    wake_phrase: str = field(default="companion", metadata={"check": _text})
    """The phrase that makes the companion listen for a request."""
    wake_required: bool = field(default=True, metadata={"check": _boolean})
    """Whether requests must start with the wake phrase."""


@dataclass(frozen=True)
class SessionSettings:
    """How guided sessions go."""

    check_ins: bool = field(default=True, metadata={"check": _boolean})
    """Ask for a 0-10 rating before and after each session (always skippable)."""


_HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


def _quiet_hours(value: Any) -> str:
    if not isinstance(value, str) or not _HOURS.fullmatch(value.strip()):
        raise _Invalid('be two 24-hour times like "22:00-08:00" (the same twice: no quiet hours)')
    return value.strip()


def _time_zone(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(
            'be a time zone name such as "Europe/London" or "America/New_York"'
        ) from None
    return str(value)


@dataclass(frozen=True)
class ReminderSettings:
    """When reminders may speak."""

    quiet_hours: str = field(default="22:00-08:00", metadata={"check": _quiet_hours})
    """Local times between which reminders wait, "HH:MM-HH:MM"; may run past midnight."""
    time_zone: str | None = field(default=None, metadata={"check": _optional(_time_zone)})
    """The time zone for "at nine pm"; None: the machine's."""


@dataclass(frozen=True)
class Settings:
    """Everything the person can set."""

    safety: SafetySettings = field(default_factory=SafetySettings)
    """Crisis numbers."""
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    """Speech output."""
    listening: ListeningSettings = field(default_factory=ListeningSettings)
    """Speech input."""
    sessions: SessionSettings = field(default_factory=SessionSettings)
    """Guided sessions."""
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    """Reminders."""


def load_settings(paths: Paths) -> Settings:
    """The settings file over the defaults; a missing file means defaults and is not created."""
    if not paths.settings_file.exists():
        return Settings()
    return settings_from_yaml(read(paths.settings_file, ConfigError))


def settings_from_yaml(doc: YamlDoc) -> Settings:
    """Settings from a parsed document; an empty document means defaults."""
    return from_dict(Settings, doc.data, doc, ())


def from_dict(cls: type[T], data: Any, doc: YamlDoc, key: Key) -> T:
    """Build dataclass `cls` from `data` found at `key` in `doc`; raise ConfigError on bad input."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(
            f"{doc.where(key)}: {dotted(key) or 'settings'} must be a mapping of keys to values"
        )
    known = {f.name: f for f in fields(cls)}
    for name in data:
        if str(name) not in known:
            raise ConfigError(_unknown(doc, (*key, str(name)), list(known)))
    hints = typing.get_type_hints(cls)
    values = {
        name: _value(hints[name], known[name].metadata, data[name], doc, (*key, name))
        for name in data
    }
    return cls(**values)


def _value(hint: Any, metadata: Mapping[str, Any], raw: Any, doc: YamlDoc, key: Key) -> Any:
    if isinstance(hint, type) and is_dataclass(hint):
        return from_dict(hint, raw, doc, key)
    try:
        return metadata["check"](raw)
    except _Invalid as exc:
        raise ConfigError(f"{doc.where(key)}: {dotted(key)} must {exc}, not {raw!r}") from None


def _unknown(doc: YamlDoc, key: Key, known: list[str]) -> str:
    section = f" in {dotted(key[:-1])}" if key[:-1] else ""
    return (
        f"{doc.where(key)}: unknown key {dotted(key)!r} (known keys{section}: {', '.join(known)})"
    )
