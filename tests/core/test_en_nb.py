"""The English bridge: English words as bokmål words, from Debian's FreeDict and the curated list."""

from pathlib import Path

import pytest

from portal.core import en_nb

needs_freedict = pytest.mark.skipif(
    not en_nb.FREEDICT.with_suffix(".index").exists(),
    reason="dict-freedict-eng-nor is not installed (apt-get install dict-freedict-eng-nor)",
)


@needs_freedict
def test_the_dictionary_is_read_locally():
    table = en_nb.freedict()
    assert len(table) > 5000
    assert table["library"] == ("bibliotek",)
    assert "ic" not in table  # suffix entries are not words


def test_the_supplement_wins_over_the_dictionary():
    # FreeDict's first sense of "late" is "som har gått bort" (dead).
    assert en_nb.lookup("late") == ("sen",)
    assert en_nb.lookup("exams") == ("eksamen",)
    assert en_nb.lookup("timetables") == ("timeplan", "plan")


def test_phrases_plurals_stop_words_and_unknown_words():
    words = en_nb.bokmal_words("The reading rooms are FREEZING, and the WiFi in building C-2 is down")
    assert words[:2] == ["lesesal", "kald"]
    assert "the" not in words
    assert "and" not in words
    assert "nett" in words  # wifi
    assert "c-2" in words or "c" in words  # unknown tokens stay as they are


def test_hyphenated_words_fall_back_to_their_parts():
    assert en_nb.bokmal_words("three-week deadline") == ["uke", "frist"]
    assert en_nb.bokmal_words("wi-fi") == ["nett"]


def test_without_the_dictionary_only_the_supplement_is_used(monkeypatch):
    monkeypatch.setattr(en_nb, "FREEDICT", Path("/nonexistent/freedict-eng-nor"))
    en_nb.freedict.cache_clear()
    try:
        assert en_nb.freedict() == {}
        assert en_nb.bokmal_words("Exam timetable published too late") == [
            "eksamen",
            "timeplan",
            "plan",
            "publisert",
            "sen",
        ]
    finally:
        en_nb.freedict.cache_clear()


def test_odd_input_never_raises():
    assert en_nb.bokmal_words("") == []
    assert en_nb.bokmal_words(None) == []
    assert en_nb.bokmal_words("\x00 🙂 ∑ 123 --- ''") == ["123"]
