"""Settings: where files live, defaults, YAML overrides and one-line messages for bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import platformdirs
import pytest

from companion.errors import ConfigError
from companion.settings import (
    ListeningSettings,
    Paths,
    SafetySettings,
    Settings,
    VoiceSettings,
    load_settings,
    paths_from_env,
)


def _paths(tmp_path: Path) -> Paths:
    return paths_from_env({"COMPANION_HOME": str(tmp_path / "home")})


def _load(tmp_path: Path, text: str) -> Settings:
    paths = _paths(tmp_path)
    paths.ensure()
    paths.settings_file.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_settings(paths)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def _file(tmp_path: Path) -> Path:
    return _paths(tmp_path).settings_file


def test_defaults_when_no_settings_file(tmp_path: Path) -> None:
    settings = load_settings(_paths(tmp_path))
    assert settings == Settings()
    assert settings.safety.country == "US"
    assert settings.voice.rate_percent == 90
    assert settings.listening.wake_required is True


def test_loading_without_a_file_creates_nothing(tmp_path: Path) -> None:
    load_settings(_paths(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert _load(tmp_path, "") == Settings()


def test_empty_section_gives_its_defaults(tmp_path: Path) -> None:
    assert _load(tmp_path, "voice:\n") == Settings()


def test_values_are_loaded_over_defaults(tmp_path: Path) -> None:
    settings = _load(
        tmp_path,
        """\
        safety:
          country: IE
          crisis_line: "+353 1 234-5678"
          emergency_number: "112"
        voice:
          engine: piper
          voice_id: en_GB-alba-medium
          rate_percent: 85
        listening:
          wake_phrase: hello friend
          wake_required: false
        """,
    )
    assert settings == Settings(
        SafetySettings("IE", "+353 1 234-5678", "112"),
        VoiceSettings("piper", "en_GB-alba-medium", 85),
        ListeningSettings("hello friend", False),
    )


def test_unset_keys_keep_their_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path, "voice:\n  rate_percent: 95\n")
    assert settings.voice == VoiceSettings(rate_percent=95)
    assert settings.safety == SafetySettings()


def test_companion_home_relocates_all_three_dirs(tmp_path: Path) -> None:
    paths = paths_from_env({"COMPANION_HOME": str(tmp_path)})
    assert paths == Paths(tmp_path / "config", tmp_path / "data", tmp_path / "cache")
    assert paths.settings_file == tmp_path / "config" / "settings.yaml"
    assert paths.scripts_dir == tmp_path / "config" / "scripts"


def test_companion_home_expands_the_home_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths_from_env({"COMPANION_HOME": "~/c"}).data_dir == tmp_path / "c" / "data"


def test_empty_companion_home_is_ignored() -> None:
    assert paths_from_env({"COMPANION_HOME": ""}) == paths_from_env({})


def test_without_companion_home_platformdirs_locations_are_used() -> None:
    assert paths_from_env({}) == Paths(
        Path(platformdirs.user_config_dir("companion", appauthor=False)),
        Path(platformdirs.user_data_dir("companion", appauthor=False)),
        Path(platformdirs.user_cache_dir("companion", appauthor=False)),
    )


def test_paths_from_env_creates_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable))
    paths_from_env({})
    paths_from_env({"COMPANION_HOME": str(tmp_path / "home")})
    assert list(tmp_path.iterdir()) == []


def test_ensure_creates_the_three_dirs(tmp_path: Path) -> None:
    paths = _paths(tmp_path)
    paths.ensure()
    assert all(d.is_dir() for d in (paths.config_dir, paths.data_dir, paths.cache_dir))


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    message = _error(tmp_path, "safety:\n  country: US\nvoice:\n  engine: auto\n  speed: 2\n")
    assert message == (
        f"{_file(tmp_path)}:5: unknown key 'voice.speed' "
        "(known keys in voice: engine, voice_id, rate_percent)"
    )


def test_unknown_section_lists_the_sections(tmp_path: Path) -> None:
    message = _error(tmp_path, "\nsound: {}\n")
    assert message == (
        f"{_file(tmp_path)}:2: unknown key 'sound' "
        "(known keys: safety, voice, listening, sessions, reminders)"
    )


def test_bad_value_names_file_line_and_key(tmp_path: Path) -> None:
    message = _error(tmp_path, "voice:\n  engine: auto\n  rate_percent: fast\n")
    assert message == (
        f"{_file(tmp_path)}:3: voice.rate_percent must be a whole number from 50 to 150, not 'fast'"
    )


def test_rate_outside_range_is_rejected(tmp_path: Path) -> None:
    assert "voice.rate_percent must be" in _error(tmp_path, "voice:\n  rate_percent: 151\n")


def test_boolean_is_not_a_whole_number(tmp_path: Path) -> None:
    assert ", not True" in _error(tmp_path, "voice:\n  rate_percent: true\n")


def test_wake_required_must_be_a_real_boolean(tmp_path: Path) -> None:
    message = _error(tmp_path, "listening:\n  wake_required: 'false'\n")
    assert message == (
        f"{_file(tmp_path)}:2: listening.wake_required must be true or false, not 'false'"
    )


def test_unknown_engine_is_rejected(tmp_path: Path) -> None:
    message = _error(tmp_path, "voice:\n  engine: espeak\n")
    assert message.endswith("voice.engine must be one of auto, pyttsx3, piper, not 'espeak'")


def test_empty_wake_phrase_is_rejected(tmp_path: Path) -> None:
    assert "listening.wake_phrase must be" in _error(tmp_path, "listening:\n  wake_phrase: ' '\n")


def test_section_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    message = _error(tmp_path, "safety: {}\nvoice: loud\n")
    assert message == f"{_file(tmp_path)}:2: voice must be a mapping of keys to values"


def test_file_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    assert "settings must be a mapping" in _error(tmp_path, "- voice\n")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    message = _error(tmp_path, "voice:\n  engine: auto\n  rate_percent: [90\n")
    assert message.startswith(f"{_file(tmp_path)}:4: not valid YAML")


@pytest.mark.parametrize("written", ["UK", "uk", "gb", "Gb"])
def test_country_alias_and_case_give_the_canonical_code(tmp_path: Path, written: str) -> None:
    assert _load(tmp_path, f"safety:\n  country: {written}\n").safety.country == "GB"


def test_unknown_country_lists_the_choices(tmp_path: Path) -> None:
    message = _error(tmp_path, "safety:\n  country: XX\n")
    assert message == (
        f"{_file(tmp_path)}:2: safety.country must be one of US, GB (or UK), IE, EU, not 'XX'"
    )


@pytest.mark.parametrize("number", ["'call 988'", "'988#'", "''", "' - '"])
def test_bad_crisis_number_is_rejected(tmp_path: Path, number: str) -> None:
    assert "safety.crisis_line must be a phone number" in _error(
        tmp_path, f"safety:\n  crisis_line: {number}\n"
    )


def test_unquoted_number_is_rejected_because_yaml_may_read_it_as_octal(tmp_path: Path) -> None:
    message = _error(tmp_path, "safety:\n  emergency_number: 0112\n")
    assert message.endswith("in quotes, using only digits, spaces, + and -, not 74")


@pytest.mark.parametrize(
    "text",
    [
        "voice:\n  speed: 2\n",
        "voice:\n  rate_percent: fast\n",
        'safety:\n  crisis_line: "988\\n911 x"\n',
        "voice: [\n",
        "voice: loud\n",
    ],
)
def test_every_message_is_a_single_line(tmp_path: Path, text: str) -> None:
    assert "\n" not in _error(tmp_path, text)
