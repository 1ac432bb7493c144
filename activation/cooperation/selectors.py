"""Reads across relations: the agreements and ActiveringsPact figures in the user's scope, for
/samenwerking/ and the period report.

Every function takes the user and reads through ocmw_portal.access.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Count, QuerySet

from activation.models import (
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    CooperationAgreement,
)
from ocmw_portal import access


def agreement_rows(user: access.PortalUser) -> QuerySet[CooperationAgreement]:
    return (
        access.agreements(user)
        .select_related("local_government", "local_government__province", "forum")
        .order_by("local_government__name", "-valid_from")
    )


class AgreementFigures(TypedDict):
    per_framework: dict[str, dict[str, int]]  # {framework: {status: agreements}}, as labels
    running_on_day: int


def agreement_figures(user: access.PortalUser, day: datetime.date) -> AgreementFigures:
    """Agreements in the user's scope per framework and status, and how many run on `day`."""
    counts = (
        access.agreements(user)
        .order_by()
        .values_list("framework", "status")
        .annotate(n=Count("pk"))
    )
    running = (
        access.agreements(user)
        .filter(valid_from__lte=day, valid_until__gte=day)
        .exclude(status=CooperationAgreement.Status.IN_PREPARATION)
        .count()
    )
    per_framework = {
        label: {status_label: 0 for _, status_label in CooperationAgreement.Status.choices}
        for _, label in CooperationAgreement.Framework.choices
    }
    framework_labels = dict(CooperationAgreement.Framework.choices)
    status_labels = dict(CooperationAgreement.Status.choices)
    for framework, status, n in counts:
        per_framework[framework_labels[framework]][status_labels[status]] = n
    return {"per_framework": per_framework, "running_on_day": running}


@dataclass
class PactCallFigures:
    call: ActivationPactCall
    projects: int
    local_governments: int
    by_status: dict[str, int]  # {status label: projects}
    # All of Flanders: totals only, nothing about a particular municipality.
    projects_total: int = 0
    local_governments_total: int = 0


def pact_figures(user: access.PortalUser) -> list[PactCallFigures]:
    """Per call: projects and participating local governments in the user's scope, beside the
    totals of all Flanders. Five queries, whatever the number of calls."""
    calls = list(ActivationPactCall.objects.order_by("round"))
    labels = dict(ActivationPactProject.Status.choices)
    by_status: defaultdict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        access.pact_projects(user).order_by().values_list("call", "status").annotate(n=Count("pk"))
    )
    for call_id, status, n in rows:
        by_status[call_id][status] = n
    participants = Counter(
        dict(
            ActivationPactParticipation.objects.filter(
                local_government__in=access.local_governments(user)
            )
            .order_by()
            .values_list("call")
            .annotate(n=Count("pk"))
        )
    )
    # All of Flanders, per call: projects and participations.
    projects_total = Counter(
        dict(ActivationPactProject.objects.order_by().values_list("call").annotate(n=Count("pk")))
    )
    participations_total = Counter(
        dict(
            ActivationPactParticipation.objects.order_by()
            .values_list("call")
            .annotate(n=Count("pk"))
        )
    )
    return [
        PactCallFigures(
            call=call,
            projects=sum(by_status[call.pk].values()),
            local_governments=participants[call.pk],
            by_status={labels[s]: n for s, n in sorted(by_status[call.pk].items())},
            projects_total=projects_total[call.pk],
            local_governments_total=participations_total[call.pk],
        )
        for call in calls
    ]
