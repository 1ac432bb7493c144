"""Forms of /samenwerking/: an agreement and an ActiveringsPact project.

They check what the user typed and chose, and the model's own rules (its fields and
constraints, as every ModelForm does); activation.cooperation.services decides what needs other
rows and writes, and the views show its ValidationError on the form.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

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


class ConstraintMessages(forms.ModelForm):
    """A ModelForm that says a violated check constraint of its model in the user's words, at
    the field concerned: Django's model validation names the constraint for the whole form.

    constraint_messages: {constraint name: (field, message)}.
    """

    constraint_messages: dict[str, tuple[str, str]] = {}

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get(NON_FIELD_ERRORS)
        if not errors:
            return
        generic = {
            constraint.get_violation_error_message(): constraint.name
            for constraint in self._meta.model._meta.constraints
            if constraint.name in self.constraint_messages
        }
        said = [error for error in errors.as_data() if error.message in generic]
        for error in said:
            errors.remove(error)
            self.add_error(*self.constraint_messages[generic[error.message]])
        if not errors:
            del self._errors[NON_FIELD_ERRORS]


class AgreementForm(ConstraintMessages):
    constraint_messages = {
        "agreement_valid_period": ("valid_until", "De einddatum ligt vóór de begindatum."),
        "agreement_signed_unless_in_preparation": (
            "signed_on",
            "Vul de datum van ondertekening in, of zet de status op 'In voorbereiding'.",
        ),
    }

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

    def _post_clean(self):
        # The goals are set by the service; validate the rest of the model as usual.
        self.instance.operational_goals = self.cleaned_data.get("goals") or [LLG_GOAL]
        super()._post_clean()


class PactProjectForm(ConstraintMessages):
    constraint_messages = {
        "pact_outflow_le_reached": (
            "target_outflow",
            "Het streefdoel voor uitstroom kan niet hoger zijn dan het aantal te bereiken "
            "leefloongerechtigden.",
        ),
    }

    local_governments = forms.ModelMultipleChoiceField(
        label="Lokale besturen",
        queryset=LocalGovernment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Alle lokale besturen van één project liggen in dezelfde referentieregio: "
        "vink ze aan onder die referentieregio.",
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
