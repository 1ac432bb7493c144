import pytest

from activation.quarters import Quarter
from tests.conftest import module_data

# The last quarter of the demo results in these tests: fixed, so that pages and assertions
# do not depend on today's date.
LAST = Quarter(2025, 2)


def _write_demo_results():
    from activation.demo import create_demo_results

    create_demo_results(7, last=LAST)
    return LAST


@pytest.fixture
def demo_results(db):
    """Synthetic results for every municipality, 2021-K1 to 2025-K2, with their stored figures."""
    return _write_demo_results()


@pytest.fixture(scope="module")
def shared_demo_results(django_db_setup, django_db_blocker):
    """The same results, written once for all tests of a module that only read them."""
    yield from module_data(django_db_blocker, _write_demo_results)
