"""/overleg/: the bodies per level with their cadence, those behind target flagged."""

import datetime
import html
import re

import pytest

from activation.models import LocalGovernment

pytestmark = pytest.mark.django_db

LAST_YEAR = datetime.date.today().year - 1


def text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def row(page, name):
    """The text of the table row that starts with `name`."""
    match = re.search(re.escape(name) + r"(.*?)(?=Lerend netwerk|Werkoverleg|Overlegfora|$)", page)
    return match.group(1) if match else ""


@pytest.fixture
def last_year(body, make_meeting):
    for month in (2, 9):
        make_meeting(body("lerend-netwerk-limburg"), datetime.date(LAST_YEAR, month, 3))
    for month in (2, 6, 10):
        make_meeting(body("lerend-netwerk-vlaams-brabant"), datetime.date(LAST_YEAR, month, 3))


def test_bodies_behind_their_target_are_flagged(last_year, login, nm_vlaanderen):
    page = text(login(nm_vlaanderen).get("/overleg/?niveau=operationeel"))
    assert str(LAST_YEAR) in page and f"{LAST_YEAR // 1000}.{LAST_YEAR % 1000:03d}" not in page
    limburg = row(page, "Lerend netwerk Limburg")
    assert "4 per jaar" in limburg and "2 / 4 achter" in limburg
    brabant = row(page, "Lerend netwerk Vlaams-Brabant")
    assert "3 / 3" in brabant and "3 / 3 achter" not in brabant
    antwerp = row(page, "Werkoverleg OCMW–VDAB Antwerpen")
    assert "geen" in antwerp and "achter" not in antwerp


def test_only_bodies_behind_target_on_request(last_year, login, nm_vlaanderen):
    page = text(login(nm_vlaanderen).get("/overleg/?niveau=operationeel&achter=1"))
    assert "Lerend netwerk Limburg" in page
    assert "Werkoverleg OCMW–VDAB Antwerpen" not in page


def test_many_forums_are_summed_per_province_and_listed_on_request(agreement, login, nm_oost):
    codes = LocalGovernment.objects.current().filter(province="40000").order_by("pk")[:11]
    for lg in codes:
        agreement(lg.pk)
    client = login(nm_oost)
    page = text(client.get("/overleg/"))
    assert "Overlegfora Oost-Vlaanderen 11" in page
    assert "Overlegforum Aalst (SO 2020-2025)" not in page
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in page
    forums = text(client.get("/overleg/?niveau=micro&provincie=40000"))
    assert "Overlegforum Aalst (SO 2020-2025)" in forums
    assert "Lerend netwerk" not in forums


def test_an_ocmw_user_sees_its_own_forum_by_name(agreement, login, ocmw_gent):
    agreement("44021")
    page = text(login(ocmw_gent).get("/overleg/"))
    assert "Overlegforum Gent (SO 2020-2025)" in page


def test_the_body_page_shows_cadence_meetings_and_area(last_year, login, nm_vlaanderen, body):
    limburg = body("lerend-netwerk-limburg")
    page = text(login(nm_vlaanderen).get(f"/overleg/organen/{limburg.pk}/"))
    assert "Werkgroep geleid door de manager Intensieve Dienstverlening" in page
    assert f"{LAST_YEAR} 2 4 achter op streefdoel" in page
    assert f"03-02-{LAST_YEAR}" in page and f"03-09-{LAST_YEAR}" in page
    assert "38 lokale besturen" in page


def test_a_forum_shows_the_years_before_its_agreement_as_not_active(agreement, login, nm_oost):
    this_year = datetime.date.today().year
    forum = agreement("44021", framework="2025-2030").forum
    page = text(login(nm_oost).get(f"/overleg/organen/{forum.pk}/"))
    for year in range(this_year - 3, this_year):
        assert f"{year} 0 — niet actief in {year}" in page
    assert f"{this_year} 0 — niet actief" not in page
