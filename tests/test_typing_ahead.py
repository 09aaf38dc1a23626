"""Words typed together with the key that opens a field land in that field.

A terminal can hand the app a key and the next words in one read (a fast typist, a
moment when the app was busy): the words must not be lost, nor taken as other keys
(`n` opening a note, `b` marking a promise broken). Each test sends the whole burst
before the app has a chance to act on any of it, as the terminal driver does.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from coach.promises import add_promise, list_promises
from coach.schedule import parse_every
from coach.worksheets import load_answers
from tests.conftest import PROGRAM_START
from tests.helpers.screen import screen_text, wait_until

SIZE = (110, 34)


def burst(app, key: str, words: str) -> None:
    """`key`, then every character of `words`, queued at once."""
    app.post_message(events.Key(key, key if len(key) == 1 else " " if key == "space" else None))
    for character in words:
        app.post_message(events.Key("space" if character == " " else character, character))


def _with_a_promise(store):
    add_promise(store, "Text if I'll be late", parse_every("daily", PROGRAM_START), PROGRAM_START)
    return store


async def test_appreciation_words_typed_with_a_go_into_the_line(welcomed_store, make_test_app):
    app = make_test_app(_with_a_promise(welcomed_store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "a", "nice tea bun")  # n and b are also the checklist's keys
        await pilot.pause(0.3)
        assert app.screen.query_one("#appreciations", Input).value == "nice tea bun"
        assert len(app.screen_stack) == 1  # no note dialog opened
        await pilot.press("escape", "h")
        await pilot.press(*"aha")  # a and h typed in a line stay letters
        assert app.screen.query_one("#honesty", Input).value == "aha"


async def test_a_note_typed_with_n_goes_into_the_note(welcomed_store, make_test_app):
    app = make_test_app(_with_a_promise(welcomed_store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "today-checklist"
        burst(app, "n", "a hard day")
        await pilot.pause(0.3)
        note = app.screen.query(TextArea).first()
        assert note.text == "a hard day"
        assert "Note for" in screen_text(app)


async def test_a_promise_typed_with_a_goes_into_the_new_promise(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        burst(app, "a", "Call at lunch")
        await pilot.pause(0.3)
        assert app.screen.query_one("#promise-text", Input).value == "Call at lunch"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [p.text for p in list_promises(welcomed_store)] == ["Call at lunch"]


async def test_a_search_typed_with_slash_goes_into_the_search(welcomed_store, make_test_app):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        burst(app, "slash", "apology")
        await pilot.pause(0.5)
        search = app.screen.query_one("#guide-search-input", Input)
        assert search.value == "apology"
        await pilot.press("slash", "x")  # a / typed in the search is a character
        assert search.value == "apology/x"


async def test_a_checkin_answer_typed_with_n_goes_into_the_first_question(
    welcomed_store, make_test_app
):
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        burst(app, "n", "Calmer")
        await pilot.pause(0.5)
        assert app.screen.query_one("#how_are_we", TextArea).text == "Calmer"


async def test_words_typed_with_enter_on_the_worksheets_land_in_the_first_answer(
    welcomed_store, make_test_app
):
    """The words reach the list of worksheets before the worksheet exists; the list keeps
    them for the first answer, and the words typed once it is up follow them."""
    app = make_test_app(welcomed_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down")  # Her side of it, whose first answer is text
        await pilot.pause()
        burst(app, "enter", "She found")
        await wait_until(pilot, lambda: getattr(app.screen, "ws_id", None) == "their-side")
        await pilot.pause()
        burst(app, "space", "the messages")
        await pilot.pause(0.8)
        assert "She found the messages" in screen_text(app)
    assert load_answers(welcomed_store, "their-side")["saw"] == "She found the messages"
