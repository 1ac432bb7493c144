"""Vergelijkbare gemeenten: the ten municipalities most like each one (activation.similar),
stored as groups and recomputed with the figures."""

import math

import pytest
from django.core.management import call_command
from django.db import transaction

from activation import figures, similar
from activation.imports.services import import_file
from activation.imports.undoing import undo_import
from activation.models import BenchmarkGroup, GroupFigure, LocalGovernment
from activation.quarters import Quarter
from activation.similar import Context, llg_per_1000, nearest, z_scores
from tests.activation.files import csv_bytes, row
from tests.dashboards.pages import table

pytestmark = pytest.mark.django_db

SIMILAR = BenchmarkGroup.Kind.SIMILAR

# Six made-up municipalities, computed by hand.
#
#            population  log10   llg per 1.000  centrumstad
#   A 10001       1,000      3              10            0
#   B 10002      10,000      4              20            0
#   C 10003     100,000      5              30            1
#   D 10004       1,000      3              30            0
#   E 10005      10,000      4              10            0
#   F 10006     100,000      5              20            1
#
# z-scores (population standard deviation; the z-score of ln(population) equals that of log10):
# - log10(population): mean 4, sd √(4/6); z = ∓√1.5 = ∓a for 3 and 5, 0 for 4.
# - llg per 1.000: mean 20, sd √(400/6); z = ∓a for 10 and 30, 0 for 20.
# - centrumstad: mean 1/3, sd √2/3; z = −1/√2 or +√2: the two kinds lie 3/√2 apart.
# Squared distances, with a² = 1.5 and (3/√2)² = 4.5:
#   A–B 3     A–C 16.5  A–D 6     A–E 1.5   A–F 12
#   B–C 7.5   B–D 3     B–E 1.5   B–F 6
#   C–D 10.5  C–E 12    C–F 1.5
#   D–E 7.5   D–F 12
#   E–F 7.5
# The two nearest (ties to the lower code: B is as far from A as from D, E as far from A as
# from B):
#   A: E, B    B: E, A    C: F, B    D: B, A    E: A, B    F: C, B
SIX = [
    Context("10001", 1_000, 10.0, False),
    Context("10002", 10_000, 20.0, False),
    Context("10003", 100_000, 30.0, True),
    Context("10004", 1_000, 30.0, False),
    Context("10005", 10_000, 10.0, False),
    Context("10006", 100_000, 20.0, True),
]


def test_the_nearest_of_a_hand_computed_case():
    assert nearest(SIX, k=2) == {
        "10001": ["10005", "10002"],
        "10002": ["10005", "10001"],
        "10003": ["10006", "10002"],
        "10004": ["10002", "10001"],
        "10005": ["10001", "10002"],
        "10006": ["10003", "10002"],
    }


def test_the_z_scores_of_the_hand_computed_case():
    a = math.sqrt(1.5)
    expected = [-a, 0, a, -a, 0, a]
    assert z_scores([math.log(c.population) for c in SIX]) == pytest.approx(expected)
    assert z_scores([c.llg_per_1000 for c in SIX]) == pytest.approx([-a, 0, a, a, -a, 0])
    centre = z_scores([1.0 if c.centre_city else 0.0 for c in SIX])
    assert centre == pytest.approx(
        [-1 / math.sqrt(2)] * 2 + [math.sqrt(2)] + [-1 / math.sqrt(2)] * 2 + [math.sqrt(2)]
    )


def test_an_unknown_value_counts_as_the_mean_and_a_variable_without_spread_as_nothing():
    assert z_scores([1.0, None, 3.0]) == [-1.0, 0.0, 1.0]
    assert z_scores([5.0, 5.0, None]) == [0.0, 0.0, 0.0]
    assert z_scores([None, 7.0]) == [0.0, 0.0]
    # Without llg figures, D is placed by population and centrumstad alone: like A.
    unknown = [*SIX[:3], Context("10004", 1_000, None, False), *SIX[4:]]
    assert nearest(unknown, k=1)["10004"] == ["10001"]


def test_a_municipality_is_never_its_own_neighbour_and_fewer_others_give_all():
    groups = nearest(SIX[:3], k=10)
    assert groups == {
        "10001": ["10002", "10003"],
        "10002": ["10001", "10003"],
        "10003": ["10002", "10001"],
    }


def test_leefloongerechtigden_per_1000_are_the_mean_of_the_last_four_known_quarters():
    by_quarter = {
        Quarter(2024, 1): 500,  # older than the last four: left out
        Quarter(2024, 2): 8,
        Quarter(2024, 3): 10,
        Quarter(2025, 1): 12,
        Quarter(2024, 4): 10,
    }
    assert llg_per_1000(1_000, by_quarter) == 10.0
    assert llg_per_1000(2_000, {Quarter(2025, 1): 30, Quarter(2025, 2): 50}) == 20.0
    assert llg_per_1000(2_000, {}) is None
    assert llg_per_1000(None, by_quarter) is None


# --- Stored, with the reference data ----------------------------------------------------------


def stored():
    return similar.stored_members()


def test_every_current_municipality_has_one_group_of_ten_never_itself():
    current = set(LocalGovernment.objects.current().values_list("pk", flat=True))
    groups = BenchmarkGroup.objects.filter(kind=SIMILAR).prefetch_related("members")
    assert sorted(group.anchor_id for group in groups) == sorted(current)
    for group in groups:
        members = {member.pk for member in group.members.all()}
        assert len(members) == 10, group
        assert group.anchor_id not in members
        assert members <= current
        assert group.code == f"vergelijkbaar-{group.anchor_id}"
    gent = groups.get(anchor="44021")
    assert gent.name == "Vergelijkbaar met Gent"
    # Without figures the groups rest on population and centrumstad: Gent's are the ten
    # centrumsteden nearest in population; the smallest two (Turnhout, Roeselare) fall out.
    assert set(gent.members.values_list("name", flat=True)) == {
        "Aalst",
        "Antwerpen",
        "Brugge",
        "Genk",
        "Hasselt",
        "Kortrijk",
        "Leuven",
        "Mechelen",
        "Oostende",
        "Sint-Niklaas",
    }


def test_the_check_is_clean_after_loading_and_finds_a_stale_member(capsys):
    call_command("rebuild_figures", "--check")
    assert "0 verschillen" in capsys.readouterr().out
    group = BenchmarkGroup.objects.get(code="vergelijkbaar-44021")
    group.members.remove("41002")
    group.members.add("23106")
    found = [key for table_name, key, _, _ in figures.differences() if table_name != "GroupFigure"]
    assert found == [("44021",)]


def test_loading_the_reference_data_again_changes_no_group():
    before = stored()
    call_command("load_reference_data", verbosity=0)
    assert stored() == before


def test_loading_the_reference_data_puts_missing_groups_back():
    before = stored()
    BenchmarkGroup.objects.filter(kind=SIMILAR).delete()
    call_command("load_reference_data", verbosity=0)
    assert stored() == before
    assert figures.differences() == []


def _rows(quarter):
    """A row per current municipality: leefloongerechtigden per 1.000 inhabitants from 2 to 40,
    spread over the municipalities by their place in code order."""
    rows = []
    places = LocalGovernment.objects.current().order_by("nis_code")
    for n, place in enumerate(places):
        per_1000 = 2 + (n * 37) % 39
        total = max(place.population * per_1000 // 1000, 1)
        registered = total * 7 // 10
        rows.append(
            row(
                place.pk,
                place.name,
                quarter,
                total,
                registered,
                registered // 2,
                registered // 8,
                None,
            )
        )
    return rows


@pytest.fixture
def imported():
    """Figures for every current municipality in 2025-K1 and 2025-K2, from one import."""
    batch, _ = import_file(
        csv_bytes(_rows("2025-K1") + _rows("2025-K2")), "kwartalen.csv", result_status="voorlopig"
    )
    return batch


def test_an_import_changes_the_groups_in_its_transaction_and_undo_restores_them():
    before = stored()
    with transaction.atomic():
        batch, _ = import_file(
            csv_bytes(_rows("2025-K1")), "kwartaal.csv", result_status="voorlopig"
        )
        during = stored()
        assert figures.differences() == []
        transaction.set_rollback(True)
    # The import's rollback takes the groups with it: they were written in its transaction.
    assert stored() == before
    changed = [anchor for anchor in before if during[anchor] != before[anchor]]
    assert len(changed) > 100
    assert all(len(members) == 10 and anchor not in members for anchor, members in during.items())

    batch, _ = import_file(csv_bytes(_rows("2025-K1")), "kwartaal.csv", result_status="voorlopig")
    assert stored() == during
    undo_import(batch_id=batch.pk)
    assert stored() == before
    assert figures.differences() == []


def test_a_new_quarter_rebuilds_the_earlier_figures_of_the_groups_it_changes(imported):
    before = stored()
    # 2025-K3 doubles the leefloongerechtigden of the first 60 municipalities in code order.
    rows = _rows("2025-K3")
    for cells in rows[:60]:
        cells[3] *= 2
    import_file(csv_bytes(rows), "k3.csv", result_status="voorlopig")
    after = stored()
    changed = [anchor for anchor in before if after[anchor] != before[anchor]]
    assert changed
    # The group figures of 2025-K1, a quarter the import did not touch, follow the new members.
    group = BenchmarkGroup.objects.get(code=f"vergelijkbaar-{changed[0]}")
    figure = GroupFigure.objects.get(
        group=group, quarter=Quarter(2025, 1), indicator="inschrijvingsgraad"
    )
    assert figure.members_total == 10
    assert figures.differences() == []


def test_the_dashboard_compares_with_the_group_and_links_to_its_members(login, ocmw_gent, imported):
    client = login(ocmw_gent)
    html = client.get("/dashboards/44021/?kwartaal=2025-K2").content.decode()
    rows = table(html, "Inschrijvingsgraad: positie in 2025-K2")
    groups = [r["Groep"] for r in rows]
    assert "Vergelijkbaar met Gent" in groups
    assert groups.index("Vergelijkbaar met Gent") == groups.index("Buren van Gent") + 1
    assert "/dashboards/groepen/vergelijkbaar-44021/" in html

    page = client.get("/dashboards/groepen/vergelijkbaar-44021/?kwartaal=2025-K2")
    assert page.status_code == 200
    members = BenchmarkGroup.objects.get(code="vergelijkbaar-44021").members.all()
    text = page.content.decode()
    assert "Vergelijkbare gemeenten" in text
    assert all(member.name in text for member in members)
    # Another municipality's group is not Gent's comparison: outside an OCMW user's scope.
    assert client.get("/dashboards/groepen/vergelijkbaar-41002/").status_code == 404


def test_the_group_cannot_be_changed_by_hand_in_the_admin(login, beheerder):
    group = BenchmarkGroup.objects.get(code="vergelijkbaar-44021")
    client = login(beheerder)
    page = client.get(f"/admin/activation/benchmarkgroup/{group.pk}/change/")
    assert page.status_code == 200  # shown, read-only
    response = client.post(
        f"/admin/activation/benchmarkgroup/{group.pk}/change/",
        {"code": group.code, "name": "Anders", "kind": SIMILAR, "members": ["23106"]},
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.name == "Vergelijkbaar met Gent"


def test_the_explanation_says_how_the_group_is_built(login, ocmw_gent):
    client = login(ocmw_gent)
    text = client.get("/dashboards/uitleg/").content.decode()
    for words in (
        "Vergelijkbare gemeenten",
        "1 januari 2020",
        "logaritme",
        "Leefloongerechtigden per 1.000 inwoners",
        "laatste vier kwartalen",
        "Centrumstad",
        "z-score",
        "10 gemeenten met de kleinste afstand",
        "bij elke import",
    ):
        assert words in text, words
    assert "vergelijkbare gemeenten" in client.get("/over-de-cijfers/").content.decode()
