"""Pure review engines: apology drafts, rehearsed replies and live worksheet checks.

Everything here is standard-library Python driven by phrase data in `content/reviews/`;
nothing imports textual, touches the network or loads a model.
"""

from __future__ import annotations

from coach.reviews.apology import ApologyReview, review_apology
from coach.reviews.model import Flag, Span, Strength

__all__ = ["ApologyReview", "Flag", "Span", "Strength", "review_apology"]
