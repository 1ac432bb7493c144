"""Writes: the consultation bodies of the reference data and the forums of the cooperation
agreements, meetings with their history, and outputs with their follow-up."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from activation.models import CooperationAgreement, LocalGovernment
from activation.services import LoadReport, set_members, upsert
from consultations import reference as ref
from consultations.models import (
    Attachment,
    ConsultationBody,
    FollowUp,
    Level,
    Meeting,
    MeetingRevision,
    Output,
    ParticipantRole,
    Theme,
    content_type_for,
)

BODY_LABELS = {
    "body": "overlegorganen",
    "forum": "overlegfora van samenwerkingsovereenkomsten",
    "coverage": "werkgebieden van overlegorganen (nieuw / verwijderd)",
}
REASON_REQUIRED = "Geef een reden voor deze statuswijziging: ze wordt bewaard in de opvolging."
SAME_STATUS = "De output heeft deze status al: kies een andere opvolgingsstatus."


def _coverage(spec: ref.BodySpec, current: Sequence[LocalGovernment]) -> set[str]:
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


@transaction.atomic
def load_consultation_bodies() -> LoadReport:
    """Create or update the bodies of the source document and the forum of every agreement.

    Idempotent: a second run changes nothing. The reference bodies' fields and areas are put back
    as the source document describes them.
    """
    report = LoadReport(BODY_LABELS)
    current = list(LocalGovernment.objects.current())
    # A renamed body (or a forum of a renamed local government) renames its meetings' search text.
    names_before = dict(ConsultationBody.objects.values_list("pk", "name"))
    coverage: dict[ConsultationBody, set[str]] = {}
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
        coverage[body] = _coverage(spec, current)
    set_members(report, "coverage", ConsultationBody.local_governments, coverage)
    ensure_forums(CooperationAgreement.objects.select_related("local_government"), report)
    renamed = [
        pk
        for pk, name in ConsultationBody.objects.filter(pk__in=names_before).values_list(
            "pk", "name"
        )
        if names_before[pk] != name
    ]
    if renamed:
        refresh_search_texts(
            meeting_ids=Meeting.with_deleted.filter(body__in=renamed).values_list("pk", flat=True)
        )
    return report


def forum_code(agreement: CooperationAgreement) -> str:
    return f"overlegforum-{agreement.local_government_id}-{agreement.framework}"


def _forum_values(agreement: CooperationAgreement) -> dict[str, Any]:
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


def ensure_forums(
    agreements: Iterable[CooperationAgreement], report: LoadReport | None = None
) -> dict[int, ConsultationBody]:
    """The overlegforum (micro level) of each cooperation agreement, created when missing and
    put back as described when changed. Bulk writes: the demo creates hundreds at once."""
    report = report or LoadReport(BODY_LABELS)
    agreements = list(agreements)
    codes = [forum_code(a) for a in agreements]
    existing = {b.code: b for b in ConsultationBody.objects.filter(code__in=codes)}
    missing: list[tuple[CooperationAgreement, ConsultationBody]] = []
    forums: dict[int, ConsultationBody] = {}
    coverage: dict[ConsultationBody, list[str]] = {}
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
        coverage[body] = [agreement.local_government_id]
        forums[agreement.pk] = body
    set_members(report, "coverage", ConsultationBody.local_governments, coverage)
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


def ensure_forum(
    agreement: CooperationAgreement, report: LoadReport | None = None
) -> ConsultationBody:
    """The overlegforum of one cooperation agreement, created when missing."""
    return ensure_forums([agreement], report)[agreement.pk]


def ensure_forum_of_saved_agreement(
    sender: type[CooperationAgreement], agreement: CooperationAgreement, **kwargs: Any
) -> None:
    """Receiver of activation.cooperation.signals.agreement_saved (connected in apps.py): an
    agreement saved on /samenwerking/ has its forum, in the same transaction."""
    ensure_forum(agreement)


# Meetings ---------------------------------------------------------------------------------------


def refresh_search_texts(*, meeting_ids: Iterable[int]) -> int:
    """Write again the search text of these meetings (deleted ones too, so that a restored
    meeting is found by its names) after a name it holds changed: its body's or a theme's was
    renamed, or a theme removed. Search then finds a meeting by the names it has now. Returns
    how many meetings changed."""
    meetings = (
        Meeting.with_deleted.filter(pk__in=list(meeting_ids))
        .select_related("body")
        .prefetch_related("themes", "attachments")
    )
    changed = []
    for meeting in meetings:
        before = meeting.search_text
        meeting.refresh_search_text(save=False)
        if meeting.search_text != before:
            changed.append(meeting)
    Meeting.with_deleted.bulk_update(changed, ["search_text"], batch_size=500)
    return len(changed)


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(str(item) for item in items)) or "—"


def meeting_snapshot(meeting: Meeting) -> dict[str, str]:
    """The meeting as a user reads it, field by field, to record what an edit changed."""
    hours = " – ".join(f"{t:%H:%M}" for t in (meeting.start_time, meeting.end_time) if t)
    return {
        "Status": meeting.get_status_display(),
        "Datum": f"{meeting.date:%d-%m-%Y}",
        "Uur": hours or "—",
        "Plaats": meeting.place or "—",
        "Online": "ja" if meeting.online else "nee",
        "Link": meeting.online_link or "—",
        "Agenda": meeting.agenda or "—",
        "Uitgenodigde lokale besturen": _names(lg.name for lg in meeting.invited.all()),
        "Thema's": _names(t.name for t in meeting.themes.all()),
        "Aanwezige lokale besturen": _names(lg.name for lg in meeting.attendees.all()),
        "Deelnemers": _names(str(p) for p in meeting.participants.all()),
        "Verslag": meeting.minutes or "—",
        "Output": _names(f"{o.get_kind_display()}: {o.title}" for o in meeting.outputs.all()),
        "Bijlagen": _names(a.original_name for a in meeting.attachments.all()),
    }


def themes_from(selected: Iterable[Theme], new_names: Iterable[str]) -> list[Theme]:
    """The selected themes plus new ones typed by the user; existing names are reused."""
    themes = list(selected)
    for name in new_names:
        theme = Theme.objects.filter(name__iexact=name).first() or Theme.objects.create(name=name)
        if theme not in themes:
            themes.append(theme)
    return themes


@dataclass(frozen=True)
class OutputData:
    """An output of a meeting as the user entered it: `output` is the one it changes, None for
    a new one."""

    output: Output | None
    kind: str
    title: str
    description: str
    owner: str
    due_date: datetime.date | None
    local_governments: Sequence[LocalGovernment]
    owner_user: User | None = None
    owner_local_government: LocalGovernment | None = None
    owner_contact: str = ""


def _set_participants(meeting: Meeting, counts: Mapping[str, int]) -> None:
    present = {p.role: p for p in meeting.participants.all()}
    gone = [p.pk for role, p in present.items() if role not in counts]
    if gone:
        ParticipantRole.objects.filter(pk__in=gone).delete()
    for role, count in counts.items():
        participant = present.get(role)
        if participant is None:
            ParticipantRole.objects.create(meeting=meeting, role=role, count=count)
        elif participant.count != count:
            participant.count = count
            participant.save(update_fields=["count"])


def _save_outputs(
    meeting: Meeting, outputs: Sequence[OutputData], removed: Iterable[Output]
) -> None:
    for output in removed:
        output.delete()
    for data in outputs:
        output = data.output or Output(meeting=meeting)
        values = {
            "kind": data.kind,
            "title": data.title,
            "description": data.description,
            "owner": data.owner,
            "owner_user": data.owner_user,
            "owner_local_government": data.owner_local_government,
            "owner_contact": data.owner_contact.strip(),
            "due_date": data.due_date,
        }
        wanted = {lg.pk for lg in data.local_governments}
        present = set(output.local_governments.values_list("pk", flat=True)) if output.pk else set()
        changed = [name for name, value in values.items() if getattr(output, name) != value]
        # An output is saved when anything of it changed, its local governments included.
        if output.pk is None or changed or wanted != present:
            for name in changed:
                setattr(output, name, values[name])
            output.save()
        if wanted != present:
            output.local_governments.set(data.local_governments)


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting | None,
    body: ConsultationBody,
    date: datetime.date,
    place: str,
    online: bool,
    minutes: str,
    themes: Iterable[Theme],
    new_themes: Iterable[str],
    attendees: Iterable[LocalGovernment],
    participants: Mapping[str, int],
    outputs: Sequence[OutputData],
    removed_outputs: Iterable[Output] = (),
    attachments: Iterable[UploadedFile] = (),
    removed_attachments: Iterable[Attachment] = (),
    restored_attachments: Iterable[Attachment] = (),
    user: User,
) -> Meeting:
    """Save a new meeting (`meeting` None) or a changed one, with its themes, attendees,
    participants per role, outputs and attachments, and a revision of what changed.

    A removed attachment is kept, file and all: `restored_attachments` puts it back."""
    before = None if meeting is None else meeting_snapshot(Meeting.objects.get(pk=meeting.pk))
    if meeting is None:
        meeting = Meeting(created_by=user)
    meeting.body = body
    meeting.date = date
    meeting.place = place
    meeting.online = online
    meeting.minutes = minutes
    # Recorded afterwards, a meeting took place; with its minutes, its report is ready.
    meeting.status = Meeting.Status.REPORTED if minutes.strip() else Meeting.Status.HELD
    meeting.updated_by = user
    meeting.save()
    meeting.themes.set(themes_from(themes, new_themes))
    meeting.attendees.set(list(attendees))
    _set_participants(meeting, participants)
    _save_outputs(meeting, outputs, removed_outputs)

    # Saved one by one, so that the audit trail records each removal and restore.
    removed_at = timezone.now()
    for attachment in Attachment.objects.filter(
        meeting=meeting, pk__in=[a.pk for a in removed_attachments]
    ):
        attachment.removed_at, attachment.removed_by = removed_at, user
        attachment.save(update_fields=["removed_at", "removed_by"])
    for attachment in Attachment.with_removed.filter(
        meeting=meeting, removed_at__isnull=False, pk__in=[a.pk for a in restored_attachments]
    ):
        attachment.removed_at, attachment.removed_by = None, None
        attachment.save(update_fields=["removed_at", "removed_by"])
    for upload in attachments:
        name = upload.name or ""
        Attachment.objects.create(
            meeting=meeting,
            file=upload,
            original_name=name[:200],
            content_type=content_type_for(name),
            size=upload.size or 0,
            uploaded_by=user,
        )

    meeting.refresh_search_text()
    record_revision(meeting, before=before, user=user)
    return meeting


@transaction.atomic
def purge_attachments(*, attachments: Iterable[Attachment]) -> int:
    """Delete removed attachments for good, their files once the deletion is committed (a
    deletion that fails keeps them). An attachment still on its meeting is refused: it is
    removed on the meeting's form first. Returns how many were deleted."""
    attachments = list(attachments)
    if any(attachment.removed_at is None for attachment in attachments):
        raise ValidationError(
            "Alleen verwijderde bijlagen kunnen definitief verwijderd worden: verwijder de "
            "bijlage eerst bij de vergadering."
        )
    for attachment in attachments:
        if stored := attachment.file.name:
            transaction.on_commit(partial(attachment.file.storage.delete, stored))
        attachment.delete()
    return len(attachments)


def record_revision(
    meeting: Meeting, *, before: dict[str, str] | None, user: User
) -> MeetingRevision | None:
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
        if before.get(name, after[name]) != after[name]
    ]
    if not changes:
        return None
    return MeetingRevision.objects.create(
        meeting=meeting, action=MeetingRevision.Action.CHANGED, changes=changes, changed_by=user
    )


# Outputs ----------------------------------------------------------------------------------------


@transaction.atomic
def change_output_status(
    *, output: Output, to_status: str, reason: str, date: datetime.date, author: User
) -> FollowUp:
    """Move an output to another follow-up status; every change records reason, date, author.

    ValidationError, per field of the follow-up form, without a reason or without a change.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if to_status == output.status:
        raise ValidationError({"to_status": SAME_STATUS})
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
