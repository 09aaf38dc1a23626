"""The pronoun sets Settings offers and the words each fills into the guide's text.

Plain data, kept apart from `coach.partner` (which fills the words in), so that reading
the settings, as every `coach check` does, imports nothing else.
"""

_SINGULAR_VERBS = {
    "is": "is", "are": "is", "was": "was", "were": "was", "has": "has", "have": "has",
    "does": "does", "do": "does", "s": "s", "es": "es",
    "isn't": "isn't", "aren't": "isn't", "doesn't": "doesn't", "don't": "doesn't",
    "hasn't": "hasn't", "haven't": "hasn't", "wasn't": "wasn't", "weren't": "wasn't",
}  # fmt: skip

PRONOUN_SETS: dict[str, dict[str, str]] = {
    "she/her": {
        "they": "she", "them": "her", "their": "her", "theirs": "hers", "themself": "herself",
        **_SINGULAR_VERBS,
        "they're": "she's", "they've": "she's", "they'll": "she'll", "they'd": "she'd",
    },
    "he/him": {
        "they": "he", "them": "him", "their": "his", "theirs": "his", "themself": "himself",
        **_SINGULAR_VERBS,
        "they're": "he's", "they've": "he's", "they'll": "he'll", "they'd": "he'd",
    },
    "they/them": {
        "they": "they", "them": "them", "their": "their", "theirs": "theirs",
        "themself": "themself",
        "is": "are", "are": "are", "was": "were", "were": "were", "has": "have", "have": "have",
        "does": "do", "do": "do", "s": "", "es": "",
        "isn't": "aren't", "aren't": "aren't", "doesn't": "don't", "don't": "don't",
        "hasn't": "haven't", "haven't": "haven't", "wasn't": "weren't", "weren't": "weren't",
        "they're": "they're", "they've": "they've", "they'll": "they'll", "they'd": "they'd",
    },
}  # fmt: skip

DEFAULT_NAME = "your partner"
DEFAULT_PRONOUNS = "she/her"
