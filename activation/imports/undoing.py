"""Undoing a committed import: every value it changed gets its earlier value back, from the
import's revisions, and the rows it created are removed, in one transaction."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from activation import figures
from activation.imports import writing
from activation.imports.columns import STATUS
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, QuarterlyResult, ResultRevision
from activation.quarters import Quarter
from ocmw_portal import audit
from ocmw_portal.dutch import dutch_list, plural


class UndoRefused(Exception):
    """An import that cannot be undone; the message is Dutch and says what to do."""


@dataclass
class Undone:
    batch: ImportBatch
    restored: int  # rows given back the values they had before the import
    removed: int  # rows the import had created


def undo_import(*, batch_id: int, user: User | None = None) -> Undone:
    """Give every value a committed import changed its earlier value back, from the import's
    revisions, and remove the rows it created; in one transaction.

    Refused when a later import (not itself undone) changed one of the same cells: undoing would
    erase that import's values. A later import that changed other cells of the same rows is
    kept. The import stays in the history as undone, with its file: reading the file in again
    redoes it.
    """
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(of=("self",))
            .defer("upload")
            .select_related("undone_by")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None:
            raise UndoRefused(f"Er is geen import {batch_id}.")
        if batch.status == ImportBatch.Status.UNDONE:
            who = f" door {batch.undone_by.get_username()}" if batch.undone_by else ""
            raise UndoRefused(
                f"Import {batch.pk} is al ongedaan gemaakt op "
                f"{timezone.localtime(batch.undone_at):%d-%m-%Y %H:%M}{who}."
            )
        if batch.status != ImportBatch.Status.COMMITTED:
            raise UndoRefused(
                f"Import {batch.pk} heeft geen cijfers bewaard ({batch.get_status_display()}): "
                "er is niets ongedaan te maken."
            )
        plan = _undo_plan(batch)
        conflict = plan.conflict
        if conflict is not None:
            later, example, cells = conflict
            raise UndoRefused(
                f"Import {batch.pk} kan niet ongedaan gemaakt worden: de latere import "
                f"{later.pk} ({later.file_name}, {timezone.localtime(later.created_at):%d-%m-%Y}) "
                f"wijzigde {cells} van dezelfde cijfers, bijvoorbeeld {example}. Maak eerst "
                f"import {later.pk} ongedaan."
            )
        now = timezone.now()
        writing.overwrite(
            (
                (pk, *values, status, writer)
                for pk, (values, status, writer) in plan.restore.items()
            ),
            now=now,
        )
        for start in range(0, len(plan.remove), writing.WRITE_CHUNK):
            removed = plan.remove[start : start + writing.WRITE_CHUNK]
            QuarterlyResult.objects.filter(pk__in=removed).delete()
        figures.rebuild(quarters=plan.quarters)
        batch.status = ImportBatch.Status.UNDONE
        batch.undone_at = now
        batch.undone_by = user
        batch.save(update_fields=["status", "undone_at", "undone_by"])
        audit.record(
            audit.Action.UNDO_IMPORT,
            user=user,
            subject=batch.file_name,
            batch=batch.pk,
            restored=len(plan.restore),
            removed=len(plan.remove),
        )
    return Undone(batch, len(plan.restore), len(plan.remove))


@dataclass
class _UndoPlan:
    # {pk: (counts, status, import batch)}
    restore: dict[int, tuple[tuple[int | None, ...], str, int | None]] = field(default_factory=dict)
    remove: list[int] = field(default_factory=list)  # pks of rows the import created
    quarters: set[Quarter] = field(default_factory=set)  # of the rows restored or removed
    conflict: tuple[ImportBatch, str, str] | None = None  # (later import, example, cells)


def _undo_plan(batch: ImportBatch) -> _UndoPlan:
    """What undoing `batch` writes, read from the revisions of the rows it touched."""
    columns = ("pk", "quarter", *COUNT_FIELDS, "status", "import_batch_id")
    own = {
        result_id: (values, changed_fields, previous_batch_id)
        for result_id, values, changed_fields, previous_batch_id in ResultRevision.objects.filter(
            replaced_by=batch
        ).values_list("result_id", "values", "changed_fields", "previous_batch_id")
    }
    # The rows it changed, wrote last, or that a later import changed after it.
    touched = QuarterlyResult.objects.filter(
        Q(pk__in=ResultRevision.objects.filter(replaced_by=batch).values("result_id"))
        | Q(import_batch=batch)
        | Q(pk__in=ResultRevision.objects.filter(previous_batch=batch).values("result_id"))
    ).order_by()
    rows = {row[0]: row for row in touched.select_for_update().values_list(*columns)}
    # {result id: [(import, changed columns) of a later import]}
    later: defaultdict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    creator: dict[int, int | None] = {}  # {result id: the import that created the row}
    # {result id: the values as that import wrote them}
    first_values: dict[int, dict[str, Any]] = {}
    for result_id, values, changed_fields, previous_batch_id, replaced_by_id, status in (
        ResultRevision.objects.filter(result__in=touched.values("pk"))
        .exclude(replaced_by=batch)
        .order_by("pk")
        .values_list(
            "result_id",
            "values",
            "changed_fields",
            "previous_batch_id",
            "replaced_by_id",
            "replaced_by__status",
        )
    ):
        # Before its first revision a row was as the import that created it wrote it.
        if result_id not in creator:
            creator[result_id] = previous_batch_id
            first_values[result_id] = values
        if replaced_by_id > batch.pk and status == ImportBatch.Status.COMMITTED:
            later[result_id].append((replaced_by_id, changed_fields or [*COUNT_FIELDS, STATUS]))

    plan = _UndoPlan()
    conflicts: Counter[int] = Counter()  # {later import: cells it changed that this one did}
    examples: dict[int, tuple[int, str]] = {}  # {later import: (result id, a column)}
    for pk, row in rows.items():
        current = dict(zip(COUNT_FIELDS, row[2 : 2 + len(COUNT_FIELDS)], strict=True))
        current[STATUS] = row[-2]
        revisions = later.get(pk, [])
        if pk in own:
            before, changed_fields, previous_batch_id = own[pk]
            mine = changed_fields or [*COUNT_FIELDS, STATUS]
        elif creator.get(pk, row[-1]) == batch.pk:
            # Created by this import: its cells are those it filled in.
            after = first_values.get(pk, current)
            mine = [name for name in COUNT_FIELDS if after.get(name) is not None] + [STATUS]
            before = None
        else:
            continue  # written by an earlier import and untouched by this one
        for later_batch, changed in revisions:
            overlap = set(mine) & set(changed)
            if overlap:
                conflicts[later_batch] += len(overlap)
                examples.setdefault(later_batch, (pk, sorted(overlap)[0]))
        if conflicts:
            continue
        plan.quarters.add(row[1])
        if before is None and not revisions:
            plan.remove.append(pk)
            continue
        restored = dict(current)
        for name in mine:
            if before is not None:
                restored[name] = before.get(name)
            elif name != STATUS:
                restored[name] = None
        writer = row[-1] if revisions else own[pk][2]
        plan.restore[pk] = (
            tuple(restored[name] for name in COUNT_FIELDS),
            restored[STATUS],
            writer,
        )
    if conflicts:
        first = min(conflicts)
        later_import = ImportBatch.objects.defer("upload", "report").get(pk=first)
        pk, column = examples[first]
        result = QuarterlyResult.objects.select_related("local_government").get(pk=pk)
        example = f"{result.local_government.name} {result.quarter} {column}"
        plan.conflict = (later_import, example, plural(conflicts[first], "cel", "cellen"))
    return plan


def undone_message(undone: Undone) -> str:
    parts: list[str] = []
    if undone.restored:
        parts.append(f"{plural(undone.restored, 'rij', 'rijen')} teruggezet")
    if undone.removed:
        parts.append(f"{plural(undone.removed, 'aangemaakte rij', 'aangemaakte rijen')} verwijderd")
    done = dutch_list(parts) if parts else "er was niets terug te zetten"
    return (
        f"Import {undone.batch.pk} is ongedaan gemaakt: {done}. Lees het bestand opnieuw in om "
        "de import opnieuw uit te voeren."
    )
