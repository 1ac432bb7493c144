"""Dutch (nl-BE) number formats for the dashboards: 12,3 %, +1,2 pp, 1.234.

Pages, charts and exports round the same way, so an export holds the numbers a page shows.
"""

from django.conf import settings

MISSING = "—"


def suppressed_label():
    """The label of a suppressed rate, "n<10" with the configured minimum denominator."""
    return f"n<{settings.PORTAL_MIN_DENOMINATOR}"


def percent_value(fraction, digits=1):
    """A fraction as a rounded percentage number (0.1234 → 12.3), as charts and exports hold it."""
    return None if fraction is None else round(fraction * 100, digits)


def _decimal(number, digits):
    if -1000 < number < 1000:
        return f"{number:.{digits}f}".replace(".", ",")
    text = f"{number:,.{digits}f}"
    # Python's thousands comma and decimal point become the Belgian dot and comma.
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def decimal(number, digits=1):
    """12.3 → "12,3"; "—" when unknown."""
    return MISSING if number is None else _decimal(number, digits)


def percent(fraction, digits=1):
    """0.1234 → "12,3 %" (with a no-break space); "—" when unknown."""
    if fraction is None:
        return MISSING
    return f"{_decimal(fraction * 100, digits)}\u00a0%"


def rate_text(rate, digits=1):
    """A dashboards.benchmarks.Rate as shown: "12,3 %", "n<10" or "—"."""
    if rate.suppressed:
        return suppressed_label()
    return percent(rate.value, digits)


def points(difference, digits=1):
    """A difference of two rates in percentage points: "+1,2", "−0,4", "0,0"; "—" when unknown."""
    if difference is None:
        return MISSING
    value = round(difference * 100, digits)
    if value == 0:
        return _decimal(0, digits)
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{_decimal(abs(value), digits)}"


def count(number):
    """1234 → "1.234"; "—" when unknown."""
    if number is None:
        return MISSING
    return f"{number:,}".replace(",", ".")
