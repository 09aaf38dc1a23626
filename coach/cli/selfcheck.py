"""`coach selfcheck`: start the app headless on a throwaway store, open every section,
and exit 0 if all of it loads. Proves an installation is whole (content files included)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add `selfcheck` to the `coach` parser (its one command, whatever `only` names)."""
    parser = sub.add_parser(
        "selfcheck",
        help="check that the installation is complete (opens every section headless)",
        description="Start the app without a screen on a temporary, in-memory store, open "
        "every section, and report. Your own data is not touched.",
        epilog="example:\n  coach selfcheck",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=run_selfcheck)


async def _visit_every_section() -> list[str]:
    from coach.screens.app import SECTIONS, make_app
    from coach.settings import Settings, save_settings
    from coach.store import Store

    store = Store.in_memory()
    save_settings(store, Settings(welcomed=True))
    app = make_app(store)
    opened = []
    async with app.run_test(size=(110, 34)) as pilot:
        for section in SECTIONS:
            await pilot.press(section.key)
            await pilot.pause()
            if app.current_mode != section.mode:
                raise RuntimeError(f"section {section.title} did not open")
            opened.append(section.title)
    return opened


def run_selfcheck(args: argparse.Namespace) -> int:
    # Imported here: every other command would pay for asyncio at start-up otherwise.
    import asyncio

    opened = asyncio.run(_visit_every_section())
    print(f"coach selfcheck: ok ({len(opened)} sections opened: {', '.join(opened)})")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_selfcheck(argparse.Namespace()))
