from collections import Counter

import pytest

from activation.demo import create_demo_results
from activation.indicators import COUNT_FIELDS
from activation.models import CurrentResult, LocalGovernment, QuarterlyResult
from activation.quarters import Quarter

pytestmark = pytest.mark.django_db

LAST = Quarter(2025, 2)


def figures():
    return sorted(QuarterlyResult.objects.values_list("local_government", "quarter", *COUNT_FIELDS))


def test_every_municipality_from_2021_in_the_borders_of_each_quarter():
    count = create_demo_results(seed=7, last=LAST)
    # 2021-K1 to 2024-K4 in the 300 local governments of then, 2025 in the 285 of now.
    assert count == 16 * 300 + 2 * 285
    assert not QuarterlyResult.objects.filter(
        local_government="23106", quarter__lt=Quarter(2025, 1)
    ).exists()
    assert QuarterlyResult.objects.filter(local_government="23024", quarter=Quarter(2024, 4))
    assert not QuarterlyResult.objects.filter(local_government="23024", quarter=Quarter(2025, 1))
    # In current borders, as the pages read them: every current municipality in all 18 quarters.
    current = CurrentResult.objects.values_list("local_government", "quarter", "llg_totaal")
    quarters = Counter(code for code, quarter, _ in current if Quarter(2021, 1) <= quarter <= LAST)
    assert set(quarters) == set(LocalGovernment.objects.current().values_list("pk", flat=True))
    assert set(quarters.values()) == {18}
    assert all(total is not None for _, _, total in current)


def test_the_last_two_quarters_are_provisional_and_lack_durable_work():
    create_demo_results(seed=7, last=LAST)
    recent = QuarterlyResult.objects.filter(quarter__gte=Quarter(2025, 1))
    assert set(recent.values_list("status", flat=True)) == {"voorlopig"}
    assert set(recent.values_list("llg_duurzaam_werk", flat=True)) == {None}
    older = QuarterlyResult.objects.filter(quarter__lt=Quarter(2025, 1))
    assert set(older.values_list("status", flat=True)) == {"definitief"}


def test_cities_have_far_more_recipients_than_small_municipalities():
    create_demo_results(seed=7, last=LAST)
    totals = dict(
        QuarterlyResult.objects.filter(quarter=LAST).values_list("local_government", "llg_totaal")
    )
    assert totals["44021"] > 20 * totals["23106"]  # Gent and Pajottegem
    assert totals["11002"] > totals["44021"]  # Antwerpen and Gent


def test_the_same_seed_gives_the_same_figures():
    create_demo_results(seed=7, last=LAST)
    first = figures()
    QuarterlyResult.objects.all().delete()
    create_demo_results(seed=7, last=LAST)
    assert figures() == first
    QuarterlyResult.objects.all().delete()
    create_demo_results(seed=8, last=LAST)
    assert figures() != first
