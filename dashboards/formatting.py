"""Dutch (nl-BE) number formats for the dashboards: 12,3 %, +1,2 pp, 1.234.

Rates arrive as the stored figures hold them (activation.figures): percentages already rounded
to one decimal, or None. Pages, charts and exports show those numbers, so an export holds the
numbers a page shows and a change is the difference of the two rates as shown.
"""

from django.conf import settings

from activation.models import GroupFigure
from ocmw_portal.dutch import plural

MISSING = "—"
FEW_MEMBERS = "te weinig gemeenten"


def suppressed_label():
    """The label of a withheld rate, "n<10" with the configured minimum denominator."""
    return f"n<{max(settings.PORTAL_MIN_DENOMINATOR, 1)}"


def _decimal(number, digits):
    if -1000 < number < 1000:
        return f"{number:.{digits}f}".replace(".", ",")
    text = f"{number:,.{digits}f}"
    # Python's thousands comma and decimal point become the Belgian dot and comma.
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def decimal(number, digits=1):
    """12.3 → "12,3"; "—" when unknown."""
    return MISSING if number is None else _decimal(number, digits)


def percent(value, digits=1):
    """12.3 (a percentage) → "12,3 %" (with a no-break space); "—" when unknown."""
    if value is None:
        return MISSING
    return f"{_decimal(value, digits)}\u00a0%"


def per_mille(value, digits=1):
    """12.3 (per 1,000) → "12,3 ‰" (with a no-break space); "—" when unknown."""
    if value is None:
        return MISSING
    return f"{_decimal(value, digits)}\u00a0‰"


def shown(value, indicator):
    """A stored value of `indicator` in its unit: "12,3 %" or, per 1,000, "12,3 ‰"."""
    return per_mille(value) if indicator.unit == "‰" else percent(value)


def rate_text(rate):
    """A municipality's rate (dashboards.report_parts.Rate) as shown: "12,3 %", "n<10" or "—"."""
    if rate.small:
        return suppressed_label()
    return percent(rate.value)


def group_value(figure):
    """A group's pooled rate as shown: "12,3 %", "n<10", "te weinig gemeenten" or "—"."""
    if figure is None:
        return MISSING
    if figure.withheld == GroupFigure.Withheld.FEW_MEMBERS:
        return FEW_MEMBERS
    if figure.withheld == GroupFigure.Withheld.SMALL_DENOMINATOR:
        return suppressed_label()
    return percent(figure.rate)


def coverage(figure):
    """ "12 van 13 gemeenten": the members reporting against the members in total."""
    if figure is None:
        return MISSING
    total = plural(figure.members_total, "gemeente", "gemeenten")
    return f"{figure.members_reporting} van {total}"


def change(current, earlier):
    """The difference of two rates as shown, in percentage points (rounded), or None."""
    if current is None or earlier is None:
        return None
    return round(current - earlier, 1)


def points(difference, digits=1):
    """A difference in percentage points: "+1,2", "−0,4", "0,0"; "—" when unknown."""
    if difference is None:
        return MISSING
    value = round(difference, digits)
    if value == 0:
        return _decimal(0, digits)
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{_decimal(abs(value), digits)}"


def count(number):
    """1234 → "1.234"; "—" when unknown."""
    if number is None:
        return MISSING
    return f"{number:,}".replace(",", ".")
