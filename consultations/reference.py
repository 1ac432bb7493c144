"""The consultation bodies named in the Minister of Work's answer to the written question on the
strengthened activation of OCMW clients (Vlaams Parlement; the learning-network table of answer 1).

The forums of the cooperation agreements (micro level) are not listed here: one exists per
agreement and is created with it (consultations.services.ensure_forum).

`coverage` says which local governments a body covers:
- "flanders": all current Flemish local governments;
- "province": the current local governments of `province`;
- "arrondissements:41,45": those of the province whose NIS code starts with one of the prefixes
  (the first two digits of a REFNIS code are its arrondissement);
- "none": no local government (interfederal bodies of governments).
"""

from dataclasses import dataclass

from consultations.models import ConsultationBody, Level

Kind = ConsultationBody.Kind

ANTWERPEN = "10000"
VLAAMS_BRABANT = "20001"
WEST_VLAANDEREN = "30000"
OOST_VLAANDEREN = "40000"
LIMBURG = "70000"

PROVINCE_NAMES = {
    ANTWERPEN: "Antwerpen",
    VLAAMS_BRABANT: "Vlaams-Brabant",
    WEST_VLAANDEREN: "West-Vlaanderen",
    OOST_VLAANDEREN: "Oost-Vlaanderen",
    LIMBURG: "Limburg",
}

# The forums: "De resultaten ... worden kwartaalgewijs via een dashboard lokale besturen
# teruggekoppeld in de overlegfora die gekoppeld zijn aan de SO'n (micro-niveau)."
FORUM_TARGET_PER_YEAR = 4
FORUM_ORGANISER = "VDAB en het lokaal bestuur"
FORUM_PARTICIPANTS = "VDAB en het lokaal bestuur (OCMW), partners van de samenwerkingsovereenkomst"
FORUM_FREQUENCY = "Kwartaalgewijs: terugkoppeling van het dashboard lokale besturen"
FORUM_DESCRIPTION = (
    "Overlegforum gekoppeld aan de samenwerkingsovereenkomst VDAB & Lokale Besturen. "
    "Op strategisch vlak wordt hier de activering van leefloongerechtigden besproken; de "
    "resultaten worden kwartaalgewijs teruggekoppeld via het dashboard lokale besturen."
)


@dataclass(frozen=True)
class BodySpec:
    code: str
    name: str
    level: str
    kind: str
    organiser: str
    participants: str
    coverage: str
    province: str | None = None
    region: str = ""
    target_per_year: int | None = None
    frequency_note: str = ""
    description: str = ""
    sort_order: int = 100


def _provincial_working_group(code, sort_order):
    name = PROVINCE_NAMES[code]
    return BodySpec(
        code=f"provinciale-werkgroep-{name.lower()}",
        name=f"Provinciale werkgroep {name}",
        level=Level.MESO,
        kind=Kind.PROVINCIAL_WORKING_GROUP,
        province=code,
        organiser="VDAB",
        participants="Lokale besturen en sociale partners",
        coverage="province",
        frequency_note="Geen vaste frequentie vastgelegd",
        description=(
            "Meso-niveau: in de provinciale werkgroepen met lokale besturen en sociale partners "
            "komen activeringsresultaten aan bod."
        ),
        sort_order=sort_order,
    )


LEARNING_NETWORK_ORGANISER_IDV = (
    "Teamleider Intensieve Dienstverlening met een projectopvolger en een provinciale expert"
)

BODIES = [
    BodySpec(
        code="centrale-werkgroep-lokale-besturen",
        name="Centrale werkgroep lokale besturen",
        level=Level.MACRO,
        kind=Kind.CENTRAL_WORKING_GROUP,
        organiser="Gedelegeerd bestuurder VDAB",
        participants="Afgevaardigden van VVSG, lokale besturen en sociale partners",
        coverage="flanders",
        target_per_year=4,
        frequency_note="Kwartaalgewijs",
        description=(
            "Macro-niveau: centrale werkgroep met afgevaardigden van VVSG, lokale besturen en "
            "sociale partners, kwartaalgewijs georganiseerd door de gedelegeerd bestuurder van "
            "VDAB. Beleidsmatige signalen worden bottom-up gecapteerd."
        ),
        sort_order=10,
    ),
    _provincial_working_group(ANTWERPEN, 20),
    _provincial_working_group(LIMBURG, 21),
    _provincial_working_group(OOST_VLAANDEREN, 22),
    _provincial_working_group(VLAAMS_BRABANT, 23),
    _provincial_working_group(WEST_VLAANDEREN, 24),
    BodySpec(
        code="werkoverleg-antwerpen",
        name="Werkoverleg OCMW–VDAB Antwerpen",
        level=Level.OPERATIONAL,
        kind=Kind.WORK_MEETING,
        province=ANTWERPEN,
        organiser=(
            "VDAB i.s.m. lokale besturen: bestaande 'werkoverleggen'; de netwerkmanager van VDAB "
            "neemt een prominente rol op"
        ),
        participants="Netwerkmanager, OCMW-begeleiders, VDAB-bemiddelaars, teamleiders",
        coverage="province",
        target_per_year=None,
        frequency_note="Geen streefdoel: bestaande werkoverleggen worden gecontinueerd",
        description=(
            "In de provincie Antwerpen is het nieuwe concept van Lerende Netwerken niet "
            "geïmplementeerd. De bestaande werkoverleggen tussen OCMW en VDAB worden "
            "gecontinueerd; de projectopvolgers zijn er niet bij betrokken."
        ),
        sort_order=40,
    ),
    BodySpec(
        code="lerend-netwerk-limburg",
        name="Lerend netwerk Limburg",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=LIMBURG,
        region="Volledige provincie",
        organiser=(
            "Werkgroep geleid door de manager Intensieve Dienstverlening met 4 "
            "vertegenwoordigers van de OCMW's"
        ),
        participants=(
            "Trajectbegeleiders en diensthoofden van de OCMW's, bemiddelaars Intensieve "
            "Dienstverlening (IDV) van VDAB en teamleiders"
        ),
        coverage="province",
        target_per_year=4,
        frequency_note=(
            "4 x per jaar, steeds voor de volledige provincie: 2 keer als LSB-vergadering "
            "(lokaal sociaal beleid) in de originele samenstelling, 2 keer als lerend netwerk "
            "OCMW/VDAB"
        ),
        description=(
            "De Limburgse OCMW's kwamen al 4 keer per jaar samen in een LSB-vergadering; in "
            "samenspraak met hun stuurgroep werden de lerende netwerken daaraan gekoppeld."
        ),
        sort_order=41,
    ),
    BodySpec(
        code="lerend-netwerk-gent-eeklo",
        name="Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=OOST_VLAANDEREN,
        region="Gent/Eeklo",
        organiser="Netwerkmanager van de provincie Oost-Vlaanderen",
        participants=(
            "De consulenten van alle OCMW's, behalve Gent: daar de verantwoordelijke begeleiders"
        ),
        coverage="arrondissements:43,44",
        target_per_year=3,
        frequency_note="3 x per jaar, in 3 verschillende regio's",
        sort_order=42,
    ),
    BodySpec(
        code="lerend-netwerk-aalst-oudenaarde",
        name="Lerend netwerk Oost-Vlaanderen, regio Aalst/Oudenaarde",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=OOST_VLAANDEREN,
        region="Aalst/Oudenaarde",
        organiser="Netwerkmanager van de provincie Oost-Vlaanderen",
        participants="OCMW-consulenten en teamleiders",
        coverage="arrondissements:41,45",
        target_per_year=3,
        frequency_note="3 x per jaar, in 3 verschillende regio's",
        sort_order=43,
    ),
    BodySpec(
        code="lerend-netwerk-waas-en-dender",
        name="Lerend netwerk Oost-Vlaanderen, regio Waas en Dender",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=OOST_VLAANDEREN,
        region="Waas en Dender (Sint-Niklaas/Dendermonde)",
        organiser="Netwerkmanager van de provincie Oost-Vlaanderen",
        participants="OCMW-consulenten en teamleiders",
        coverage="arrondissements:42,46",
        target_per_year=3,
        frequency_note="3 x per jaar, in 3 verschillende regio's",
        sort_order=44,
    ),
    BodySpec(
        code="lerend-netwerk-west-vlaanderen",
        name="Lerend netwerk West-Vlaanderen",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=WEST_VLAANDEREN,
        region="Afwisselend per regio",
        organiser=LEARNING_NETWORK_ORGANISER_IDV,
        participants="Samenkomst van een groep OCMW-medewerkers en VDAB-bemiddelaars",
        coverage="province",
        target_per_year=3,
        frequency_note="Streefdoel 3 x per jaar, afwisselend per regio",
        sort_order=45,
    ),
    BodySpec(
        code="lerend-netwerk-vlaams-brabant",
        name="Lerend netwerk Vlaams-Brabant",
        level=Level.OPERATIONAL,
        kind=Kind.LEARNING_NETWORK,
        province=VLAAMS_BRABANT,
        region="Afhankelijk van de regio",
        organiser=LEARNING_NETWORK_ORGANISER_IDV,
        participants=(
            "OCMW's bevestigen in de agenda hun aanwezigheid; opkomst en deelnemerspubliek "
            "zijn wisselend"
        ),
        coverage="province",
        target_per_year=3,
        frequency_note="Streefdoel 3 x per jaar, maar eveneens afhankelijk van de regio",
        sort_order=46,
    ),
    BodySpec(
        code="imc-werk",
        name="Interministeriële conferentie (IMC) Werk",
        level=Level.INTERFEDERAL,
        kind=Kind.IMC,
        organiser="Federale regering en de regio's",
        participants="Ministers van Werk van de federale overheid en de gewesten en gemeenschappen",
        coverage="none",
        frequency_note="Geen vaste frequentie",
        description=(
            "Afspraak over de aanpak van voorstellen voor asymmetrisch beleid (december 2021); "
            "afspraken met het federale niveau over de activering van leefloongerechtigden "
            "(december 2023)."
        ),
        sort_order=60,
    ),
    BodySpec(
        code="interfederaal-platform",
        name="Interfederaal platform",
        level=Level.INTERFEDERAL,
        kind=Kind.PLATFORM,
        organiser="VDAB (leiding), samen met een politieke werkgroep",
        participants="Alle regio's en de federale regering",
        coverage="none",
        frequency_note="Geen vaste frequentie; per bijeenkomst 1 prioritaire fiche per entiteit",
        description=(
            "Opgericht na de IMC Werk van december 2021 om de voorstellen van de regio's voor "
            "asymmetrisch beleid te onderzoeken. Bij elke bijeenkomst mag elke entiteit 1 fiche "
            "als prioriteit naar voren schuiven; Vlaanderen schoof uit zijn 29 voorstellen 15 "
            "prioriteiten naar voren."
        ),
        sort_order=61,
    ),
]
