import datetime

import pytest

from activation.quarters import InvalidQuarter, Quarter


@pytest.mark.parametrize("text", ["2025-K2", "2025K2", "2025-Q2", "2025Q2", " 2025-k2 ", "2025q2"])
def test_every_accepted_notation_reads_as_the_same_quarter(text):
    assert Quarter.parse(text) == Quarter(2025, 2)


def test_a_quarter_is_shown_as_year_dash_k():
    assert str(Quarter.parse("2025Q2")) == "2025-K2"


@pytest.mark.parametrize("text", ["2025-K5", "2025-K0", "2025/2", "K2-2025", "25-K2", "", None])
def test_anything_else_is_refused_with_a_dutch_message(text):
    with pytest.raises(InvalidQuarter) as error:
        Quarter.parse(text)
    assert str(error.value) == (
        f"'{text}' is geen geldig kwartaal: schrijf het als 2025-K2 (of 2025K2, 2025-Q2, 2025Q2)."
    )


def test_quarters_order_across_years():
    quarters = [Quarter(2025, 1), Quarter(2024, 4), Quarter(2024, 1), Quarter(2025, 2)]
    assert [str(q) for q in sorted(quarters)] == ["2024-K1", "2024-K4", "2025-K1", "2025-K2"]
    assert Quarter(2024, 4) < Quarter(2025, 1)


def test_next_and_previous_cross_the_year():
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter(2025, 2).next().previous() == Quarter(2025, 2)


def test_the_last_complete_quarter_is_the_one_before_today():
    assert Quarter.last_complete(datetime.date(2025, 1, 15)) == Quarter(2024, 4)
    assert Quarter.last_complete(datetime.date(2025, 6, 30)) == Quarter(2025, 1)


def test_first_and_last_day():
    assert Quarter(2025, 1).first_day == datetime.date(2025, 1, 1)
    assert Quarter(2024, 4).last_day == datetime.date(2024, 12, 31)
