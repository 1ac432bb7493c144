"""The municipality dashboard on a fixture computed by hand: Pajottegem, merged on 1 January 2025
from Galmaarden, Gooik and Herne, in a group of its own with a suppressed member.

2024-K4 (before the merger), in current borders Pajottegem = the sum of its three parts:
              totaal  ingeschreven  traject  uitstroom  duurzaam
  Galmaarden      40            30       12          3         2
  Gooik           20            15        6          2         1
  Herne           25            15        6          1         1
  Pajottegem      85            60       24          6         4
  → inschrijvingsgraad 60/85 = 70,6 %; trajectgraad 24/60 = 40,0 %; uitstroomgraad 6/60 = 10,0 %;
    duurzaamheidsgraad 4/6: denominator below 10, shown as n<10.
2025-K1: Pajottegem 90, 66, 33, 9, unknown → uitstroomgraad 9/66 = 13,6 % (+3,6 pp).

Testregio, 2025-K1, uitstroomgraad:
  Pajottegem 9/66 = 13,6 %; Dilbeek 10/50 = 20 %; Halle 4/8 = 50 % but n<10; Lennik 2/40 = 5 %.
  Groepswaarde (9+10+4+2)/(66+50+8+40) = 25/164 = 15,2 %; mediaan of 20, 13,6, 5 = 13,6 %;
  Pajottegem ranks 2 of 3 (Halle is left out of the ranking but counts in the group value).
"""

from html import unescape

import pytest

from activation import figures
from activation.models import BenchmarkGroup, ImportBatch, QuarterlyResult, ResultStatus
from activation.quarters import Quarter
from tests.dashboards.pages import json_data, table

pytestmark = pytest.mark.django_db

K4_2024 = Quarter(2024, 4)
K1_2025 = Quarter(2025, 1)


def result(nis, quarter, values, batch, status=ResultStatus.FINAL):
    fields = ["llg_totaal", "llg_ingeschreven", "llg_in_traject", "llg_uitstroom_werk"]
    fields.append("llg_duurzaam_werk")
    return QuarterlyResult.objects.create(
        local_government_id=nis,
        quarter=quarter,
        status=status,
        import_batch=batch,
        **dict(zip(fields, values, strict=True)),
    )


@pytest.fixture
def pajottegem(db, beheerder):
    batch = ImportBatch.objects.create(
        file_name="=SOM(A1) kwartaal.csv",
        sha256="0" * 64,
        status=ImportBatch.Status.COMMITTED,
        result_status=ResultStatus.FINAL,
        uploaded_by=beheerder,
    )
    result("23023", K4_2024, (40, 30, 12, 3, 2), batch)
    result("23024", K4_2024, (20, 15, 6, 2, 1), batch)
    result("23032", K4_2024, (25, 15, 6, 1, 1), batch)
    result("23106", K1_2025, (90, 66, 33, 9, None), batch, ResultStatus.PROVISIONAL)
    result("23016", K1_2025, (70, 50, 20, 10, None), batch)
    result("23027", K1_2025, (12, 8, 3, 4, None), batch)
    result("23104", K1_2025, (55, 40, 12, 2, None), batch)
    group = BenchmarkGroup.objects.create(code="testregio", name="Testregio", kind="eigen")
    group.members.set(["23106", "23016", "23027", "23104"])
    figures.rebuild()
    return batch


def page(client, query="?kwartaal=2025-K1"):
    response = client.get(f"/dashboards/23106/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_merger_note_explains_how_earlier_quarters_are_composed(
    login, ocmw_pajottegem, pajottegem
):
    html = page(login(ocmw_pajottegem))
    assert (
        "Pajottegem bestaat sinds 1 januari 2025 en is gevormd uit Galmaarden, Gooik en Herne"
        in html
    )
    assert "Voor de kwartalen vóór 1 januari 2025 is elk cijfer de som van die gemeenten." in html


def test_a_municipality_that_absorbed_another_names_both(login, beheerder, pajottegem):
    result("11002", K4_2024, (9000, 7000, 3000, 300, 200), pajottegem)
    result("11007", K4_2024, (60, 50, 20, 3, 2), pajottegem)
    figures.rebuild()
    html = login(beheerder).get("/dashboards/11002/").content.decode()
    assert "Borsbeek maakt sinds 1 januari 2025 deel uit van Antwerpen" in html
    assert "de som van Antwerpen en Borsbeek" in html
    rows = table(html, "Cijfers per kwartaal")
    assert next(r for r in rows if r["Kwartaal"] == "2024-K4")["Leefloongerechtigden"] == "9.060"


def test_no_merger_note_when_no_quarter_before_the_merger_is_shown(
    login, ocmw_pajottegem, pajottegem
):
    QuarterlyResult.objects.filter(quarter=K4_2024).delete()
    figures.rebuild()
    html = page(login(ocmw_pajottegem))
    assert "Kerncijfers 2025-K1" in html
    assert "gevormd uit" not in html


def test_earlier_quarters_are_the_sum_of_the_parts(login, ocmw_pajottegem, pajottegem):
    rows = table(page(login(ocmw_pajottegem)), "Cijfers per kwartaal")
    k4 = next(row for row in rows if row["Kwartaal"] == "2024-K4")
    assert k4["Leefloongerechtigden"] == "85"
    assert k4["Ingeschreven bij VDAB"] == "60"
    assert k4["In begeleiding of traject"] == "24"
    assert k4["Uitstroom naar werk"] == "6"
    assert k4["Duurzaam aan het werk (na 6 maanden)"] == "4"
    assert k4["Inschrijvingsgraad"] == "70,6\u00a0%"
    assert k4["Trajectgraad"] == "40,0\u00a0%"
    assert k4["Uitstroomgraad naar werk"] == "10,0\u00a0%"
    assert k4["Duurzaamheidsgraad"] == "n<10"
    assert k4["Status"] == "Definitief"


def test_cards_show_value_change_and_status(login, ocmw_pajottegem, pajottegem):
    html = page(login(ocmw_pajottegem))
    card = html[html.index('id="kpi-uitstroomgraad"') : html.index('id="kpi-duurzaamheidsgraad"')]
    assert "13,6\u00a0%" in card
    assert "9 van 66" in card
    assert "t.o.v. 2024-K4" in card and "+3,6" in card and "(gestegen)" in card
    assert "t.o.v. 2024-K1" in card and "(geen vergelijking)" in card
    assert "badge--voorlopig" in card
    # Durable outflow is measured six months later: not known yet for the latest quarter.
    assert "Duurzaamheidsgraad is voor 2025-K1 nog niet gekend." in html
    assert "Uitstroomgraad naar werk is voor 2025-K1 nog niet gekend." not in html


def test_position_in_a_group_with_a_suppressed_member(login, ocmw_pajottegem, pajottegem):
    rows = table(page(login(ocmw_pajottegem)), "Uitstroomgraad naar werk: positie in 2025-K1")
    testregio = next(row for row in rows if row["Groep"] == "Testregio")
    assert testregio == {
        "Groep": "Testregio",
        "Rang": "2 van 3",
        "Mediaan": "13,6\u00a0%",
        "Groepswaarde": "15,2\u00a0%",
        "Gemeenten met cijfers": "4 van 4 gemeenten",
        # Pajottegem's figures of 2025-K1 are provisional, so the group value is too.
        "Status": "Voorlopig",
    }


def test_the_chart_data_holds_the_same_figures(login, ocmw_pajottegem, pajottegem):
    data = json_data(page(login(ocmw_pajottegem)), "dashboard-data")
    assert data["quarters"] == ["2024-K4", "2025-K1"]
    chart = next(c for c in data["charts"] if c["id"] == "grafiek-uitstroomgraad")
    lines = {line["name"]: line["values"] for line in chart["lines"]}
    assert lines["Pajottegem"] == [10.0, 13.6]
    # In 2024-K4 only Pajottegem (its three parts) has figures in Testregio: too few members
    # for a group value, so the chart leaves that quarter empty rather than show its own rate.
    assert lines["Testregio"] == [None, 15.2]
    assert lines["Mediaan Testregio"] == [None, 13.6]
    statuses = {line["name"]: line["statuses"] for line in chart["lines"]}
    assert statuses["Testregio"] == ["Definitief", "Voorlopig"]


def test_a_group_is_compared_in_every_kind_the_design_names(login, ocmw_pajottegem, pajottegem):
    rows = table(page(login(ocmw_pajottegem)), "Inschrijvingsgraad: positie in 2025-K1")
    assert [row["Groep"] for row in rows] == [
        "Provincie Vlaams-Brabant",
        BenchmarkGroup.objects.get(kind="referentieregio", members="23106").name,
        "Buren van Pajottegem",
        "Vergelijkbaar met Pajottegem",
        "Centrumsteden",
        "Vlaanderen",
        "Testregio",
    ]


def test_provenance_names_the_import(login, ocmw_pajottegem, pajottegem):
    html = page(login(ocmw_pajottegem))
    assert "=SOM(A1) kwartaal.csv, geïmporteerd op" in html
    assert "door beheerder" in html


def test_without_any_figures_the_page_says_so(login, ocmw_gent):
    html = login(ocmw_gent).get("/dashboards/44021/").content.decode()
    assert "Er zijn nog geen kwartaalcijfers." in html
    assert "Gent" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "'abc' is geen geldig kwartaal"),
        ("2025-K5", "'2025-K5' is geen geldig kwartaal"),
        ("2025-K2", "Voor 2025-K2 zijn er nog geen cijfers."),
        ("2019-K1", "De cijfers beginnen in 2024-K4; voor 2019-K1 zijn er geen."),
        ("99999-K1", "'99999-K1' is geen geldig kwartaal"),
        ("1000-K1", "Het jaar 1000 valt buiten"),
    ],
)
def test_a_bad_quarter_gives_a_dutch_message_and_the_latest_quarter(
    login, ocmw_pajottegem, pajottegem, value, message
):
    html = unescape(page(login(ocmw_pajottegem), f"?kwartaal={value}"))
    assert message in html
    assert "U ziet het laatste kwartaal met cijfers, 2025-K1." in html
    assert "Kerncijfers 2025-K1" in html


@pytest.mark.parametrize("value", ["2024Q4", "2024-q4", "2024K4", " 2024-K4 "])
def test_every_accepted_notation_selects_the_quarter(login, ocmw_pajottegem, pajottegem, value):
    html = page(login(ocmw_pajottegem), f"?kwartaal={value}")
    assert "Kerncijfers 2024-K4" in html
    assert "geen geldig kwartaal" not in html
