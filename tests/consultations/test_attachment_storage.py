"""Meeting attachments go through Django's STORAGES: the file system by default, or an
S3-compatible object store that several application servers share.

The S3 path runs against a real S3-compatible server on 127.0.0.1 (moto's server mode, started
here as a process of its own): upload through the meeting form, download through the access
check, deletion through the edit form.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultations.models import Attachment, ConsultationBody
from ocmw_portal import audit
from ocmw_portal.models import AuditEvent
from tests.forms import form_fields

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% verslag van het lerend netwerk\n"
CREDENTIALS = {"aws_access_key_id": "portaal-test", "aws_secret_access_key": "portaal-test"}
REGION = "eu-west-1"


@pytest.fixture(scope="session")
def s3_server():
    """The address of an S3-compatible server on a free port of 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the S3-compatible server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server):
    """A new bucket on the server, as a boto3 Bucket to look into."""
    s3 = boto3.resource("s3", endpoint_url=s3_server, region_name=REGION, **CREDENTIALS)
    bucket = s3.create_bucket(
        Bucket=f"portaal-{uuid.uuid4().hex[:12]}",
        CreateBucketConfiguration={"LocationConstraint": REGION},
    )
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


@pytest.fixture(params=["filesystem", "s3"])
def storage(request, settings, tmp_path):
    """Each test twice: with the default file system storage and with the S3 storage.

    Returns a function that lists what the storage holds: {name: bytes}.
    """
    settings.MEDIA_ROOT = tmp_path / "uploads"
    if request.param == "filesystem":
        return lambda: {
            str(path.relative_to(settings.MEDIA_ROOT)): path.read_bytes()
            for path in settings.MEDIA_ROOT.rglob("*")
            if path.is_file()
        }
    bucket = request.getfixturevalue("bucket")
    endpoint = request.getfixturevalue("s3_server")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket.name,
                "location": "bijlagen",
                "endpoint_url": endpoint,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }

    def stored():
        assert not settings.MEDIA_ROOT.exists()  # nothing on the application server's disk
        return {obj.key: obj.get()["Body"].read() for obj in bucket.objects.all()}

    return stored


def test_an_attachment_is_stored_served_to_its_readers_only_and_deleted(
    storage,
    login,
    nm_oost,
    ocmw_gent,
    ocmw_pajottegem,
    beheerder,
    django_capture_on_commit_callbacks,
):
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    manager = login(nm_oost)
    response = manager.post(
        f"/overleg/vergaderingen/nieuw/?orgaan={body.pk}",
        {
            "date": "2024-03-12",
            "place": "VDAB Gent",
            "attendees": ["44021"],
            "deelnemers-TOTAL_FORMS": "0",
            "deelnemers-INITIAL_FORMS": "0",
            "output-TOTAL_FORMS": "0",
            "output-INITIAL_FORMS": "0",
            "attachments": [SimpleUploadedFile("Verslag maart.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    [(name, content)] = storage().items()
    assert content == PDF
    assert name.endswith(attachment.file.name) and name.endswith(".pdf")
    assert "Verslag" not in name  # stored under a random name

    reader = login(ocmw_gent)
    download = reader.get(f"/overleg/bijlagen/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "Verslag maart.pdf" in download["Content-Disposition"]
    assert login(ocmw_pajottegem).get(f"/overleg/bijlagen/{attachment.pk}/").status_code == 404

    meeting = attachment.meeting
    manager = login(nm_oost)
    edit = f"/overleg/vergaderingen/{meeting.pk}/bewerken/"
    data = form_fields(manager.get(edit).content.decode())
    data.pop("csrfmiddlewaretoken")
    data["remove_attachments"] = [str(attachment.pk)]
    assert manager.post(edit, data).status_code == 302
    # Removed from the meeting, the attachment is kept until a beheerder deletes it for good.
    assert not meeting.attachments.exists()
    assert reader.get(f"/overleg/bijlagen/{attachment.pk}/").status_code == 404
    assert list(storage().values()) == [PDF]

    purge = f"/admin/consultations/removedattachment/{attachment.pk}/delete/"
    with django_capture_on_commit_callbacks(execute=True):
        assert login(beheerder).post(purge, {"post": "yes"}).status_code == 302
    assert not Attachment.with_removed.exists()
    assert storage() == {}
    deleted = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, user=beheerder)
    assert deleted.object_id == str(attachment.pk)
    assert ("bestandsnaam", "Verslag maart.pdf", "") in audit.change_rows(deleted)


def _storage_setting(**environ):
    command = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SECRET_KEY": "x", **environ}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_storage_is_configured_from_the_environment():
    default = _storage_setting()
    assert json.loads(default.stdout)["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = _storage_setting(
        PORTAL_FILE_STORAGE="s3",
        PORTAL_S3_BUCKET="portaal-bijlagen",
        PORTAL_S3_ENDPOINT_URL="https://s3.intern.example",
        PORTAL_S3_REGION="eu-west-1",
    )
    setting = json.loads(s3.stdout)
    assert setting["BACKEND"] == "storages.backends.s3.S3Storage"
    assert setting["OPTIONS"]["bucket_name"] == "portaal-bijlagen"
    assert setting["OPTIONS"]["endpoint_url"] == "https://s3.intern.example"
    assert setting["OPTIONS"]["default_acl"] is None
    missing = _storage_setting(PORTAL_FILE_STORAGE="s3")
    assert missing.returncode != 0
    assert "PORTAL_FILE_STORAGE=s3 needs PORTAL_S3_BUCKET" in missing.stderr
