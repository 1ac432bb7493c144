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

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def get(code):
    return BY_CODE[code]
