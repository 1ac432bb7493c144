"""What a valid import writes: its new results, a revision of every result it changes, the new
values, and the stored figures of the quarters it touches (`activation.figures`), with the
multi-row statements of `activation.bulk`. Runs inside the caller's transaction."""

import datetime
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol, TypeAlias

from django.contrib.auth.models import User
from django.utils import timezone

from activation import bulk, figures
from activation.imports.analysis import Analysis
from activation.imports.columns import STATUS
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, QuarterlyResult, ResultRevision

WRITE_CHUNK = 2000


class ProgressBar(Protocol):
    def update(self, n: int) -> object: ...


# A progress bar of `total` rows with a description, such as the import_results command's tqdm.
Progress: TypeAlias = Callable[[int, str], AbstractContextManager[ProgressBar]]


def write(
    analysis: Analysis, batch: ImportBatch, user: User | None, progress: Progress | None = None
) -> None:
    """Write the new and changed rows of a valid `analysis` as import `batch` of `user`."""
    now = timezone.now()
    status = analysis.result_status
    user_id = user.pk if user is not None else None
    total = len(analysis.new) + len(analysis.changed)
    with progress(total, "Opslaan") if progress and total else nullcontext() as bar:
        for start in range(0, len(analysis.new), WRITE_CHUNK):
            chunk = analysis.new[start : start + WRITE_CHUNK]
            bulk.insert_rows(
                QuarterlyResult,
                _NEW_RESULT,
                [
                    (change.row.code, change.row.quarter, *change.values, status, batch.pk, now)
                    for change in chunk
                ],
            )
            if bar is not None:
                bar.update(len(chunk))
        for start in range(0, len(analysis.changed), WRITE_CHUNK):
            chunk = analysis.changed[start : start + WRITE_CHUNK]
            bulk.insert_rows(
                ResultRevision,
                _REVISION,
                [
                    (
                        change.old[0],
                        {
                            **dict(zip(COUNT_FIELDS, change.old[1:-2], strict=True)),
                            STATUS: change.old[-2],
                        },
                        change.fields,
                        change.old[-1],
                        batch.pk,
                        user_id,
                        now,
                    )
                    for change in chunk
                ],
            )
            overwrite(
                ((change.old[0], *change.values, status, batch.pk) for change in chunk), now=now
            )
            if bar is not None:
                bar.update(len(chunk))
    # The stored figures of the quarters written, in the same transaction (activation.figures).
    figures.rebuild(quarters={change.row.quarter for change in analysis.new + analysis.changed})


# The fields write() gives a new result and a revision, in the order of its tuples.
_NEW_RESULT = [
    "local_government",
    "quarter",
    *COUNT_FIELDS,
    "status",
    "import_batch",
    "updated_at",
]
_REVISION = [
    "result",
    "values",
    "changed_fields",
    "previous_batch",
    "replaced_by",
    "changed_by",
    "changed_at",
]
_OVERWRITTEN = [*COUNT_FIELDS, "status", "import_batch", "updated_at"]


def overwrite(rows: Iterable[tuple[object, ...]], *, now: datetime.datetime) -> None:
    """Write new values into stored results: `rows` are (pk, *counts, status, import batch)."""
    bulk.update_rows(
        QuarterlyResult,
        _OVERWRITTEN,
        [(*row, now) for row in rows],
        integers={*COUNT_FIELDS, "import_batch"},
    )
