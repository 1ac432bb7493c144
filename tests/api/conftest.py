import pytest

from ocmw_portal.services import create_api_token
from tests.conftest import module_data
from tests.dashboards.conftest import LAST, _write_demo_results  # noqa: F401


@pytest.fixture(scope="module")
def shared_demo_results(django_db_setup, django_db_blocker):
    """Synthetic results for every municipality, 2021-K1 to 2025-K2, written once per module."""
    yield from module_data(django_db_blocker, _write_demo_results)


@pytest.fixture
def token_of(db):
    """token_of(user) → a new working API token of `user` (the token itself)."""

    def _token(user, name="test"):
        return create_api_token(user=user, name=name)[1]

    return _token


@pytest.fixture
def api_get(client):
    """api_get(token, path, **params) → the response of GET /api/v1/<path> with the token."""

    def _get(token, path, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return client.get(f"/api/v1/{path}", params, **headers)

    return _get
