"""The benchmark rules on a small fixture computed by hand (DESIGN.md section 5), as
activation.figures stores them.

Members, for the uitstroomgraad (uitstroom naar werk / ingeschreven bij VDAB):
  A  10 / 100 = 10 %
  B  10 /  50 = 20 %
  C   4 /   8 = 50 %, withheld (n<10): its denominator is below 10
  D   2 /  40 =  5 %
  E   ? /  30   unknown numerator
Pooled: (10 + 10 + 4 + 2) / (100 + 50 + 8 + 40) = 26 / 198 = 13,1 %; E has no numerator and is
left out, C counts: 4 of 5 members report. Median of the shown rates 20, 10, 5: 10 %.
"""

from types import SimpleNamespace

import pytest

from activation import figures
from activation.indicators import BY_CODE
from activation.models import GroupFigure
from dashboards.formatting import change, count, group_value, percent, points

OUTFLOW = BY_CODE["uitstroomgraad"]
MIN = 10


def member(registered, outflow, status="definitief", sources=(1,)):
    rate, small = figures.shown_rate(outflow, registered, MIN)
    return SimpleNamespace(
        llg_ingeschreven=registered,
        llg_uitstroom_werk=outflow,
        uitstroomgraad=rate,
        uitstroomgraad_small=small,
        status=status,
        sources=list(sources),
    )


GROUP = [member(100, 10), member(50, 10), member(8, 4), member(40, 2), member(30, None)]


def test_a_rate_with_a_small_denominator_is_withheld():
    assert figures.shown_rate(4, 8, MIN) == (None, True)


def test_a_rate_at_the_threshold_is_shown():
    assert figures.shown_rate(1, 10, MIN) == (10.0, False)


def test_a_zero_denominator_is_withheld_as_small_not_unknown():
    assert figures.shown_rate(0, 0, MIN) == (None, True)


def test_a_zero_denominator_is_withheld_even_with_the_threshold_at_zero(settings):
    settings.PORTAL_MIN_DENOMINATOR = 0
    assert figures.shown_rate(0, 0, figures.min_denominator()) == (None, True)


def test_an_unknown_count_gives_an_unknown_rate():
    assert figures.shown_rate(None, 30, MIN) == (None, False)
    assert figures.shown_rate(3, None, MIN) == (None, False)


def test_pooled_value_sums_the_members_with_both_counts():
    figure = figures.pooled(OUTFLOW, GROUP, 5, MIN)
    assert (figure["numerator"], figure["denominator"]) == (26, 198)
    assert figure["rate"] == 13.1
    assert (figure["members_reporting"], figure["members_total"]) == (4, 5)
    assert figure["withheld"] == ""


def test_the_median_leaves_out_withheld_and_unknown_rates():
    assert figures.pooled(OUTFLOW, GROUP, 5, MIN)["median"] == 10.0


def test_fewer_than_three_reporting_members_withhold_value_counts_and_median():
    figure = figures.pooled(OUTFLOW, [GROUP[0], GROUP[1], GROUP[4], None], 4, MIN)
    assert figure["withheld"] == GroupFigure.Withheld.FEW_MEMBERS
    assert [figure[k] for k in ("numerator", "denominator", "rate", "median")] == [None] * 4
    assert figure["members_reporting"] == 2
    assert group_value(SimpleNamespace(**figure)) == "te weinig gemeenten"


def test_a_group_with_a_summed_denominator_below_the_threshold_shows_n_lt_10():
    small = [member(3, 1), member(2, 1), member(4, 0)]
    figure = figures.pooled(OUTFLOW, small, 3, MIN)
    assert figure["withheld"] == GroupFigure.Withheld.SMALL_DENOMINATOR
    assert figure["rate"] is None and figure["numerator"] is None
    assert group_value(SimpleNamespace(**figure)) == "n<10"


def test_a_group_figure_is_definitief_only_when_every_reporting_member_is():
    mixed = [member(100, 10), member(50, 10, status="voorlopig", sources=(2,)), member(40, 2)]
    figure = figures.pooled(OUTFLOW, mixed, 3, MIN)
    assert figure["status"] == "voorlopig"
    assert figure["sources"] == [1, 2]
    assert figures.pooled(OUTFLOW, GROUP, 5, MIN)["status"] == "definitief"


def test_a_change_is_the_difference_of_the_two_rates_as_shown():
    # 13,6 % and 10,0 % as shown: +3,6 pp, whatever the unrounded rates were.
    assert change(13.6, 10.0) == 3.6
    assert change(None, 10.0) is None
    assert points(change(12.1, 12.2)) == "\u22120,1"


def test_dutch_number_formats():
    assert percent(13.1) == "13,1\u00a0%"
    assert percent(50.0) == "50,0\u00a0%"
    assert percent(None) == "—"
    assert points(3.6) == "+3,6"
    assert points(-0.4) == "\u22120,4"
    assert points(0.0) == "0,0"
    assert count(12345) == "12.345"
    assert count(0) == "0"


@pytest.mark.django_db
def test_equal_rates_as_shown_share_a_rank(login, beheerder):
    """Two members at 13,6 % (9/66 and 12/88 differ unrounded) are both ranked 1."""
    from activation.models import BenchmarkGroup, ImportBatch, QuarterlyResult
    from activation.quarters import Quarter
    from tests.dashboards.pages import table

    batch = ImportBatch.objects.create(
        file_name="k.csv", sha256="0" * 64, status="verwerkt", result_status="definitief"
    )
    quarter = Quarter(2025, 1)
    for code, (registered, outflow) in {
        "44021": (66, 9),
        "41002": (88, 12),
        "11002": (50, 5),
    }.items():
        QuarterlyResult.objects.create(
            local_government_id=code,
            quarter=quarter,
            llg_totaal=registered * 2,
            llg_ingeschreven=registered,
            llg_in_traject=1,
            llg_uitstroom_werk=outflow,
            status="definitief",
            import_batch=batch,
        )
    group = BenchmarkGroup.objects.create(code="drie", name="Drie", kind="eigen")
    group.members.set(["44021", "41002", "11002"])
    figures.rebuild()
    html = login(beheerder).get("/dashboards/groepen/drie/?indicator=uitstroomgraad").content
    rows = table(html.decode(), "Leden van Drie")
    assert [(r["Rang"], r["Lokaal bestuur"]) for r in rows] == [
        ("1 (gedeeld)", "Aalst"),
        ("1 (gedeeld)", "Gent"),
        ("3", "Antwerpen"),
    ]
    positions = table(
        login(beheerder).get("/dashboards/44021/").content.decode(),
        "Uitstroomgraad naar werk: positie in 2025-K1",
    )
    drie = next(row for row in positions if row["Groep"] == "Drie")
    assert drie["Rang"] == "1 van 3 (gedeeld)"
