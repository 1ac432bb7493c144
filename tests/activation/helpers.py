from activation.indicators import COUNT_FIELDS
from activation.models import QuarterlyResult, ResultRevision


def stored_results():
    """Every stored result with its values, status, import and time of change."""
    return sorted(
        QuarterlyResult.objects.values_list(
            "local_government_id",
            "quarter",
            *COUNT_FIELDS,
            "status",
            "import_batch_id",
            "updated_at",
        )
    )


def database_state():
    return stored_results(), ResultRevision.objects.count()
