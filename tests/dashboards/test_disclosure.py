"""The one disclosure rule, walked through every output that shows a group figure.

The ground truth is computed here, independently of the stored group figures: from each
municipality's counts in current borders (activation.models.CurrentResult; the sums over merged
municipalities are checked in tests/activation/test_import_mergers.py) and the groups' members.
A group × quarter × indicator is *forbidden* when fewer than 3 members report both counts or
when their summed denominator is below PORTAL_MIN_DENOMINATOR (0 included). The walk finds 0
forbidden values on the group page, the dashboards that compare with the group, their chart
data and both exports.

The data: the demo results for four quarters (durable work known in all), plus a group of three
small municipalities whose summed denominators are below 10, and the neighbours groups along the
border, which have one or two members (the neighbours of Essen are Kalmthout alone).
"""

import csv
import io
from collections import defaultdict
from html import unescape

import pytest
from openpyxl import load_workbook

import activation.demo
from activation import figures
from activation.demo import create_demo_results
from activation.indicators import INDICATORS
from activation.models import BenchmarkGroup, CurrentResult, GroupFigure, QuarterlyResult
from activation.quarters import Quarter
from tests.dashboards.pages import json_data, table

pytestmark = pytest.mark.django_db

FIRST, LAST = Quarter(2024, 3), Quarter(2025, 2)
MIN = 10
WITHHELD = {"te weinig gemeenten", "n<10"}
SMALL = ["23104", "23016", "23027"]  # Lennik, Dilbeek, Halle


@pytest.fixture
def data(monkeypatch):
    monkeypatch.setattr(activation.demo, "FIRST_QUARTER", FIRST)
    # Durable work known in every quarter: the groups withheld are then the small ones, not
    # every group for the quarters whose durable work is not measured yet (the stored-figures
    # test above covers those).
    monkeypatch.setattr(activation.demo, "PROVISIONAL_QUARTERS", 0)
    create_demo_results(11, last=LAST)
    # Three members reporting, 3 + 3 + 2 = 8 registered: n<10 for the group in 2025-K1.
    QuarterlyResult.objects.filter(local_government__in=SMALL, quarter=Quarter(2025, 1)).update(
        llg_totaal=5,
        llg_ingeschreven=3,
        llg_in_traject=1,
        llg_uitstroom_werk=1,
        llg_duurzaam_werk=1,
    )
    QuarterlyResult.objects.filter(local_government="23027", quarter=Quarter(2025, 1)).update(
        llg_ingeschreven=2
    )
    group = BenchmarkGroup.objects.create(code="klein", name="Klein", kind="eigen")
    group.members.set(SMALL)
    figures.rebuild()


def forbidden_figures():
    """{(group, quarter, indicator code)} that must not be shown, from the raw results."""
    results = {
        (result.local_government_id, result.quarter): result
        for result in CurrentResult.objects.filter(quarter__gte=FIRST, quarter__lte=LAST)
    }
    members = defaultdict(list)
    through = BenchmarkGroup.members.through
    for group_id, code in through.objects.values_list("benchmarkgroup_id", "localgovernment_id"):
        members[group_id].append(code)
    found = set()
    for group in BenchmarkGroup.objects.all():
        for quarter in FIRST.until(LAST):
            for indicator in INDICATORS:
                counts = [
                    (
                        getattr(results[code, quarter], indicator.numerator),
                        getattr(results[code, quarter], indicator.denominator),
                    )
                    for code in members[group.pk]
                    if (code, quarter) in results
                ]
                reporting = [pair for pair in counts if None not in pair]
                denominator = sum(d for _, d in reporting)
                if len(reporting) < 3 or denominator < MIN:
                    found.add((group, quarter, indicator.code))
    return found


def compared_municipality(group):
    """A municipality whose dashboard compares with `group`."""
    if group.kind in (BenchmarkGroup.Kind.NEIGHBOURS, BenchmarkGroup.Kind.SIMILAR):
        return group.anchor_id
    if group.kind in (BenchmarkGroup.Kind.FLANDERS, BenchmarkGroup.Kind.CENTRE_CITIES):
        return "44021"
    return group.members.order_by("pk").values_list("pk", flat=True).first()


def chart_values(data, chart_id, name):
    chart = next(c for c in data["charts"] if c["id"] == chart_id)
    return {line["name"]: line["values"] for line in chart["lines"]}.get(name)


def test_the_stored_figures_withhold_exactly_the_forbidden_ones(data):
    forbidden = forbidden_figures()
    stored = {
        (f.group, f.quarter, f.indicator): f
        for f in GroupFigure.objects.select_related("group").filter(quarter__gte=FIRST)
    }
    assert len(stored) == BenchmarkGroup.objects.count() * 4 * len(INDICATORS)
    for key, figure in stored.items():
        assert bool(figure.withheld) == (key in forbidden), key
        if figure.withheld:
            assert (figure.rate, figure.median, figure.numerator, figure.denominator) == (
                None,
                None,
                None,
                None,
            )


def test_no_output_shows_a_forbidden_group_figure(login, beheerder, data):
    forbidden = forbidden_figures()
    kinds = {
        GroupFigure.objects.get(group=g, quarter=q, indicator=i).withheld for g, q, i in forbidden
    }
    # Both reasons occur, with groups that have members: the walk can find either.
    assert kinds == {"leden", "noemer"}
    by_page = defaultdict(set)
    for group, quarter, code in forbidden:
        if group.members.exists():
            by_page[group, quarter].add(code)
    assert len(by_page) > 20

    client = login(beheerder)
    shown = []
    for (group, quarter), codes in sorted(
        by_page.items(), key=lambda item: (item[0][0].pk, item[0][1])
    ):
        labels = {i.code: i.label for i in INDICATORS if i.code in codes}

        # The group page: its cards and its charts.
        html = client.get(f"/dashboards/groepen/{group.code}/?kwartaal={quarter}").content.decode()
        chart = json_data(html, "dashboard-data")
        for code in labels:
            card = html[html.index(f'id="kpi-{code}"') :]
            card = card[: card.index("</article>")]
            value = unescape(card[card.index('kpi__value">') + 12 : card.index("</p>")])
            if value not in WITHHELD or "<dt>Mediaan</dt><dd>—</dd>" not in card:
                shown.append(("groepspagina", group.code, quarter, code, value))
            for name in (group.name, f"Mediaan {group.name}"):
                values = chart_values(chart, f"grafiek-{code}", name)
                if values[chart["quarters"].index(str(quarter))] is not None:
                    shown.append(("grafiek groep", group.code, quarter, code, name))

        # The dashboard of a municipality compared with the group, its chart and its exports.
        nis = compared_municipality(group)
        html = client.get(f"/dashboards/{nis}/?kwartaal={quarter}").content.decode()
        chart = json_data(html, "dashboard-data")
        for code, label in labels.items():
            rows = table(html, f"{label}: positie in {quarter}")
            row = next(r for r in rows if r["Groep"] == group.name)
            if row["Groepswaarde"] not in WITHHELD or row["Mediaan"] != "—":
                shown.append(("dashboard", nis, group.code, quarter, code, row))
            if row["Groepswaarde"] == "te weinig gemeenten" and row["Rang"] != "—":
                shown.append(("rang", nis, group.code, quarter, code, row))
            for name in (group.name, f"Mediaan {group.name}"):
                values = chart_values(chart, f"grafiek-{code}", name)
                if values[chart["quarters"].index(str(quarter))] is not None:
                    shown.append(("grafiek dashboard", nis, group.code, quarter, code, name))
        workbook = load_workbook(
            io.BytesIO(client.get(f"/dashboards/{nis}/export.xlsx?kwartaal={quarter}").content)
        )
        sheet = [list(r) for r in workbook[f"Positie {quarter}"].iter_rows(values_only=True)]
        header = sheet[0]
        for cells in sheet[1:]:
            cells = dict(zip(header, cells, strict=True))
            code = next((c for c, label in labels.items() if label == cells["Indicator"]), None)
            leaks = cells["Groepswaarde (%)"] not in WITHHELD or cells["Mediaan (%)"] not in (
                None,
                *WITHHELD,
            )
            if code and cells["Groep"] == group.name and leaks:
                shown.append(("xlsx", nis, group.code, quarter, code, cells))
        exported = client.get(f"/dashboards/{nis}/export.csv?kwartaal={quarter}")
        text = exported.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        # The CSV holds the municipality's own figures only: no group value to leak.
        assert "Groepswaarde" not in rows[0] and group.name not in text
    assert shown == []


def test_the_overview_summary_of_a_small_selection_shows_n_lt_10(login, beheerder, data):
    html = login(beheerder).get("/dashboards/?groep=klein&kwartaal=2025-K1").content.decode()
    card = html[html.index("Uitstroomgraad naar werk</h3>") :]
    card = card[: card.index("</article>")]
    assert '<p class="kpi__value">n&lt;10</p>' in card
    assert "(3 van 3 gemeenten)" in card


def test_a_group_without_members_is_no_comparison(login, beheerder, data):
    voeren = BenchmarkGroup.objects.get(code="buren-73109")
    assert not voeren.members.exists()
    html = login(beheerder).get("/dashboards/73109/").content.decode()
    assert "Buren van Voeren" not in html
    assert "Provincie Limburg" in html
