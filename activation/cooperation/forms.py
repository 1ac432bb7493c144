"""Forms of /samenwerking/: an agreement and an ActiveringsPact project.

They validate with the rules of activation.cooperation.services, which writes.
"""

from django import forms
from django.core.exceptions import ValidationError

from activation.cooperation import services
from activation.models import (
    LLG_GOAL,
    ActivationPactCall,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
)
from ocmw_portal.forms import DateInput, grouped_choices


class AgreementForm(forms.ModelForm):
    goals = forms.CharField(
        label="Operationele doelen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Eén doel per regel. '{LLG_GOAL}' staat in elke overeenkomst en wordt altijd "
        "bewaard.",
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "local_government",
            "framework",
            "status",
            "signed_on",
            "valid_from",
            "valid_until",
        ]
        widgets = {"signed_on": DateInput(), "valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, local_governments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_government"].queryset = local_governments
        if self.instance.pk:
            self.fields["local_government"].disabled = True
            self.fields["goals"].initial = "\n".join(self.instance.operational_goals)
        else:
            self.fields["goals"].initial = LLG_GOAL

    def clean_goals(self):
        return services.normalise_goals(self.cleaned_data["goals"].splitlines())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and start > end:
            self.add_error("valid_until", "De einddatum ligt vóór de begindatum.")
        status = cleaned.get("status")
        signed = cleaned.get("signed_on")
        if status and status != CooperationAgreement.Status.IN_PREPARATION and not signed:
            self.add_error(
                "signed_on",
                "Vul de datum van ondertekening in, of zet de status op 'In voorbereiding'.",
            )
        return cleaned

    def _post_clean(self):
        # The goals are set by the service; validate the rest of the model as usual.
        self.instance.operational_goals = self.cleaned_data.get("goals") or [LLG_GOAL]
        super()._post_clean()


class PactProjectForm(forms.ModelForm):
    local_governments = forms.ModelMultipleChoiceField(
        label="Lokale besturen",
        queryset=LocalGovernment.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="Alle lokale besturen van één project liggen in dezelfde referentieregio. "
        "Houd Ctrl (of Cmd) ingedrukt om er meerdere te kiezen.",
        error_messages={"required": "Kies minstens één lokaal bestuur voor het project."},
    )

    class Meta:
        model = ActivationPactProject
        fields = ["call", "title", "target_reached", "target_outflow", "status"]

    def __init__(self, *args, local_governments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = ActivationPactCall.objects.order_by("round")
        field = self.fields["local_governments"]
        field.queryset = local_governments
        regions = {
            m.localgovernment_id: m.benchmarkgroup.name
            for m in BenchmarkGroup.members.through.objects.filter(
                benchmarkgroup__kind=BenchmarkGroup.Kind.REFERENCE_REGION
            ).select_related("benchmarkgroup")
        }
        field.widget.choices = grouped_choices(
            local_governments.order_by("name"), lambda lg: regions.get(lg.pk, "Andere")
        )
        if self.instance.pk:
            field.initial = list(self.instance.local_governments.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("local_governments")
        call = cleaned.get("call")
        if chosen:
            try:
                cleaned["reference_region"] = services.reference_region_of(chosen)
                if call:
                    services.check_one_project_per_call(call, chosen, self.instance)
            except ValidationError as error:
                self.add_error("local_governments", error)
        reached, outflow = cleaned.get("target_reached"), cleaned.get("target_outflow")
        if reached is not None and outflow is not None and outflow > reached:
            self.add_error(
                "target_outflow",
                "Het streefdoel voor uitstroom kan niet hoger zijn dan het aantal te bereiken "
                "leefloongerechtigden.",
            )
        return cleaned

    def _post_clean(self):
        if "reference_region" in self.cleaned_data:
            self.instance.reference_region = self.cleaned_data["reference_region"]
        super()._post_clean()
