"""Forms check what the user typed and chose; consultations.services decides what needs the
database and writes, and the views show its ValidationError on the form."""

import datetime
import re
import zipfile
import zlib
from pathlib import PurePath

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from activation.models import LocalGovernment
from consultations.models import (
    Attachment,
    AttendanceReply,
    Meeting,
    Output,
    ParticipantRole,
    Theme,
)
from consultations.planning.selectors import area_on, owner_candidates
from consultations.services import REASON_REQUIRED
from ocmw_portal.forms import DateInput, grouped_choices

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "PDF",
    ".docx": "Word (DOCX)",
    ".xlsx": "Excel (XLSX)",
    ".odt": "OpenDocument-tekst (ODT)",
}
ATTACHMENT_HELP = (
    "PDF, DOCX, XLSX of ODT, hoogstens 10 MB per bestand. U kunt meerdere bestanden kiezen."
)
MAX_PARTICIPANTS = 999
# The largest id any supported database stores (a 64-bit integer).
MAX_ID = 2**63 - 1
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
EARLIEST_MEETING = datetime.date(2015, 1, 1)


def _names(local_governments):
    return ", ".join(sorted(lg.name for lg in local_governments))


# Attachments ------------------------------------------------------------------------------------


def _content_matches(upload, suffix):
    """Does the file's content fit its extension? A renamed file is refused."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if suffix == ".docx":
                return "word/document.xml" in names
            if suffix == ".xlsx":
                return "xl/workbook.xml" in names
            if suffix == ".odt":
                if "mimetype" not in names:
                    return False
                # A few bytes are enough: the part could unpack to gigabytes.
                with archive.open("mimetype") as part:
                    return part.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE
    # A damaged, encrypted or oddly compressed archive is no document of its type either.
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
        return False
    finally:
        upload.seek(0)
    return False


def validate_attachment(upload):
    name = upload.name
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            f"'{name}' kan niet toegevoegd worden: alleen PDF-, DOCX-, XLSX- en ODT-bestanden "
            "zijn toegelaten. Bewaar het document in een van die formaten en probeer opnieuw."
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        size = f"{upload.size / (1024 * 1024):.1f}".replace(".", ",")
        raise ValidationError(
            f"'{name}' is {size} MB groot; een bijlage mag hoogstens 10 MB zijn. "
            "Verklein het bestand of verdeel het over meerdere bijlagen."
        )
    if not _content_matches(upload, suffix):
        raise ValidationError(
            f"'{name}' is geen geldig {ATTACHMENT_TYPES[suffix]}-bestand: de inhoud past niet bij "
            "de extensie. Open en bewaar het document opnieuw in dat formaat."
        )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ATTACHMENT_TYPES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            return []
        cleaned, errors = [], []
        for upload in uploads:
            upload = super().clean(upload, initial)
            try:
                validate_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


# Meetings ---------------------------------------------------------------------------------------


class ChoicesByIdField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id; an id beyond any database integer is no choice.

    Django looks such ids up with an IN query, which SQLite cannot even run with them.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(pk)) > MAX_ID
            except (TypeError, ValueError):
                continue  # Django itself reports a value that is no number
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class MeetingForm(forms.ModelForm):
    new_themes = forms.CharField(
        label="Nieuwe thema's",
        required=False,
        max_length=400,
        help_text="Gescheiden door komma's, bv. 'Arvastat, werkplekinstrumenten'. Een thema dat al "
        "bestaat, wordt hergebruikt.",
    )
    attachments = MultipleFileField(
        label="Bijlagen toevoegen", required=False, help_text=ATTACHMENT_HELP
    )
    remove_attachments = ChoicesByIdField(
        label="Bijlagen verwijderen",
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Een verwijderde bijlage blijft bewaard: u kunt ze hier later terugzetten.",
    )
    restore_attachments = ChoicesByIdField(
        label="Verwijderde bijlagen terugzetten",
        queryset=Attachment.with_removed.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Een functioneel beheerder kan een verwijderde bijlage definitief wissen.",
    )

    class Meta:
        model = Meeting
        fields = ["date", "place", "online", "themes", "attendees", "minutes"]
        field_classes = {"themes": ChoicesByIdField}
        widgets = {
            "date": DateInput(),
            "themes": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "place": "Bv. 'VDAB Gent, Kongostraat'. Leeg alleen bij een online vergadering.",
            "online": "Aanvinken wanneer de vergadering (ook) online plaatsvond.",
            "themes": "Kies de thema's die aan bod kwamen.",
            "attendees": "Alleen lokale besturen uit het werkgebied van dit overlegorgaan.",
            "minutes": "Het verslag of de belangrijkste besluiten.",
        }

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        # The area as it was on the meeting's day: Galmaarden, Gooik and Herne for 2024.
        self.covered = area_on(body, self.instance.date or datetime.date.today())
        attendees = self.fields["attendees"]
        # Any local government is accepted here, so that one outside the body's area gets a
        # message that says so; only the body's own local governments are offered.
        attendees.queryset = LocalGovernment.objects.all()
        attendees.widget.choices = [(lg.pk, lg.name) for lg in self.covered]
        if self.instance.pk and self.instance.is_planned:
            # Recording a planned meeting: attendance starts from the confirmations.
            coming = self.instance.replies.filter(answer=AttendanceReply.Answer.COMING)
            self.initial["attendees"] = sorted(
                {lg.pk for lg in self.instance.attendees.all()}
                | set(coming.values_list("local_government", flat=True))
            )
        if not self.covered:
            attendees.help_text = "Dit overlegorgaan omvat geen lokale besturen."
        self.fields["themes"].queryset = Theme.objects.all()
        removed = Attachment.with_removed.filter(meeting=self.instance.pk, removed_at__isnull=False)
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]
        if self.instance.pk and removed.exists():
            self.fields["restore_attachments"].queryset = removed
        else:
            del self.fields["restore_attachments"]

    def attendee_groups(self):
        """The attendee checkboxes per province: [(province name, [checkbox, ...]), ...]."""
        province_of = {lg.pk: lg.province.name for lg in self.covered}
        groups = {}
        for checkbox in self["attendees"]:
            groups.setdefault(province_of.get(str(checkbox.data["value"]), ""), []).append(checkbox)
        return sorted(groups.items())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > datetime.date.today():
            raise ValidationError(
                "Deze datum ligt in de toekomst: registreer een vergadering nadat ze plaatsvond."
            )
        if date < EARLIEST_MEETING:
            raise ValidationError("Kies een datum vanaf 2015.")
        return date

    def clean_new_themes(self):
        names = []
        for part in re.split(r"[,;\n]", self.cleaned_data["new_themes"]):
            name = " ".join(part.split())
            if len(name) > 80:
                raise ValidationError(f"Het thema '{name[:40]}…' is te lang: hoogstens 80 tekens.")
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        return names

    def clean_attendees(self):
        attendees = self.cleaned_data["attendees"]
        day = self.cleaned_data.get("date") or self.instance.date or datetime.date.today()
        covered = {lg.pk for lg in area_on(self.body, day)}
        outside = [lg for lg in attendees if lg.pk not in covered]
        if outside:
            verb = "valt" if len(outside) == 1 else "vallen"
            raise ValidationError(
                f"{_names(outside)} {verb} buiten het werkgebied van {self.body.name}: "
                "duid alleen lokale besturen aan die dit overlegorgaan omvat."
            )
        return attendees

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online") and not (cleaned.get("place") or "").strip():
            self.add_error("place", "Vul de plaats van de vergadering in, of vink 'online' aan.")
        return cleaned


class ParticipantRoleForm(forms.ModelForm):
    class Meta:
        model = ParticipantRole
        fields = ["role", "count"]
        widgets = {"count": forms.NumberInput(attrs={"min": 1, "max": MAX_PARTICIPANTS})}

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count is not None and count < 1:
            raise ValidationError("Het aantal is minstens 1; laat de rij leeg als niemand kwam.")
        if count is not None and count > MAX_PARTICIPANTS:
            raise ValidationError(
                f"Het aantal is hoogstens {MAX_PARTICIPANTS} per rol: controleer het getal."
            )
        return count


class BaseParticipantFormSet(BaseInlineFormSet):
    title = "Deelnemers"

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            role = form.cleaned_data.get("role")
            if role and role in seen:
                form.add_error(
                    "role", "Deze rol staat er al: tel de aantallen samen in één rij per rol."
                )
            seen.add(role)

    def validate_unique(self):
        # The rule above says the same in the user's words.
        return None


ParticipantFormSet = inlineformset_factory(
    Meeting,
    ParticipantRole,
    form=ParticipantRoleForm,
    formset=BaseParticipantFormSet,
    extra=3,
    can_delete=True,
    # A blank row has nothing to delete.
    can_delete_extra=False,
)


OWNER_REQUIRED = (
    "Kies wie deze {kind} opneemt: een gebruiker van het portaal, of een lokaal bestuur met "
    "een contactpersoon."
)


class OutputForm(forms.ModelForm):
    """An output of the meeting. The owner of an action or agreement is a person: a portal user
    who takes part in the body, or a local government of its area with a named contact."""

    class Meta:
        model = Output
        fields = [
            "kind",
            "title",
            "description",
            "owner_user",
            "owner_local_government",
            "owner_contact",
            "owner",
            "due_date",
            "local_governments",
        ]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "local_governments": forms.CheckboxSelectMultiple,
        }
        labels = {
            "owner_user": "Eigenaar",
            "owner_local_government": "Of: lokaal bestuur",
            "owner_contact": "Contactpersoon bij dat lokaal bestuur",
            "owner": "Eigenaar (omschrijving)",
        }
        help_texts = {
            "owner_user": "Wie neemt dit op? Een VDAB- of OCMW-medewerker die aan dit "
            "overlegorgaan deelneemt; hij of zij ziet het bij 'Mijn acties' en krijgt een "
            "herinnering.",
            "owner": "Voor een signaal, goede praktijk of infosessie volstaat een omschrijving, "
            "bv. 'Gedelegeerd bestuurder VDAB'.",
            "due_date": "Wanneer moet dit opgevolgd zijn? Leeg laten mag.",
            "local_governments": "Welke lokale besturen gaat dit aan? Geen aanvinken mag ook.",
        }

    def __init__(self, *args, body, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        covered = list(body.local_governments.select_related("province").order_by("name"))
        self.covered = {lg.pk for lg in covered}
        field = self.fields["local_governments"]
        field.queryset = LocalGovernment.objects.current()
        field.widget.choices = grouped_choices(covered, lambda lg: lg.province.name)
        field.required = False
        candidates = owner_candidates(body) if owners is None else owners
        owner = self.fields["owner_user"]
        owner.queryset = User.objects.filter(pk__in=[user.pk for user in candidates])
        owner.empty_label = "— Kies een persoon —"
        owner.label_from_instance = lambda user: user.get_full_name() or user.username
        lg_owner = self.fields["owner_local_government"]
        lg_owner.queryset = LocalGovernment.objects.filter(pk__in=self.covered).order_by("name")
        lg_owner.empty_label = "—"

    def clean_local_governments(self):
        chosen = self.cleaned_data["local_governments"]
        outside = [lg for lg in chosen if lg.pk not in self.covered]
        if outside:
            raise ValidationError(
                f"{_names(outside)} behoort niet tot het werkgebied van {self.body.name}: "
                "kies alleen betrokken lokale besturen uit dat werkgebied."
            )
        return chosen

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("owner_user")
        lg, contact = cleaned.get("owner_local_government"), cleaned.get("owner_contact", "")
        if lg and not contact.strip():
            self.add_error("owner_contact", "Vul de contactpersoon bij dit lokaal bestuur in.")
        if contact.strip() and not lg:
            self.add_error("owner_local_government", "Kies het lokaal bestuur van deze persoon.")
        if user and lg:
            self.add_error("owner_local_government", "Kies een gebruiker óf een lokaal bestuur.")
        kind = cleaned.get("kind")
        person = user or (lg and contact.strip())
        if kind in (Output.Kind.ACTION, Output.Kind.AGREEMENT) and not person:
            label = Output.Kind(kind).label.lower()
            self.add_error("owner_user", OWNER_REQUIRED.format(kind=label))
        elif kind and not person and not cleaned.get("owner", "").strip():
            self.add_error("owner", "Vul in wie dit opneemt, of kies een persoon.")
        return cleaned


class BaseOutputFormSet(BaseInlineFormSet):
    title = "Output"

    def clean(self):
        super().clean()
        # A form marked for deletion is not validated, so the refusal is the formset's.
        kept = [
            form.instance.title
            for form in self.initial_forms
            if self._should_delete_form(form) and form.instance.follow_ups.exists()
        ]
        if kept:
            raise ValidationError(
                [
                    f"'{title}' heeft al een opvolging en blijft daarom bewaard: zet de "
                    "opvolgingsstatus op 'Niet weerhouden' als ze vervalt."
                    for title in kept
                ]
            )


OutputFormSet = inlineformset_factory(
    Meeting,
    Output,
    form=OutputForm,
    formset=BaseOutputFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


class FollowUpForm(forms.Form):
    to_status = forms.ChoiceField(label="Nieuwe opvolgingsstatus", choices=Output.Status.choices)
    date = forms.DateField(label="Datum van de wijziging", widget=DateInput())
    # change_output_status refuses a change without a reason; the form asks for one, in its words.
    reason = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bv. 'Voorgelegd aan het beheerscomité van VDAB op 12 maart'.",
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, output, **kwargs):
        kwargs.setdefault("initial", {"date": datetime.date.today()})
        super().__init__(*args, **kwargs)
        self.output = output
        self.fields["to_status"].choices = [
            (value, label) for value, label in Output.Status.choices if value != output.status
        ]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > datetime.date.today():
            raise ValidationError("De datum van de wijziging kan niet in de toekomst liggen.")
        return date


# Step 1 of a new meeting: the bodies without a province work for all Flanders (or with the
# federal level); their group comes first.
FLANDERS = "Vlaanderen"
RUNNING, NOT_YET, ENDED = range(3)


def body_timing(body, today):
    """(RUNNING, NOT_YET or ENDED, the note its option gets) of a body on `today`.

    Reads `body.agreement`: select it with the bodies."""
    window = body.active_window()
    if window is None:
        return NOT_YET, "in voorbereiding"
    first, last = window
    if first is not None and today < first:
        return NOT_YET, f"vanaf {first:%d-%m-%Y}"
    if last is not None and last < today:
        return ENDED, "afgelopen"
    return RUNNING, ""


def body_choices(bodies, today):
    """The bodies per province, Vlaanderen first; in each province the bodies that meet today,
    then those yet to start, then those that ended, each of the latter with a note:
    [(heading, [(pk, label), ...]), ...]."""
    groups = {}
    for body in bodies:
        timing, note = body_timing(body, today)
        label = f"{body.name} ({note})" if note else body.name
        heading = body.province.name if body.province_id else FLANDERS
        groups.setdefault(heading, []).append((timing, body.pk, label))
    order = sorted(groups, key=lambda heading: (heading != FLANDERS, heading))
    # sorted() is stable: within a timing, the bodies keep the order they came in.
    return [
        (heading, [(pk, label) for _, pk, label in sorted(groups[heading], key=lambda row: row[0])])
        for heading in order
    ]


class BodyChoiceForm(forms.Form):
    """Step 1 of a new meeting: which body met."""

    orgaan = forms.ModelChoiceField(
        label="Overlegorgaan",
        queryset=None,
        empty_label="— Kies een overlegorgaan —",
        help_text="De lijst bevat de overlegorganen waarvoor u vergaderingen mag registreren, "
        "per provincie; overlegorganen die niet meer samenkomen staan onderaan hun provincie.",
    )

    def __init__(self, *args, bodies, today, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["orgaan"]
        field.queryset = bodies
        # One query for every option: the provinces and agreements come with the bodies.
        grouped = body_choices(bodies.select_related("province", "agreement"), today)
        field.widget.choices = [("", field.empty_label), *grouped]
        self.body_count = sum(len(options) for _, options in grouped)
