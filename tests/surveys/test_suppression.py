"""Small-group suppression, without HTTP or a database: examples, then properties over many breakdowns."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.surveys.suppression import suppress


def test_a_campus_at_the_minimum_is_hidden_and_a_second_hides_with_it():
    result = suppress({"TRD": 30, "GJO": 9, "ALE": 4}, 5)
    assert result.shown == ("TRD",)
    assert result.folded == ("GJO", "ALE")
    assert result.small == ("ALE",)
    assert result.other == 13
    assert result.other_shown


def test_two_small_campuses_together_above_the_minimum_need_no_third():
    result = suppress({"TRD": 30, "GJO": 4, "ALE": 3, "MO": 20}, 5)
    assert result.shown == ("TRD", "MO")
    assert result.folded == ("GJO", "ALE")
    assert result.other == 7
    assert result.other_shown


def test_nothing_hidden_when_every_campus_is_big_enough():
    result = suppress({"TRD": 6, "GJO": 7}, 5)
    assert result.shown == ("TRD", "GJO")
    assert result.folded == ()
    assert result.other == 0


def test_a_total_at_the_minimum_shows_nothing_at_all():
    result = suppress({"TRD": 3, "GJO": 2}, 5)
    assert not result.total_shown
    assert result.shown == ()
    assert not result.other_shown


def test_zero_cells_are_hidden_but_need_no_complement():
    result = suppress({"TRD": 12, "GJO": 0}, 5)
    assert result.shown == ("TRD",)
    assert result.folded == ("GJO",)
    assert result.other == 0
    assert not result.other_shown


def test_the_minimum_is_a_parameter():
    assert suppress({"A": 8, "B": 9, "C": 40}, 10).shown == ("C",)
    assert suppress({"A": 3, "B": 9, "C": 40}, 3).folded == ("A", "B")


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="counts must not be negative"):
        suppress({"A": -1}, 5)
    with pytest.raises(ValueError, match="minimum must not be negative"):
        suppress({"A": 1}, -5)


breakdowns = st.dictionaries(
    st.sampled_from(["TRD", "GJO", "ALE", "MO", "BOD", "OSL", None]), st.integers(0, 60), max_size=7
)


@settings(max_examples=600, deadline=None)
@given(counts=breakdowns, minimum=st.integers(3, 10))
def test_no_hidden_cell_can_be_computed_from_the_total_minus_the_shown_cells(counts, minimum):
    result = suppress(counts, minimum)
    total = sum(counts.values())
    assert set(result.shown) | set(result.folded) == set(counts)
    assert not set(result.shown) & set(result.folded)
    # Every cell shown on its own is above the minimum, and nothing shows when the total is not.
    assert all(counts[key] > minimum for key in result.shown)
    assert result.total_shown == (total > minimum)
    if not result.total_shown:
        assert result.shown == ()
        return
    # What the total minus the shown cells gives away is the hidden cells together: that is
    # never a small group, and never one single hidden cell with answers.
    remainder = total - sum(counts[key] for key in result.shown)
    assert remainder == result.other
    assert remainder == 0 or remainder > minimum
    assert sum(1 for key in result.folded if counts[key] > 0) != 1
    # "Other" is shown exactly when it holds answers.
    assert result.other_shown == (remainder > 0)
    # Every small cell is hidden.
    assert {key for key in counts if counts[key] <= minimum} <= set(result.folded)
