"""Malformed and out-of-range URL parameters on every kind of page: a Dutch message on the page
(200, or 400 for a report without a valid period) or a Dutch 404, never a 500, and nothing written
but the audit line of a download.

A value that is no choice at all (a sort column, an indicator, a page number) falls back to the
page as it is without it; the assertion then names what the user sees instead.
"""

import datetime
import html

import pytest
from django.apps import apps

from activation.demo import create_demo_results
from activation.quarters import Quarter

NOT_FOUND = "Deze pagina bestaat niet, of valt buiten uw bereik."
SCRIPT = "%3Cscript%3Ealert(1)%3C%2Fscript%3E"  # <script>alert(1)</script>, URL-encoded
LATEST = "U ziet het laatste kwartaal met cijfers, 2021-K2."
BAD_DATE = "is geen geldige datum. Schrijf een datum als 2024-01-31 of 31/01/2024."
REVERSED = "De einddatum ligt vóór de begindatum: draai ze om."
CENTURY = "Kies een periode tussen 2000 en 2100."
NO_CHOICE = "Selecteer een geldige keuze."
HUGE = "99999999999999999999"

# (persona, path, status, what the user reads on the page)
CASES = [
    # The quarter of a dashboard.
    ("ocmw_gent", "/dashboards/44021/?kwartaal=2099-K9", 200, "'2099-K9' is geen geldig kwartaal"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=2099-K9", 200, LATEST),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=abc", 200, "'abc' is geen geldig kwartaal"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=", 200, "Kerncijfers 2021-K2"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=2099-K1", 200, "Voor 2099-K1 zijn er nog geen"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=1999-K1", 200, "Het jaar 1999 valt buiten"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=2020-K4", 200, "De cijfers beginnen in 2021-K1"),
    ("ocmw_gent", f"/dashboards/44021/?kwartaal={HUGE}-K1", 200, "is geen geldig kwartaal"),
    ("ocmw_gent", f"/dashboards/44021/?kwartaal={SCRIPT}", 200, "is geen geldig kwartaal"),
    ("ocmw_gent", "/dashboards/44021/?kwartaal=%00", 200, "is geen geldig kwartaal"),
    ("nm_vlaanderen", "/dashboards/?kwartaal=2099-K9", 200, LATEST),
    ("nm_vlaanderen", "/dashboards/?kwartaal=", 200, "Lokale besturen in uw selectie, 2021-K2"),
    ("ocmw_gent", "/dashboards/groepen/centrumsteden/?kwartaal=abc", 200, LATEST),
    # Downloads never give other figures than asked for.
    ("ocmw_gent", "/dashboards/44021/export.csv?kwartaal=abc", 404, NOT_FOUND),
    ("ocmw_gent", "/dashboards/44021/export.xlsx?kwartaal=2099-K9", 404, NOT_FOUND),
    ("nm_vlaanderen", "/dashboards/export.xlsx?kwartaal=", 200, None),
    ("nm_vlaanderen", "/dashboards/export.csv?kwartaal=1999-K1", 404, NOT_FOUND),
    # Municipalities and groups that do not exist.
    ("beheerder", "/dashboards/99999/", 404, NOT_FOUND),
    ("beheerder", "/dashboards/abc/", 404, NOT_FOUND),
    ("beheerder", "/dashboards/-1/", 404, NOT_FOUND),
    ("beheerder", f"/dashboards/{SCRIPT}/", 404, NOT_FOUND),
    ("beheerder", "/dashboards/440210/", 404, NOT_FOUND),
    ("beheerder", "/dashboards/99999/export.csv", 404, NOT_FOUND),
    ("beheerder", "/dashboards/groepen/bestaat-niet/", 404, NOT_FOUND),
    # Filters, indicators and sorting that are no choice.
    ("nm_vlaanderen", "/dashboards/?provincie=99999", 200, "99999 is geen beschikbare keuze."),
    ("nm_vlaanderen", f"/dashboards/?referentieregio={SCRIPT}", 200, NO_CHOICE),
    ("nm_vlaanderen", "/dashboards/?groep=%27+OR+1%3D1", 200, "' OR 1=1 is geen beschikbare"),
    ("nm_vlaanderen", f"/dashboards/?indicator={SCRIPT}", 200, "Uitstroomgraad naar werk per"),
    ("nm_vlaanderen", f"/dashboards/?sort={SCRIPT}", 200, "Lokale besturen in uw selectie"),
    ("nm_vlaanderen", "/dashboards/export.csv?provincie=xx&sort=__class__", 200, None),
    ("ocmw_gent", "/dashboards/44021/?sort=-", 200, "Cijfers per kwartaal van Gent"),
    ("ocmw_gent", f"/dashboards/44021/?sort={SCRIPT}", 200, "Cijfers per kwartaal van Gent"),
    ("ocmw_gent", "/dashboards/centrumsteden/?indicator=x&sort=x", 404, NOT_FOUND),
    ("ocmw_gent", "/dashboards/groepen/centrumsteden/?indicator=x&sort=x", 200, "Leden van"),
    # Ids that are negative, zero or beyond any database integer.
    ("beheerder", "/overleg/vergaderingen/-1/", 404, NOT_FOUND),
    ("beheerder", "/overleg/vergaderingen/0/", 404, NOT_FOUND),
    ("beheerder", f"/overleg/vergaderingen/{HUGE}/", 404, NOT_FOUND),
    ("beheerder", f"/overleg/vergaderingen/{HUGE}/bewerken/", 404, NOT_FOUND),
    ("beheerder", f"/overleg/output/{HUGE}/", 404, NOT_FOUND),
    ("beheerder", f"/overleg/organen/{HUGE}/", 404, NOT_FOUND),
    ("beheerder", f"/overleg/bijlagen/{HUGE}/", 404, NOT_FOUND),
    ("beheerder", f"/samenwerking/overeenkomsten/{HUGE}/bewerken/", 404, NOT_FOUND),
    ("beheerder", f"/samenwerking/activeringspact/ronde-{HUGE}/", 404, NOT_FOUND),
    ("beheerder", "/samenwerking/activeringspact/ronde-0/", 404, NOT_FOUND),
    ("beheerder", f"/samenwerking/activeringspact/projecten/{HUGE}/bewerken/", 404, NOT_FOUND),
    ("beheerder", f"/import/{HUGE}/", 404, NOT_FOUND),
    ("beheerder", "/import/-5/", 404, NOT_FOUND),
    ("beheerder", "/overleg/vergaderingen/nieuw/?orgaan=abc", 404, NOT_FOUND),
    ("beheerder", f"/overleg/vergaderingen/nieuw/?orgaan={HUGE}", 404, NOT_FOUND),
    ("beheerder", "/overleg/vergaderingen/nieuw/?orgaan=-1", 404, NOT_FOUND),
    ("beheerder", "/overleg/vergaderingen/nieuw/?orgaan=%C2%B2", 404, NOT_FOUND),  # "²"
    ("beheerder", "/overleg/vergaderingen/nieuw/?orgaan=%D9%A3", 404, NOT_FOUND),  # Arabic "3"
    # The report's period.
    ("nm_vlaanderen", "/overleg/rapport/?van=0000-01-01", 400, f"'0000-01-01' {BAD_DATE}"),
    ("nm_vlaanderen", "/overleg/rapport/?tot=9999-99-99", 400, f"'9999-99-99' {BAD_DATE}"),
    ("nm_vlaanderen", "/overleg/rapport/?tot=31/02/2024", 400, f"'31/02/2024' {BAD_DATE}"),
    ("nm_vlaanderen", "/overleg/rapport/?van=abc&tot=", 400, f"'abc' {BAD_DATE}"),
    (
        "nm_vlaanderen",
        f"/overleg/rapport/?van={SCRIPT}",
        400,
        f"'<script>alert(1)</script>' {BAD_DATE}",
    ),
    ("nm_vlaanderen", "/overleg/rapport/?van=2025-01-01&tot=2024-01-01", 400, REVERSED),
    ("nm_vlaanderen", "/overleg/rapport/?van=1999-12-31&tot=2024-01-01", 400, CENTURY),
    ("nm_vlaanderen", "/overleg/rapport/?van=0001-01-01&tot=9999-12-31", 400, CENTURY),
    ("nm_vlaanderen", "/overleg/rapport/?van=9999-12-31", 400, CENTURY),
    ("nm_vlaanderen", "/overleg/rapport/export.csv?van=0000-01-01", 400, BAD_DATE),
    ("nm_vlaanderen", "/overleg/rapport/export.xlsx?van=2025-01-01&tot=2024-01-01", 400, REVERSED),
    ("nm_vlaanderen", "/overleg/rapport/export.docx?tot=9999-99-99", 400, BAD_DATE),
    ("nm_vlaanderen", "/overleg/rapport/export.pdf?van=2024-01-01", 404, NOT_FOUND),
    # Filters of the consultation lists.
    ("nm_vlaanderen", "/overleg/output/?van=abc&tot=9999-99-99", 200, "Voer een geldige datum in."),
    ("nm_vlaanderen", f"/overleg/output/?soort={SCRIPT}&status=x", 200, "x is geen beschikbare"),
    ("nm_vlaanderen", "/overleg/output/?provincie=99999&niveau=x", 200, NO_CHOICE),
    ("nm_vlaanderen", "/overleg/output/?achterstallig=misschien", 200, "Output en opvolging"),
    ("nm_vlaanderen", "/overleg/output/?van=2025-01-01&tot=2024-01-01", 200, REVERSED),
    ("nm_vlaanderen", "/overleg/vergaderingen/?orgaan=abc&thema=-1", 200, NO_CHOICE),
    ("nm_vlaanderen", f"/overleg/vergaderingen/?orgaan={HUGE}&thema={HUGE}", 200, NO_CHOICE),
    ("nm_vlaanderen", "/overleg/vergaderingen/?van=0000-01-01", 200, "Voer een geldige datum in."),
    ("nm_vlaanderen", f"/overleg/?niveau=x&provincie={SCRIPT}&achter=x", 200, "Er zijn geen"),
    ("nm_vlaanderen", "/samenwerking/?kader=x&status=x", 200, "x is geen beschikbare keuze."),
    ("nm_vlaanderen", f"/samenwerking/?provincie=x&zoek={SCRIPT}", 200, NO_CHOICE),
    # Page numbers.
    ("beheerder", "/import/historiek/?pagina=-5", 200, "Historiek van de imports"),
    ("beheerder", "/import/historiek/?pagina=abc", 200, "Historiek van de imports"),
    ("beheerder", f"/import/historiek/?pagina={HUGE}", 200, "Historiek van de imports"),
    ("nm_vlaanderen", "/overleg/output/?pagina=-5", 200, "Output en opvolging"),
    ("nm_vlaanderen", f"/overleg/vergaderingen/?pagina={HUGE}", 200, "Vergaderingen"),
    ("nm_vlaanderen", "/overleg/?pagina=abc", 200, "Overlegorganen"),
    ("nm_vlaanderen", "/samenwerking/?pagina=-5", 200, "Samenwerking VDAB en lokale besturen"),
]


@pytest.fixture
def figures(db):
    """Two quarters of results for every municipality (2021-K1 and 2021-K2) and one meeting."""
    from consultations.models import ConsultationBody, Meeting

    create_demo_results(seed=1, last=Quarter(2021, 2))
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    Meeting.objects.create(body=body, date=datetime.date(2024, 5, 14), place="Gent")


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.parametrize(("persona", "path", "status", "message"), CASES)
def test_a_malformed_parameter_gets_a_dutch_message_or_404_and_writes_nothing(
    client, request, figures, persona, path, status, message
):
    client.force_login(
        request.getfixturevalue(persona), backend="ocmw_portal.backends.PortalBackend"
    )
    before = row_counts()
    response = client.get(path)
    assert response.status_code == status
    if message is not None:
        assert message in html.unescape(response.content.decode())
    assert b"<script>alert(1)" not in response.content
    if response.has_header("Content-Disposition"):
        # A download is written in the audit trail, and that is all.
        before["ocmw_portal.AuditEvent"] += 1
    assert row_counts() == before


@pytest.mark.parametrize(
    "path",
    [
        f"/import/{HUGE}/bevestigen/",
        f"/import/{HUGE}/annuleren/",
        f"/overleg/output/{HUGE}/",
        f"/overleg/vergaderingen/{HUGE}/bewerken/",
        f"/overleg/vergaderingen/nieuw/?orgaan={HUGE}",
        "/overleg/vergaderingen/nieuw/?orgaan=%C2%B2",
        f"/samenwerking/overeenkomsten/{HUGE}/bewerken/",
        f"/samenwerking/activeringspact/projecten/{HUGE}/bewerken/",
    ],
)
def test_a_form_sent_to_an_object_that_cannot_exist_is_a_404_and_writes_nothing(
    client, beheerder, path
):
    client.force_login(beheerder, backend="ocmw_portal.backends.PortalBackend")
    before = row_counts()
    response = client.post(path, {"to_status": "uitgevoerd", "reason": "x", "place": "x"})
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert row_counts() == before
