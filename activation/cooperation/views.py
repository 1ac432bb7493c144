"""Cooperation pages (/samenwerking/): agreements per local government and the ActiveringsPact."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from activation.cooperation import selectors, services
from activation.cooperation.filters import AgreementFilter
from activation.cooperation.forms import AgreementForm, PactProjectForm
from activation.models import (
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    CooperationAgreement,
)
from ocmw_portal import access
from ocmw_portal.pages import filter_and_paginate

PAGE_SIZE = 50


@require_GET
def overview(request):
    queryset = selectors.agreement_rows(request.user)
    own = access.own_local_governments(request.user)
    return render(
        request,
        "cooperation/overview.html",
        {
            **filter_and_paginate(request, AgreementFilter, queryset, per_page=PAGE_SIZE),
            "pact": selectors.pact_figures(request.user),
            "own_projects": (
                access.pact_projects(request.user)
                .filter(participations__local_government__in=own)
                .select_related("call", "reference_region")
                .prefetch_related("local_governments")
                .distinct()
                if access.is_ocmw(request.user)
                else None
            ),
            "may_edit": access.editable_local_governments(request.user).exists(),
        },
    )


@require_GET
def pact_call(request, round):
    call = get_object_or_404(ActivationPactCall, round=round)
    projects = (
        access.pact_projects(request.user)
        .filter(call=call)
        .select_related("reference_region")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=ActivationPactParticipation.objects.select_related(
                    "local_government"
                ).order_by("local_government__name"),
            )
        )
        .order_by("reference_region__name", "title")
    )
    return render(
        request,
        "cooperation/pact_call.html",
        {
            "call": call,
            "projects": projects,
            "may_edit": access.editable_local_governments(request.user).exists(),
        },
    )


def _editable_scope(request):
    scope = access.editable_local_governments(request.user)
    if not scope.exists():
        raise PermissionDenied("Alleen VDAB-medewerkers en beheerders wijzigen de samenwerking.")
    return scope


def _save_project(request, project):
    scope = _editable_scope(request)
    form = PactProjectForm(request.POST or None, instance=project, local_governments=scope)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_pact_project(
                project=form.instance, local_governments=form.cleaned_data["local_governments"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Het project is bewaard.")
            return redirect("cooperation:pact_call", round=saved.call.round)
    return render(
        request,
        "cooperation/pact_project_form.html",
        {"form": form, "project": project},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def pact_project_create(request):
    call = ActivationPactCall.objects.order_by("-round").first()
    return _save_project(request, ActivationPactProject(call=call))


@require_http_methods(["GET", "POST"])
def pact_project_edit(request, pk):
    project = access.get_editable_pact_project(request.user, pk)
    return _save_project(request, project)


def _save_agreement(request, agreement):
    scope = _editable_scope(request)
    form = AgreementForm(request.POST or None, instance=agreement, local_governments=scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_agreement(agreement=form.instance, goals=form.cleaned_data["goals"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "De samenwerkingsovereenkomst is bewaard.")
            return redirect("cooperation:overview")
    return render(
        request,
        "cooperation/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def agreement_create(request):
    return _save_agreement(
        request, CooperationAgreement(framework=CooperationAgreement.Framework.FRAMEWORK_2025)
    )


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = access.get_editable_agreement(request.user, pk)
    return _save_agreement(request, agreement)
