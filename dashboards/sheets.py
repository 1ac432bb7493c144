"""The dashboards' downloads: the figures a page shows, as sheets for ocmw_portal.exports.

Headers are Dutch; rates are percentages rounded as on the page (12,3 % → 12.3), a suppressed
rate is the text "n<10" as on the page, an unknown figure an empty cell.
"""

from django.utils import timezone

from activation.indicators import COUNT_FIELDS, COUNT_LABELS, INDICATORS
from dashboards.formatting import percent_value, suppressed_label
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
        "Een percentage met een noemer onder de drempel wordt niet getoond en telt niet mee in "
        "rangen, medianen en de kaart; de aantallen tellen wel mee in de groepswaarde.",
    ),
    (
        "Huidige grenzen",
        "Cijfers van vóór een fusie zijn de som van de gemeenten die nu samen het lokaal bestuur "
        "vormen.",
    ),
]


def rate_cell(rate):
    if rate.suppressed:
        return suppressed_label()
    return percent_value(rate.value)


def rate_headers():
    return [f"{indicator.label} (%)" for indicator in INDICATORS]


def count_headers():
    return [COUNT_LABELS[name] for name in COUNT_FIELDS]


def _figures(row):
    return [
        *(row[name] for name in COUNT_FIELDS),
        *(rate_cell(row[indicator.code]) for indicator in INDICATORS),
        row["status"],
    ]


def municipality_results(report, rows):
    return Sheet(
        "Cijfers",
        ["NIS-code", "Lokaal bestuur", "Kwartaal", *count_headers(), *rate_headers(), "Status"],
        [
            [
                report.local_government.pk,
                report.local_government.name,
                row["quarter"],
                *_figures(row),
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
        ],
        [
            [
                card.indicator.label,
                str(report.quarter),
                rate_cell(card.rate),
                card.status_label,
                percent_value(card.change_previous),
                percent_value(card.change_year),
            ]
            for card in report.cards
        ],
    )


def municipality_positions(report):
    rows = []
    for panel in report.panels:
        for comparison in panel.comparisons:
            position = comparison.position
            rows.append(
                [
                    panel.indicator.label,
                    comparison.group.name,
                    position.rank,
                    position.ranked,
                    percent_value(position.median),
                    percent_value(position.pooled),
                ]
            )
    return Sheet(
        f"Positie {report.quarter}",
        ["Indicator", "Groep", "Rang", "Van", "Mediaan (%)", "Groepswaarde (%)"],
        rows,
    )


def overview_results(quarter, rows):
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
        ],
        [
            [
                row["nis_code"],
                row["name"],
                row["province"],
                row["region"],
                row["quarter"],
                *_figures(row),
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
    rows += [[name, text, "", ""] for name, text in RULES]
    return Sheet("Definities", ["Begrip", "Definitie", "Teller", "Noemer"], rows)


def provenance(batches, per_quarter=None):
    """Which import last changed the figures, and when; per quarter when `per_quarter` is given."""
    by_id = {batch.pk: batch for batch in batches}

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
            [describe(batch) for batch in batches],
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
