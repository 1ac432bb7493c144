"""The period of the report, read from ?van=...&tot=... with Dutch messages for bad dates."""

import datetime

from django import forms
from django.http import QueryDict

from ocmw_portal.forms import DateInput

DATE_HELP = "Schrijf een datum als 2024-01-31 of 31/01/2024."
INVALID = "'%(value)s' is geen geldige datum. " + DATE_HELP


def twelve_months_before(day):
    """The first day of the twelve months that end on `day`: 03-12-2025 for 02-12-2026."""
    try:
        year_earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        year_earlier = day.replace(year=day.year - 1, day=28)
    return year_earlier + datetime.timedelta(days=1)


class DateField(forms.DateField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(INVALID, params={"value": value}) from None


class ReportPeriodForm(forms.Form):
    van = DateField(label="Van", required=False, widget=DateInput())
    tot = DateField(label="Tot en met", required=False, widget=DateInput())

    @classmethod
    def from_request(cls, request, today=None):
        today = today or datetime.date.today()
        data = request.GET
        if not data.get("van") and not data.get("tot"):
            # Without a period: the last twelve months up to today, so that a meeting recorded
            # today is in the report.
            data = QueryDict(mutable=True)
            data["van"] = twelve_months_before(today).isoformat()
            data["tot"] = today.isoformat()
        form = cls(data)
        form.today = today
        return form

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("van"), cleaned.get("tot")
        if self.errors:
            return cleaned
        if first is None:
            first = cleaned["van"] = datetime.date(last.year, 1, 1)
        if last is None:
            last = cleaned["tot"] = datetime.date(first.year, 12, 31)
        if first > last:
            self.add_error("tot", "De einddatum ligt vóór de begindatum: draai ze om.")
        elif first.year < 2000 or last.year > 2100:
            self.add_error("van", "Kies een periode tussen 2000 en 2100.")
        return cleaned

    def query(self):
        first, last = self.cleaned_data["van"], self.cleaned_data["tot"]
        return f"van={first.isoformat()}&tot={last.isoformat()}"

    def shortcuts(self):
        """Quick periods: the last twelve months, this year so far, last year, and everything
        since 2023."""
        today = self.today
        return [
            ("Laatste 12 maanden", f"van={twelve_months_before(today)}&tot={today.isoformat()}"),
            ("Dit jaar", f"van={today.year}-01-01&tot={today.isoformat()}"),
            ("Vorig jaar", f"van={today.year - 1}-01-01&tot={today.year - 1}-12-31"),
            ("Sinds 2023", f"van=2023-01-01&tot={today.isoformat()}"),
        ]
