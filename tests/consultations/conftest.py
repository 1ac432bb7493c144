"""Helpers to build consultation data; the bodies come with the session's reference data."""

import datetime

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas log in with force_login; a slow password hash only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def body():
    """The body with this code: body("lerend-netwerk-gent-eeklo")."""
    from consultations.models import ConsultationBody

    return lambda code: ConsultationBody.objects.get(code=code)


@pytest.fixture
def agreement(db):
    """A running agreement (framework 2020–2025) for a local government, with its forum."""
    from activation.cooperation.services import save_agreement
    from activation.models import CooperationAgreement, LocalGovernment

    def _agreement(nis_code, framework="2020-2025", status="lopend"):
        start = datetime.date(2020, 1, 1) if framework == "2020-2025" else datetime.date(2026, 1, 1)
        return save_agreement(
            agreement=CooperationAgreement(
                local_government=LocalGovernment.objects.get(pk=nis_code),
                framework=framework,
                status=status,
                signed_on=None if status == "in_voorbereiding" else start,
                valid_from=start,
                valid_until=start.replace(year=start.year + 5, month=12, day=31),
            ),
            goals=["Lokale vacatures ontsluiten"],
        )

    return _agreement


@pytest.fixture
def make_meeting(db):
    """A meeting with attendees and outputs, written directly (not through the form)."""
    from consultations.models import Meeting, Output

    def _make(body, date, *, attendees=(), outputs=(), place="VDAB Gent", online=False):
        meeting = Meeting.objects.create(body=body, date=date, place=place, online=online)
        meeting.attendees.set(attendees)
        for kind, title, status, *rest in outputs:
            output = Output.objects.create(
                meeting=meeting,
                kind=kind,
                title=title,
                owner="Netwerkmanager VDAB",
                status=status,
                due_date=rest[0] if rest else None,
            )
            if len(rest) > 1:
                output.local_governments.set(rest[1])
        meeting.refresh_search_text()
        return meeting

    return _make
