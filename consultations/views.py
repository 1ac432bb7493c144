"""Consultation pages (/overleg/): bodies with their cadence, meetings, outputs and the report."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from activation.models import LocalGovernment, Province
from consultations import exports, selectors, services
from consultations.filters import MeetingFilter, OutputFilter
from consultations.forms import (
    BodyChoiceForm,
    FollowUpForm,
    MeetingForm,
    OutputFormSet,
    ParticipantFormSet,
)
from consultations.models import Level, Meeting, Output, content_type_for
from consultations.planning.forms import ProposalForm, ReplyForm
from consultations.planning.selectors import owner_candidates, reply_counts, upcoming
from consultations.report import consultation_report
from consultations.report_period import ReportPeriodForm
from ocmw_portal import access, audit
from ocmw_portal.pages import filter_and_paginate, paginate

PAGE_SIZE = 50
UPCOMING_LISTED = 5


# Bodies -----------------------------------------------------------------------------------------


@require_GET
def body_list(request):
    level = request.GET.get("niveau", "")
    province = request.GET.get("provincie", "")
    level = level if level in Level.values else ""
    behind_only = request.GET.get("achter") == "1"
    bodies = selectors.visible_bodies(request.user, level=level, province=province)
    years = selectors.cadence_years()
    rows = all_rows = selectors.cadence(bodies, years)
    forums = [row for row in rows if row.body.level == Level.MICRO]
    # Hundreds of forums would bury the other levels: they are summed per province unless the
    # user asks for the micro level itself.
    summaries = None
    if level != Level.MICRO and len(forums) > selectors.FORUMS_LISTED_ONE_BY_ONE:
        rows = [row for row in rows if row.body.level != Level.MICRO]
        summaries = selectors.summarise_forums(forums, years)
    if behind_only:
        rows = [row for row in rows if row.behind]
        summaries = summaries and [s for s in summaries if s.behind]
    listing = paginate(request, rows, per_page=PAGE_SIZE)
    return render(
        request,
        "consultations/body_list.html",
        {
            **listing,
            "grouped": selectors.bodies_by_level(listing["page"].object_list, summaries),
            "years": years,
            "levels": Level.choices,
            "provinces": Province.objects.all(),
            "level": level,
            "province": province,
            "behind_only": behind_only,
            "behind_count": sum(1 for row in all_rows if row.behind),
            "total": len(all_rows),
            "may_record": access.editable_bodies(request.user).exists(),
            "upcoming": list(upcoming(request.user, datetime.date.today())[:UPCOMING_LISTED]),
        },
    )


@require_GET
def body_detail(request, pk):
    body = access.get_body(request.user, pk)
    years = selectors.cadence_years()
    (row,) = selectors.cadence([body], years)
    meetings = (
        access.meetings(request.user)
        .filter(body=body)
        .annotate(output_count=Count("outputs"))
        .prefetch_related("themes")
        .order_by("-date")
    )
    return render(
        request,
        "consultations/body_detail.html",
        {
            "body": body,
            "cadence": row,
            **paginate(request, meetings, per_page=PAGE_SIZE),
            "local_governments": body.local_governments.order_by("name"),
            "may_edit": access.may_edit_body(request.user, body),
        },
    )


# Meetings ---------------------------------------------------------------------------------------


def _meetings(request):
    queryset = (
        access.meetings(request.user)
        .select_related("body", "body__province")
        .prefetch_related("themes")
        .annotate(output_count=Count("outputs", distinct=True))
        .order_by("-date", "-pk")
    )
    return queryset, {"bodies": access.bodies(request.user).order_by("sort_order", "name")}


@require_GET
def meeting_list(request):
    queryset, filter_kwargs = _meetings(request)
    listing = filter_and_paginate(
        request, MeetingFilter, queryset, per_page=PAGE_SIZE, **filter_kwargs
    )
    return render(
        request,
        "consultations/meeting_list.html",
        {
            **listing,
            "may_record": access.editable_bodies(request.user).exists(),
            "export_query": request.GET.urlencode(),
        },
    )


def _list_export(request, fmt, *, list_view, filterset_class, queryset, subject, sheet, **kw):
    """The rows the list's filters select, as CSV or XLSX. Refused filters: the list itself,
    with its form's messages, as a 400."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Dit exportformaat bestaat niet: kies csv of xlsx.")
    filterset = filterset_class(request.GET or None, queryset=queryset, **kw)
    if filterset.is_bound and not filterset.is_valid():
        response = list_view(request)
        response.status_code = 400
        return response
    audit.record(
        audit.Action.EXPORT,
        request=request,
        subject=f"{subject} ({fmt})",
        format=fmt,
        filters=request.GET.urlencode(),
    )
    rows = filterset.qs if filterset.is_bound else queryset
    filename = f"{subject.lower().replace(' ', '_')}_{datetime.date.today().isoformat()}"
    return exports.list_download(fmt, filename, sheet(rows))


@require_GET
def meetings_export(request, fmt):
    queryset, filter_kwargs = _meetings(request)
    return _list_export(
        request,
        fmt,
        list_view=meeting_list,
        filterset_class=MeetingFilter,
        queryset=queryset,
        subject="Vergaderingen",
        sheet=exports.meetings_sheet,
        **filter_kwargs,
    )


def error_summary(form, *formsets):
    """[(anchor, label, message)] for every error, so the summary can link to each field."""
    errors = [(None, "Formulier", e) for e in form.non_field_errors()]
    for field in form:
        errors += [(f"veld-{field.html_name}", field.label, e) for e in field.errors]
    for formset in formsets:
        errors += [(None, formset.title, e) for e in formset.non_form_errors()]
        for number, sub in enumerate(formset.forms, start=1):
            errors += [(None, f"{formset.title}, rij {number}", e) for e in sub.non_field_errors()]
            for field in sub:
                errors += [
                    (f"veld-{field.html_name}", f"{formset.title}, rij {number}: {field.label}", e)
                    for e in field.errors
                ]
    return errors


def _meeting_forms(request, body, meeting=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    instance = meeting or Meeting(body=body)
    form = MeetingForm(data, files, instance=instance, body=body)
    participants = ParticipantFormSet(data, instance=instance, prefix="deelnemers")
    owners = owner_candidates(body)
    outputs = OutputFormSet(
        data, instance=instance, prefix="output", form_kwargs={"body": body, "owners": owners}
    )
    return form, participants, outputs


def _rows(formset):
    """The cleaned rows of an inline formset that are kept, and the saved ones marked for
    deletion; empty extra rows are neither."""
    kept, deleted = [], []
    for data in formset.cleaned_data:
        if data.get("DELETE"):
            if data.get("id") is not None:
                deleted.append(data["id"])
        elif data:
            kept.append(data)
    return kept, deleted


def record_form(request, body, meeting=None):
    """The form of a meeting that took place: new, changed, or planned and now recorded."""
    form, participants, outputs = _meeting_forms(request, body, meeting)
    if request.method == "POST":
        valid = [form.is_valid(), participants.is_valid(), outputs.is_valid()]
        if all(valid):
            data = form.cleaned_data
            kept_participants, _ = _rows(participants)
            kept_outputs, removed_outputs = _rows(outputs)
            saved = services.save_meeting(
                meeting=meeting,
                body=body,
                date=data["date"],
                place=data["place"],
                online=data["online"],
                minutes=data["minutes"],
                themes=data["themes"],
                new_themes=data["new_themes"],
                attendees=data["attendees"],
                participants={row["role"]: row["count"] for row in kept_participants},
                outputs=[
                    services.OutputData(
                        output=row.get("id"),
                        kind=row["kind"],
                        title=row["title"],
                        description=row["description"],
                        owner=row["owner"],
                        owner_user=row["owner_user"],
                        owner_local_government=row["owner_local_government"],
                        owner_contact=row["owner_contact"],
                        due_date=row["due_date"],
                        local_governments=row["local_governments"],
                    )
                    for row in kept_outputs
                ],
                removed_outputs=removed_outputs,
                attachments=data.get("attachments") or [],
                removed_attachments=data.get("remove_attachments") or [],
                restored_attachments=data.get("restore_attachments") or [],
                user=request.user,
            )
            messages.success(request, "De vergadering is bewaard.")
            return redirect(saved)
    return render(
        request,
        "consultations/meeting_form.html",
        {
            "body": body,
            "meeting": meeting,
            "form": form,
            "participants": participants,
            "outputs": outputs,
            "errors": error_summary(form, participants, outputs) if form.is_bound else [],
        },
        status=400 if request.method == "POST" else 200,
    )


def chosen_body(request, *, planning=False):
    """Step 1 of a new meeting, recorded or planned: (the body of ?orgaan=, None) once it is
    chosen, else (None, the page to choose it)."""
    editable = access.editable_bodies(request.user)
    if not editable.exists():
        verb = "plannen" if planning else "registreren"
        raise PermissionDenied(f"Alleen VDAB-medewerkers {verb} vergaderingen.")
    body_id = request.GET.get("orgaan")
    if not body_id:
        choice = BodyChoiceForm(
            bodies=editable.order_by("sort_order", "name"), today=datetime.date.today()
        )
        page = render(
            request,
            "consultations/meeting_body_choice.html",
            {"form": choice, "planning": planning},
        )
        return None, page
    # isdigit() alone also accepts digits such as '²' that int() refuses.
    if not (body_id.isascii() and body_id.isdigit()):
        raise Http404("Dit overlegorgaan bestaat niet.")
    return access.get_editable_body(request.user, int(body_id)), None


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    body, choice = chosen_body(request)
    return choice or record_form(request, body)


@require_GET
def meeting_detail(request, pk):
    return meeting_detail_response(request, pk)


def meeting_detail_response(request, pk, *, reply_form=None, proposal_form=None, status=200):
    """The meeting's page; a refused reply or proposal comes back on it with its errors."""
    meeting = access.get_meeting(request.user, pk)
    meeting = (
        Meeting.objects.select_related("body", "body__province", "created_by", "updated_by")
        .prefetch_related(
            "themes",
            "participants",
            "attachments",
            Prefetch("attendees", to_attr="attending"),
            Prefetch("invited", queryset=LocalGovernment.objects.order_by("name")),
            Prefetch(
                "outputs",
                queryset=Output.objects.select_related("owner_user", "owner_local_government")
                .prefetch_related("local_governments")
                .order_by("pk"),
                to_attr="output_list",
            ),
            "revisions__changed_by",
        )
        .get(pk=meeting.pk)
    )
    may_edit = access.may_edit_body(request.user, meeting.body)
    answering_for = access.answering_for(request.user, meeting)
    own = {lg.pk for lg in answering_for}
    replies = list(meeting.replies.select_related("local_government"))
    proposals = list(meeting.proposals.select_related("local_government", "author"))
    if not may_edit:
        # An OCMW sees the names its own colleagues gave, and its own proposals.
        replies = [r for r in replies if r.local_government_id in own]
        proposals = [p for p in proposals if p.local_government_id in own]
    if answering_for:
        reply_form = reply_form or ReplyForm(answering_for=answering_for)
        proposal_form = proposal_form or ProposalForm(answering_for=answering_for)
    return render(
        request,
        "consultations/meeting_detail.html",
        {
            "meeting": meeting,
            "may_edit": may_edit,
            "today": datetime.date.today(),
            "replies": replies,
            "reply_counts": reply_counts(meeting),
            "proposals": proposals,
            "reply_form": reply_form,
            "proposal_form": proposal_form,
        },
        status=status,
    )


@require_GET
def attachment_download(request, pk):
    attachment = access.get_attachment(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("Dit bestand is niet meer beschikbaar.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type_for(attachment.original_name),
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Outputs ----------------------------------------------------------------------------------------


def _outputs(request):
    return (
        access.outputs(request.user)
        .select_related(
            "meeting",
            "meeting__body",
            "meeting__body__province",
            "owner_user",
            "owner_local_government",
        )
        .order_by("-meeting__date", "pk")
    )


@require_GET
def output_list(request):
    return render(
        request,
        "consultations/output_list.html",
        {
            **filter_and_paginate(request, OutputFilter, _outputs(request), per_page=PAGE_SIZE),
            "today": datetime.date.today(),
            "export_query": request.GET.urlencode(),
        },
    )


@require_GET
def outputs_export(request, fmt):
    today = datetime.date.today()
    return _list_export(
        request,
        fmt,
        list_view=output_list,
        filterset_class=OutputFilter,
        queryset=_outputs(request),
        subject="Output",
        sheet=lambda rows: exports.outputs_sheet(rows, today),
    )


@require_http_methods(["GET", "POST"])
def output_detail(request, pk):
    output = access.get_output(request.user, pk)
    may_edit = access.may_edit_output(request.user, output)
    form = None
    if may_edit:
        form = FollowUpForm(request.POST or None, output=output)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("U mag deze output bekijken, maar de opvolging niet wijzigen.")
        if form.is_valid():
            try:
                services.change_output_status(
                    output=output,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    date=form.cleaned_data["date"],
                    author=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                audit.record(
                    audit.Action.CHANGE,
                    request=request,
                    subject=f"Output: {output}",
                    obj=output,
                    status=output.status,
                )
                messages.success(
                    request, f"De opvolgingsstatus is nu '{output.get_status_display()}'."
                )
                return redirect(output)
    follow_ups = output.follow_ups.select_related("author").order_by("date", "pk")
    return render(
        request,
        "consultations/output_detail.html",
        {
            "output": output,
            "follow_ups": follow_ups,
            "concerned": output.local_governments.order_by("name"),
            "form": form,
            "today": datetime.date.today(),
        },
        status=400 if request.method == "POST" else 200,
    )


# Report -----------------------------------------------------------------------------------------


@require_GET
def report(request):
    period = ReportPeriodForm.from_request(request)
    if not period.is_valid():
        return render(request, "consultations/report.html", {"period": period}, status=400)
    first, last = period.cleaned_data["van"], period.cleaned_data["tot"]
    data = consultation_report(request.user, first, last)
    return render(
        request,
        "consultations/report.html",
        {
            "period": period,
            "report": data,
            "query": period.query(),
            "shortcuts": period.shortcuts(),
        },
    )


@require_GET
def report_export(request, fmt):
    if fmt not in ("csv", "xlsx", "docx"):
        raise Http404("Dit exportformaat bestaat niet: kies csv, xlsx of docx.")
    period = ReportPeriodForm.from_request(request)
    if not period.is_valid():
        return render(request, "consultations/report.html", {"period": period}, status=400)
    first, last = period.cleaned_data["van"], period.cleaned_data["tot"]
    data = consultation_report(request.user, first, last, list_outputs=True)
    audit.record(
        audit.Action.EXPORT,
        request=request,
        subject=f"Overlegrapport {first:%d-%m-%Y} – {last:%d-%m-%Y} ({fmt})",
        format=fmt,
        van=first.isoformat(),
        tot=last.isoformat(),
    )
    filename = f"overlegmomenten_{first.isoformat()}_{last.isoformat()}"
    if fmt == "csv":
        return exports.report_csv(data, filename + ".csv")
    if fmt == "xlsx":
        return exports.report_xlsx(data, filename + ".xlsx")
    return exports.report_docx(data, filename + ".docx", user=request.user)
