"""Writes: cooperation agreements with their goals, and ActiveringsPact projects with their
participants."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from activation.cooperation.signals import agreement_saved
from activation.models import (
    LLG_GOAL,
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
)

# Cooperation agreements -------------------------------------------------------------------------


def normalise_goals(goals: Iterable[str]) -> list[str]:
    """The operational goals without blanks or duplicates, the LLG goal always first."""
    cleaned: list[str] = []
    for goal in goals:
        goal = " ".join(goal.split())
        if goal and goal.casefold() not in {g.casefold() for g in cleaned}:
            cleaned.append(goal)
    rest = [g for g in cleaned if g.casefold() != LLG_GOAL.casefold()]
    return [LLG_GOAL, *rest]


@transaction.atomic
def save_agreement(
    *, agreement: CooperationAgreement, goals: Iterable[str]
) -> CooperationAgreement:
    """Save an agreement (new or changed) with its goals; its forum is made sure of in the same
    transaction by consultations, which hears agreement_saved. ValidationError when the
    agreement breaks a rule of its model."""
    agreement.operational_goals = normalise_goals(goals)
    agreement.full_clean()
    agreement.save()
    agreement_saved.send(sender=type(agreement), agreement=agreement)
    return agreement


# Lokaal ActiveringsPact ------------------------------------------------------------------------


def reference_region_of(local_governments: Iterable[LocalGovernment]) -> BenchmarkGroup:
    """The one referentieregio of all `local_governments`; ValidationError when they span more."""
    codes = [lg.pk for lg in local_governments]
    if not codes:
        raise ValidationError("Kies minstens één lokaal bestuur voor het project.")
    regions: defaultdict[BenchmarkGroup, list[str]] = defaultdict(list)
    memberships = BenchmarkGroup.members.through.objects.filter(
        benchmarkgroup__kind=BenchmarkGroup.Kind.REFERENCE_REGION, localgovernment_id__in=codes
    ).select_related("benchmarkgroup", "localgovernment")
    for membership in memberships:
        regions[membership.benchmarkgroup].append(membership.localgovernment.name)
    if len(regions) == 1:
        return next(iter(regions))
    if not regions:
        raise ValidationError("Deze lokale besturen behoren tot geen referentieregio.")
    parts = "; ".join(
        f"{group.name}: {', '.join(sorted(names))}"
        for group, names in sorted(regions.items(), key=lambda item: item[0].name)
    )
    raise ValidationError(
        "Alle lokale besturen van een project moeten in dezelfde referentieregio liggen. "
        f"Deze keuze ligt in {len(regions)} referentieregio's ({parts}): maak een apart "
        "project per referentieregio."
    )


def check_one_project_per_call(
    call: ActivationPactCall,
    local_governments: Iterable[LocalGovernment],
    project: ActivationPactProject | None = None,
) -> None:
    """A local government takes part in at most one project per call."""
    taken = ActivationPactParticipation.objects.filter(
        call=call, local_government__in=local_governments
    ).select_related("local_government", "project")
    if project is not None and project.pk:
        taken = taken.exclude(project=project)
    problems = [
        f"{p.local_government.name} neemt in deze oproep al deel aan het project "
        f"'{p.project.title}'."
        for p in taken
    ]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_pact_project(
    *, project: ActivationPactProject, local_governments: Sequence[LocalGovernment]
) -> ActivationPactProject:
    """Save a pact project and its participants; they must all lie in one referentieregio and
    take part in no other project of the call. ValidationError, at the form's
    `local_governments`, when they do not."""
    local_governments = list(local_governments)
    try:
        project.reference_region = reference_region_of(local_governments)
        check_one_project_per_call(project.call, local_governments, project)
    except ValidationError as error:
        raise ValidationError({"local_governments": error.error_list}) from None
    project.full_clean()
    project.save()
    wanted = {lg.pk for lg in local_governments}
    project.participations.exclude(local_government__in=wanted).delete()
    present = set(project.participations.values_list("local_government_id", flat=True))
    # One by one rather than in bulk: the audit trail records each new participant.
    for code in sorted(wanted - present):
        ActivationPactParticipation.objects.create(
            project=project, local_government_id=code, call=project.call
        )
    return project
