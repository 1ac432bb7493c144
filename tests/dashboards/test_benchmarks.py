"""The benchmark rules on a small fixture computed by hand (DESIGN.md section 5).

Members, for the uitstroomgraad (uitstroom naar werk / ingeschreven bij VDAB):
  A  10 / 100 = 10 %
  B  10 /  50 = 20 %
  C   4 /   8 = 50 %, suppressed: its denominator is below 10
  D   2 /  40 =  5 %
  E   ? /  30   unknown numerator
Pooled: (10 + 10 + 4 + 2) / (100 + 50 + 8 + 40) = 26 / 198; E has no numerator and is left
out, C counts. Median of the shown rates 20, 10, 5: 10 %. Ranks: B 1, A 2, D 3.
"""

import pytest

from activation.indicators import BY_CODE, Indicator
from dashboards import benchmarks
from dashboards.formatting import count, percent, points

OUTFLOW = BY_CODE["uitstroomgraad"]
MIN = 10


def counts(registered, outflow):
    return {"llg_ingeschreven": registered, "llg_uitstroom_werk": outflow}


GROUP = {
    "A": counts(100, 10),
    "B": counts(50, 10),
    "C": counts(8, 4),
    "D": counts(40, 2),
    "E": counts(30, None),
}


def test_a_rate_with_a_small_denominator_is_suppressed_but_keeps_its_value():
    rate = benchmarks.rate(OUTFLOW, GROUP["C"], MIN)
    assert rate.value == 0.5
    assert rate.suppressed is True
    assert rate.shown is None


def test_a_rate_at_the_threshold_is_shown():
    assert benchmarks.rate(OUTFLOW, counts(10, 1), MIN).shown == 0.1


def test_an_unknown_count_or_a_zero_denominator_gives_no_rate():
    assert benchmarks.rate(OUTFLOW, GROUP["E"], MIN).value is None
    # Unknown, not suppressed: the page shows "—" rather than "n<10".
    assert benchmarks.rate(OUTFLOW, counts(8, None), MIN).suppressed is False
    assert benchmarks.rate(OUTFLOW, counts(0, 0), MIN).value is None
    assert benchmarks.rate(OUTFLOW, None, MIN).value is None


def test_pooled_value_sums_numerators_and_denominators_of_members_with_both():
    assert benchmarks.pooled(OUTFLOW, GROUP.values()) == pytest.approx(26 / 198)


def test_pooled_value_of_a_group_without_figures_is_unknown():
    assert benchmarks.pooled(OUTFLOW, [counts(None, None), {}]) is None


def test_median_and_ranks_leave_out_suppressed_and_unknown_rates():
    summary = benchmarks.summarise(OUTFLOW, GROUP, MIN)
    assert summary.median == pytest.approx(0.10)
    assert summary.rates == (0.2, 0.1, 0.05)
    rates = benchmarks.shown_rates(OUTFLOW, GROUP, MIN)
    assert benchmarks.ranks(rates) == {"B": 1, "A": 2, "D": 3}


def test_median_of_an_even_number_of_rates_is_the_mean_of_the_middle_two():
    assert benchmarks.median([0.05, 0.1, 0.2, 0.4]) == pytest.approx(0.15)
    assert benchmarks.median([]) is None


def test_equal_rates_share_a_rank():
    assert benchmarks.ranks({"a": 0.2, "b": 0.2, "c": 0.1}) == {"a": 1, "b": 1, "c": 3}


def test_when_lower_is_better_the_lowest_rate_ranks_first():
    waiting = Indicator("wachttijd", "Wachttijd", "a", "b", "", higher_is_better=False)
    assert benchmarks.ranks({"x": 0.3, "y": 0.1}, waiting.higher_is_better) == {"y": 1, "x": 2}


def test_position_of_a_member():
    position = benchmarks.position(OUTFLOW, GROUP, "A", GROUP["A"], MIN)
    assert (position.rank, position.ranked) == (2, 3)
    assert position.pooled == pytest.approx(26 / 198)
    assert position.median == pytest.approx(0.10)


def test_position_among_neighbours_counts_the_municipality_itself():
    # A neighbours group does not hold its anchor: 12 / 60 = 20 % ties with B.
    position = benchmarks.position(OUTFLOW, GROUP, "X", counts(60, 12), MIN)
    assert (position.rank, position.ranked) == (1, 4)
    assert position.pooled == pytest.approx(26 / 198)  # the members' value, without X


def test_a_suppressed_member_has_no_rank_but_its_group_still_has_a_value():
    position = benchmarks.position(OUTFLOW, GROUP, "C", GROUP["C"], MIN)
    assert position.rank is None
    assert position.ranked == 3
    assert position.pooled == pytest.approx(26 / 198)


def test_change_is_in_percentage_points_and_unknown_without_both_rates():
    assert benchmarks.change(0.136, 0.10) == pytest.approx(0.036)
    assert benchmarks.change(None, 0.10) is None


def test_dutch_number_formats():
    assert percent(26 / 198) == "13,1\u00a0%"
    assert percent(0.5) == "50,0\u00a0%"
    assert percent(None) == "—"
    assert points(0.036) == "+3,6"
    assert points(-0.004) == "\u22120,4"
    assert points(0.0004) == "0,0"
    assert count(12345) == "12.345"
    assert count(0) == "0"
