"""The core never imports Textual: the screens depend on it, never the other way."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import coach

CORE = Path(coach.__file__).parent


def core_modules() -> list[str]:
    names = ["coach"]
    for info in pkgutil.walk_packages([str(CORE)], prefix="coach."):
        if not info.name.startswith(("coach.screens", "coach.content", "coach.__main__")):
            names.append(info.name)
    return names


def test_importing_every_core_module_loads_no_textual():
    modules = core_modules()
    assert "coach.store" in modules and "coach.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_no_core_file_mentions_textual_imports():
    offenders = [
        str(path)
        for path in CORE.rglob("*.py")
        if "import textual" in path.read_text() or "from textual" in path.read_text()
    ]
    assert offenders == []
