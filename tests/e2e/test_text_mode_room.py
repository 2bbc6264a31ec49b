"""Typed requests, heard through a real PulseAudio room: box breathing on its 4-second grid."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from companion_process import typed_session
from room import Room, onsets, silence_after

from companion.talk import CUE_LEAD_S

pytestmark = pytest.mark.e2e


def test_typed_box_breathing_is_heard_on_the_grid_and_stop_silences_it(
    room: Room, companion_home: Path
) -> None:
    with typed_session(room, companion_home) as session:
        time.sleep(1.0)
        asked = session.type("start box breathing")  # the check-ins come at the end
        first_cue = session.wait_for("Breathe in", timeout_s=90.0)
        # in, hold and out of the first box; a line about holds takes the place of its last hold
        out_on = first_cue + CUE_LEAD_S + 8.3  # printed ahead, heard on the grid
        time.sleep(max(0.0, out_on - (time.monotonic() - session.t0)))
        stopped = session.type("stop")
        session.wait_for("Stopped")
        time.sleep(5.0)  # the next cue would have come by now
    assert session.sound is not None
    heard = onsets(session.sound, min_gap_s=0.25)
    assert heard, "nothing was heard"
    first_sound = next(t for t in heard if t > asked)
    assert first_sound - asked < 2.0, f"speech began {first_sound - asked:.2f} s after the request"

    cue_sounds = session.cue_onsets(heard)
    assert len(cue_sounds) >= 3
    gaps = [b - a for a, b in itertools.pairwise(cue_sounds)]
    assert all(abs(gap - 4.0) < 0.05 for gap in gaps), f"cue gaps {gaps}"

    quiet_from = silence_after(session.sound, stopped)
    assert quiet_from is not None and quiet_from - stopped < 1.0
    assert not [t for t in heard if t > stopped + 0.05]


@pytest.mark.parametrize(("control", "printed"), [("stop", "Stopped"), ("pause", "Paused")])
def test_typed_control_cuts_speech_mid_sentence(
    room: Room, companion_home: Path, control: str, printed: str
) -> None:
    with typed_session(room, companion_home) as session:
        session.type("start box breathing")
        session.wait_for("Box breathing.")  # the intro, with the safety line, the first time
        time.sleep(2.0)  # well inside the first sentence, which lasts about 5 s
        sent = session.type(control)
        session.wait_for(printed)
        time.sleep(3.0)
    assert session.sound is not None
    assert [t for t in onsets(session.sound, min_gap_s=0.25) if t < sent], "nothing was heard"
    quiet_from = silence_after(session.sound, sent)
    assert quiet_from is not None
    assert quiet_from - sent < 0.5, f"still speaking {quiet_from - sent:.2f} s after {control}"
