import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activation.models import BenchmarkGroup

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/activation/benchmarkgroup/add/"


def _post(client, content, code="rse-meetjesland"):
    upload = SimpleUploadedFile("leden.csv", content.encode("cp1252"), content_type="text/csv")
    return client.post(
        ADD_URL,
        {
            "code": code,
            "name": "Regiegebied sociale economie Meetjesland",
            "kind": "eigen",
            "description": "",
            "members_file": upload,
        },
    )


def test_an_administrator_adds_a_group_from_a_csv_of_nis_codes(login, beheerder):
    response = _post(
        login(beheerder), "nis_code;gemeente\n44084;Aalter\n43005;Eeklo\n44085;Lievegem\n"
    )
    assert response.status_code == 302
    group = BenchmarkGroup.objects.get(code="rse-meetjesland")
    assert set(group.members.values_list("pk", flat=True)) == {"44084", "43005", "44085"}


def test_unknown_codes_are_all_reported_and_nothing_is_saved(login, beheerder):
    response = _post(login(beheerder), "44084\n99999\n43005\n23024\n")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Regel 2: &#x27;99999&#x27; is geen NIS-code van een huidig Vlaams lokaal bestuur." in page
    )
    # Gooik merged into Pajottegem in 2025: not a current local government.
    assert "Regel 4: &#x27;23024&#x27;" in page
    assert not BenchmarkGroup.objects.filter(code="rse-meetjesland").exists()


def test_a_file_without_a_nis_column_is_refused(login, beheerder):
    response = _post(login(beheerder), "gemeente\nAalter\n")
    assert "Geen kolom met NIS-codes gevonden" in response.content.decode()
    assert not BenchmarkGroup.objects.filter(code="rse-meetjesland").exists()


def test_other_roles_cannot_reach_the_group_admin(login, nm_vlaanderen, ocmw_gent):
    for user in (nm_vlaanderen, ocmw_gent):
        assert login(user).get(ADD_URL).status_code == 302


@pytest.mark.parametrize(
    "content",
    [
        b"44084\n\x81\x8d\n",  # neither UTF-8 nor Windows-1252
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image named .csv
        b'"' + b"4" * 200_000 + b'"\n',  # one field larger than a CSV reader takes
    ],
    ids=["not-cp1252", "image", "huge-field"],
)
def test_an_unreadable_file_is_refused_in_dutch_and_nothing_is_saved(login, beheerder, content):
    upload = SimpleUploadedFile("leden.csv", content, content_type="text/csv")
    response = login(beheerder).post(
        ADD_URL,
        {"code": "rse", "name": "RSE", "kind": "eigen", "description": "", "members_file": upload},
    )
    assert response.status_code == 200
    assert "Het bestand is geen leesbaar CSV-bestand." in response.content.decode()
    assert not BenchmarkGroup.objects.filter(code="rse").exists()
