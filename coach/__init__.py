"""Trust Coach: the core. Domain, storage, review engines and the CLI; never imports textual."""

from __future__ import annotations

__version__ = "0.1.0"
