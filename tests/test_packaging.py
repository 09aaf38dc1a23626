"""The wheel ships every file the app reads: each shipped folder is declared in pyproject."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {
    "coach": ROOT / "coach",
    "coach.screens": ROOT / "screens",
    "coach.content": ROOT / "content",
}


def declared_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_identifier_named_folder_is_a_declared_package():
    missing = []
    for package, folder in MAPPED.items():
        for sub in folder.rglob("*"):
            if not sub.is_dir() or sub.name == "__pycache__" or not any(sub.iterdir()):
                continue
            parts = sub.relative_to(folder).parts
            if not all(part.isidentifier() for part in parts):
                continue  # shipped as data of the nearest identifier-named parent
            name = ".".join((package, *parts))
            if name not in declared_packages():
                missing.append(name)
    assert missing == [], f"add these to [tool.setuptools] packages: {missing}"


def test_declared_packages_exist():
    for name in declared_packages():
        for package, folder in sorted(MAPPED.items(), key=lambda kv: -len(kv[0])):
            if name == package or name.startswith(package + "."):
                rest = name[len(package) + 1 :].split(".") if name != package else []
                assert folder.joinpath(*rest).is_dir(), name
                break
