"""The dashboards' query counts are fixed: one number per page, the same for 8, 16 and 40
quarters of figures. Pages read the stored figures (activation.figures); nothing is cached, so
the first request after an import costs what every request costs.
"""

import pytest

import activation.demo
from activation.demo import create_demo_results
from activation.quarters import Quarter
from tests.conftest import module_data

pytestmark = pytest.mark.django_db

# Every page: the session; the user with their role and scope (ocmw_portal.backends); the demo
# banner. An OCMW user's own local governments with their provinces are read once per request:
# the header's scope description, the access check of its dashboards and of the groups it may
# open all use them.
# Municipality dashboard (14): the above (3) + own local governments; the first and last quarter
# with figures; the comparison groups (with whether it is a member); its own series; the groups'
# figures over the window; its standing in each group (counted in SQL); the imports behind the
# figures; the consultation beside them: the planned meetings it is invited to, recent
# meetings, open actions and their open and overdue counts (4).
MUNICIPALITY = 14
# A merged municipality shows earlier quarters as sums: + the mergers for its note.
MERGED_MUNICIPALITY = 15
# Overview for all Flanders (10): session, the user with role and scope; the municipalities in
# scope; group memberships (filters and referentieregio's); the first and last quarter; names
# for the map; the figures of the quarter; Vlaanderen's figures; the imports behind them; demo
# banner.
OVERVIEW = 10
# Group page (10): session, the user with role and scope; own local governments (header, the
# groups the user may open, which members it may open); the group; the first and last quarter;
# its members; its figures over the window; its members' figures ranked (a window function);
# the imports behind them; demo banner.
GROUP = 10


@pytest.fixture(
    scope="module",
    params=[(Quarter(2023, 1), 8), (Quarter(2021, 1), 16), (Quarter(2015, 1), 40)],
    ids=["8-quarters", "16-quarters", "40-quarters"],
)
def figures(request, django_db_setup, django_db_blocker):
    """The demo results for 8, 16 or 40 quarters, written once for the tests of each count."""
    first, count = request.param
    last = Quarter.from_index(first.index + count - 1)

    def write():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(activation.demo, "FIRST_QUARTER", first)
            create_demo_results(3, last=last)
        return last

    yield from module_data(django_db_blocker, write)


def test_municipality_dashboard(login, ocmw_gent, figures, django_assert_num_queries):
    client = login(ocmw_gent)
    with django_assert_num_queries(MUNICIPALITY):
        assert client.get("/dashboards/44021/").status_code == 200


def test_merged_municipality_dashboard(login, ocmw_pajottegem, figures, django_assert_num_queries):
    client = login(ocmw_pajottegem)
    with django_assert_num_queries(MERGED_MUNICIPALITY):
        assert client.get("/dashboards/23106/").status_code == 200


def test_municipality_dashboard_of_an_earlier_quarter(
    login, ocmw_gent, figures, django_assert_num_queries
):
    client = login(ocmw_gent)
    earlier = Quarter.from_index(figures.index - 5)
    with django_assert_num_queries(MUNICIPALITY):
        assert client.get(f"/dashboards/44021/?kwartaal={earlier}").status_code == 200


def test_overview(login, nm_vlaanderen, figures, django_assert_num_queries):
    client = login(nm_vlaanderen)
    with django_assert_num_queries(OVERVIEW):
        assert client.get("/dashboards/").status_code == 200


def test_group_page(login, ocmw_gent, figures, django_assert_num_queries):
    client = login(ocmw_gent)
    with django_assert_num_queries(GROUP):
        assert client.get("/dashboards/groepen/vlaanderen/").status_code == 200
