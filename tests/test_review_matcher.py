"""The shared matcher: normalising with an offset map, the pattern language, the data files."""

from __future__ import annotations

import re

import pytest

from coach.resources import read_toml
from coach.reviews.matcher import load_book
from coach.reviews.normalise import normalise
from coach.reviews.patterns import PatternError, compile_phrase, compile_phrases


def _compile(*patterns: str, macros: dict[str, str] | None = None) -> re.Pattern[str]:
    return compile_phrases(list(patterns), macros or {}, lambda text: normalise(text).text)


def _matches(pattern: re.Pattern[str], text: str) -> list[str]:
    return [match.group() for match in pattern.finditer(normalise(text).text)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("I’m SORRY", "i am sorry"),
        ("I didn't", "i did not"),
        ("I didn\u2019t", "i did not"),
        ("I cannot", "i can not"),
        ("I can't", "i can not"),
        ("it's been", "it has been"),
        ("it's fine", "it is fine"),
        ("Sam's car", "sam's car"),
        ("you're", "you are"),
        ("I'd been drinking", "i had been drinking"),
        ("I'd go", "i would go"),
        ("you'd stopped", "you had stopped"),
        ("I'd lied", "i had lied"),
        ("she'd told me", "she had told me"),
        ("I'd need", "i would need"),
        ("dont  \n\n  know", "do not know"),
        ("\u201cfine\u201d \u2014 ok", '"fine" - ok'),
        ("ｓｏｒｒｙ", "sorry"),
        ("s\u0430rry", "sarry"),
        ("sor\u200bry", "sorry"),
        ("sorrý", "sorry"),
        ("  leading and trailing  ", "leading and trailing"),
    ],
)
def test_normalise(text, canonical):
    assert normalise(text).text == canonical


def test_offsets_map_back_to_the_original():
    text = "Love,\n\n  I\u2019m   sorry; I didn\u2019t call."
    norm = normalise(text)
    start = norm.text.index("i am sorry")
    a, b = norm.span(start, start + len("i am sorry"))
    assert text[a:b] == "I\u2019m   sorry"
    start = norm.text.index("did not")
    a, b = norm.span(start, start + len("did not"))
    assert text[a:b] == "didn\u2019t"


def test_pattern_syntax():
    pattern = _compile("i [really|truly] (lied|hid (it|the money)) [to you]")
    assert _matches(pattern, "I lied") == ["i lied"]
    assert _matches(pattern, "I truly hid the money from you") == ["i truly hid the money"]
    assert _matches(pattern, "I lied to you") == ["i lied to you"]
    assert _matches(pattern, "I replied") == []
    assert _matches(_compile("humiliat*"), "You were humiliated.") == ["humiliated"]
    assert _matches(_compile("i will ... every day"), "I will call you every day") == [
        "i will call you every day"
    ]
    # A gap stays inside its clause.
    assert _matches(_compile("i will ... every day"), "I will, I promise, every day") == []
    assert _matches(_compile("it was _ night"), "It was one night") == ["it was one night"]
    assert _matches(_compile("happy now ?"), "Happy now?") == ["happy now?"]
    assert _matches(_compile("just !that _"), "just that one") == []
    assert _matches(_compile("just !that _"), "just a kiss") == ["just a"]
    assert _matches(_compile("<feel> bad", macros={"feel": "(feel|felt)"}), "I felt bad") == [
        "felt bad"
    ]


def test_word_families_cover_every_tense():
    pattern = _compile("[have|was] ~hide it")
    for text in ("hide it", "hid it", "I've hidden it", "I was hiding it", "she hides it"):
        assert _matches(pattern, text), text
    assert _matches(_compile("~lie"), "lying") == ["lying"]
    assert _matches(_compile("~lie"), "lied") == ["lied"]
    assert _matches(_compile("~stop"), "stopped stopping") == ["stopped", "stopping"]
    assert _matches(_compile("~worry"), "worried") == ["worried"]
    assert _matches(_compile("~lie"), "replied") == []


def test_inflection_of_regular_irregular_and_phrasal_verbs():
    from coach.reviews.inflect import form_words, forms

    assert forms("cheat").past == ("cheated",)
    assert forms("hide").participle == ("hidden", "hid")
    assert forms("lie").ing == ("lying",)
    assert forms("admit").ing == ("admitting",)
    assert forms("visit").past == ("visited",)
    assert forms("go through").past == ("went through",)
    assert form_words(["hurt", "snoop"], "past") == ["hurt", "snooped"]


def test_verb_lists_become_macros_for_each_form():
    from coach.reviews.matcher import _verb_macros

    macros = _verb_macros({"acts": ["lie", "go through"]})
    assert set(macros) == {"acts", "acts_base", "acts_past", "acts_pp", "acts_ing"}
    pattern = _compile("i <acts_past>", macros=macros)
    assert _matches(pattern, "I went through your phone") == ["i went through"]
    assert _matches(pattern, "I lie") == []
    with pytest.raises(PatternError):
        _verb_macros({"acts": "lie"})


def test_a_long_gap_crosses_commas_but_not_sentences():
    pattern = _compile("you .... had to")
    assert _matches(pattern, "You found out from a stranger, and had to") == [
        "you found out from a stranger, and had to"
    ]
    assert _matches(pattern, "You found out. I had to") == []


def test_not_before_drops_a_reason_disowned_in_the_same_sentence():
    from coach.reviews.apology import review_apology

    def excuses(text: str) -> list[str]:
        return [flag.text for flag in review_apology(text).flags if flag.kind == "excuse"]

    assert excuses("I could say I was stressed, but that's no excuse.") == []
    assert excuses("I was stressed. That's no excuse, I know.") == ["I was stressed"]


def test_separators_between_words():
    pattern = _compile("sorry but i")
    assert _matches(pattern, "sorry, but I") == ["sorry, but i"]
    assert _matches(pattern, "sorry \u2014 but I") == ["sorry - but i"]
    assert _matches(pattern, "sorry. But I") == []


def test_contractions_in_patterns_match_either_spelling():
    pattern = _compile("I didn't mean to")
    assert _matches(pattern, "I did not mean to")
    assert _matches(pattern, "I didn\u2019t mean to")


@pytest.mark.parametrize(
    "source",
    ["", "   ", "(a|b", "a)", "[a]", "... a", "<missing>", "(going to )?", "!"],
)
def test_bad_patterns_are_rejected(source):
    with pytest.raises(PatternError):
        compile_phrase(source, {}, lambda text: normalise(text).text)


@pytest.mark.parametrize(
    "resource", ["reviews/apology.toml", "reviews/reply.toml", "reviews/checks.toml"]
)
def test_data_files_compile_and_every_category_has_advice_where_needed(resource):
    book = load_book(resource)
    assert book.sections
    for section, categories in book.sections.items():
        for kind, category in categories.items():
            if section == "flags" or section == "ingredients":
                assert category.advice, f"{resource} [{section}.{kind}] has no advice"
                assert "\n" not in category.advice
                assert len(category.advice) <= 120


def test_data_files_document_their_syntax():
    for resource in ("reviews/common.toml", "reviews/apology.toml", "reviews/reply.toml"):
        assert read_toml(resource)  # parses
    from coach.resources import read_text

    assert "Pattern syntax" in read_text("reviews/common.toml")
    for resource in (
        "reviews/apology.toml",
        "reviews/reply.toml",
        "reviews/reply_strengths.toml",
        "reviews/checks.toml",
    ):
        assert "syntax" in read_text(resource).split("\n\n", 1)[0]


def test_a_data_file_may_include_others():
    book = load_book("reviews/reply.toml")
    assert "flags" in book.sections and "strengths" in book.sections
    assert "sarcasm" in book.sections["tone"]
    assert "strengths" not in read_toml("reviews/reply.toml")


def test_books_are_compiled_once():
    assert load_book("reviews/reply.toml") is load_book("reviews/reply.toml")
