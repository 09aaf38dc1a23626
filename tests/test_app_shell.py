"""The app shell as a user meets it: the welcome, sections by key and by palette, the keys
dialog, quitting, small windows and crashes."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from coach.screens.app import SECTIONS
from coach.settings import load_settings
from coach.store import Store
from tests.helpers.screen import screen_text


async def test_first_run_shows_the_welcome_and_saves_answers(store, make_test_app):
    app = make_test_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        assert "not therapy" in screen_text(app)
        await pilot.press(*"Dana")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
    settings = load_settings(store)
    assert settings.partner_name == "Dana"
    assert settings.welcomed
    assert settings.program_start == date(2026, 11, 24)


async def test_welcome_can_be_skipped_with_defaults(store, make_test_app):
    app = make_test_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "today"
        assert type(app.screen).__name__ == "TodayScreen"
    settings = load_settings(store)
    assert settings.welcomed and settings.partner_name == "" and settings.pronouns == "she/her"
    assert settings.partner.name == "your partner"


async def test_welcome_refuses_a_future_start_date(store, make_test_app):
    app = make_test_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        start = app.screen.query_one("#program-start", Input)
        start.value = "2030-01-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        error = str(app.screen.query_one("#start-error").render())
        assert "in the future" in error
    assert not load_settings(store).welcomed


async def test_impossible_start_date_is_explained(store, make_test_app):
    app = make_test_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        app.screen.query_one("#program-start", Input).value = "2026-02-30"
        await pilot.pause()
        error = str(app.screen.query_one("#start-error").render())
        assert "does not exist" in error and "28 days" in error


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.mode)
async def test_every_section_opens_by_its_key(section, welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press(section.key)
        await pilot.pause()
        assert app.current_mode == section.mode
        assert app.screen.sub_title == section.title
        header_text = app.screen.query_one("HeaderTitle").render()
        assert section.title in str(header_text)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.mode)
async def test_every_section_opens_from_the_command_palette(section, welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        if section.mode == "today":
            await pilot.press("7")  # start elsewhere so the palette has to move us
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*section.title)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.current_mode == section.mode


async def test_f1_lists_the_keys_of_the_current_screen(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "KeysScreen"
        shown = screen_text(app)
        for section in SECTIONS:
            assert section.title in shown
        assert "Quit" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"


async def test_ctrl_q_quits_from_a_dialog(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize("size", [(40, 12), (59, 24), (80, 17)])
async def test_a_too_small_window_says_so(size, welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        message = app.screen.query_one("#too-small")
        assert message.display and message.region.height > 0
        assert "too small" in str(message.render())
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one("#too-small").region.height > 0


async def test_80_by_24_is_not_too_small(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#too-small").region.height == 0
        assert app.screen.query_one("#day-line").region.height > 0


async def test_resizing_back_up_restores_the_layout(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.resize_terminal(110, 34)
        await pilot.pause()
        assert app.screen.query_one("#too-small").region.height == 0


async def test_a_crash_report_holds_none_of_the_users_words(tmp_path, clock):
    from coach.screens.app import make_app

    secret = "I hid the messages from Dana"
    store = Store.open(tmp_path, clock)
    app = make_app(store, clock, data_dir=tmp_path)

    def explode() -> None:
        raise ValueError(secret)

    with pytest.raises(ValueError):
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.press("escape")
            app.call_later(explode)
            await pilot.pause()
    log = (tmp_path / "crash.log").read_text()
    assert "ValueError" in log and "explode" in log
    assert secret not in log
    assert (tmp_path / "crash.log").stat().st_mode & 0o777 == 0o600
    shown = "".join(str(r) for r in app._exit_renderables)
    assert secret not in shown


async def test_the_theme_chosen_is_remembered_after_a_restart(tmp_path, clock):
    from coach.screens.app import make_app
    from coach.settings import Settings, save_settings

    store = Store.open(tmp_path, clock)
    save_settings(store, Settings(welcomed=True))
    app = make_app(store, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press("7")
        app.theme = "nord"
        await pilot.pause()
    assert load_settings(Store.open(tmp_path, clock)).theme == "nord"
    app = make_app(Store.open(tmp_path, clock), clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_a_damaged_store_is_explained_in_a_dialog(tmp_path, clock):
    from coach.screens.app import make_app

    (tmp_path / "store.json").write_text('{"settings": {"settings": {"welcomed": tr')
    store = Store.open(tmp_path, clock)
    app = make_app(store, clock)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "About your data" in shown
        assert "could not be read" in shown and "moved aside to" in shown
    aside = list(tmp_path.glob("store.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text().endswith('"welcomed": tr')
