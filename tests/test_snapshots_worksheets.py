"""SVG snapshots of the worksheets: the overview with its states, a worksheet with a live
check under an answer, and the apology builder reviewing a draft."""

from __future__ import annotations

from coach.screens.app import make_app
from coach.worksheets import mark_complete, save_answers
from tests.conftest import FIXED_NOW, SNAPSHOT_SIZE

DRAFT = "I'm sorry if you were hurt. I lied to you about Friday nights, but I was stressed."


async def _open(pilot, ws_id: str, field_id: str, text: str) -> None:
    app = pilot.app
    await pilot.press("3")
    await pilot.pause()
    app.screen.open_worksheet(ws_id)
    await pilot.pause()
    # Focused without Textual's animated scroll, which a snapshot could catch half-way; the
    # field then scrolls its question into view at once.
    app.screen.set_focus(app.screen.query_one(f"#field-{field_id}").editor(), scroll_visible=False)
    await pilot.pause()
    await pilot.press(*text)
    # Wait until the autosave, the live checks and the review have all run (however busy
    # the machine), then once more for the screen to draw them.
    for _ in range(200):
        if app.screen.settled:
            break
        await pilot.pause(0.05)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_overview(snap_compare, welcomed_store, clock):
    save_answers(welcomed_store, "what-i-did", {"hardest": "I lied to you."}, FIXED_NOW)
    save_answers(welcomed_store, "my-why", {"explanation": "I wanted to be admired."}, FIXED_NOW)
    mark_complete(welcomed_store, "my-why", FIXED_NOW)
    assert snap_compare(
        make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, press=["3", "down"]
    )


def test_worksheet_with_a_live_check(snap_compare, welcomed_store, clock):
    async def type_answer(pilot) -> None:
        await _open(pilot, "their-side", "saw", "She found them, but I never meant it [bold]x[/]")

    assert snap_compare(
        make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, run_before=type_answer
    )


def test_apology_builder_with_a_draft(snap_compare, welcomed_store, clock):
    async def type_draft(pilot) -> None:
        await _open(pilot, "apology", "draft", DRAFT)

    assert snap_compare(
        make_app(welcomed_store, clock), terminal_size=SNAPSHOT_SIZE, run_before=type_draft
    )
