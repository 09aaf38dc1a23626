"""Hold the store's lock the way another process would (a plain `flock`), then let it go.

Usage: hold_lock.py LOCK_PATH SECONDS. Prints "locked" once it holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time


def main() -> None:
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    sys.stdout.write("locked\n")
    sys.stdout.flush()
    time.sleep(float(sys.argv[2]))


if __name__ == "__main__":
    main()
