"""The one exception tree: every expected failure is a CompanionError with a one-line message."""


class CompanionError(Exception):
    """An expected failure, shown to the person as one line, never as a traceback."""


class ConfigError(CompanionError):
    """A settings file is broken: the message names file, line and key."""


class ScriptError(CompanionError):
    """An exercise script is broken: the message names file, line and key."""


class AudioDeviceError(CompanionError):
    """A sound device is missing or failed."""


class EngineError(CompanionError):
    """A speech or recognition engine is missing or failed."""


class HistoryError(CompanionError):
    """The session history file is unreadable or broken: the message names the file."""


class ReminderStoreError(CompanionError):
    """The reminders file is unreadable or broken: the message names the file."""
