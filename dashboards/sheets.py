"""The dashboards' downloads: the figures a page shows, as sheets for ocmw_portal.exports.

Headers are Dutch; rates are percentages rounded as on the page (12,3 % → 12.3), a withheld
rate is the text "n<10" or "te weinig gemeenten" as on the page, an unknown figure an empty cell.
Every sheet of figures names their status and their source (the imports, with their date); a
group figure also its coverage.
"""

from django.utils import timezone

from activation.indicators import (
    COUNT_FIELDS,
    COUNT_LABELS,
    INDICATORS,
    PER_THOUSAND,
    POPULATION_YEAR,
)
from activation.models import GroupFigure
from dashboards.formatting import FEW_MEMBERS, suppressed_label
from dashboards.report_parts import source_text
from ocmw_portal.exports import Sheet

RULES = [
    (
        "Groepswaarde",
        "Som van de tellers gedeeld door de som van de noemers, over de leden van de groep die "
        "beide cijfers hebben (gepoold).",
    ),
    ("Mediaan", "De ongewogen mediaan van de percentages van de leden van de groep."),
    (
        "Rang",
        "De plaats (1 = hoogste percentage) onder de leden van de groep en het lokaal bestuur "
        "zelf; gelijke percentages delen een rang.",
    ),
    (
        "n<10",
        "Een percentage met een noemer onder de drempel (0 inbegrepen) wordt niet getoond en telt "
        "niet mee in rangen, medianen en de kaart; de aantallen tellen wel mee in de groepswaarde. "
        "Dezelfde regel geldt voor een groepswaarde.",
    ),
    (
        "Te weinig gemeenten",
        "Een groepswaarde van minder dan 3 gemeenten met cijfers wordt niet getoond, net als haar "
        "aantallen, mediaan en rangen.",
    ),
    ("Dekking", "Hoeveel leden van de groep cijfers hebben, van alle leden."),
    ("Bron", "De imports waarop een cijfer steunt, met hun datum."),
    (
        "Huidige grenzen",
        "Cijfers van vóór een fusie zijn de som van de gemeenten die nu samen het lokaal bestuur "
        "vormen.",
    ),
]


def rate_cell(rate):
    if rate.small:
        return suppressed_label()
    return rate.value


def group_cell(figure, value):
    """A group figure's rate or median as the page shows it."""
    if figure is None:
        return None
    if figure.withheld == GroupFigure.Withheld.FEW_MEMBERS:
        return FEW_MEMBERS
    if figure.withheld == GroupFigure.Withheld.SMALL_DENOMINATOR:
        return suppressed_label()
    return value


# The population year is named in the definitions sheet (the table's column on the page has the
# same name).
PER_THOUSAND_HEADER = f"{PER_THOUSAND.label} (‰)"


def rate_headers():
    """The four rates, then the context indicator."""
    return [*(f"{indicator.label} (%)" for indicator in INDICATORS), PER_THOUSAND_HEADER]


def count_headers():
    return [COUNT_LABELS[name] for name in COUNT_FIELDS]


def _figures(row, batches):
    return [
        *(row[name] for name in COUNT_FIELDS),
        *(rate_cell(row[indicator.code]) for indicator in INDICATORS),
        row[PER_THOUSAND.code],
        row["status"],
        source_text(row["sources"], batches),
    ]


def municipality_results(report, rows, batches):
    return Sheet(
        "Cijfers",
        [
            "NIS-code",
            "Lokaal bestuur",
            "Kwartaal",
            *count_headers(),
            *rate_headers(),
            "Status",
            "Bron",
        ],
        [
            [
                report.local_government.pk,
                report.local_government.name,
                row["quarter"],
                *_figures(row, batches),
            ]
            for row in rows
        ],
    )


def municipality_cards(report):
    return Sheet(
        f"Kerncijfers {report.quarter}",
        [
            "Indicator",
            "Kwartaal",
            "Waarde (%)",
            "Status",
            "Verschil met vorig kwartaal (procentpunt)",
            "Verschil met een jaar eerder (procentpunt)",
            "Bron",
        ],
        [
            [
                card.indicator.label,
                str(report.quarter),
                rate_cell(card.rate),
                card.status_label,
                card.change_previous,
                card.change_year,
                card.sources,
            ]
            for card in report.cards
        ],
    )


def municipality_positions(report, batches):
    rows = []
    for panel in report.panels:
        for comparison in panel.comparisons:
            figure = comparison.figure
            rows.append(
                [
                    panel.indicator.label,
                    comparison.group.name,
                    comparison.rank,
                    comparison.ranked if comparison.rank else None,
                    "ja" if comparison.shared else "",
                    group_cell(figure, figure.median if figure else None),
                    group_cell(figure, figure.rate if figure else None),
                    figure.members_reporting if figure else None,
                    figure.members_total if figure else None,
                    comparison.status,
                    source_text(figure.sources, batches) if figure else "",
                ]
            )
    return Sheet(
        f"Positie {report.quarter}",
        [
            "Indicator",
            "Groep",
            "Rang",
            "Van",
            "Gedeelde rang",
            "Mediaan (%)",
            "Groepswaarde (%)",
            "Gemeenten met cijfers",
            "Gemeenten in de groep",
            "Status",
            "Bron",
        ],
        rows,
    )


def overview_results(quarter, rows, batches):
    return Sheet(
        f"Overzicht {quarter}" if quarter else "Overzicht",
        [
            "NIS-code",
            "Lokaal bestuur",
            "Provincie",
            "Referentieregio",
            "Kwartaal",
            *count_headers(),
            *rate_headers(),
            "Status",
            "Bron",
        ],
        [
            [
                row["nis_code"],
                row["name"],
                row["province"],
                row["region"],
                row["quarter"],
                *_figures(row, batches),
            ]
            for row in rows
        ],
    )


def definitions():
    rows = [
        [
            indicator.label,
            indicator.definition,
            COUNT_LABELS[indicator.numerator],
            COUNT_LABELS[indicator.denominator],
        ]
        for indicator in INDICATORS
    ]
    rows.append(
        [
            PER_THOUSAND.label,
            PER_THOUSAND.definition,
            COUNT_LABELS[PER_THOUSAND.numerator],
            f"Inwoners op 1 januari {POPULATION_YEAR} (per 1.000)",
        ]
    )
    rows += [[name, text, "", ""] for name, text in RULES]
    return Sheet("Definities", ["Begrip", "Definitie", "Teller", "Noemer"], rows)


def provenance(batches, per_quarter=None):
    """The imports the figures rest on, and when; per quarter when `per_quarter` is given.

    `batches` is {pk: ImportRecord} (dashboards.selectors.import_batches).
    """
    by_id = batches

    def describe(batch):
        return [
            batch.file_name,
            timezone.localtime(batch.created_at).strftime("%d-%m-%Y %H:%M"),
            batch.username,
        ]

    if per_quarter is None:
        return Sheet(
            "Herkomst",
            ["Importbestand", "Geïmporteerd op", "Door"],
            [describe(batch) for batch in batches.values()],
        )
    rows = [
        [str(quarter), status, *describe(by_id[batch_id])]
        for quarter, status, batch_ids in per_quarter
        for batch_id in batch_ids
        if batch_id in by_id
    ]
    return Sheet(
        "Herkomst", ["Kwartaal", "Status", "Importbestand", "Geïmporteerd op", "Door"], rows
    )
