import datetime

from django.utils import translation
from django.utils.formats import date_format

from ocmw_portal.dutch import dutch_date, dutch_list, plural


def test_a_list_is_joined_with_commas_and_en_before_the_last():
    assert dutch_list(["Gent", "Aalst", "Melle"]) == "Gent, Aalst en Melle"
    assert dutch_list(["Gent", "Aalst"]) == "Gent en Aalst"
    assert dutch_list(["Gent"]) == "Gent"
    assert dutch_list([]) == ""


def test_a_list_may_be_any_iterable_of_names():
    assert dutch_list(name for name in ("Deinze", "Nevele")) == "Deinze en Nevele"


def test_a_date_is_written_out_without_a_leading_zero():
    assert dutch_date(datetime.date(2025, 1, 1)) == "1 januari 2025"
    assert dutch_date(datetime.date(2024, 12, 31)) == "31 december 2024"


def test_a_date_reads_as_the_portal_writes_it_in_every_month_and_any_language():
    with translation.override("en"):
        written = [dutch_date(datetime.date(2025, month, 9)) for month in range(1, 13)]
    with translation.override("nl-be"):
        assert written == [
            date_format(datetime.date(2025, month, 9), "j F Y") for month in range(1, 13)
        ]


def test_a_count_takes_the_singular_only_for_one():
    assert plural(1, "bijeenkomst", "bijeenkomsten") == "1 bijeenkomst"
    assert plural(3, "bijeenkomst", "bijeenkomsten") == "3 bijeenkomsten"
    assert plural(0, "rij", "rijen") == "0 rijen"
