"""The guide's text is written fresh: no eight-word run may be shared with the seed article.

Every text file under `content/` is compared, as written and with the placeholders filled,
against every `*.txt` in `../shared/seed/` beside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.partner import Partner, UnknownPlaceholder, fill

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SEED = REPO.parent / "shared" / "seed"

RUN = 8
_WORD = re.compile(r"[a-z0-9']+")

# Stock phrases the guide quotes on purpose: lines it teaches the reader not to say, and the
# two fixed questions of the app's weekly check-in. A shared run is allowed only when it lies
# wholly inside one of these.
ALLOWED_PHRASES = (
    "I'm sorry you feel that way",
    "I'm sorry if I hurt you",
    "I apologize for whatever I did wrong",
    "Why are we talking about this again? I thought we were moving past this.",
)


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _WORD.findall(text)


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _allowed_runs() -> set[tuple[str, ...]]:
    allowed: set[tuple[str, ...]] = set()
    for phrase in ALLOWED_PHRASES:
        allowed |= _runs(_words(phrase))
    return allowed


def _text_files() -> list[Path]:
    files = []
    for path in sorted(CONTENT.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not a text file
        files.append(path)
    return files


def _versions(text: str) -> list[str]:
    """The text as written and as a reader sees it, since filling can create new matches."""
    versions = [text]
    for partner in (Partner(), Partner(pronouns="he/him"), Partner(pronouns="they/them")):
        try:
            versions.append(fill(text, partner))
        except UnknownPlaceholder:
            break  # test_guide_content reports unknown placeholders
    return versions


def test_no_eight_word_run_is_shared_with_the_seed() -> None:
    seeds = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not seeds:
        pytest.skip(f"no seed articles in {SEED}")
    seed_runs: set[tuple[str, ...]] = set()
    for seed in seeds:
        seed_runs |= _runs(_words(seed.read_text(encoding="utf-8", errors="replace")))
    allowed = _allowed_runs()

    offences: list[str] = []
    for path in _text_files():
        shared: set[tuple[str, ...]] = set()
        for version in _versions(path.read_text(encoding="utf-8")):
            shared |= (_runs(_words(version)) & seed_runs) - allowed
        for run in sorted(shared):
            offences.append(f"{path.relative_to(REPO)}: {' '.join(run)}")
    assert not offences, "text shared with the seed article:\n" + "\n".join(offences)


def test_the_checker_catches_a_copied_sentence() -> None:
    copied = "one two three four five six seven eight nine"
    assert _runs(_words(copied)) & _runs(_words("zero " + copied.upper()))
    assert not _runs(_words("one two three four five six seven"))
    assert _runs(_words("I\u2019m sorry you feel that way today, love")) == _runs(
        _words("i'm sorry you feel that way today love")
    )
