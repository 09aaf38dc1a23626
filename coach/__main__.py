"""`python -m coach` runs the same entry point as the `coach` command."""

from __future__ import annotations

import sys

from coach.cli import main

sys.exit(main())
