"""The columns of the import file and of its templates (DESIGN.md sections 5 and 8, contract)."""

from activation.indicators import COUNT_FIELDS

NIS = "nis_code"
NAME = "gemeente"
QUARTER = "kwartaal"
# Not a column of the file: the status the whole file gives its results, kept per row.
STATUS = "status"
# The columns of the import file and of the templates, in order.
COLUMNS = [NIS, NAME, QUARTER, *COUNT_FIELDS]
REQUIRED_COLUMNS = [NIS, QUARTER]
ALIASES = {"nis": NIS, "refnis": NIS, "niscode": NIS}
