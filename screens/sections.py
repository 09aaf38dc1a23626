"""The seven top-level sections: their keys, titles and where each screen lives.

Each section's screen module is imported on its first visit, so start-up pays only for
the first screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Section:
    """A top-level section: its mode name, title, key, and where its screen lives."""

    mode: str
    title: str
    key: str
    module: str
    screen: str
    help: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "today",
        "Today",
        "1",
        "today",
        "TodayScreen",
        "Today's promises, appreciation and honesty lines, and what to do next",
    ),
    Section("guide", "Guide", "2", "guide", "GuideScreen", "Read the program, lesson by lesson"),
    Section(
        "worksheets",
        "Worksheets",
        "3",
        "worksheets",
        "WorksheetsScreen",
        "The written work of each phase, saved as you type",
    ),
    Section(
        "promises",
        "Promises",
        "4",
        "promises",
        "PromisesScreen",
        "Your daily promises and the calendar of kept days",
    ),
    Section(
        "rehearse",
        "Rehearse",
        "5",
        "rehearse",
        "RehearseScreen",
        "Practise what to say when the past comes up",
    ),
    Section(
        "checkin",
        "Check-in",
        "6",
        "checkin",
        "CheckinScreen",
        "The weekly 30-minute check-in and your logs",
    ),
    Section(
        "settings",
        "Settings",
        "7",
        "settings",
        "SettingsScreen",
        "Partner's name and pronouns, program start, day end, theme",
    ),
)


def _section_factory(section: Section) -> Callable[[], Screen]:
    def build() -> Screen:
        module = importlib.import_module(f"coach.screens.{section.module}")
        return getattr(module, section.screen)()

    return build


__all__ = ["SECTIONS", "Section", "_section_factory"]
