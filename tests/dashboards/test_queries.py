"""The dashboards' query counts are fixed: they do not grow with the number of quarters.

Each page is asked twice: first with an empty cache (the group figures are computed from one
read of the quarterly figures: three queries in activation.selectors), then again (they come
from the cache). Both counts are pinned, for 8 and for 16 quarters of figures.
"""

import pytest
from django.core.cache import caches

from activation.demo import create_demo_results
from activation.quarters import Quarter

pytestmark = pytest.mark.django_db

# Every page: session, user, role (groups), scope; the demo banner. An OCMW user's own local
# governments with their provinces are read once per request: the header's scope description,
# the access check of its dashboards and of the groups it may open all use them.
# Municipality dashboard, warm (8): the above + own local governments; quarters and versions of
# the figures and groups; the version of meetings and outputs for the consultation beside the
# figures. Cold (17): + comparison groups and their members (2); local governments' lifetimes,
# mergers and the quarterly figures (3); imports of the figures shown; the consultation:
# recent meetings, open actions and their open and overdue counts (3).
MUNICIPALITY = (17, 8)
# A merged municipality shows earlier quarters as sums: + the mergers for its note.
MERGED_MUNICIPALITY = (18, 9)
# Overview for all Flanders, warm (8): session, user, role, scope; the municipalities in scope;
# quarters and versions; names for the map; demo banner. Cold (12): + group memberships (filters
# and referentieregio's) and the figures of the quarter (3).
OVERVIEW = (12, 8)
# Group page, warm (8): session, user, role, scope; own local governments (header, the groups
# the user may open, which members it may open); the group; quarters and versions; demo banner.
# Cold (15): + the group's members, the group's figures (3) and the quarter's figures (3).
GROUP = (15, 8)


@pytest.fixture(params=[Quarter(2022, 4), Quarter(2024, 4)], ids=["8-quarters", "16-quarters"])
def figures(request, db):
    create_demo_results(3, last=request.param)
    return request.param


def counts(client, url, django_assert_num_queries, expected):
    cold, warm = expected
    caches["dashboards"].clear()
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(warm):
        assert client.get(url).status_code == 200


def test_municipality_dashboard(login, ocmw_gent, figures, django_assert_num_queries):
    counts(login(ocmw_gent), "/dashboards/44021/", django_assert_num_queries, MUNICIPALITY)


def test_merged_municipality_dashboard(login, ocmw_pajottegem, figures, django_assert_num_queries):
    url = "/dashboards/23106/"
    counts(login(ocmw_pajottegem), url, django_assert_num_queries, MERGED_MUNICIPALITY)


def test_municipality_dashboard_of_an_earlier_quarter(
    login, ocmw_gent, figures, django_assert_num_queries
):
    url = "/dashboards/44021/?kwartaal=2022-K3"
    counts(login(ocmw_gent), url, django_assert_num_queries, MUNICIPALITY)


def test_overview(login, nm_vlaanderen, figures, django_assert_num_queries):
    counts(login(nm_vlaanderen), "/dashboards/", django_assert_num_queries, OVERVIEW)


def test_group_page(login, ocmw_gent, figures, django_assert_num_queries):
    url = "/dashboards/groepen/vlaanderen/"
    counts(login(ocmw_gent), url, django_assert_num_queries, GROUP)


def test_a_new_import_is_shown_at_once(login, ocmw_gent, figures):
    """The cache is keyed on the figures' version: an import shows at once."""
    from activation.models import ImportBatch, QuarterlyResult

    client = login(ocmw_gent)
    client.get("/dashboards/44021/")
    batch = ImportBatch.objects.create(
        file_name="correctie.csv", sha256="1" * 64, status="verwerkt", result_status="definitief"
    )
    QuarterlyResult.objects.filter(local_government="44021", quarter=figures).update(
        llg_totaal=2000,
        llg_ingeschreven=1000,
        llg_in_traject=500,
        llg_uitstroom_werk=123,
        llg_duurzaam_werk=None,
        import_batch=batch,
    )
    html = client.get("/dashboards/44021/").content.decode()
    assert "123 van 1.000" in html


def test_a_new_member_of_a_group_is_counted_at_once(login, ocmw_gent, figures):
    """The cache is keyed on the groups' version too: an uploaded group shows at once."""
    from activation.models import BenchmarkGroup

    client = login(ocmw_gent)
    assert "Regio Noord" not in client.get("/dashboards/44021/").content.decode()
    group = BenchmarkGroup.objects.create(code="regio-noord", name="Regio Noord", kind="eigen")
    group.members.add("44021", "41002")
    assert "Regio Noord" in client.get("/dashboards/44021/").content.decode()
