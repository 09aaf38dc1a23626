"""Unit tests of the small core modules: text safety, dates, partner words, settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.dates import parse_iso_date, parse_time_of_day, program_today
from coach.errors import InputTooLarge, UsageError
from coach.partner import Partner, UnknownPlaceholder, fill
from coach.settings import Settings, load_settings, save_settings
from coach.store import Store
from coach.textsafe import MAX_TEXT_CHARS, clean_line, clean_text, strip_controls


class TestTextSafety:
    def test_osc52_and_title_sequences_are_removed(self):
        pasted = "before\x1b]52;c;SGVsbG8=\x07middle\x1b]0;owned\x1b\\after\x1b[31mred\x1b[0m"
        assert strip_controls(pasted) == "beforemiddleafterred"

    def test_c1_controls_and_8bit_csi_are_removed(self):
        assert strip_controls("a\x9b31mb\x9d0;t\x9cc\x85d") == "abcd"

    def test_tab_and_newline_stay_and_carriage_returns_become_newlines(self):
        assert strip_controls("a\tb\r\nc\rd") == "a\tb\nc\nd"

    def test_markup_emoji_and_rtl_text_are_kept_as_typed(self):
        text = "[bold red]x[/] 🙂 שלום [@click=app.quit]q"
        assert clean_text(text) == text

    def test_over_the_limit_is_refused_with_the_numbers(self):
        with pytest.raises(InputTooLarge) as error:
            clean_text("x" * (MAX_TEXT_CHARS + 1), what="Your answer")
        assert "Your answer" in error.value.message and f"{MAX_TEXT_CHARS:,}" in error.value.message

    def test_a_line_folds_newlines_and_spaces(self):
        assert clean_line("  call   at\n 15:00 ") == "call at 15:00"

    @given(st.text())
    def test_no_control_character_survives(self, text):
        cleaned = strip_controls(text)
        assert "\x1b" not in cleaned
        assert not any(ord(c) < 32 and c not in "\t\n" for c in cleaned)
        assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)


class TestDates:
    def test_iso_dates_are_read(self):
        assert parse_iso_date("2026-03-04") == date(2026, 3, 4)

    @pytest.mark.parametrize("text", ["10", "3/4/2025", "4 March", "", "2026/03/04", "tomorrow"])
    def test_ambiguous_or_other_forms_are_refused_not_guessed(self, text):
        with pytest.raises(UsageError) as error:
            parse_iso_date(text)
        assert "2026-03-04" in error.value.message

    def test_impossible_dates_say_why(self):
        with pytest.raises(UsageError) as error:
            parse_iso_date("2026-02-30")
        assert "February 2026 has 28 days" in error.value.message
        with pytest.raises(UsageError):
            parse_iso_date("2026-13-01")

    def test_control_characters_never_reach_the_message(self):
        with pytest.raises(UsageError) as error:
            parse_iso_date("\x1b]52;c;x\x07soon")
        assert "\x1b" not in error.value.message

    def test_a_promise_kept_at_1am_counts_for_the_day_before(self):
        one_am = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
        assert program_today(one_am, 4) == date(2026, 11, 24)
        assert program_today(one_am.replace(hour=4), 4) == date(2026, 11, 25)
        assert program_today(one_am, 0) == date(2026, 11, 25)

    def test_day_end_stays_at_the_local_hour_across_dst(self):
        london = ZoneInfo("Europe/London")
        # Clocks went back at 02:00 on 2026-10-25: 03:30 that morning still belongs to the 24th.
        assert program_today(datetime(2026, 10, 25, 3, 30, tzinfo=london), 4) == date(2026, 10, 24)
        assert program_today(datetime(2026, 3, 29, 4, 0, tzinfo=london), 4) == date(2026, 3, 29)

    def test_times_of_day(self):
        assert parse_time_of_day("7:05") == "07:05"
        for bad in ("25:00", "7pm", "", "12:60"):
            with pytest.raises(UsageError):
                parse_time_of_day(bad)


class TestPartnerWords:
    @pytest.mark.parametrize(
        ("pronouns", "expected"),
        [
            ("she/her", "Sam says she feels it; her trust is hers."),
            ("he/him", "Sam says he feels it; his trust is his."),
            ("they/them", "Sam says they feel it; their trust is theirs."),
        ],
    )
    def test_fill_agrees_with_each_pronoun_set(self, pronouns, expected):
        text = "{Partner} says {they} feel{s} it; {their} trust is {theirs}."
        assert fill(text, Partner("Sam", pronouns)) == expected

    def test_default_name_reads_naturally(self):
        assert fill("{Partner} {is} here.", Partner()) == "Your partner is here."

    def test_unknown_placeholder_fails_loudly(self):
        with pytest.raises(UnknownPlaceholder):
            fill("{thier} day", Partner())

    def test_double_braces_are_literal(self):
        assert fill("{{not a placeholder}}", Partner()) == "{not a placeholder}"


class TestSettings:
    def test_round_trip_and_defaults(self):
        store = Store.in_memory()
        assert load_settings(store) == Settings()
        chosen = Settings("Dana", "they/them", date(2026, 11, 1), 3, "nord", True)
        save_settings(store, chosen)
        assert load_settings(store) == chosen

    def test_bad_stored_values_fall_back_to_defaults(self):
        store = Store.in_memory()
        store.put(
            "settings",
            "settings",
            {"pronouns": "xe/xem", "day_end_hour": 99, "program_start": "2026-02-30"},
        )
        settings = load_settings(store)
        assert settings.pronouns == "she/her" and settings.day_end_hour == 4
        assert settings.program_start is None

    def test_names_are_cleaned(self):
        settings = Settings().with_changes(partner_name=" Da\x1b[31mna \n")
        assert settings.partner_name == "Dana"

    def test_the_clock_moved_back_an_hour_keeps_the_same_day(self):
        late = datetime(2026, 11, 24, 23, 30).astimezone()
        assert program_today(late - timedelta(hours=1), 4) == program_today(late, 4)
