"""Lists shown page by page, with or without a filter: what templates/partials/pagination.html
and templates/partials/filters.html read."""

from collections.abc import Sequence
from typing import Any

import django_filters
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# The query parameter of the page number, in every list.
PAGE_PARAMETER = "pagina"


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *, per_page: int
) -> dict[str, Any]:
    """{"page": the requested page of `items`, "query": the request's other parameters, for the
    links to the other pages}. A page number that is no number gives the first page, one out
    of range the last."""
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return {
        "page": Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER)),
        "query": query.urlencode(),
    }


def filter_and_paginate(
    request: HttpRequest,
    filterset_class: type[django_filters.FilterSet],
    queryset: QuerySet[Any],
    *,
    per_page: int,
    **filter_kwargs: Any,
) -> dict[str, Any]:
    """paginate() of `queryset` filtered by the request's parameters, with "filter": the filter
    set, for its form. Without parameters everything is listed; with a parameter the filter
    refuses, nothing (the form says why)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, **filter_kwargs)
    items = queryset
    if filterset.is_bound:
        items = filterset.qs if filterset.is_valid() else queryset.none()
    return {"filter": filterset, **paginate(request, items, per_page=per_page)}
