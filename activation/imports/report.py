"""The report of an import: the JSON an ImportBatch keeps (`ImportBatch.report`), which the preview
and detail pages show, and its text as the `import_results` command prints it."""

from activation.imports.columns import STATUS
from activation.indicators import COUNT_FIELDS

# Problems and changed rows kept in an ImportBatch's report (the totals are always complete).
REPORT_LIMIT = 1000


def preview_report(analysis):
    """The JSON kept in ImportBatch.report and shown on the preview and detail pages."""
    totals = analysis.totals()
    changes = [
        {
            "line": change.row.line,
            "nis_code": change.row.code,
            "name": analysis.names.get(change.row.code, ""),
            "quarter": str(change.row.quarter),
            "values": [
                {"column": name, "old": change.old[1 + i], "new": change.values[i]}
                for i, name in enumerate(COUNT_FIELDS)
                if name in change.fields
            ]
            + (
                [{"column": STATUS, "old": change.old[-2], "new": analysis.result_status}]
                if STATUS in change.fields
                else []
            ),
        }
        for change in analysis.changed[:REPORT_LIMIT]
    ]
    kept = [
        {
            "line": row.line,
            "nis_code": row.code,
            "name": analysis.names.get(row.code, ""),
            "quarter": str(row.quarter),
            "column": column,
            "value": value,
        }
        for row, column, value in analysis.kept[:REPORT_LIMIT]
    ]
    return {
        "format": analysis.description,
        "rows": analysis.rows_total,
        "columns": [
            name for name, here in zip(COUNT_FIELDS, analysis.present, strict=False) if here
        ],
        "erase_empty": analysis.erase_empty,
        "new": len(analysis.new),
        "changed": len(analysis.changed),
        "unchanged": analysis.unchanged,
        "empty_rows": analysis.empty_rows,
        "values_changed": totals["values"],
        "values_kept": totals["kept"],
        "values_erased": totals["erased"],
        "status_changes": totals["status"],
        "quarters": [
            {
                "quarter": str(quarter),
                "new": counts["new"],
                "changed": counts["changed"],
                "unchanged": counts["unchanged"],
                "empty_rows": counts["empty"],
                "values_changed": counts["values"],
                "values_kept": counts["kept"],
                "values_erased": counts["erased"],
                "status_changes": counts["status"],
            }
            for quarter, counts in sorted(analysis.per_quarter.items())
        ],
        "errors": [p.as_dict() for p in analysis.errors[:REPORT_LIMIT]],
        "error_total": len(analysis.errors),
        "warnings": [p.as_dict() for p in analysis.warnings[:REPORT_LIMIT]],
        "warning_total": len(analysis.warnings),
        "changes": changes,
        "change_total": len(analysis.changed),
        "kept": kept,
        "kept_total": len(analysis.kept),
        "same_file": analysis.same_file,
    }


def describe_problem(problem):
    where = []
    if problem.get("line"):
        where.append(f"regel {problem['line']}")
    if problem.get("column"):
        where.append(f"kolom {problem['column']}")
    prefix = ", ".join(where)
    return (
        f"{prefix[:1].upper()}{prefix[1:]}: {problem['message']}" if prefix else problem["message"]
    )


def _shown(value):
    return "leeg" if value is None else str(value)


def report_lines(batch):
    """The report of an import as lines of text, as the command prints it."""
    report = batch.report or {}
    lines = [
        f"Bestand: {batch.file_name} ({report.get('format') or 'onleesbaar'})",
        f"Rijen: {report.get('rows', 0)}; nieuw {report.get('new', 0)}, gewijzigd "
        f"{report.get('changed', 0)}, ongewijzigd {report.get('unchanged', 0)}, zonder nieuwe "
        f"waarden {report.get('empty_rows', 0)}",
    ]
    if report.get("rows") and not report.get("error_total"):
        lines.append(
            f"Waarden: gewijzigd {report.get('values_changed', 0)}, behouden bij een lege cel "
            f"{report.get('values_kept', 0)}, gewist {report.get('values_erased', 0)}; "
            f"statuswijzigingen {report.get('status_changes', 0)}"
        )
    if same := report.get("same_file"):
        lines.append(same_file_notice(same, report))
    for key, total_key, title in (
        ("errors", "error_total", "Fouten"),
        ("warnings", "warning_total", "Waarschuwingen"),
    ):
        problems = report.get(key) or []
        total = report.get(total_key, len(problems))
        if total:
            lines.append(f"{title} ({total}):")
            lines.extend(f"  {describe_problem(problem)}" for problem in problems)
            if total > len(problems):
                lines.append(f"  … en nog {total - len(problems)}.")
    changes = report.get("changes") or []
    if changes:
        lines.append(f"Gewijzigde waarden ({report.get('change_total', len(changes))} rijen):")
        for change in changes:
            values = "; ".join(
                f"{value['column']} {_shown(value['old'])} → {_shown(value['new'])}"
                for value in change["values"]
            )
            lines.append(
                f"  {change['name']} ({change['nis_code']}) {change['quarter']}, regel "
                f"{change['line']}: {values}"
            )
        if report.get("change_total", 0) > len(changes):
            lines.append(f"  … en nog {report['change_total'] - len(changes)}.")
    kept = report.get("kept") or []
    if kept:
        lines.append(
            f"Lege cellen die de bewaarde waarde houden ({report.get('kept_total', len(kept))}; "
            "--wis-lege-cellen wist ze):"
        )
        lines.extend(
            f"  {cell['name']} ({cell['nis_code']}) {cell['quarter']}, regel {cell['line']}: "
            f"{cell['column']} {cell['value']}"
            for cell in kept
        )
        if report.get("kept_total", 0) > len(kept):
            lines.append(f"  … en nog {report['kept_total'] - len(kept)}.")
    if report.get("notice"):
        lines.append(report["notice"])
    return lines


def same_file_notice(same, report):
    """What the preview says about an earlier import of the very same file."""
    who = f" door {same['by']}" if same.get("by") else ""
    text = f"Dit bestand werd al ingelezen op {same['at']}{who} (import {same['batch']})"
    text += ", en die import is ongedaan gemaakt." if same.get("undone") else "."
    if not (report.get("new") or report.get("changed")):
        return text + " Bevestigen wijzigt niets."
    return text + " Sindsdien zijn cijfers gewijzigd: hieronder staat wat bevestigen wijzigt."
