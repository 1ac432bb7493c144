"""The API's query parameters, read with Dutch messages: a bad value is a 400 (BadParameter),
never a silent default."""

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.errors import HttpError

from activation.models import Province
from activation.quarters import InvalidQuarter, Quarter

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000


class BadParameter(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(400, message)


def quarter(text: str, name: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except InvalidQuarter as error:
        raise BadParameter(f"Parameter {name}: {error}") from None


@dataclass(frozen=True)
class QuarterRange:
    """The quarters asked for with kwartaal=, or van= and tot=; both ends None: every quarter."""

    first: Quarter | None
    last: Quarter | None


def quarter_range(kwartaal: str | None, van: str | None, tot: str | None) -> QuarterRange:
    if kwartaal and (van or tot):
        raise BadParameter("Kies kwartaal= of een periode met van= en tot=, niet beide.")
    if kwartaal:
        one = quarter(kwartaal, "kwartaal")
        return QuarterRange(one, one)
    first = quarter(van, "van") if van else None
    last = quarter(tot, "tot") if tot else None
    if first and last and first > last:
        raise BadParameter(f"Parameter van ({first}) ligt na tot ({last}).")
    return QuarterRange(first, last)


def date(text: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise BadParameter(
            f"Parameter {name}: '{text[:20]}' is geen datum: schrijf ze als 2024-12-31."
        ) from None


def date_range(
    van: str | None, tot: str | None
) -> tuple[datetime.date | None, datetime.date | None]:
    first = date(van, "van") if van else None
    last = date(tot, "tot") if tot else None
    if first and last and first > last:
        raise BadParameter(f"Parameter van ({first:%d-%m-%Y}) ligt na tot ({last:%d-%m-%Y}).")
    return first, last


def province(text: str) -> Province:
    """A province by its NIS code (40000) or its name (Oost-Vlaanderen, case-insensitive)."""
    text = text.strip()
    found = Province.objects.filter(code=text).first() or (
        Province.objects.filter(name__iexact=text).first()
    )
    if found is None:
        raise BadParameter(
            f"Parameter provincie: '{text[:40]}' is geen provincie: geef haar NIS-code "
            "(bv. 40000) of naam (bv. Oost-Vlaanderen)."
        )
    return found


@dataclass(frozen=True)
class Page:
    """One page of a list: its items and the answer's envelope."""

    items: list[Any]
    envelope: dict[str, Any]


def page(request: HttpRequest, items: QuerySet[Any], pagina: int, per_pagina: int) -> Page:
    """Page `pagina` (from 1) of `items`, `per_pagina` at a time (1 to MAX_PER_PAGE): a count
    and a slice, two queries however large the page."""
    if not 1 <= per_pagina <= MAX_PER_PAGE:
        raise BadParameter(f"Parameter per_pagina: kies 1 tot {MAX_PER_PAGE}.")
    if pagina < 1:
        raise BadParameter("Parameter pagina: de eerste pagina is 1.")
    total = items.count()
    pages = max(1, -(-total // per_pagina))
    if pagina > pages:
        raise BadParameter(
            f"Parameter pagina: pagina {pagina} bestaat niet; er zijn er {pages} "
            f"({total} resultaten, {per_pagina} per pagina)."
        )
    start = (pagina - 1) * per_pagina
    rows = list(items[start : start + per_pagina])

    def link(number: int) -> str:
        query = request.GET.copy()
        query["pagina"] = str(number)
        query["per_pagina"] = str(per_pagina)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return Page(
        rows,
        {
            "aantal": total,
            "pagina": pagina,
            "per_pagina": per_pagina,
            "paginas": pages,
            "volgende": link(pagina + 1) if pagina < pages else None,
            "vorige": link(pagina - 1) if pagina > 1 else None,
        },
    )
