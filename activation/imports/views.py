"""The quarterly import at /import/: upload, preview, confirm, history and templates (beheerder)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from activation.imports import columns, services, undoing
from activation.imports.forms import ConfirmImportForm, ImportUploadForm
from activation.imports.report import same_file_notice
from activation.indicators import COUNT_FIELDS, COUNT_LABELS, COUNT_RULES
from activation.models import ImportBatch, LocalGovernment
from activation.quarters import Quarter
from ocmw_portal import access
from ocmw_portal.exports import Sheet, csv_response, xlsx_response
from ocmw_portal.pages import paginate

HISTORY_PAGE_SIZE = 50


def _history():
    return ImportBatch.objects.defer("upload", "report").select_related("uploaded_by")


@access.role_required()
def upload(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
    else:
        form = ImportUploadForm()
    if form.is_bound and form.is_valid():
        batch = services.preview_upload(
            form.data_bytes,
            form.cleaned_data["file"].name,
            result_status=form.cleaned_data["status"],
            user=request.user,
        )
        return redirect("imports:detail", pk=batch.pk)
    return render(
        request,
        "imports/upload.html",
        {"form": form, "batches": _history()[:10]},
    )


@access.role_required()
def history(request):
    listing = paginate(request, _history(), per_page=HISTORY_PAGE_SIZE)
    return render(
        request, "imports/history.html", {**listing, "batches": listing["page"].object_list}
    )


@access.role_required()
def detail(request, pk):
    batch = get_object_or_404(
        ImportBatch.objects.defer("upload").select_related("uploaded_by", "undone_by"), pk=pk
    )
    report = batch.report or {}
    same_file = report.get("same_file")
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "report": report,
            "is_preview": batch.status == ImportBatch.Status.PREVIEW,
            "confirm_form": ConfirmImportForm(),
            # An undone import whose file was kept can be read in again.
            "has_file": batch.status == ImportBatch.Status.UNDONE
            and ImportBatch.objects.filter(pk=pk).exclude(upload=None).exists(),
            "same_file_notice": same_file_notice(same_file, report)
            if same_file and batch.status == ImportBatch.Status.PREVIEW
            else "",
            "errors_left_out": report.get("error_total", 0) - len(report.get("errors", [])),
            "warnings_left_out": report.get("warning_total", 0) - len(report.get("warnings", [])),
            "changes_left_out": report.get("change_total", 0) - len(report.get("changes", [])),
            "kept_left_out": report.get("kept_total", 0) - len(report.get("kept", [])),
        },
    )


@access.role_required()
@require_POST
def confirm(request, pk):
    get_object_or_404(ImportBatch.objects.only("pk"), pk=pk)
    form = ConfirmImportForm(request.POST)
    erase_empty = form.is_valid() and form.cleaned_data["erase_empty"]
    outcome = services.confirm_preview(pk, request.user, erase_empty=erase_empty)
    # A committed import needs no message of its own: its page says what was written.
    if outcome == services.Confirmation.STALE:
        messages.error(request, services.STALE_MESSAGE)
    elif outcome == services.Confirmation.ALREADY_DONE:
        messages.warning(request, services.ALREADY_MESSAGE)
    return redirect("imports:detail", pk=pk)


@access.role_required()
@require_POST
def undo(request, pk):
    get_object_or_404(ImportBatch.objects.only("pk"), pk=pk)
    try:
        undone = undoing.undo_import(batch_id=pk, user=request.user)
    except undoing.UndoRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, undoing.undone_message(undone))
    return redirect("imports:detail", pk=pk)


@access.role_required()
@require_POST
def reimport(request, pk):
    """Read the file of an earlier import in again, as a new preview."""
    batch = get_object_or_404(
        ImportBatch.objects.exclude(upload=None).filter(
            status__in=[ImportBatch.Status.COMMITTED, ImportBatch.Status.UNDONE]
        ),
        pk=pk,
    )
    preview = services.preview_upload(
        bytes(batch.upload),
        batch.file_name,
        result_status=batch.result_status,
        user=request.user,
    )
    return redirect("imports:detail", pk=preview.pk)


@access.role_required()
@require_POST
def cancel(request, pk):
    get_object_or_404(ImportBatch.objects.only("pk"), pk=pk)
    if services.cancel_preview(pk, request.user):
        messages.info(request, "Het voorbeeld is geannuleerd: er is niets bewaard.")
    else:
        messages.warning(request, services.ALREADY_MESSAGE)
    return redirect("imports:detail", pk=pk)


def _template_sheet():
    quarter = str(Quarter.last_complete())
    rows = [
        [code, name, quarter] + [None] * len(COUNT_FIELDS)
        for code, name in LocalGovernment.objects.current()
        .order_by("nis_code")
        .values_list("nis_code", "name")
    ]
    return Sheet("Kwartaalresultaten", columns.COLUMNS, rows)


def _explanation_sheet():
    larger = dict(COUNT_RULES)
    rows = [
        [
            columns.NIS,
            "NIS-code (REFNIS) van het lokaal bestuur, in de grenzen van het kwartaal. "
            "Ook als nis of refnis.",
            "verplicht",
        ],
        [columns.NAME, "Naam van het lokaal bestuur, ter controle.", "niet verplicht"],
        [columns.QUARTER, "Kwartaal, bv. 2025-K2 (ook 2025K2, 2025-Q2, 2025Q2).", "verplicht"],
    ] + [
        [
            name,
            COUNT_LABELS[name],
            "geheel getal ≥ 0; leeg = geen nieuwe waarde (de bewaarde waarde blijft)"
            + (f"; niet groter dan {larger[name]}" if name in larger else ""),
        ]
        for name in COUNT_FIELDS
    ]
    return Sheet("Toelichting", ["kolom", "betekenis", "regel"], rows)


@access.role_required()
def template_csv(request):
    return csv_response("sjabloon-kwartaalresultaten.csv", _template_sheet())


@access.role_required()
def template_xlsx(request):
    return xlsx_response(
        "sjabloon-kwartaalresultaten.xlsx", [_template_sheet(), _explanation_sheet()]
    )
