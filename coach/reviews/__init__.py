"""Pure review engines: apology drafts, rehearsed replies and live worksheet checks.

Everything here is standard-library Python driven by phrase data in `content/reviews/`;
nothing imports textual, touches the network or loads a model. (`coach.reviews.report`,
the terminal report of `coach review`, is the one module that uses Rich.)
"""

from __future__ import annotations

from coach.reviews.apology import ApologyReview, review_apology
from coach.reviews.checks import check_dont_know, check_perspective
from coach.reviews.model import Flag, Span, Strength
from coach.reviews.reply import ReplyReview, ScoreStep, review_reply

__all__ = [
    "ApologyReview",
    "Flag",
    "ReplyReview",
    "ScoreStep",
    "Span",
    "Strength",
    "check_dont_know",
    "check_perspective",
    "review_apology",
    "review_reply",
]
