"""Reading the packaged content (`coach.content`) the same way from a checkout or a wheel."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def content_root() -> Traversable:
    """The root of the installed `coach.content` package."""
    return files("coach.content")


def content_path(relative: str) -> Traversable:
    """A file below the content root, given as a POSIX path such as `guide/index.toml`."""
    node = content_root()
    for part in relative.split("/"):
        node = node / part
    return node


def read_text(relative: str) -> str:
    """The UTF-8 text of a content file."""
    return content_path(relative).read_text(encoding="utf-8")


@cache
def read_toml(relative: str) -> dict[str, Any]:
    """A parsed TOML content file; cached, since content never changes while running."""
    return tomllib.loads(read_text(relative))
