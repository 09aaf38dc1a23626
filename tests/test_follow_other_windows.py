"""What `coach check` (or another window) saves shows in the open app within seconds,
without disturbing a field being typed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.promises import add_promise, check
from coach.schedule import Schedule
from coach.screens import app as app_module
from coach.settings import Settings, save_settings
from coach.store import Store
from tests.conftest import FIXED_NOW, PROGRAM_START
from tests.helpers.screen import screen_text, wait_until

TODAY = FIXED_NOW.date()


@pytest.fixture
def folder(tmp_path: Path, clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(app_module, "FOLLOW_SECONDS", 0.05)
    store = Store.open(tmp_path, clock)
    save_settings(
        store,
        Settings(
            partner_name="Dana", pronouns="she/her", program_start=PROGRAM_START, welcomed=True
        ),
    )
    add_promise(store, "Text when I leave work", Schedule.daily(), PROGRAM_START)
    add_promise(store, "Walk together after dinner", Schedule.daily(), PROGRAM_START)
    return tmp_path


def from_another_terminal(folder: Path, clock, text: str, status: str = "kept") -> None:
    other = Store.open(folder, clock)
    [promise] = [p for p in other.records("promises").values() if p["text"] == text]
    check(other, promise["id"], TODAY, status, "Phone died." if status == "broken" else "")


async def test_today_shows_a_check_off_made_in_another_terminal(folder, clock, make_test_app):
    app = make_test_app(Store.open(folder, clock))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert "[ ] not yet  Walk together after dinner" in screen_text(app)
        from_another_terminal(folder, clock, "Walk together after dinner")
        await wait_until(pilot, lambda: "[✓] kept     Walk together" in screen_text(app))
        assert "[ ] not yet  Text when I leave work" in screen_text(app)


async def test_the_calendar_and_list_follow_too(folder, clock, make_test_app):
    app = make_test_app(Store.open(folder, clock))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        from_another_terminal(folder, clock, "Text when I leave work", "broken")
        await wait_until(pilot, lambda: "Phone died." in screen_text(app))
        assert "[✗] broken   Text when I leave work" in screen_text(app)


async def test_words_being_typed_are_left_alone_until_the_field_is_left(
    folder, clock, make_test_app
):
    app = make_test_app(Store.open(folder, clock))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.press(*"She made tea")
        field = app.focused
        from_another_terminal(folder, clock, "Walk together after dinner")
        await pilot.pause(0.3)
        assert app.focused is field and field.value == "She made tea"
        assert "[ ] not yet  Walk together after dinner" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: "[✓] kept     Walk together" in screen_text(app))
        assert "She made tea" in screen_text(app)
