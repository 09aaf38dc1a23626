"""What the user sees (the plain text of the screen, as the compositor would draw it), and
the steps tests share to get there."""

from __future__ import annotations

import time

from textual.app import App


def screen_text(app: App) -> str:
    """Every line of the current screen (with any modal on top), as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def open_sheet(pilot, ws_id: str, field_id: str | None = None):
    """Go to Worksheets, open `ws_id` and put the cursor in `field_id`."""
    app = pilot.app
    await pilot.press("3")
    await pilot.pause()
    app.screen.open_worksheet(ws_id)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    if field_id:
        screen.query_one(f"#field-{field_id}").editor().focus()
        await pilot.pause()
    return screen


async def wait_until(pilot, condition, timeout: float = 2.0) -> float:
    """Let the app run until `condition()` holds; return the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError("timed out")
        await pilot.pause(0.02)
    return time.monotonic() - started
