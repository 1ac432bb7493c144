"""After each change of what the dashboards show, the very next request shows it: no cache to
wait for. Each change that moves figures also leaves `rebuild_figures --check` at 0 differences.

An undone import rebuilds the quarters it restores, as a confirmed import does.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from activation.models import BenchmarkGroup, ImportBatch, LocalGovernment, Merger
from tests.activation.files import csv_bytes, row
from tests.dashboards.pages import table
from tests.dashboards.test_municipality import pajottegem  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def check_is_clean():
    out = io.StringIO()
    call_command("rebuild_figures", "--check", stdout=out)
    assert "0 verschillen" in out.getvalue()


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_body_that_stops_covering_gent_leaves_its_dashboard_at_once(login, ocmw_gent):
    from consultations.models import ConsultationBody, Meeting, Output

    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 10, 1), place="Gent")
    meeting.attendees.set(["44021"])
    output = Output.objects.create(
        meeting=meeting, kind="actie", title="Screening IBO", owner="VDAB", status="open"
    )
    output.local_governments.set(["44021"])
    client = login(ocmw_gent)
    assert "Screening IBO" in html_of(client, "/dashboards/44021/")

    body.local_governments.remove("44021")

    assert "Screening IBO" not in html_of(client, "/dashboards/44021/")
    assert client.get(output.get_absolute_url()).status_code == 404


def test_a_new_scope_applies_on_the_next_request(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    assert client.get("/dashboards/41002/").status_code == 404
    ocmw_gent.scope.local_governments.set(["41002"])

    assert client.get("/dashboards/44021/").status_code == 404
    assert "Kerncijfers 2025-K2" in html_of(client, "/dashboards/41002/")
    rows = table(html_of(client, "/dashboards/"), "Lokale besturen in uw selectie")
    assert [row["Lokaal bestuur"] for row in rows] == ["Aalst"]


def admin_change(client, obj, data):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_municipality_renamed_in_the_admin_shows_at_once(login, beheerder, demo_results):
    client = login(beheerder)
    assert "Gent" in html_of(client, "/dashboards/44021/")
    gent = LocalGovernment.objects.get(pk="44021")
    admin_change(
        client,
        gent,
        {
            "nis_code": "44021",
            "name": "Stad Gent",
            "province": gent.province_id,
            "population": gent.population or "",
            "valid_from": "",
            "valid_until": "",
        },
    )
    assert "<h1>Stad Gent" in html_of(client, "/dashboards/44021/")
    members = table(html_of(client, "/dashboards/groepen/centrumsteden/"), "Leden van")
    assert "Stad Gent" in {row["Lokaal bestuur"] for row in members}
    check_is_clean()


def test_a_merger_deleted_in_the_admin_changes_the_sums_at_once(
    login,
    beheerder,
    pajottegem,  # noqa: F811
):
    client = login(beheerder)

    def k4():
        rows = table(html_of(client, "/dashboards/23106/"), "Cijfers per kwartaal")
        return next(r for r in rows if r["Kwartaal"] == "2024-K4")

    assert k4()["Leefloongerechtigden"] == "85"  # Galmaarden 40 + Gooik 20 + Herne 25
    herne = Merger.objects.get(predecessor="23032")
    response = client.post(f"/admin/activation/merger/{herne.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    # Herne no longer counts as a part of Pajottegem: 2024-K4 is Galmaarden and Gooik.
    assert k4()["Leefloongerechtigden"] == "60"
    check_is_clean()


def test_a_merger_edited_in_the_admin_changes_the_sums_at_once(
    login,
    beheerder,
    pajottegem,  # noqa: F811
):
    client = login(beheerder)
    merger = Merger.objects.get(predecessor="23032")
    # Herne recorded as merged into Lennik instead of Pajottegem.
    admin_change(
        client, merger, {"predecessor": "23032", "successor": "23104", "date": "2025-01-01"}
    )
    rows = table(html_of(client, "/dashboards/23106/"), "Cijfers per kwartaal")
    k4 = next(r for r in rows if r["Kwartaal"] == "2024-K4")
    assert k4["Leefloongerechtigden"] == "60"
    check_is_clean()


def test_new_members_uploaded_in_the_admin_count_at_once(
    login,
    beheerder,
    pajottegem,  # noqa: F811
):
    client = login(beheerder)
    url = "/dashboards/groepen/testregio/?kwartaal=2025-K1"
    assert "4 van 4 gemeenten met cijfers" in html_of(client, url)
    group = BenchmarkGroup.objects.get(code="testregio")
    upload = SimpleUploadedFile("leden.csv", b"23106\n23016\n23104\n", content_type="text/csv")
    admin_change(
        client,
        group,
        {
            "code": "testregio",
            "name": "Testregio",
            "kind": "eigen",
            "description": "",
            "members_file": upload,
        },
    )
    html = html_of(client, url)
    # Halle (4/8) is out: (9 + 10 + 2) / (66 + 50 + 40) = 21 / 156 = 13,5 %.
    card = html[html.index("Uitstroomgraad naar werk</h3>") :]
    assert "13,5\u00a0%" in card[: card.index("</article>")]
    assert "3 van 3 gemeenten met cijfers" in html
    positions = table(
        html_of(client, "/dashboards/23106/?kwartaal=2025-K1"),
        "Uitstroomgraad naar werk: positie in 2025-K1",
    )
    testregio = next(row for row in positions if row["Groep"] == "Testregio")
    assert testregio["Groepswaarde"] == "13,5\u00a0%"
    check_is_clean()


def test_a_new_group_is_a_comparison_on_the_next_request(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    assert "Regio Noord" not in html_of(client, "/dashboards/44021/")
    group = BenchmarkGroup.objects.create(code="regio-noord", name="Regio Noord", kind="eigen")
    group.members.add("44021", "41002", "11002")
    from activation import figures

    figures.rebuild_groups([group])
    html = html_of(client, "/dashboards/44021/")
    assert "Regio Noord" in html
    assert "3 van 3 gemeenten" in html
    check_is_clean()


def test_a_confirmed_import_shows_on_the_next_request(login, beheerder, demo_results):
    client = login(beheerder)
    data = csv_bytes([row("44021", "Gent", "2025-K2", 2000, 1000, 500, 123, None)])
    client.post(
        "/import/",
        {"file": SimpleUploadedFile("correctie.csv", data), "status": "definitief"},
    )
    batch = ImportBatch.objects.get(file_name="correctie.csv")
    client.post(f"/import/{batch.pk}/bevestigen/")
    batch.refresh_from_db()
    assert batch.status == "verwerkt"

    html = html_of(client, "/dashboards/44021/")
    assert "123 van 1.000" in html
    assert "correctie.csv, geïmporteerd op" in html
    check_is_clean()


def test_an_undone_import_shows_on_the_next_request(login, beheerder, demo_results):
    client = login(beheerder)
    before = html_of(client, "/dashboards/44021/")
    data = csv_bytes([row("44021", "Gent", "2025-K2", 2000, 1000, 500, 123, None)])
    client.post(
        "/import/",
        {"file": SimpleUploadedFile("correctie.csv", data), "status": "definitief"},
    )
    batch = ImportBatch.objects.get(file_name="correctie.csv")
    client.post(f"/import/{batch.pk}/bevestigen/")
    assert "123 van 1.000" in html_of(client, "/dashboards/44021/")

    client.post(f"/import/{batch.pk}/ongedaan-maken/")

    html = html_of(client, "/dashboards/44021/")
    assert "123 van 1.000" not in html
    assert "correctie.csv, geïmporteerd op" not in html
    assert html.count("Voorlopig") == before.count("Voorlopig")
    check_is_clean()
