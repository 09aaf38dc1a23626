"""The Textual application: sections as modes, the global keys, palette commands, and
the safety net (drafts flushed on exit, signals, crashes reported without user text, no
control character ever drawn, a quit that does not leave unsaved words behind)."""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import signal
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.filter import LineFilter
from textual.screen import Screen

from coach.clock import Clock, SystemClock
from coach.crashlog import write_crash_log
from coach.errors import CoachError
from coach.screens.base import NoControlCharacters, SectionScreen
from coach.screens.dialogs import ConfirmDialog
from coach.screens.sections import SECTIONS, _section_factory
from coach.screens.type_ahead import is_text_field
from coach.settings import Settings, load_settings, save_settings
from coach.store import Store

MIN_WIDTH, MIN_HEIGHT = 60, 18
IDLE_SECONDS = 1.0  # without a key, after which a full garbage collection may run
FOLLOW_SECONDS = 2.0  # how soon a change saved by another window or `coach check` shows
FULL_COLLECTION_DUE = 10  # younger collections since the last full one, as Python counts
FULL_COLLECTION_OVERDUE = 1_000  # ... after which it runs even while keys keep coming
SHUTDOWN_GRACE_SECONDS = 3.0  # after SIGTERM/SIGHUP, the longest a clean exit may take


class QuitAnywayDialog(ConfirmDialog):
    """Asked when quitting while a save has failed; ctrl+q again also quits."""


class DraftHolder(Protocol):
    """A screen or widget holding text not yet saved; the app flushes it on exit."""

    def flush_drafts(self) -> None: ...


class CoachApp(App[int]):
    """Trust Coach. Build it with `make_app(store, clock)`."""

    TITLE = "Trust Coach"
    # Today's styles are read with the app's: as the first screen's own, they would make
    # Textual parse every style sheet once more before anything is drawn.
    CSS_PATH = ["app.tcss", "today.tcss"]
    ENABLE_COMMAND_PALETTE = True
    MODES = {section.mode: _section_factory(section) for section in SECTIONS}
    # Today is the first screen itself, not a switch away from an empty default one: that
    # switch restyled the whole app twice more before anything was drawn.
    DEFAULT_MODE = "today"
    BINDINGS = [
        *(
            Binding(s.key, f"section('{s.mode}')", s.title, id=f"section.{s.mode}", tooltip=s.help)
            for s in SECTIONS
        ),
        Binding(
            "question_mark,f1",
            "keys",
            "Keys",
            id="app.keys",
            tooltip="Show every key of this screen",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Save everything and quit",
        ),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        *,
        data_dir: Path | None = None,
        handle_signals: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.data_dir = data_dir
        self.handle_signals = handle_signals
        self.settings: Settings = load_settings(store)
        self._draft_holders: weakref.WeakSet = weakref.WeakSet()
        self._terminating = False
        self._quitting = False
        self._no_controls = NoControlCharacters()
        store.on_notice = self._store_has_notices

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._no_controls]

    def notify(self, message: str, *args: Any, markup: bool = False, **kwargs: Any) -> None:
        # Always literal, whoever asks (widgets pass markup=True): a message may quote what
        # was typed, and "[@click=app.quit]" in it must stay text, never an action.
        super().notify(message, *args, markup=False, **kwargs)

    # Start-up ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        # `coach` starts the app with the garbage collector paused; the app reads this
        # queue once its first screen is built, so the collector is back from then on.
        self.call_later(gc.enable)
        self._last_key = time.monotonic()
        self.set_interval(IDLE_SECONDS, self.collect_when_idle, name="full collections")
        self._seen_from_elsewhere = self.store.changes_from_elsewhere
        self.set_interval(FOLLOW_SECONDS, self.follow_other_windows, name="other windows")
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if not self.settings.welcomed:
            from coach.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        self.show_store_notices()
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_terminate_signal)
        self._update_size_class()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        await super().on_event(event)

    def collect_when_idle(self) -> None:
        """A full garbage collection, as often as Python would run one, but when no key
        has come for a moment rather than while one is answered (see `coach.cli.app`)."""
        since_full = gc.get_count()[2]
        idle = time.monotonic() - self._last_key >= IDLE_SECONDS
        if gc.isenabled() and (
            (since_full >= FULL_COLLECTION_DUE and idle) or since_full >= FULL_COLLECTION_OVERDUE
        ):
            gc.collect()

    def follow_other_windows(self) -> None:
        """Show, within seconds, what another window or `coach check` saved.

        Only the section on screen is redrawn, and never under a dialog or while a field
        has the cursor, so nothing being typed or read in a dialog moves; the change shows
        once that is done. Each section shows its own anew when it is opened anyway.
        """
        changes = self.store.changes_from_elsewhere  # one stat when nothing changed
        screen = self.screen
        if changes == self._seen_from_elsewhere or not isinstance(screen, SectionScreen):
            return
        if is_text_field(self.focused):
            return
        self._seen_from_elsewhere = changes
        screen.show_changes_from_elsewhere()

    def on_resize(self, event: events.Resize) -> None:
        self._update_size_class(event.size.width, event.size.height)

    def _update_size_class(self, width: int | None = None, height: int | None = None) -> None:
        if width is None or height is None:
            width, height = self.size
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")

    # Settings ----------------------------------------------------------------------------
    def update_settings(self, settings: Settings) -> None:
        """Save new settings; if that fails, say why (the form keeps what was typed)."""
        try:
            save_settings(self.store, settings)
        except CoachError as error:
            self.notify(
                f"{error.message} What you typed is still on screen; change it again to retry.",
                title="Not saved",
                severity="error",
                timeout=10,
            )
            return
        finally:
            self.show_store_notices()
        self.settings = settings

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if isinstance(name, str) and name != self.settings.theme:
            self.update_settings(self.settings.with_changes(theme=name))

    def show_store_notices(self) -> None:
        """Show, once, anything the store had to recover from."""
        from coach.screens.dialogs import NoticeDialog

        for notice in self.store.take_notices():
            self.push_screen(NoticeDialog("About your data", notice))

    def _store_has_notices(self) -> None:
        # The store calls this in the middle of a save: show the notice once it is done.
        if not self.is_running:
            return
        if self._thread_id == threading.get_ident():
            self.call_later(self.show_store_notices)
        else:
            self.call_from_thread(self.show_store_notices)

    # Sections and keys -------------------------------------------------------------------
    def action_section(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_keys(self) -> None:
        from coach.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for section in SECTIONS:
            yield SystemCommand(
                section.title, section.help, lambda mode=section.mode: self.action_section(mode)
            )
        yield from super().get_system_commands(screen)
        # Every key the current screen answers to is a command too.
        seen = {section.title for section in SECTIONS}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.description in seen:
                continue
            if binding.action.startswith("section(") or binding.action in {"quit", "keys"}:
                continue
            seen.add(binding.description)
            yield SystemCommand(
                binding.description,
                active.tooltip or binding.tooltip or binding.description,
                lambda action=binding.action, node=active.node: self.call_later(
                    self.run_action, action, node
                ),
            )

    # Never lose a word -------------------------------------------------------------------
    def register_draft_holder(self, holder: DraftHolder) -> None:
        """Ask the app to flush `holder` before any exit."""
        self._draft_holders.add(holder)

    def flush_all_drafts(self) -> None:
        for holder in list(self._draft_holders):
            try:
                holder.flush_drafts()
            except Exception:  # noqa: BLE001 - one failed flush must not stop the others
                continue

    async def action_quit(self) -> None:
        """Save everything and quit; if a save fails, ask before leaving words behind."""
        if isinstance(self.screen, QuitAnywayDialog):
            self.exit(0)  # ctrl+q twice: the user has read why and chose to go
            return
        await self.settle()
        self.flush_all_drafts()
        problem = self.store.failed_save
        if problem is None:
            self.exit(0)
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(0)

        self.push_screen(
            QuitAnywayDialog(
                f"Not everything you wrote could be saved. {problem.message}\n\nYour words are "
                "still on screen. Stay to fix it (or copy them), or quit and lose them?",
                yes="Quit anyway",
                no="Stay",
            ),
            answered,
        )

    def _on_terminate_signal(self) -> None:
        if self._terminating:
            return
        self._terminating = True
        # Save at once, again once queued keys have arrived (see `settle`), then leave. With
        # the terminal gone Textual's shutdown can block on its output queue: the words are
        # saved by then, so a watchdog ends the process rather than leave it hanging.
        self.flush_all_drafts()
        watchdog = threading.Timer(SHUTDOWN_GRACE_SECONDS, os._exit, args=(0,))
        watchdog.daemon = True
        watchdog.start()
        self._exit_task = asyncio.get_running_loop().create_task(self._flush_and_exit())

    async def _flush_and_exit(self) -> None:
        try:
            await self.settle(longest=0.3)
        finally:
            self.flush_all_drafts()
            self.exit(0)

    async def settle(self, longest: float = 0.5) -> None:
        """Let messages already sent reach their handlers, for at most `longest` seconds.

        A key typed just before a signal or ctrl+q has changed its editor, but the editor's
        Changed message, by which a screen learns its draft is unsaved, may still be queued;
        flushing before it arrives would skip those words.
        """
        deadline = time.monotonic() + longest
        for rounds in itertools.count():
            await asyncio.sleep(0.005)
            # Not the app's own queue: ctrl+q runs inside its handler, which holds it up.
            nodes = [n for s in self.screen_stack for n in s.walk_children(with_self=True)]
            queues = [getattr(n, "_message_queue", None) for n in nodes if n.is_running]
            drained = all(queue is None or queue.empty() for queue in queues)
            if (drained and rounds >= 2) or time.monotonic() > deadline:
                return

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._quitting = True
        super().exit(*args, **kwargs)

    def _handle_exception(self, error: Exception) -> None:
        """Replace Textual's report, which prints local variables (the user's words)."""
        if self._quitting and isinstance(error, NoMatches):
            # A screen still being built when the app closed finds its widgets already
            # gone. Everything was saved before closing began; this is no crash.
            return
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        try:
            self.flush_all_drafts()
        except Exception:  # noqa: BLE001
            pass
        message = Text("Trust Coach hit an unexpected error and closed. ")
        if self.store.failed_save is None:
            message.append("What you had written was saved. ")
        else:
            message.append("The last of what you wrote could not be saved: ")
            message.append(self.store.failed_save.message + " ")
        if self.data_dir is not None:
            try:
                log = write_crash_log(error, self.data_dir, self.clock.now())
                message.append(f"A report without any of your words is in {log}.")
            except OSError:
                message.append("A report could not be written.")
        from rich.segment import Segments

        self._exit_renderables.append(Segments(self.console.render(message)))
        self._close_messages_no_wait()


def make_app(
    store: Store,
    clock: Clock | None = None,
    *,
    data_dir: Path | None = None,
    handle_signals: bool = False,
) -> CoachApp:
    """Build the app from its services; tests pass an in-memory store and a fixed clock."""
    return CoachApp(store, clock, data_dir=data_dir, handle_signals=handle_signals)
