"""Hold the store's lock the way another Trust Coach process would, then let it go.

Usage: hold_lock.py LOCK_PATH SECONDS. Prints "locked" once it holds the lock.
"""

from __future__ import annotations

import sys
import time

from filelock import FileLock


def main() -> None:
    lock = FileLock(sys.argv[1])
    with lock:
        sys.stdout.write("locked\n")
        sys.stdout.flush()
        time.sleep(float(sys.argv[2]))


if __name__ == "__main__":
    main()
