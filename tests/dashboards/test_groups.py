"""A group's page: its pooled series and median, and its members ranked (hand-computed fixture
of tests/dashboards/test_municipality.py)."""

import pytest

from tests.dashboards.pages import json_data, table
from tests.dashboards.test_municipality import pajottegem  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_members_ranked_with_the_suppressed_member_last(login, beheerder, pajottegem):  # noqa: F811
    html = (
        login(beheerder)
        .get("/dashboards/groepen/testregio/?kwartaal=2025-K1&indicator=uitstroomgraad")
        .content.decode()
    )
    rows = table(html, "Leden van Testregio, gerangschikt op Uitstroomgraad naar werk")
    assert [(r["Rang"], r["Lokaal bestuur"], r["Uitstroomgraad naar werk"]) for r in rows] == [
        ("1", "Dilbeek", "20,0\u00a0%"),
        ("2", "Pajottegem", "13,6\u00a0%"),
        ("3", "Lennik", "5,0\u00a0%"),
        ("—", "Halle", "n<10"),
    ]
    assert "3 van de 4 leden hebben een percentage dat meetelt" in html


def test_group_cards_show_pooled_value_and_median(login, beheerder, pajottegem):  # noqa: F811
    html = login(beheerder).get("/dashboards/groepen/testregio/?kwartaal=2025-K1").content.decode()
    card = html[html.index("Uitstroomgraad naar werk</h3>") :]
    card = card[: card.index("</article>")]
    assert "15,2\u00a0%" in card  # 25 / 164
    assert "<dd>13,6\u00a0%</dd>" in card
    assert "<dd>3 van 4</dd>" in card
    assert "4 van 4 gemeenten met cijfers" in card
    assert "badge--voorlopig" in card
    data = json_data(html, "dashboard-data")
    chart = next(c for c in data["charts"] if c["id"] == "grafiek-uitstroomgraad")
    # In 2024-K4 only Pajottegem has figures: too few members for a group value.
    assert [line["values"] for line in chart["lines"]] == [[None, 15.2], [None, 13.6]]


def test_ranking_on_another_indicator(login, beheerder, pajottegem):  # noqa: F811
    html = (
        login(beheerder)
        .get("/dashboards/groepen/testregio/?kwartaal=2025-K1&indicator=trajectgraad")
        .content.decode()
    )
    rows = table(html, "Leden van Testregio, gerangschikt op Trajectgraad")
    # Pajottegem 33/66 = 50 %, Dilbeek 20/50 = 40 %, Lennik 12/40 = 30 %, Halle 3/8 n<10.
    assert [r["Lokaal bestuur"] for r in rows] == ["Pajottegem", "Dilbeek", "Lennik", "Halle"]


def test_a_bad_quarter_or_indicator_never_fails(login, beheerder, pajottegem):  # noqa: F811
    response = login(beheerder).get("/dashboards/groepen/testregio/?kwartaal=K&indicator=x")
    assert response.status_code == 200
    assert "Groepswaarden 2025-K1" in response.content.decode()
