"""Forms of taking part: planning a meeting, answering an invitation, proposing an agenda item,
deleting a meeting, the e-mails one wants, and search."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from activation.models import LocalGovernment
from consultations.models import AttendanceReply, Meeting, NotificationKind
from consultations.planning.selectors import area_on
from ocmw_portal.forms import DateInput, grouped_choices

# A meeting is planned at most this far ahead.
PLAN_AHEAD = datetime.timedelta(days=2 * 366)
MAX_QUERY = 100


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class PlanMeetingForm(forms.ModelForm):
    """A meeting to come: when, where, the agenda, and which local governments are invited."""

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "end_time", "place", "online", "online_link", "agenda"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "place": "Bv. 'VDAB Gent, Kongostraat'. Leeg alleen bij een online vergadering.",
            "online": "Aanvinken wanneer men (ook) online kan deelnemen.",
            "agenda": "Eén agendapunt per regel.",
        }

    online_link = forms.URLField(
        label="Link voor online deelname",
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text="De link van de online vergadering, bv. van Teams.",
    )
    invited = forms.ModelMultipleChoiceField(
        label="Uitgenodigde lokale besturen",
        queryset=LocalGovernment.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="De lokale besturen van het werkgebied zijn aangevinkt; hun OCMW-medewerkers "
        "krijgen de uitnodiging en kunnen hun komst bevestigen.",
    )

    def __init__(self, *args, body, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.today = today
        self.fields["date"].required = True
        self.area = area_on(body, self.instance.date or today)
        self.fields["invited"].widget.choices = grouped_choices(
            self.area, lambda lg: lg.province.name
        )
        if self.instance.pk:
            self.initial.setdefault("invited", list(self.instance.invited.all()))
        else:
            self.initial.setdefault("invited", self.area)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < self.today:
            raise ValidationError(
                "Deze datum ligt in het verleden: registreer een vergadering die al plaatsvond "
                "met 'Vergadering registreren'."
            )
        if date > self.today + PLAN_AHEAD:
            raise ValidationError("Plan een vergadering hoogstens twee jaar vooruit.")
        window = self.body.active_window()
        if window is None:
            raise ValidationError(
                f"{self.body.name} komt nog niet samen: de samenwerkingsovereenkomst is in "
                "voorbereiding."
            )
        first, last = window
        if first and date < first:
            raise ValidationError(f"{self.body.name} komt pas samen vanaf {first:%d-%m-%Y}.")
        if last and date > last:
            raise ValidationError(
                f"{self.body.name} komt niet meer samen na {last:%d-%m-%Y}: kies het overlegforum "
                "van de lopende samenwerkingsovereenkomst."
            )
        return date

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online") and not (cleaned.get("place") or "").strip():
            self.add_error("place", "Vul de plaats van de vergadering in, of vink 'online' aan.")
        if cleaned.get("online_link") and not cleaned.get("online"):
            self.add_error("online", "Vink 'online' aan: er is een link voor online deelname.")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", "Vul ook het beginuur in.")
        elif start and end and end <= start:
            self.add_error("end_time", "Het einduur ligt na het beginuur.")
        date = cleaned.get("date")
        if date:
            area = {lg.pk for lg in area_on(self.body, date)}
            outside = [lg.name for lg in cleaned.get("invited", []) if lg.pk not in area]
            if outside:
                self.add_error(
                    "invited",
                    f"{', '.join(sorted(outside))}: niet in het werkgebied van {self.body.name} "
                    f"op {date:%d-%m-%Y}. Nodig alleen lokale besturen van het werkgebied uit.",
                )
        return cleaned


class AnsweringForm(forms.Form):
    """A form an invited OCMW sends for one of its local governments (`answering_for`, from
    access.answering_for); with one, the choice is not shown."""

    local_government = forms.ChoiceField(label="Lokaal bestuur")

    def __init__(self, *args, answering_for, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_code = {lg.pk: lg for lg in answering_for}
        field = self.fields["local_government"]
        field.choices = [(lg.pk, lg.name) for lg in answering_for]
        if len(answering_for) == 1:
            field.widget = forms.HiddenInput()
            field.initial = answering_for[0].pk

    def clean_local_government(self):
        return self.by_code[self.cleaned_data["local_government"]]


class ReplyForm(AnsweringForm):
    """One person of an invited OCMW who comes, or not."""

    name = forms.CharField(label="Naam", max_length=120)
    function = forms.CharField(
        label="Functie", max_length=120, required=False, help_text="Bv. 'Trajectbegeleider'."
    )
    answer = forms.ChoiceField(
        label="Antwoord", choices=AttendanceReply.Answer.choices, widget=forms.RadioSelect
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Vul de naam in van wie komt of niet komt.")
        return name


class ProposalForm(AnsweringForm):
    text = forms.CharField(
        label="Agendapunt of opmerking",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De organisator leest het voor de vergadering.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError("Schrijf het agendapunt of de opmerking.")
        return text


class DeleteMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Reden",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bv. 'Dubbel geregistreerd'. Een beheerder kan de vergadering herstellen.",
        error_messages={"required": "Geef een reden: ze wordt bewaard bij de vergadering."},
    )


class NotificationChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Ik ontvang een e-mail bij",
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Zoeken naar",
        max_length=MAX_QUERY,
        required=False,
        error_messages={"max_length": f"Zoek met hoogstens {MAX_QUERY} tekens."},
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
