"""Where the data lives when no folder is given: the same folder platformdirs names,
found without importing it in the usual cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs import user_data_path

from coach import paths
from coach.paths import APP_DIR_NAME, resolve_data_dir


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rules apply elsewhere")
@pytest.mark.parametrize(
    "xdg",
    [None, "", "/srv/people/sam/.data", "/tmp/with space/and-ünïcode", "relative/data", "~/x"],
)
@pytest.mark.parametrize("home", ["/home/sam", "/home/sam/", "/"])
def test_the_default_folder_is_the_one_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str
) -> None:
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert resolve_data_dir() == user_data_path(APP_DIR_NAME, appauthor=False)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rules apply elsewhere")
def test_finding_the_default_folder_does_not_import_platformdirs(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from coach.paths import resolve_data_dir\n"
        "print(resolve_data_dir(), 'platformdirs' in sys.modules)\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == [str(tmp_path / ".local/share" / APP_DIR_NAME), "False"]


def test_a_folder_given_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert resolve_data_dir() == tmp_path / "from-env"
    assert resolve_data_dir(str(tmp_path / "given")) == tmp_path / "given"
