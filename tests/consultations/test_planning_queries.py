"""The pages of taking part read a fixed number of queries, however many meetings, answers,
actions or search results there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.models import AttendanceReply, Meeting, Output

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=10)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.fixture
def grow(body, nm_oost, ocmw_gent):
    """Adds `n` held meetings with an action owned by the network manager, and `n` answers of
    Gent to one planned meeting of the Gent/Eeklo network."""
    network = body("lerend-netwerk-gent-eeklo")
    planned = Meeting.objects.create(body=network, status="gepland", date=SOON, place="Gent")
    planned.invited.set(["44021", "43005"])

    def _grow(n):
        for i in range(n):
            meeting = Meeting.objects.create(
                body=network, date=datetime.date(2024, 1, 1 + i), place="Gent", minutes="Jobbeurs"
            )
            meeting.refresh_search_text()
            Output.objects.create(
                meeting=meeting,
                kind="actie",
                title=f"Jobbeurs {i}",
                owner_user=nm_oost,
                due_date=datetime.date(2024, 6, 1),
            )
            AttendanceReply.objects.create(
                meeting=planned,
                local_government_id="44021",
                name=f"Persoon {planned.replies.count()}",
                answer="komt",
                answered_by=ocmw_gent,
            )
        return planned

    return _grow


@pytest.mark.parametrize(
    ("persona", "path", "pinned"),
    [
        # session, the user with their role and scope; the scope's provinces (read once: the
        # meetings, the bodies of the filter, may-record and the header ask); the count; may
        # record (exists); the demo banner; the filter's provinces, bodies and themes; the
        # page of meetings and their themes.
        ("nm_oost", "/overleg/vergaderingen/", 11),
        # session, the user with their role and scope, its provinces (also the header's); the
        # count; the demo banner; the page of open actions with their meetings and bodies.
        ("nm_oost", "/overleg/mijn-acties/", 6),
    ],
)
def test_the_lists_take_the_same_queries_however_many_rows(
    request, login, grow, persona, path, pinned
):
    client = login(request.getfixturevalue(persona))
    grow(2)
    few = queries(client, path)
    grow(8)
    assert queries(client, path) == few == pinned


def test_a_planned_meeting_takes_the_same_queries_however_many_answers(login, ocmw_gent, grow):
    client = login(ocmw_gent)
    planned = grow(2)
    few = queries(client, planned.get_absolute_url())
    grow(8)
    assert queries(client, planned.get_absolute_url()) == few


def test_search_takes_the_same_queries_however_many_results(login, nm_oost, grow):
    client = login(nm_oost)
    grow(2)
    few = queries(client, "/overleg/zoeken/?q=jobbeurs")
    grow(8)
    assert queries(client, "/overleg/zoeken/?q=jobbeurs") == few
