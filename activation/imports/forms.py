"""The forms of the import pages: the upload, and the confirmation of a preview."""

from pathlib import Path

from django import forms

from activation.imports.reading import MAX_UPLOAD_BYTES
from activation.models import ResultStatus

ACCEPTED_SUFFIXES = (".csv", ".xlsx")
ERASE_LABEL = "Lege cellen wissen de bewaarde waarde"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand met kwartaalresultaten",
        help_text=(
            "Een CSV-bestand (UTF-8 of Windows-1252, gescheiden door ; of ,) of een "
            "Excel-werkmap (.xlsx), met nis_code, kwartaal en de kolommen met aantallen die u "
            "hebt, zoals in het sjabloon. Hoogstens 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    status = forms.ChoiceField(
        label="Status van de cijfers",
        choices=ResultStatus.choices,
        initial=ResultStatus.PROVISIONAL,
        help_text=(
            "Voorlopig voor cijfers die nog kunnen wijzigen; definitief wanneer de bron ze "
            "heeft vastgelegd. Geldt voor alle rijen van het bestand."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                "Kies een CSV-bestand (.csv) of een Excel-werkmap (.xlsx); andere "
                "bestandstypes kunnen niet ingelezen worden."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "Het bestand is groter dan 5 MB. Splits het op, bijvoorbeeld per jaar, en laad "
                "de delen na elkaar op."
            )
        self.data_bytes = upload.read()
        return upload


class ConfirmImportForm(forms.Form):
    erase_empty = forms.BooleanField(
        label=ERASE_LABEL,
        required=False,
        help_text=(
            "Zonder vinkje betekent een lege cel 'geen nieuwe waarde' en blijft de bewaarde "
            "waarde staan."
        ),
    )
