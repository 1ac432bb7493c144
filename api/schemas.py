"""What the API answers, field by field: the OpenAPI schema is generated from these classes.

Field names are Dutch, as the import columns and the pages are; counts keep the import's
column names (llg_totaal, ...) and rates the indicators' codes.
"""

import datetime

from ninja import Schema
from pydantic import Field


class Fout(Schema):
    detail: str = Field(description="Wat er mis is, in het Nederlands.")


class Lijst(Schema):
    aantal: int = Field(description="Het aantal resultaten over alle pagina's.")
    pagina: int
    per_pagina: int
    paginas: int
    volgende: str | None = Field(description="Het adres van de volgende pagina, of null.")
    vorige: str | None = Field(description="Het adres van de vorige pagina, of null.")


class Provincie(Schema):
    code: str
    naam: str


class Gemeente(Schema):
    nis_code: str
    naam: str
    provincie: Provincie
    inwoners: int | None
    bestaat_sinds: datetime.date | None
    bestaat_tot: datetime.date | None = Field(description="null voor een huidig lokaal bestuur.")


class GemeenteDetail(Gemeente):
    groepen: list[str] = Field(description="De codes van de groepen waarmee het vergeleken wordt.")
    voorgangers: list[str] = Field(description="De NIS-codes van de gemeenten die erin opgingen.")


class Gemeenten(Lijst):
    resultaten: list[Gemeente]


class Groep(Schema):
    code: str
    naam: str
    soort: str
    anker: str | None = Field(
        description="Voor aangrenzende gemeenten: de NIS-code van de gemeente."
    )
    aantal_leden: int


class Lid(Schema):
    nis_code: str
    naam: str
    provincie: str


class GroepDetail(Groep):
    omschrijving: str
    leden: list[Lid]


class Groepen(Lijst):
    resultaten: list[Groep]


class Graad(Schema):
    waarde: float | None = Field(
        description="Percentage, op één decimaal; null als het onbekend is of niet getoond wordt."
    )
    niet_getoond: str | None = Field(
        description="„n<10” als de noemer onder de drempel ligt (0 inbegrepen); anders null."
    )


class Cijfer(Schema):
    nis_code: str
    gemeente: str
    kwartaal: str = Field(examples=["2025-K2"])
    volledig: bool = Field(
        description="Of u de aantallen van dit lokaal bestuur ziet: alleen binnen uw bereik; "
        "daarbuiten enkel de percentages."
    )
    llg_totaal: int | None
    llg_ingeschreven: int | None
    llg_in_traject: int | None
    llg_uitstroom_werk: int | None
    llg_duurzaam_werk: int | None
    inschrijvingsgraad: Graad
    trajectgraad: Graad
    uitstroomgraad: Graad
    duurzaamheidsgraad: Graad
    llg_per_1000: float | None = Field(
        description="Leefloongerechtigden per 1.000 inwoners (bevolking op 1 januari 2020), op "
        "één decimaal; null zonder aantal leefloongerechtigden."
    )
    status: str | None = Field(description="voorlopig, definitief, of null zonder cijfers.")
    bronnen: list[int] = Field(description="De nummers van de imports waarop het cijfer steunt.")
    delen: list[str] = Field(
        description="De NIS-codes waarvan het cijfer de som is (vóór een fusie: de voorgangers)."
    )


class Cijfers(Lijst):
    resultaten: list[Cijfer]


class Groepcijfer(Schema):
    groep: str
    groep_naam: str
    kwartaal: str
    indicator: str
    waarde: float | None = Field(description="De gepoolde groepswaarde (%), of null.")
    mediaan: float | None = Field(description="De ongewogen mediaan van de leden (%), of null.")
    teller: int | None = Field(
        description="Som van de tellers; alleen als u alle leden van de groep volledig ziet."
    )
    noemer: int | None = Field(
        description="Som van de noemers; alleen als u alle leden van de groep volledig ziet."
    )
    gemeenten_met_cijfers: int
    gemeenten_in_groep: int
    niet_getoond: str | None = Field(
        description="„te weinig gemeenten” (minder dan 3 met cijfers) of „n<10”; anders null."
    )
    status: str | None
    bronnen: list[int]


class Groepcijfers(Lijst):
    resultaten: list[Groepcijfer]


class Orgaan(Schema):
    id: int
    code: str
    naam: str
    niveau: str
    soort: str
    provincie: str | None
    regio: str
    organisator: str
    doel_per_jaar: int | None


class Overlegorganen(Lijst):
    resultaten: list[Orgaan]


class OrgaanKort(Schema):
    id: int
    code: str
    naam: str


class Vergadering(Schema):
    id: int
    orgaan: OrgaanKort
    datum: datetime.date
    beginuur: datetime.time | None
    einduur: datetime.time | None
    plaats: str
    online: bool
    status: str
    themas: list[str]
    aanwezige_besturen: list[str] = Field(description="NIS-codes van de aanwezige besturen.")


class Deelnemers(Schema):
    rol: str
    aantal: int


class VergaderingDetail(Vergadering):
    agenda: list[str]
    verslag: str = Field(description="De tekst van het verslag (zonder bijlagen).")
    deelnemers: list[Deelnemers]
    output: list[int] = Field(description="De nummers van de output van deze vergadering.")


class Vergaderingen(Lijst):
    resultaten: list[Vergadering]


class Opvolging(Schema):
    van: str
    naar: str
    reden: str
    datum: datetime.date


class OutputItem(Schema):
    id: int
    vergadering: int
    orgaan: OrgaanKort
    soort: str
    titel: str
    omschrijving: str
    eigenaar: str
    uiterste_datum: datetime.date | None
    status: str
    status_label: str
    opvolging: list[Opvolging]


class Outputs(Lijst):
    resultaten: list[OutputItem]
