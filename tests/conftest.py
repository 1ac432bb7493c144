"""Shared fixtures: the reference data loaded once, and one persona per role.

Personas (DESIGN.md section 9 mirrors them):
- `beheerder`: functional administrator;
- `nm_oost`: VDAB network manager for Oost-Vlaanderen; `nm_vlaanderen`: VDAB for all Flanders;
- `ocmw_gent`, `ocmw_aalst`, `ocmw_pajottegem`: OCMW staff of one local government each;
- `nobody`: logged in, but without a role or scope.
"""

import pytest
from django.test import TestCase

PASSWORD = "persona-wachtwoord-2025"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from activation.services import load_reference_data
    from consultations.services import load_consultation_bodies
    from ocmw_portal.models import AuditEvent

    with django_db_blocker.unblock():
        load_reference_data()
        load_consultation_bodies()  # the load_reference_data command loads these too
        # Loading wrote every local government, group and body into the audit trail; each
        # test starts with an empty trail, as a new portal does after its first release.
        AuditEvent.objects.all().delete()


def module_data(django_db_blocker, write):
    """The body of a module-scoped fixture for data that a module's tests only read, as
    Django's `TestCase.setUpTestData` does for a class: `write()` runs once, in a transaction
    that stays open for the module's tests and is rolled back after them. Each test's own
    transaction is a savepoint inside it, so every test starts from the data as written. Use it
    only in a module whose every test may see the data."""
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            result = write()
        except BaseException:
            TestCase._rollback_atomics(atomics)
            raise
    yield result
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Personas log in with force_login or a few posts; a slow password hash only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _persona(username, role, **scope):
    from ocmw_portal.services import create_user

    return create_user(username=username, password=PASSWORD, role=role, **scope)


@pytest.fixture
def beheerder(db):
    return _persona("beheerder", "beheerder")


@pytest.fixture
def nm_oost(db):
    return _persona("netwerkmanager.oost-vlaanderen", "vdab", provinces=["40000"])


@pytest.fixture
def nm_vlaanderen(db):
    return _persona("netwerkmanager.vlaanderen", "vdab", all_flanders=True)


@pytest.fixture
def ocmw_gent(db):
    return _persona("ocmw.gent", "ocmw", local_governments=["44021"])


@pytest.fixture
def ocmw_aalst(db):
    return _persona("ocmw.aalst", "ocmw", local_governments=["41002"])


@pytest.fixture
def ocmw_pajottegem(db):
    return _persona("ocmw.pajottegem", "ocmw", local_governments=["23106"])


@pytest.fixture
def nobody(db):
    from django.contrib.auth.models import User

    return User.objects.create_user("zonder.rol", password=PASSWORD)


@pytest.fixture
def login(client):
    """Log a persona in on the test client: `login(ocmw_gent)`."""

    def _login(user):
        client.force_login(user, backend="ocmw_portal.backends.PortalBackend")
        return client

    return _login
