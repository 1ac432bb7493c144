"""What an import file would do to the database (DESIGN.md section 8); writes nothing.

The file is read (`reading`), every row checked (`rules`, `borders`) and compared with the stored
results: what is new, what changes, what an empty cell keeps or erases, and the count rules on the
values as they will be after the import. Lookups are loaded once per file, never per row.
"""

import hashlib
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.utils import timezone

from activation.imports import rules
from activation.imports.borders import Places, check_rows_together
from activation.imports.columns import COLUMNS, STATUS
from activation.imports.reading import UnreadableFile, read_table
from activation.imports.rules import Problem, Row
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, QuarterlyResult


@dataclass(slots=True)
class Change:
    """What the import does to one row of the database."""

    row: Row
    old: tuple | None  # (pk, *counts, status, import batch) as stored; None for a new row
    values: tuple  # the counts after the import
    fields: list  # the columns, and "status", whose stored value changes
    erased: list  # of those, the columns whose stored value an empty cell erases


@dataclass
class Analysis:
    """What a file would do to the database: every problem, and every row and value it changes.

    An empty cell, or a count column the file does not have, keeps the stored value; with
    `erase_empty` an empty cell erases it.
    """

    file_name: str
    sha256: str
    result_status: str
    erase_empty: bool = False
    description: str = ""
    rows_total: int = 0
    present: tuple = ()  # per count column: is it in the file's header
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    new: list = field(default_factory=list)  # [Change]
    changed: list = field(default_factory=list)  # [Change]
    unchanged: int = 0
    empty_rows: int = 0  # rows that bring no value at all: nothing happens to them
    kept: list = field(default_factory=list)  # [(Row, column, stored value)] of empty cells
    per_quarter: dict = field(default_factory=dict)  # {Quarter: Counter(new=, changed=, ...)}
    names: dict = field(default_factory=dict)  # {NIS code: name}
    same_file: dict | None = None  # an earlier committed import of the same file
    digest: str = ""

    @property
    def is_valid(self):
        return not self.errors

    def totals(self):
        total = Counter()
        for counts in self.per_quarter.values():
            total.update(counts)
        return total


def analyse(
    data, file_name, result_status, *, erase_empty=False, lock=False, progress=None, today=None
):
    """Read and validate a file and compare it with the database; writes nothing.

    The rules of DESIGN.md section 5 are checked on the values as they will be after the import:
    the file's values, and the stored values where the file keeps them. With `lock`, the stored
    results the file touches are locked until the surrounding transaction ends (PostgreSQL), so
    that what is compared is what gets written.
    """
    analysis = Analysis(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        result_status=result_status,
        erase_empty=erase_empty,
    )
    try:
        table = read_table(data, file_name)
    except UnreadableFile as error:
        analysis.errors.append(Problem(None, "", str(error)))
        return analysis
    analysis.description = table.description
    if not table.rows:
        analysis.errors.append(Problem(None, "", "Het bestand is leeg: er staat geen kopregel in."))
        return analysis
    (header_line, header), body = table.rows[0], table.rows[1:]
    analysis.rows_total = len(body)
    positions, analysis.present = rules.read_header(
        header_line, header, analysis.errors, analysis.warnings
    )
    if analysis.errors:
        return analysis
    if not body:
        analysis.errors.append(
            Problem(header_line, "", "Het bestand bevat geen rijen met cijfers onder de kopregel.")
        )
        return analysis
    places = Places()
    analysis.names = {code: place.name for code, place in places.by_code.items()}
    with progress(len(body), "Controle") if progress else nullcontext() as bar:
        rows = rules.validate_rows(
            analysis.errors, analysis.warnings, places, positions, body, bar, today
        )
    rows = check_rows_together(analysis.errors, places, rows)
    _compare(analysis, rows, lock)
    analysis.errors.sort(key=_problem_order)
    analysis.warnings.sort(key=_problem_order)
    if analysis.errors:
        analysis.new, analysis.changed, analysis.kept, analysis.per_quarter = [], [], [], {}
        analysis.unchanged = analysis.empty_rows = 0
        return analysis
    analysis.same_file = _same_file(analysis.sha256)
    return analysis


def _same_file(sha256):
    """The last committed (or undone) import of a file with this SHA-256, for the preview."""
    earlier = (
        ImportBatch.objects.filter(
            sha256=sha256, status__in=[ImportBatch.Status.COMMITTED, ImportBatch.Status.UNDONE]
        )
        .select_related("uploaded_by")
        .only("id", "created_at", "status", "uploaded_by__username")
        .order_by("-pk")
        .first()
    )
    if earlier is None:
        return None
    return {
        "batch": earlier.pk,
        "at": timezone.localtime(earlier.created_at).strftime("%d-%m-%Y %H:%M"),
        "by": earlier.uploaded_by.get_username() if earlier.uploaded_by else "",
        "undone": earlier.status == ImportBatch.Status.UNDONE,
    }


def _problem_order(problem):
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else len(COLUMNS)
    return (problem.line or 0, column)


def _compare(analysis, rows, lock):
    """Combine each row with what is stored: the values after the import, the rules checked on
    them, and what changes, stays and is erased."""
    columns = ("pk", *COUNT_FIELDS, "status", "import_batch_id")
    quarters = sorted({row.quarter for row in rows})
    stored = QuarterlyResult.objects.filter(quarter__in=quarters).order_by()
    if lock:
        stored = stored.select_for_update()
    existing = {}
    for code, quarter, *values in stored.values_list("local_government_id", "quarter", *columns):
        existing[(code, quarter.index)] = tuple(values)

    status = analysis.result_status
    present, erase = analysis.present, analysis.erase_empty
    unknown = (None,) * len(COUNT_FIELDS)
    lines_with_errors = {problem.line for problem in analysis.errors}
    per_quarter = defaultdict(Counter)
    fingerprint = []
    broken = []  # (row, old, values) whose values after the import break a rule
    for row in sorted(rows, key=lambda r: (r.quarter.index, r.code)):
        old = existing.get((row.code, row.quarter.index))
        fingerprint.append((row.code, row.quarter.index, row.values, old and old[1:-1]))
        counts = per_quarter[row.quarter]
        before = old[1 : 1 + len(COUNT_FIELDS)] if old else unknown
        values, fields, erased = [], [], []
        for i, name in enumerate(COUNT_FIELDS):
            value, stored_value = row.values[i], before[i]
            if value is None and not (erase and present[i]):
                values.append(stored_value)
                if present[i] and stored_value is not None:
                    analysis.kept.append((row, name, stored_value))
                    counts["kept"] += 1
                continue
            values.append(value)
            if value != stored_value:
                fields.append(name)
                if value is None:
                    erased.append(name)
        values = tuple(values)
        if row.line not in lines_with_errors and rules.breaks_a_rule(row, values):
            broken.append((row, old, values))
            continue
        if all(value is None for value in row.values) and not erased:
            analysis.empty_rows += 1
            counts["empty"] += 1
            continue
        if old is not None and old[-2] != status:
            fields.append(STATUS)
        change = Change(row, old, values, fields, erased)
        if old is None:
            analysis.new.append(change)
            counts["new"] += 1
        elif fields:
            analysis.changed.append(change)
            counts["changed"] += 1
            counts["values"] += len(fields) - len(erased) - (STATUS in fields)
            counts["erased"] += len(erased)
            counts["status"] += STATUS in fields
        else:
            analysis.unchanged += 1
            counts["unchanged"] += 1
    rules.report_broken_rules(analysis.errors, broken)
    analysis.changed.sort(key=lambda change: change.row.line)
    analysis.kept.sort(key=lambda kept: kept[0].line)
    analysis.per_quarter = dict(per_quarter)
    # What the preview showed: a confirmation only writes when this is still the same.
    analysis.digest = hashlib.sha256(repr((status, present, fingerprint)).encode()).hexdigest()
