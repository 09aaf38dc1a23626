"""Any run of changes, reopenings and a second window, against a plain dict of what the
store should hold: moving old check-offs out and back never loses, revives or changes one.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coach import archive
from coach.clock import FixedClock
from coach.store import Store

FIRST_DAY = date(2026, 1, 1)

days_back = st.integers(min_value=0, max_value=60)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("put"), days_back, st.sampled_from(["kept", "broken"])),
        st.tuples(st.just("remove"), days_back, st.none()),
        st.tuples(st.just("note"), days_back, st.text(max_size=12)),
        st.tuples(st.just("next day"), st.integers(min_value=1, max_value=15), st.none()),
        st.tuples(st.just("other window"), days_back, st.sampled_from(["kept", "broken"])),
    ),
    max_size=30,
)


def record(day: date, status: str) -> dict:
    return {"promise_id": "p1", "date": day.isoformat(), "status": status, "note": ""}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
@example([("next day", 1, None), ("put", 0, "kept"), ("remove", 1, None)])
@example(
    [("next day", 1, None), ("note", 40, "later"), ("next day", 1, None), ("remove", 40, None)]
)
@example([("next day", 1, None), ("other window", 50, "broken"), ("next day", 2, None)])
def test_the_store_always_holds_what_was_written(steps: list) -> None:
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        patch.setattr(archive, "ARCHIVE_AT", 3)
        patch.setattr(archive, "KEEP_DAYS", 20)
        today = FIRST_DAY + timedelta(days=60)
        store = Store.open(Path(folder), FixedClock(datetime(2026, 1, 1, 12)))
        with store.transaction():
            for back in range(0, 60, 2):
                day = today - timedelta(days=back)
                store.put("checks", f"c-p1-{day}", record(day, "kept"))
        model = {rid: dict(row) for rid, row in store.records("checks").items()}

        for action, number, value in steps:
            if action == "next day":
                today += timedelta(days=number)
                store = Store.open(
                    Path(folder), FixedClock(datetime.combine(today, datetime.min.time()))
                )
                continue
            day = today - timedelta(days=number)
            rid = f"c-p1-{day}"
            target = store
            if action == "other window":
                target = Store.open(Path(folder), store.clock)
            if action in ("put", "other window"):
                target.put("checks", rid, record(day, value))
                model[rid] = {**record(day, value), "id": rid}
            elif action == "remove":
                target.remove("checks", rid)
                model.pop(rid, None)
            elif rid in model:
                target.update("checks", rid, {"note": value})
                model[rid] = {**model[rid], "note": value}
            assert dict(store.records("checks")) == model
            assert store.get("checks", rid) == model.get(rid)

        assert dict(Store.open(Path(folder), store.clock).records("checks")) == model
        assert store.take_notices() == []
