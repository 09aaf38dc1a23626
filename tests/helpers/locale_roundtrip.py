"""Write or read the store from a process whose locale cannot encode non-ASCII text.

Usage: locale_roundtrip.py FOLDER write JSON_OF_TEXTS | locale_roundtrip.py FOLDER read
Texts travel in and out as ASCII-escaped JSON so argv and stdout stay ASCII whatever the
locale; the store file itself must be UTF-8 regardless.
"""

from __future__ import annotations

import json
import locale
import sys
from pathlib import Path

from coach.store import Store


def main() -> None:
    folder, action = Path(sys.argv[1]), sys.argv[2]
    store = Store.open(folder)
    if action == "write":
        for number, text in enumerate(json.loads(sys.argv[3])):
            store.insert("notes", {"text": text}, record_id=f"n{number}")
    texts = {rid: record["text"] for rid, record in store.records("notes").items()}
    report = {
        "encoding": locale.getpreferredencoding(False),
        "utf8_mode": sys.flags.utf8_mode,
        "texts": texts,
        "notices": store.take_notices(),
    }
    sys.stdout.write(json.dumps(report, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
