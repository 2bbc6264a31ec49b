"""Exercise scripts: the shipped ones validate; broken ones are named by file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core.scripts import (
    Ask,
    Breathe,
    Say,
    load_bundled,
    load_library,
    script_from_path,
    walk,
)
from companion.errors import ScriptError

GOOD = """\
id: calm
title: Calm
kind: breathing
for: [anyone]
steps:
  - say: Hello.
  - breathe:
      in: 4
      out: 6
      cycles: 3
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calm.yaml"
    path.write_text(text)
    return path


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ScriptError) as caught:
        script_from_path(_write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_every_shipped_script_validates() -> None:
    scripts = load_bundled()
    assert "box" in scripts
    for script in scripts.values():
        assert script.steps


def test_box_is_four_four_four_four_and_says_the_dizziness_line() -> None:
    box = load_bundled()["box"]
    breathe = next(s for s in box.steps if isinstance(s, Breathe))
    assert breathe.phases_s == {"in": 4.0, "hold": 4.0, "out": 4.0, "hold_after": 4.0}
    assert 4 * 60 <= breathe.cycles * breathe.cycle_s <= 5 * 60 + 16
    assert "If you feel dizzy or light-headed, stop" in box.intro_text


def test_a_good_script_loads(tmp_path: Path) -> None:
    script = script_from_path(_write(tmp_path, GOOD))
    assert script.id == "calm"
    assert script.steps[1] == Breathe({"in": 4.0, "out": 6.0}, 3)


def test_minutes_become_whole_cycles(tmp_path: Path) -> None:
    script = script_from_path(_write(tmp_path, GOOD.replace("cycles: 3", "minutes: 1")))
    assert script.steps[1] == Breathe({"in": 4.0, "out": 6.0}, 6)


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("      out: 6", "      out: 6\n      exhale: 6"))
    assert message.startswith(f"{tmp_path / 'calm.yaml'}:10: steps[1].breathe.exhale")


def test_bad_value_names_file_line_and_key(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("in: 4", "in: slow"))
    assert ":8: steps[1].breathe.in must be a" in message


def test_unknown_step_is_named(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("  - say: Hello.", "  - sing: Hello."))
    assert ":6: steps[0].sing unknown step 'sing'" in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("for: [anyone]", "for: [anyone"))
    assert str(tmp_path / "calm.yaml") in message
    assert ":5:" in message or ":4:" in message


def test_missing_exhale_is_explained(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("      out: 6\n", ""))
    assert "needs both 'in' and 'out'" in message


def test_unknown_chime_is_named(tmp_path: Path) -> None:
    message = _error(tmp_path, GOOD.replace("  - say: Hello.", "  - chime: gong"))
    assert ":6: steps[0].chime must name a chime: bell" in message


def test_spoken_texts_lists_every_sentence_and_cue_once() -> None:
    box = load_bundled()["box"]
    texts = box.spoken_texts()
    last = box.steps[-1]
    assert isinstance(last, Say) and texts[-1] == last.text
    assert texts.count("Hold") == 1 and "Breathe in" in texts and "Breathe out" in texts


ASKS = GOOD.replace(
    "  - say: Hello.\n",
    """  - say: Hello.
  - ask:
      feeling: "Mad, sad or scared?"
      options: [mad, sad, scared]
      then:
        sad: [{say: "Sad."}]
""",
)


def test_questions_reminders_and_runs_are_read() -> None:
    path = _write_text(ASKS)
    script = script_from_path(path)
    ask = script.steps[1]
    assert isinstance(ask, Ask) and ask.options == ("mad", "sad", "scared")
    assert [type(s).__name__ for s in walk(script.steps)] == ["Say", "Ask", "Say", "Breathe"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("[mad, sad, scared]", "[mad, sad, scared, hurt]"),
            ":9: steps[1].ask.options must offer from 1 to 3",
        ),
        (
            ("[mad, sad, scared]", "[mad, sad, grumpy]"),
            "offers 'grumpy', which is not a feeling word",
        ),
        (("feeling:", "colour:"), ":8: steps[1].ask.colour is not a known key"),
        (("then:", "if_yes:"), "has if_yes or if_no, which belong to a yes_no question"),
        (("sad: [", "happy: ["), ":11: steps[1].ask.then.happy is not a known key"),
    ],
)
def test_a_broken_question_is_named_by_line_and_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    assert expected in _error(tmp_path, ASKS.replace(*change))


def test_a_reminder_needs_a_fixed_time_or_a_question(tmp_path: Path) -> None:
    text = GOOD.replace("  - say: Hello.", "  - remind: {say_when_due: Time.}")
    message = _error(tmp_path, text)
    assert ":6: steps[0].remind needs exactly one of 'in_minutes' (fixed) or 'ask'" in message


def test_a_run_of_an_unknown_script_is_skipped_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "calm.yaml").write_text(GOOD.replace("  - say: Hello.", "  - run: nowhere"))
    library = load_library(tmp_path)
    assert "calm" not in library.scripts and "box" in library.scripts
    [problem] = library.problems
    assert problem.startswith(f"{tmp_path / 'calm.yaml'}:6: run: no script has id 'nowhere'")


def test_a_script_that_runs_itself_is_refused(tmp_path: Path) -> None:
    (tmp_path / "calm.yaml").write_text(GOOD.replace("  - say: Hello.", "  - run: loop"))
    (tmp_path / "loop.yaml").write_text(
        GOOD.replace("id: calm", "id: loop").replace("  - say: Hello.", "  - run: calm")
    )
    library = load_library(tmp_path)
    assert "calm" not in library.scripts and "loop" not in library.scripts
    assert all("must not run itself" in p for p in library.problems)


def _write_text(text: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    return _write(folder, text)


INTRODUCED = """\
id: calm
title: Calm
kind: breathing
for: [anyone]
intro:
  - "Calm breaths."
  - "If you feel dizzy or light-headed, stop and let your breathing return to normal."
opener:
  - say: "In for four, out for six."
steps:
  - hint: "Say stop at any time."
  - breathe:
      in: 4
      out: 6
      cycles: 3
      between:
        - say: "Slow and soft, not deep."
        - hint: "If six feels long, say faster."
"""


def test_intro_opener_hints_and_lines_between_cycles_are_read() -> None:
    script = script_from_path(_write_text(INTRODUCED))
    assert script.intro == (
        "Calm breaths.",
        "If you feel dizzy or light-headed, stop and let your breathing return to normal.",
    )
    assert script.opener == (Say("In for four, out for six."),)
    assert script.steps[0] == Say("Say stop at any time.", hint=True)
    breathe = script.steps[1]
    assert isinstance(breathe, Breathe)
    assert breathe.between == (
        Say("Slow and soft, not deep."),
        Say("If six feels long, say faster.", hint=True),
    )
    texts = script.spoken_texts()
    assert texts[0] == " ".join(script.intro)  # said as one passage
    assert "If six feels long, say faster." in texts and "In for four, out for six." in texts
    assert script.check_ins


def test_a_script_without_an_intro_has_none() -> None:
    script = script_from_path(_write_text(GOOD))
    assert (script.intro, script.opener, script.intro_text) == ((), (), "")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('  - "Calm breaths."', "  - 42"), ":6: intro[0] must be a sentence to say, not 42"),
        (('  - "Calm breaths."\n', ""), None),
        (
            ('  - hint: "Say stop', '  - hint: ""\n  - say: "Say stop'),
            ":11: steps[0].hint must be the sentence to say",
        ),
        (
            ('        - say: "Slow', '        - sing: "Slow'),
            ":17: steps[1].breathe.between[0] must be one say: or hint: line",
        ),
        (("opener:\n  - say:", "opener:\n  - shout:"), ":9: opener[0].shout unknown step 'shout'"),
        (("kind: breathing", "kind: breathing\ncheck_ins: maybe"), ":4: check_ins must be true or"),
    ],
)
def test_a_bad_intro_opener_hint_or_line_between_cycles_is_named_by_line_and_key(
    tmp_path: Path, change: tuple[str, str], expected: str | None
) -> None:
    text = INTRODUCED.replace(*change)
    assert text != INTRODUCED
    if expected is None:
        script_from_path(_write(tmp_path, text))  # one sentence is enough
    else:
        assert expected in _error(tmp_path, text)


def test_an_empty_intro_or_list_of_lines_between_cycles_is_named(tmp_path: Path) -> None:
    intro = INTRODUCED.split("intro:")[1].split("opener:")[0]
    message = _error(tmp_path, INTRODUCED.replace(intro, " []\n"))
    assert ":5: intro must list at least one sentence" in message
    between = INTRODUCED.split("between:")[1]
    message = _error(tmp_path, INTRODUCED.replace(between, " []\n"))
    assert ":16: steps[1].breathe.between must list at least one line (say: or hint:)" in message


def test_check_ins_false_is_read() -> None:
    text = INTRODUCED.replace("kind: breathing", "kind: breathing\ncheck_ins: false")
    assert not script_from_path(_write_text(text)).check_ins
