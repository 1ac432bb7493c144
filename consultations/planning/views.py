"""Pages of taking part (/overleg/): planning a meeting, answering an invitation, deleting and
restoring, one's open actions, the e-mails one wants with the calendar feed, and search."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations.models import CalendarFeed, Meeting, NotificationKind, NotificationOptOut
from consultations.planning import calendar, search, selectors, services
from consultations.planning.forms import (
    DeleteMeetingForm,
    NotificationChoicesForm,
    PlanMeetingForm,
    ProposalForm,
    ReplyForm,
    SearchForm,
)
from consultations.views import chosen_body, error_summary, meeting_detail_response, record_form
from ocmw_portal import access, audit
from ocmw_portal.pages import paginate

PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 20


def plan_form(request, body, meeting=None):
    """The form of a planned meeting, new or changed; shared with meeting_edit."""
    today = datetime.date.today()
    form = PlanMeetingForm(
        request.POST if request.method == "POST" else None,
        instance=meeting or Meeting(body=body),
        body=body,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.plan_meeting(
                meeting=meeting,
                body=body,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                online=data["online"],
                online_link=data["online_link"],
                agenda=data["agenda"],
                invited=data["invited"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "De vergadering is gepland. De uitgenodigden krijgen een e-mail."
                if meeting is None
                else "De geplande vergadering is gewijzigd. De uitgenodigden krijgen een e-mail.",
            )
            return redirect(saved)
    return render(
        request,
        "consultations/meeting_plan.html",
        {
            "body": body,
            "meeting": meeting,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_plan(request):
    body, choice = chosen_body(request, planning=True)
    return choice or plan_form(request, body)


def _answering_for(request, pk):
    meeting = access.get_meeting(request.user, pk)
    answering_for = access.answering_for(request.user, meeting)
    if not answering_for:
        raise PermissionDenied(
            "Alleen OCMW-medewerkers van een uitgenodigd lokaal bestuur antwoorden op de "
            "uitnodiging van een geplande vergadering."
        )
    return meeting, answering_for


@require_POST
def meeting_reply(request, pk):
    meeting, answering_for = _answering_for(request, pk)
    form = ReplyForm(request.POST, answering_for=answering_for)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.reply(
                meeting=meeting,
                local_government=data["local_government"],
                name=data["name"],
                function=data["function"],
                answer=data["answer"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Bewaard: {saved.name} — {saved.get_answer_display()}.")
        return redirect(meeting)
    return meeting_detail_response(request, meeting.pk, reply_form=form, status=400)


@require_POST
def meeting_propose(request, pk):
    meeting, answering_for = _answering_for(request, pk)
    form = ProposalForm(request.POST, answering_for=answering_for)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.propose(
                meeting=meeting,
                local_government=data["local_government"],
                text=data["text"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Uw voorstel is bezorgd aan de organisator.")
        return redirect(meeting)
    return meeting_detail_response(request, meeting.pk, proposal_form=form, status=400)


@require_POST
def meeting_cancel(request, pk):
    meeting = access.get_editable_meeting(request.user, pk)
    try:
        services.cancel_meeting(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "De vergadering is geannuleerd. De uitgenodigden krijgen bericht."
        )
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    """A planned meeting still to come is changed as planned; once its day has come, the
    organiser records it (minutes, attendance, output) with the meeting form."""
    meeting = access.get_editable_meeting(request.user, pk)
    if meeting.is_cancelled:
        messages.error(request, "Deze vergadering is geannuleerd en wordt niet meer gewijzigd.")
        return redirect(meeting)
    if meeting.is_planned and meeting.date > datetime.date.today():
        return plan_form(request, meeting.body, meeting)
    return record_form(request, meeting.body, meeting)


@require_http_methods(["GET", "POST"])
def meeting_delete(request, pk):
    meeting = access.get_editable_meeting(request.user, pk)
    form = DeleteMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_meeting(
                meeting=meeting, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            audit.record(
                audit.Action.DELETE,
                request=request,
                obj=meeting,
                reden=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                f"De vergadering '{meeting}' is verwijderd. Een beheerder kan ze herstellen.",
            )
            return redirect("consultations:meetings")
    return render(
        request,
        "consultations/meeting_delete.html",
        {
            "meeting": meeting,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def deleted_meetings(request):
    queryset = (
        access.deleted_meetings(request.user)
        .select_related("body", "deleted_by")
        .order_by("-deleted_at", "-pk")
    )
    return render(
        request,
        "consultations/deleted_meetings.html",
        paginate(request, queryset, per_page=PAGE_SIZE),
    )


@require_POST
def meeting_restore(request, pk):
    meeting = access.get_deleted_meeting(request.user, pk)
    services.restore_meeting(meeting=meeting, user=request.user)
    audit.record(audit.Action.CHANGE, request=request, obj=meeting, hersteld=True)
    messages.success(request, f"De vergadering '{meeting}' is hersteld.")
    return redirect(meeting)


@require_GET
def my_actions(request):
    actions = selectors.open_actions(request.user)
    return render(
        request,
        "consultations/my_actions.html",
        {**paginate(request, actions, per_page=PAGE_SIZE), "today": datetime.date.today()},
    )


@require_http_methods(["GET", "POST"])
def notifications(request):
    """The e-mails a user wants, and their personal calendar feed."""
    off = set(NotificationOptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    form = NotificationChoicesForm(
        request.POST if request.POST.get("actie") == "meldingen" else None,
        initial={"kinds": [kind for kind in NotificationKind.values if kind not in off]},
    )
    new_feed_url = None
    if request.method == "POST":
        action = request.POST.get("actie")
        if action == "meldingen" and form.is_valid():
            services.set_notification_choices(user=request.user, wanted=form.cleaned_data["kinds"])
            messages.success(request, "Uw keuze van meldingen is bewaard.")
            return redirect("consultations:notifications")
        if action == "agenda":
            token = services.reset_calendar_token(user=request.user)
            audit.record(
                audit.Action.CHANGE, request=request, subject="Agenda-abonnement vernieuwd"
            )
            new_feed_url = request.build_absolute_uri(calendar.feed_path(token))
        elif action == "agenda_stoppen":
            services.stop_calendar_feed(user=request.user)
            messages.success(request, "Uw agenda-abonnement is stopgezet.")
            return redirect("consultations:notifications")
        elif action != "meldingen":
            raise Http404("Deze handeling bestaat niet.")
    return render(
        request,
        "consultations/notifications.html",
        {
            "form": form,
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "new_feed_url": new_feed_url,
            "has_email": bool(request.user.email),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_not_required
@require_GET
def calendar_feed(request, token):
    """A user's meetings as iCal, for calendar clients: the token in the address is the key."""
    user = access.calendar_owner(services.token_hash(token))
    response = HttpResponse(
        calendar.feed(user, base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "consultations/search.html", {"form": form}, status=400)
    words = form.cleaned_data["q"]
    if not words:
        return render(request, "consultations/search.html", {"form": form})
    results = search.search(request.user, words)
    return render(
        request,
        "consultations/search.html",
        {
            "form": form,
            "results": results,
            "words": words,
            **paginate(request, results, per_page=SEARCH_PAGE_SIZE),
        },
    )
