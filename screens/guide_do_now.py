"""Do this now: taking the reader from a lesson straight to its exercise in another section.

The other sections offer an optional method to open the exact exercise (`open_worksheet`,
`open_scenario`, `suggest_promise`); without it, switching to the section is enough.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from coach.guide import DoNow
from coach.partner import Partner, fill

# Where each kind leads: the section's mode, and the method its screen may offer.
DO_NOW_TARGETS: dict[str, tuple[str, str | None]] = {
    "worksheet": ("worksheets", "open_worksheet"),
    "rehearse": ("rehearse", "open_scenario"),
    "promise": ("promises", "suggest_promise"),
    "checkin": ("checkin", None),
    "settings": ("settings", None),
}


def go_to_exercise(app: App, do_now: DoNow, partner: Partner) -> bool:
    """Switch to the section of `do_now` and open its exercise there; False if the kind
    leads nowhere outside the Guide (a lesson link is the Guide's own business)."""
    mode, method_name = DO_NOW_TARGETS.get(do_now.kind, (None, None))
    if mode is None:
        return False
    # A promise is suggested in the reader's words for their partner, as the lesson says.
    argument = fill(do_now.target, partner) if do_now.kind == "promise" else do_now.target
    app.action_section(mode)  # type: ignore[attr-defined]
    if method_name is None:
        return True
    screen = app.screen_stack[0] if app.screen_stack else None
    method = getattr(screen, method_name, None)
    if screen is not None and callable(method):
        # After the screen's own mount, so a screen built just now is ready for it.
        screen.call_later(_hand_over, app, method, argument)
    return True


def _hand_over(app: App, method: Callable[[str], object], argument: str) -> None:
    # The guide may name an exercise another section does not have (yet); say so rather
    # than let the whole app fall over.
    try:
        method(argument)
    except KeyError:
        app.notify(
            "That exercise is not in this version of Trust Coach.", title="Guide", markup=False
        )
