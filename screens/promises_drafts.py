"""Unfinished notes about a promise on a day, kept in the store so a closed dialog loses
nothing: reopening the dialog for that promise and day brings the words back."""

from __future__ import annotations

from datetime import date

from coach.store import Store
from coach.textsafe import clean_text

TABLE = "promise_note_drafts"


def draft_id(kind: str, promise_id: str, day: date) -> str:
    return f"{kind}:{promise_id}:{day.isoformat()}"


def load_draft(store: Store, kind: str, promise_id: str, day: date) -> dict[str, str] | None:
    """The fields of the draft of `kind` ("broken" or "note"), or None."""
    record = store.records(TABLE).get(draft_id(kind, promise_id, day))
    if record is None:
        return None
    fields = record.get("fields", {})
    return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else None


def save_draft(store: Store, kind: str, promise_id: str, day: date, fields: dict[str, str]) -> None:
    """Keep the fields; a draft with no words at all is dropped instead."""
    cleaned = {name: clean_text(value, what="This note") for name, value in fields.items()}
    if not any(value.strip() for value in cleaned.values()):
        drop_draft(store, kind, promise_id, day)
        return
    store.put(
        TABLE,
        draft_id(kind, promise_id, day),
        {
            "kind": kind,
            "promise_id": promise_id,
            "day": day.isoformat(),
            "fields": cleaned,
            "saved_at": store.clock.now().isoformat(),
        },
    )


def drop_draft(store: Store, kind: str, promise_id: str, day: date) -> None:
    if draft_id(kind, promise_id, day) in store.records(TABLE):
        store.remove(TABLE, draft_id(kind, promise_id, day))
