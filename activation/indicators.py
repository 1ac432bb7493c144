"""The one indicator registry: dashboards, exports and the import template all read it."""

from dataclasses import dataclass

# The count columns of the import file and of QuarterlyResult (DESIGN.md section 5), in order.
COUNT_FIELDS = [
    "llg_totaal",
    "llg_ingeschreven",
    "llg_in_traject",
    "llg_uitstroom_werk",
    "llg_duurzaam_werk",
]

COUNT_LABELS = {
    "llg_totaal": "Leefloongerechtigden",
    "llg_ingeschreven": "Ingeschreven bij VDAB",
    "llg_in_traject": "In begeleiding of traject",
    "llg_uitstroom_werk": "Uitstroom naar werk",
    "llg_duurzaam_werk": "Duurzaam aan het werk (na 6 maanden)",
}

# Rules between counts: (smaller, larger) means smaller ≤ larger.
COUNT_RULES = [
    ("llg_ingeschreven", "llg_totaal"),
    ("llg_in_traject", "llg_ingeschreven"),
    ("llg_uitstroom_werk", "llg_ingeschreven"),
    ("llg_duurzaam_werk", "llg_uitstroom_werk"),
]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    numerator: str
    denominator: str
    definition: str
    higher_is_better: bool = True
    # How a value is shown: a percentage, or per mille for the context indicator.
    unit: str = "%"

    def rate(self, numerator, denominator):
        """The rate as a fraction, or None when a count is unknown or the denominator is 0."""
        if numerator is None or denominator in (None, 0):
            return None
        return numerator / denominator


INDICATORS = [
    Indicator(
        "inschrijvingsgraad",
        "Inschrijvingsgraad",
        "llg_ingeschreven",
        "llg_totaal",
        "Aandeel van de leefloongerechtigden dat ingeschreven is bij VDAB.",
    ),
    Indicator(
        "trajectgraad",
        "Trajectgraad",
        "llg_in_traject",
        "llg_ingeschreven",
        "Aandeel van de ingeschreven leefloongerechtigden in begeleiding of een activeringstraject "
        "dit kwartaal.",
    ),
    Indicator(
        "uitstroomgraad",
        "Uitstroomgraad naar werk",
        "llg_uitstroom_werk",
        "llg_ingeschreven",
        "Aandeel van de ingeschreven leefloongerechtigden dat dit kwartaal uitstroomde naar werk.",
    ),
    Indicator(
        "duurzaamheidsgraad",
        "Duurzaamheidsgraad",
        "llg_duurzaam_werk",
        "llg_uitstroom_werk",
        "Aandeel van wie uitstroomde naar werk dat zes maanden later nog aan het werk is.",
    ),
]

# The population that the context indicator divides by: LocalGovernment.population, on 1 January
# of this year (for a municipality formed in 2025, the sum of its former municipalities).
POPULATION_YEAR = 2020

# The funnel's context: how many inhabitants live on a leefloon. Not a rate of the funnel (it
# has no place in the groups' rankings), but stored with the figures (CurrentResult) and shown
# on the dashboard, the overview, the map and in the exports.
PER_THOUSAND = Indicator(
    "llg_per_1000",
    "Leefloongerechtigden per 1.000 inwoners",
    "llg_totaal",
    "population",
    "Aantal leefloongerechtigden per 1.000 inwoners, met de bevolking op 1 januari "
    f"{POPULATION_YEAR}.",
    higher_is_better=False,
    unit="‰",
)

# What the overview's map can show: the four rates, then the context indicator.
MAP_INDICATORS = [*INDICATORS, PER_THOUSAND]

BY_CODE = {indicator.code: indicator for indicator in MAP_INDICATORS}


def per_thousand(llg_totaal, population):
    """Leefloongerechtigden per 1.000 inwoners rounded to one decimal, as stored and shown; None
    when either is unknown or there are no inhabitants."""
    if llg_totaal is None or not population:
        return None
    return round(llg_totaal / population * 1000, 1)


def get(code):
    return BY_CODE[code]
