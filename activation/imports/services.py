"""The import's services: preview an upload, confirm or cancel a preview, and import a file at
once (the `import_results` command). Every run is an ImportBatch, made in one place (`_record`).
"""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from activation.imports import writing
from activation.imports.analysis import Analysis, analyse
from activation.imports.report import preview_report
from activation.models import ImportBatch
from ocmw_portal import audit

STALE_MESSAGE = (
    "Sinds dit voorbeeld zijn de cijfers in de databank gewijzigd, bijvoorbeeld door een andere "
    "import. Er is niets bewaard. Laad het bestand opnieuw op om de actuele verschillen te zien."
)
ALREADY_MESSAGE = "Deze import is al bevestigd of geannuleerd; er is niets opnieuw bewaard."
REFUSED_MESSAGE = (
    "Het bestand is geweigerd: er is niets bewaard. Verbeter de fouten en lees het opnieuw in."
)


# The runs that keep their file: a preview until it is confirmed, and a committed import, so that
# an undone import can be read in again.
_KEEPS_FILE = (ImportBatch.Status.PREVIEW, ImportBatch.Status.COMMITTED)


def _record(analysis: Analysis, data: bytes, status: str, user: User | None) -> ImportBatch:
    """The ImportBatch of one run of a file, saved."""
    batch = ImportBatch(
        uploaded_by=user,
        file_name=analysis.file_name,
        sha256=analysis.sha256,
        result_status=analysis.result_status,
        preview_digest=analysis.digest,
        upload=data if status in _KEEPS_FILE else None,
    )
    _fill(batch, analysis, status)
    batch.save()
    return batch


def _fill(batch: ImportBatch, analysis: Analysis, status: str) -> None:
    batch.status = status
    batch.erase_empty = analysis.erase_empty
    batch.rows_total = analysis.rows_total
    batch.rows_new = len(analysis.new)
    batch.rows_changed = len(analysis.changed)
    batch.rows_unchanged = analysis.unchanged
    batch.error_count = len(analysis.errors)
    batch.warning_count = len(analysis.warnings)
    batch.report = preview_report(analysis)


def import_file(
    data: bytes,
    file_name: str,
    *,
    result_status: str,
    user: User | None = None,
    dry_run: bool = False,
    erase_empty: bool = False,
    progress: writing.Progress | None = None,
) -> tuple[ImportBatch, Analysis]:
    """Validate and, when the file has no errors and this is no dry run, write it at once.

    Returns (ImportBatch, Analysis). Every run is recorded as an ImportBatch: refused,
    dry run (proef) or committed (verwerkt); only a committed run writes results, and keeps its
    file, so that an undone import can be read in again.
    """
    with transaction.atomic():
        analysis = analyse(
            data,
            file_name,
            result_status,
            erase_empty=erase_empty,
            lock=not dry_run,
            progress=progress,
        )
        if not analysis.is_valid:
            status = ImportBatch.Status.REFUSED
        elif dry_run:
            status = ImportBatch.Status.DRY_RUN
        else:
            status = ImportBatch.Status.COMMITTED
        batch = _record(analysis, data, status, user)
        if status == ImportBatch.Status.COMMITTED:
            writing.write(analysis, batch, user, progress)
        _audit(batch, user)
    return batch, analysis


def preview_upload(
    data: bytes, file_name: str, *, result_status: str, user: User | None
) -> ImportBatch:
    """Validate an uploaded file and keep it, with what it would change, until it is confirmed."""
    analysis = analyse(data, file_name, result_status)
    status = ImportBatch.Status.PREVIEW if analysis.is_valid else ImportBatch.Status.REFUSED
    return _record(analysis, data, status, user)


def _audit(batch: ImportBatch, user: User | None) -> None:
    audit.record(
        audit.Action.IMPORT,
        user=user,
        subject=batch.file_name,
        batch=batch.pk,
        status=batch.status,
        new=batch.rows_new,
        changed=batch.rows_changed,
        errors=batch.error_count,
    )


class Confirmation:
    COMMITTED = "verwerkt"
    ALREADY_DONE = "al-verwerkt"
    STALE = "verouderd"


class _Stale(Exception):
    pass


def confirm_preview(batch_id: int, user: User | None, *, erase_empty: bool = False) -> str:
    """Write a previewed file, once, and only if the database still looks as in the preview.

    The batch is claimed with a conditional UPDATE (voorbeeld → verwerkt), so a second
    confirmation finds nothing to claim. The file is validated and compared again inside the
    same transaction; when the result differs from the preview, nothing is written and the
    preview is refused. With `erase_empty`, the empty cells that the preview listed under "Te
    wissen waarden" erase the stored value.
    """
    try:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch_id, status=ImportBatch.Status.PREVIEW
            ).update(status=ImportBatch.Status.COMMITTED)
            if not claimed:
                return Confirmation.ALREADY_DONE
            batch = ImportBatch.objects.get(pk=batch_id)
            if batch.upload is None:  # a preview keeps its file (_KEEPS_FILE)
                raise _Stale
            analysis = analyse(
                bytes(batch.upload),
                batch.file_name,
                batch.result_status,
                erase_empty=erase_empty,
                lock=True,
            )
            if not analysis.is_valid or analysis.digest != batch.preview_digest:
                raise _Stale
            _fill(batch, analysis, ImportBatch.Status.COMMITTED)
            batch.report["confirmed_by"] = user.get_username() if user else ""
            batch.save()
            writing.write(analysis, batch, user)
            _audit(batch, user)
            return Confirmation.COMMITTED
    except (_Stale, IntegrityError):
        _close_preview(batch_id, STALE_MESSAGE)
        return Confirmation.STALE


def cancel_preview(batch_id: int, user: User) -> bool:
    """Refuse a preview that its administrator does not want to write; False if already closed."""
    return _close_preview(batch_id, f"Geannuleerd door {user.get_username()}: er is niets bewaard.")


def _close_preview(batch_id: int, notice: str) -> bool:
    report = ImportBatch.objects.filter(pk=batch_id).values_list("report", flat=True).first() or {}
    return bool(
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.REFUSED, upload=None, report={**report, "notice": notice}
        )
    )
