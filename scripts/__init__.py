"""The exercise scripts shipped with the companion (YAML); a package so the wheel carries them."""
