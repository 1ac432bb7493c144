"""`make bench` section: the quarterly import of 285 municipalities × 40 quarters.

The file holds the 40 quarters up to the last complete one, each in the borders of that quarter
(the codes of before the 2019 and 2025 mergers where they applied): 308, 300 or 285 rows per
quarter. Reported: rows per second for validate + commit (which rebuilds the stored figures of
the quarters it writes, in the same transaction), the ratio to a plain bulk_create of the same rows
into the same table in the same run, a re-import of the unchanged file, a file with only the late
column llg_duurzaam_werk for the same rows, the undo of both imports, and a full
`rebuild_figures` of the 40 quarters.
"""

import csv
import io
import time

from django.db import transaction

from activation import figures
from activation.imports.columns import COLUMNS
from activation.imports.services import import_file
from activation.imports.undoing import undo_import
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, LocalGovernment, QuarterlyResult
from activation.quarters import Quarter

QUARTERS = 40
REPEAT = 3


def _rows():
    last = Quarter.last_complete()
    quarters = Quarter.from_index(last.index - QUARTERS + 1).until(last)
    places = list(LocalGovernment.objects.order_by("nis_code"))
    rows = []
    for q in quarters:
        for n, place in enumerate(places):
            if place.exists_on(q.first_day):
                total = 20 + (n * 37 + q.index) % 900
                registered = total * 7 // 10
                outflow = registered // 12
                rows.append(
                    [place.nis_code, place.name, str(q), total, registered, registered // 2,
                     outflow, outflow // 2]
                )  # fmt: skip
    return quarters, rows


def _csv(rows, header=COLUMNS):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _best(work, before=None):
    """The fastest of REPEAT runs, each rolled back so that every run starts from the same table;
    `before` runs first in the same transaction, untimed."""
    times = []
    for _ in range(REPEAT):
        with transaction.atomic():
            prepared = before() if before else None
            start = time.perf_counter()
            work(prepared) if before else work()
            times.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return min(times)


def run():
    quarters, rows = _rows()
    data = _csv(rows)
    assert not QuarterlyResult.objects.exists(), "the bench needs an empty results table"

    def plain_bulk_create():
        QuarterlyResult.objects.bulk_create(
            QuarterlyResult(
                local_government_id=r[0],
                quarter=Quarter.parse(r[2]),
                **dict(zip(COUNT_FIELDS, r[3:], strict=True)),
                status="definitief",
            )
            for r in rows
        )

    def first_import():
        batch, analysis = import_file(data, "bench.csv", result_status="definitief")
        assert batch.status == "verwerkt" and batch.rows_new == len(rows), analysis.errors[:3]

    baseline = _best(plain_bulk_create)
    first = _best(first_import)
    first_import()  # kept: the re-imports below compare against it
    reimport_times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        batch, _ = import_file(data, "bench.csv", result_status="definitief")
        reimport_times.append(time.perf_counter() - start)
        assert batch.rows_unchanged == len(rows) and batch.rows_new == batch.rows_changed == 0
    reimport = min(reimport_times)
    rebuild_times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        current, groups = figures.rebuild()
        rebuild_times.append(time.perf_counter() - start)
    rebuild = min(rebuild_times)

    late = _csv(
        [[r[0], r[2], r[7] + 1] for r in rows], header=["nis_code", "kwartaal", "llg_duurzaam_werk"]
    )

    def late_import():
        batch, analysis = import_file(late, "duurzaam.csv", result_status="definitief")
        assert batch.rows_changed == len(rows), analysis.errors[:3]
        return batch

    def undo(batch):
        undone = undo_import(batch_id=batch.pk)
        assert undone.restored + undone.removed == len(rows)

    one_column = _best(late_import)
    undo_late = _best(undo, before=late_import)
    first_batch = ImportBatch.objects.filter(file_name="bench.csv").earliest("pk")
    undo_first = _best(undo, before=lambda: first_batch)

    per_quarter = sorted({sum(1 for r in rows if r[2] == str(q)) for q in quarters}, reverse=True)
    print(
        f"file: {len(rows)} rows, {len(quarters)} quarters {quarters[0]} – {quarters[-1]} "
        f"({'/'.join(map(str, per_quarter))} local governments per quarter), "
        f"CSV {len(data) // 1024} kB; best of {REPEAT}"
    )
    print(f"plain bulk_create:          {baseline:6.3f} s  {len(rows) / baseline:9,.0f} rows/s")
    print(
        f"import + rebuild (new):     {first:6.3f} s  {len(rows) / first:9,.0f} rows/s  "
        f"ratio to bulk_create {first / baseline:.2f} (aim ≤ 2)"
    )
    print(
        f"re-import, unchanged file:  {reimport:6.3f} s  {len(rows) / reimport:9,.0f} rows/s  "
        f"{reimport / first:.2f} × the first import (aim ≤ 1)"
    )
    print(
        f"one column (duurzaam werk): {one_column:6.3f} s  {len(rows) / one_column:9,.0f} rows/s  "
        f"ratio to bulk_create {one_column / baseline:.2f} (aim ≤ 2)"
    )
    print(
        f"undo of that import:        {undo_late:6.3f} s  {len(rows) / undo_late:9,.0f} rows/s  "
        f"{undo_late / one_column:.2f} × the import (aim ≤ 1)"
    )
    print(
        f"undo of the first import:   {undo_first:6.3f} s  {len(rows) / undo_first:9,.0f} rows/s  "
        f"{undo_first / first:.2f} × the import (aim ≤ 1)"
    )
    print(
        f"rebuild_figures, everything: {rebuild:5.3f} s  {current} results in current borders, "
        f"{groups} group figures (aim < 5 s for {len(quarters)} quarters)"
    )
