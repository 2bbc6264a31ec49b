"""The core imports no hardware or engine library, so it runs anywhere, fast, in tests."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_engine_library() -> None:
    code = (
        "import sys, pkgutil, importlib, companion.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('companion.core.' + m.name)\n"
        "bad = {'sounddevice', 'ctranslate2', 'tokenizers', 'wordllama', 'pyttsx3', 'piper',\n"
        "       'numpy', 'speech_recognition', 'jellyfish'}\n"
        "print(sorted(bad & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
