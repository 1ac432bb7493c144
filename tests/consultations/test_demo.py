"""The demo's consultation and cooperation data: plausible, complete and the same for a seed."""

import datetime
from collections import Counter

import pytest

from activation.models import (
    LLG_GOAL,
    ActivationPactParticipation,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
)
from consultations.demo import create_demo_consultations
from consultations.models import ConsultationBody, FollowUp, Meeting, Output

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 30)


def fingerprint():
    return (
        sorted(Meeting.objects.values_list("body__code", "date", "place", "online")),
        sorted(Output.objects.values_list("meeting__date", "kind", "title", "status")),
        sorted(
            ActivationPactParticipation.objects.values_list("project__title", "local_government_id")
        ),
    )


@pytest.fixture
def demo(nm_oost, nm_vlaanderen):
    return create_demo_consultations(2025, today=TODAY)


def test_the_demo_is_plausible_and_complete(demo):
    """One demo run (it takes a while) checked from every side."""
    pact_has_115_local_governments_in_92_projects_each_in_one_referentieregio(demo)
    every_local_government_has_agreements_with_the_llg_goal_and_a_forum()
    bodies_meet_about_their_target_and_some_fall_behind()
    outputs_are_the_kind_the_answer_names()


def pact_has_115_local_governments_in_92_projects_each_in_one_referentieregio(demo):
    assert (demo.pact_local_governments, demo.pact_projects) == (115, 92)
    participations = ActivationPactParticipation.objects.select_related("project")
    assert participations.count() == 115
    assert ActivationPactProject.objects.count() == 92
    region_of = dict(
        BenchmarkGroup.members.through.objects.filter(
            benchmarkgroup__kind="referentieregio"
        ).values_list("localgovernment_id", "benchmarkgroup_id")
    )
    for p in participations:
        assert region_of[p.local_government_id] == p.project.reference_region_id


def every_local_government_has_agreements_with_the_llg_goal_and_a_forum():
    current = LocalGovernment.objects.current().count()
    counts = Counter(CooperationAgreement.objects.values_list("framework", flat=True))
    assert counts == {"2020-2025": current, "2025-2030": current}
    assert all(LLG_GOAL in a.operational_goals for a in CooperationAgreement.objects.all())
    assert ConsultationBody.objects.filter(level="micro").count() == 2 * current


def bodies_meet_about_their_target_and_some_fall_behind():
    held = Counter(Meeting.objects.filter(date__year=2023).values_list("body__code", flat=True))
    for body in ConsultationBody.objects.exclude(target_per_year=None).exclude(level="micro"):
        assert abs(held[body.code] - body.target_per_year) <= 1, body.name
    forums = ConsultationBody.objects.filter(
        level="micro", agreement__framework="2020-2025"
    ).values_list("code", flat=True)
    behind = [code for code in forums if held[code] < 4]
    assert 0 < len(behind) < len(forums) / 3
    # After today, only planned meetings, to which their body's area is invited.
    assert not Meeting.objects.held().filter(date__gt=TODAY).exists()
    planned = Meeting.objects.filter(date__gt=TODAY)
    assert {m.status for m in planned} == {"gepland"}
    gent = planned.get(body__agreement__local_government="44021")
    assert set(gent.invited.values_list("pk", flat=True)) == {"44021"}


def outputs_are_the_kind_the_answer_names():
    titles = set(Output.objects.values_list("title", flat=True))
    assert "Opleiding Arvastat voor OCMW-medewerkers" in titles
    assert "Infosessie werkplekinstrumenten (IBO, stage, werkplekleren)" in titles
    statuses = Counter(Output.objects.filter(kind="signaal").values_list("status", flat=True))
    assert statuses["doorgegeven"] > 0 and statuses["werkingskader"] > 0
    assert FollowUp.objects.count() == Output.objects.exclude(status="open").count()
    assert not FollowUp.objects.filter(reason="").exists()


def test_the_same_seed_gives_the_same_demo(demo):
    first = fingerprint()
    Output.objects.all().delete()
    Meeting.objects.all().delete()
    ActivationPactParticipation.objects.all().delete()
    ActivationPactProject.objects.all().delete()
    ConsultationBody.objects.filter(level="micro").delete()
    CooperationAgreement.objects.all().delete()
    create_demo_consultations(2025, today=TODAY)
    assert fingerprint() == first
