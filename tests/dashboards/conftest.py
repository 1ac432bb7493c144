import pytest

from activation.quarters import Quarter

# The last quarter of the demo results in these tests: fixed, so that pages and assertions
# do not depend on today's date.
LAST = Quarter(2025, 2)


@pytest.fixture
def demo_results(db):
    """Synthetic results for every municipality, 2021-K1 to 2025-K2, with their stored figures."""
    from activation.demo import create_demo_results

    create_demo_results(7, last=LAST)
    return LAST
