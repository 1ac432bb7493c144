"""Writes: the consultation bodies of the reference data and the forums of the cooperation
agreements, meetings with their history, and outputs with their follow-up."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from activation.models import CooperationAgreement, LocalGovernment
from activation.services import upsert
from consultations import reference as ref
from consultations.models import (
    Attachment,
    ConsultationBody,
    FollowUp,
    Level,
    Meeting,
    MeetingRevision,
    Theme,
    content_type_for,
)


@dataclass
class BodiesReport:
    created: dict = field(default_factory=lambda: defaultdict(int))
    updated: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self):
        labels = {
            "body": "overlegorganen",
            "forum": "overlegfora van samenwerkingsovereenkomsten",
            "coverage": "werkgebieden van overlegorganen (nieuw / verwijderd)",
        }
        return [
            f"{label}: {self.created[key]} nieuw, {self.updated[key]} gewijzigd"
            for key, label in labels.items()
        ]


def _coverage(spec, current):
    if spec.coverage == "flanders":
        return {lg.pk for lg in current}
    if spec.coverage == "province":
        return {lg.pk for lg in current if lg.province_id == spec.province}
    if spec.coverage.startswith("arrondissements:"):
        prefixes = tuple(spec.coverage.split(":", 1)[1].split(","))
        in_province = (lg for lg in current if lg.province_id == spec.province)
        return {lg.pk for lg in in_province if lg.pk.startswith(prefixes)}
    if spec.coverage == "none":
        return set()
    raise ValueError(f"Unknown coverage {spec.coverage!r} for {spec.code}")


def _set_coverage(report, body, nis_codes):
    wanted = set(nis_codes)
    current = set(body.local_governments.values_list("pk", flat=True))
    if wanted != current:
        body.local_governments.remove(*(current - wanted))
        body.local_governments.add(*(wanted - current))
        report.created["coverage"] += len(wanted - current)
        report.updated["coverage"] += len(current - wanted)


@transaction.atomic
def load_consultation_bodies():
    """Create or update the bodies of the source document and the forum of every agreement.

    Idempotent: a second run changes nothing. The reference bodies' fields and areas are put back
    as the source document describes them.
    """
    report = BodiesReport()
    current = list(LocalGovernment.objects.current())
    for spec in ref.BODIES:
        body = upsert(
            report,
            "body",
            ConsultationBody,
            {"code": spec.code},
            {
                "name": spec.name,
                "level": spec.level,
                "kind": spec.kind,
                "province_id": spec.province,
                "region": spec.region,
                "organiser": spec.organiser,
                "participants": spec.participants,
                "target_per_year": spec.target_per_year,
                "frequency_note": spec.frequency_note,
                "description": spec.description,
                "sort_order": spec.sort_order,
            },
        )
        _set_coverage(report, body, _coverage(spec, current))
    ensure_forums(CooperationAgreement.objects.select_related("local_government"), report)
    return report


def forum_code(agreement):
    return f"overlegforum-{agreement.local_government_id}-{agreement.framework}"


def _forum_values(agreement):
    lg = agreement.local_government
    return {
        "name": f"Overlegforum {lg.name} (SO {agreement.framework})",
        "level": Level.MICRO,
        "kind": ConsultationBody.Kind.FORUM,
        "province_id": lg.province_id,
        "region": "",
        "organiser": ref.FORUM_ORGANISER,
        "participants": ref.FORUM_PARTICIPANTS,
        "target_per_year": ref.FORUM_TARGET_PER_YEAR,
        "frequency_note": ref.FORUM_FREQUENCY,
        "description": ref.FORUM_DESCRIPTION,
        "agreement_id": agreement.pk,
        "sort_order": 30,
    }


def ensure_forums(agreements, report=None):
    """The overlegforum (micro level) of each cooperation agreement, created when missing and
    put back as described when changed. Bulk writes: the demo creates hundreds at once."""
    report = report or BodiesReport()
    agreements = list(agreements)
    codes = [forum_code(a) for a in agreements]
    existing = {b.code: b for b in ConsultationBody.objects.filter(code__in=codes)}
    coverage = defaultdict(set)
    for body_id, code in ConsultationBody.local_governments.through.objects.filter(
        consultationbody__code__in=codes
    ).values_list("consultationbody_id", "localgovernment_id"):
        coverage[body_id].add(code)
    missing, forums = [], {}
    for agreement, code in zip(agreements, codes, strict=True):
        values = _forum_values(agreement)
        body = existing.get(code)
        if body is None:
            missing.append((agreement, ConsultationBody(code=code, **values)))
            continue
        changed = [name for name, value in values.items() if getattr(body, name) != value]
        if changed:
            for name in changed:
                setattr(body, name, values[name])
            body.save(update_fields=changed)
            report.updated["forum"] += 1
        if coverage[body.pk] != {agreement.local_government_id}:
            _set_coverage(report, body, [agreement.local_government_id])
        forums[agreement.pk] = body
    ConsultationBody.objects.bulk_create([body for _, body in missing])
    ConsultationBody.local_governments.through.objects.bulk_create(
        ConsultationBody.local_governments.through(
            consultationbody_id=body.pk, localgovernment_id=agreement.local_government_id
        )
        for agreement, body in missing
    )
    report.created["forum"] += len(missing)
    report.created["coverage"] += len(missing)
    forums.update({agreement.pk: body for agreement, body in missing})
    return forums


def ensure_forum(agreement, report=None):
    """The overlegforum of one cooperation agreement, created when missing."""
    return ensure_forums([agreement], report)[agreement.pk]


def ensure_forum_of_saved_agreement(sender, agreement, **kwargs):
    """Receiver of activation.cooperation.signals.agreement_saved (connected in apps.py): an
    agreement saved on /samenwerking/ has its forum, in the same transaction."""
    ensure_forum(agreement)


# Meetings ---------------------------------------------------------------------------------------


def _names(items):
    return ", ".join(sorted(str(item) for item in items)) or "—"


def meeting_snapshot(meeting):
    """The meeting as a user reads it, field by field, to record what an edit changed."""
    return {
        "Datum": f"{meeting.date:%d-%m-%Y}",
        "Plaats": meeting.place or "—",
        "Online": "ja" if meeting.online else "nee",
        "Thema's": _names(t.name for t in meeting.themes.all()),
        "Aanwezige lokale besturen": _names(lg.name for lg in meeting.attendees.all()),
        "Deelnemers": _names(str(p) for p in meeting.participants.all()),
        "Verslag": meeting.minutes or "—",
        "Output": _names(f"{o.get_kind_display()}: {o.title}" for o in meeting.outputs.all()),
        "Bijlagen": _names(a.original_name for a in meeting.attachments.all()),
    }


def themes_from(selected, new_names):
    """The selected themes plus new ones typed by the user; existing names are reused."""
    themes = list(selected)
    for name in new_names:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        if theme not in themes:
            themes.append(theme)
    return themes


@transaction.atomic
def save_meeting(*, form, participants, outputs, body, user):
    """Save a meeting from its validated form and formsets, with a revision of what changed."""
    meeting = form.instance
    is_new = meeting.pk is None
    before = None if is_new else meeting_snapshot(Meeting.objects.get(pk=meeting.pk))
    data = form.cleaned_data
    meeting.body = body
    meeting.updated_by = user
    if is_new:
        meeting.created_by = user
    meeting.save()
    meeting.themes.set(themes_from(data["themes"], data["new_themes"]))
    meeting.attendees.set(data["attendees"])

    participants.instance = meeting
    participants.save()
    outputs.instance = meeting
    outputs.save()

    for attachment in data.get("remove_attachments") or []:
        attachment.file.delete(save=False)
        attachment.delete()
    for upload in data.get("attachments") or []:
        Attachment.objects.create(
            meeting=meeting,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type_for(upload.name),
            size=upload.size,
            uploaded_by=user,
        )

    record_revision(meeting, before=before, user=user)
    return meeting


def record_revision(meeting, *, before, user):
    """The meeting's history entry for a save: its creation (`before` None) or what changed
    since `before` (a meeting_snapshot). Also written for a save in the admin."""
    if before is None:
        return MeetingRevision.objects.create(
            meeting=meeting, action=MeetingRevision.Action.CREATED, changed_by=user
        )
    after = meeting_snapshot(meeting)
    changes = [
        {"field": name, "before": before[name], "after": after[name]}
        for name in after
        if before[name] != after[name]
    ]
    if not changes:
        return None
    return MeetingRevision.objects.create(
        meeting=meeting, action=MeetingRevision.Action.CHANGED, changes=changes, changed_by=user
    )


# Outputs ----------------------------------------------------------------------------------------


@transaction.atomic
def change_output_status(output, *, to_status, reason, date, author):
    """Move an output to another follow-up status; every change records reason, date, author."""
    reason = (reason or "").strip()
    if not reason:
        message = "Geef een reden voor deze statuswijziging: ze wordt bewaard in de opvolging."
        raise ValidationError({"reason": message})
    if to_status == output.status:
        raise ValidationError(
            {"to_status": "De output heeft deze status al: kies een andere opvolgingsstatus."}
        )
    follow_up = FollowUp.objects.create(
        output=output,
        from_status=output.status,
        to_status=to_status,
        reason=reason,
        date=date,
        author=author,
    )
    output.status = to_status
    output.save(update_fields=["status", "updated_at"])
    return follow_up
