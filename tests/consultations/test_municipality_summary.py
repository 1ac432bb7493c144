"""The consultation summary beside a municipality's figures on its dashboard."""

import datetime

import pytest
from django.template.loader import render_to_string

from activation.models import LocalGovernment
from consultations.selectors import municipality_consultation_summary

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 12, 1)


@pytest.fixture
def gent(body, make_meeting, agreement):
    forum = agreement("44021").forum
    make_meeting(
        forum,
        D(2024, 11, 4),
        outputs=[
            ("actie", "Screening niet-ingeschrevenen", "open", D(2024, 12, 10)),
            ("actie", "Afgewerkte actie", "uitgevoerd"),
        ],
    )
    make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        D(2024, 10, 1),
        attendees=["44021"],
        outputs=[("infosessie", "Infosessie IBO", "open", D(2025, 2, 1), ["44021"])],
    )
    make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        D(2024, 9, 1),
        attendees=["43005"],
        outputs=[("actie", "Actie voor Eeklo", "open", None, ["43005"])],
    )
    make_meeting(body("lerend-netwerk-limburg"), D(2024, 11, 20), attendees=["71016"])
    make_meeting(forum, D(2025, 3, 1))  # planned after "today"
    return LocalGovernment.objects.get(pk="44021")


def test_recent_meetings_and_open_actions_of_gent(gent, ocmw_gent):
    summary = municipality_consultation_summary(ocmw_gent, gent, today=TODAY)
    assert [(m.body.name, m.date) for m in summary["recent_meetings"]] == [
        ("Overlegforum Gent (SO 2020-2025)", D(2024, 11, 4)),
        ("Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo", D(2024, 10, 1)),
    ]
    assert [o.title for o in summary["open_outputs"]] == [
        "Screening niet-ingeschrevenen",
        "Infosessie IBO",
    ]
    assert (summary["open_count"], summary["overdue_count"]) == (2, 0)


def test_an_action_past_its_due_date_counts_as_overdue(gent, ocmw_gent):
    summary = municipality_consultation_summary(ocmw_gent, gent, today=D(2024, 12, 15))
    assert summary["overdue_count"] == 1
    html = render_to_string(
        "consultations/partials/municipality_summary.html", {"consultation_summary": summary}
    )
    assert "Overleg en opvolging" in html
    assert "Screening niet-ingeschrevenen" in html and "over tijd" in html
    assert "Afgewerkte actie" not in html and "Actie voor Eeklo" not in html


def test_the_summary_shows_only_what_the_user_may_see(gent, nobody):
    summary = municipality_consultation_summary(nobody, gent, today=TODAY)
    assert summary["recent_meetings"] == [] and summary["open_outputs"] == []
    html = render_to_string(
        "consultations/partials/municipality_summary.html", {"consultation_summary": summary}
    )
    assert "Nog geen vergaderingen geregistreerd." in html
    assert "Geen openstaande acties." in html


def test_the_dashboard_shows_the_meetings_and_open_actions_beside_the_figures(
    gent, login, ocmw_gent, nm_oost
):
    for user in (ocmw_gent, nm_oost):
        page = login(user).get("/dashboards/44021/").content.decode()
        assert "Overleg en opvolging" in page
        assert "Screening niet-ingeschrevenen" in page
        assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in page
        assert "Actie voor Eeklo" not in page


def test_a_new_meeting_shows_on_the_dashboard_at_once(gent, login, ocmw_gent, make_meeting):
    client = login(ocmw_gent)
    assert "Stuurgroep activering" not in client.get("/dashboards/44021/").content.decode()
    forum = gent.cooperation_agreements.get().forum
    make_meeting(forum, datetime.date.today(), outputs=[("actie", "Stuurgroep activering", "open")])
    assert "Stuurgroep activering" in client.get("/dashboards/44021/").content.decode()
