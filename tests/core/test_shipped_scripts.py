"""The shipped script library follows the content guide's rules: every script validates and
every run: resolves; breathing scripts say the dizziness line once, in the intro that comes
before they breathe; scripts that hold the breath have a no-hold variant; menus offer three
choices at most; cue words fit their phases; the flows set their reminders."""

from __future__ import annotations

import re

import pytest

from companion.core.scripts import (
    MAX_OPTIONS,
    OTHER,
    Ask,
    Breathe,
    Remind,
    Run,
    Say,
    Script,
    Step,
    load_bundled,
    load_library,
    walk,
)

KINDS = {
    "sigh": "breathing",
    "box": "breathing",
    "box_no_hold": "breathing",
    "478": "breathing",
    "478_no_hold": "breathing",
    "coherent": "breathing",
    "exhale": "breathing",
    "settle": "breathing",
    "sleep": "breathing",
    "senses": "grounding",
    "body_scan": "grounding",
    "muscle": "grounding",
    "self_compassion": "grounding",
    "butterfly": "grounding",
    "anxious": "flow",
    "overwhelmed": "flow",
    "closeness": "flow",
}
DIZZY = "If you feel dizzy or light-headed, stop and let your breathing return to normal."
HOLD_CAUTION = ("pregnancy", "heart", "epilepsy", "asthma")
WORDS_PER_S = 2.5
"""Speaking rate assumed for cue words (the voice runs at about 90% of its normal rate)."""
CONTROL_HINT = re.compile(
    r"\bsay\b[^.?!]*\b(stop|pause|resume|slower|faster|skip|repeat|start)\b", re.IGNORECASE
)
"""A sentence telling the person what to say to control the companion."""
TOP_UP_MAX_S = 1.5
"""The cyclic sigh's top-up inhale uses the hold phase; a short one not cued "hold" is an
inhale, not a breath hold."""

SCRIPTS = load_bundled()
BREATHING = sorted(i for i, s in SCRIPTS.items() if s.kind == "breathing")


def _steps(script: Script) -> list[Step]:
    return list(walk(script.steps))


def _said(script: Script) -> list[str]:
    """Every sentence, hints too: the intro, the opener, the steps and the lines between
    breathing cycles."""
    steps = walk((*script.opener, *script.steps))
    return [*script.intro, *(step.text for step in steps if isinstance(step, Say))]


def _breathes(script: Script) -> list[Breathe]:
    return [step for step in _steps(script) if isinstance(step, Breathe)]


def _ends_in_words(steps: tuple[Step, ...]) -> bool:
    """Ends with a sentence, or a question whose every answer does (or runs a script)."""
    last = steps[-1]
    if isinstance(last, Ask):
        return all(isinstance(b[-1], Run) or _ends_in_words(b) for b in last.branches.values())
    return isinstance(last, Say)


def _holds_breath(breathe: Breathe) -> bool:
    for name, seconds in breathe.phases_s.items():
        if name == "hold_after":
            return True
        if name == "hold":
            top_up = seconds <= TOP_UP_MAX_S and "hold" not in breathe.cues[name].lower()
            if not top_up:
                return True
    return False


def test_every_shipped_script_validates_and_every_run_resolves() -> None:
    library = load_library(None)
    assert library.problems == ()
    assert set(library.scripts) == set(SCRIPTS)
    for script in SCRIPTS.values():
        assert script.steps


def test_the_library_has_every_script_of_the_content_guide() -> None:
    assert set(KINDS) <= set(SCRIPTS)
    for script_id, kind in KINDS.items():
        assert SCRIPTS[script_id].kind == kind, script_id


@pytest.mark.parametrize("script_id", BREATHING)
def test_breathing_scripts_say_the_dizziness_line_once_in_their_intro(script_id: str) -> None:
    # the intro comes before the steps (see test_first_minute for when it is said)
    script = SCRIPTS[script_id]
    assert script.intro.count(DIZZY) == 1
    assert DIZZY not in " ".join(_said(script)[len(script.intro) :])


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_any_script_that_breathes_has_the_dizziness_line_in_its_intro(script_id: str) -> None:
    script = SCRIPTS[script_id]
    if not _breathes(script):
        return
    assert script.intro.count(DIZZY) == 1
    assert DIZZY not in " ".join(_said(script)[len(script.intro) :])


@pytest.mark.parametrize("script_id", BREATHING)
def test_breathing_scripts_follow_the_rules_for_every_script(script_id: str) -> None:
    script = SCRIPTS[script_id]
    said = " ".join(_said(script)).lower()
    assert "slow and soft, not deep" in said
    assert "say stop at any time" in said
    if script.check_ins:
        assert _ends_in_words(script.steps), "ends with a short closing sentence"
    else:  # at bedtime: it ends in quiet, with nothing to answer
        assert isinstance(script.steps[-1], Breathe)


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_every_hint_tells_what_to_say_and_no_other_line_does(script_id: str) -> None:
    script = SCRIPTS[script_id]
    for step in walk((*script.opener, *script.steps)):
        if isinstance(step, Say):
            assert bool(CONTROL_HINT.search(step.text)) == step.hint, step.text
    for sentence in script.intro:
        assert not CONTROL_HINT.search(sentence), sentence


def test_only_the_bedtime_breathing_leaves_the_check_ins_out() -> None:
    assert [i for i, script in SCRIPTS.items() if not script.check_ins] == ["sleep"]


def test_scripts_that_hold_the_breath_have_a_variant_without_holds() -> None:
    holding = sorted(i for i in BREATHING if any(map(_holds_breath, _breathes(SCRIPTS[i]))))
    assert {"box", "478"} <= set(holding)
    assert "sigh" not in holding  # its hold phase is the top-up inhale
    for script_id in holding:
        script = SCRIPTS[script_id]
        variant = SCRIPTS[f"{script_id}_no_hold"]
        assert variant.kind == "breathing"
        for breathe in _breathes(variant):
            assert set(breathe.phases_s) == {"in", "out"}
        cautions = " ".join(script.cautions).lower()
        assert all(word in cautions for word in HOLD_CAUTION), script_id
        assert "without holds" in " ".join(_said(script)), script_id


def test_no_hold_variants_keep_the_ratio_of_the_original() -> None:
    ratio = {}
    for script_id in ("box", "box_no_hold", "478", "478_no_hold"):
        (breathe,) = _breathes(SCRIPTS[script_id])
        ratio[script_id] = breathe.phases_s["out"] / breathe.phases_s["in"]
    assert ratio["box_no_hold"] == ratio["box"]
    assert ratio["478_no_hold"] == ratio["478"]


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_every_menu_offers_at_most_three_choices(script_id: str) -> None:
    for step in _steps(SCRIPTS[script_id]):
        if isinstance(step, Ask) and step.answer in ("feeling", "choice"):
            assert 1 <= len(step.options) <= MAX_OPTIONS


@pytest.mark.parametrize("script_id", sorted(set(SCRIPTS) - {"check_in"}))
def test_no_script_asks_for_a_rating(script_id: str) -> None:
    # the companion adds the before and after check-ins itself, around every session; the
    # check_in script (what a check-in reminder starts) is the rating alone
    asks = [step for step in _steps(SCRIPTS[script_id]) if isinstance(step, Ask)]
    assert all(step.answer != "rating" for step in asks)


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_every_feeling_question_accepts_i_dont_know(script_id: str) -> None:
    for step in _steps(SCRIPTS[script_id]):
        if isinstance(step, Ask) and step.answer == "feeling":
            assert OTHER in step.branches, step.question


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_cue_words_are_shorter_than_their_phases(script_id: str) -> None:
    for breathe in _breathes(SCRIPTS[script_id]):
        for phase, seconds in breathe.phases_s.items():
            cue = breathe.cues.get(phase)
            if cue:
                assert len(cue.split()) / WORDS_PER_S < seconds, (phase, cue)


def _reminders(script: Script) -> list[Remind]:
    return [step for step in _steps(script) if isinstance(step, Remind)]


def test_the_anxious_and_overwhelmed_flows_set_a_reminder() -> None:
    assert _reminders(SCRIPTS["anxious"])
    assert _reminders(SCRIPTS["overwhelmed"])


def test_the_anxious_pause_is_ten_to_twenty_minutes() -> None:
    for remind in _reminders(SCRIPTS["anxious"]):
        assert remind.in_minutes is not None
        assert 10 <= remind.in_minutes <= 20


def test_the_overwhelmed_flow_asks_when_to_return_at_least_twenty_minutes_on() -> None:
    (remind,) = _reminders(SCRIPTS["overwhelmed"])
    assert remind.question is not None
    assert remind.in_minutes is None
    assert remind.at_least_minutes >= 20
    assert remind.at_least_minutes <= remind.default_minutes < 24 * 60


def test_the_overwhelmed_flow_names_the_feeling_by_family() -> None:
    asks = [step for step in SCRIPTS["overwhelmed"].steps if isinstance(step, Ask)]
    (family,) = [step for step in asks if step.answer == "feeling"]
    assert family.options == ("mad", "sad", "scared")
    for name in family.options:
        (finer,) = family.branches[name]
        assert isinstance(finer, Ask) and finer.answer == "feeling"
        assert 2 <= len(finer.options) <= MAX_OPTIONS
        assert OTHER in finer.branches


def test_every_shipped_script_names_its_source() -> None:
    for script in load_bundled().values():
        assert len(script.citation) > 10, script.id
