"""Synthetic consultation and cooperation data for the demo (DESIGN.md section 9).

Fictitious but plausible, and deterministic per seed: agreements for every local government in
both frameworks with their forums, meetings from 2023 to today for every body at about its
target frequency, outputs with their follow-up, and round 1 of the Lokaal ActiveringsPact with
115 local governments in 92 projects, each project within one referentieregio.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User

from activation.demo import seeded_random
from activation.models import (
    LLG_GOAL,
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
)
from consultations.models import (
    ConsultationBody,
    FollowUp,
    Level,
    Meeting,
    Output,
    ParticipantRole,
    Theme,
)
from consultations.planning.selectors import area_on
from consultations.services import ensure_forums, load_consultation_bodies

FIRST_DAY = datetime.date(2023, 1, 1)
Role = ParticipantRole.Role
Kind = Output.Kind
Status = Output.Status
OWNED_KINDS = (Kind.ACTION, Kind.AGREEMENT)

# Bodies without a target in the source document meet about this often in the demo.
DEMO_FREQUENCY = {
    ConsultationBody.Kind.PROVINCIAL_WORKING_GROUP: 3,
    ConsultationBody.Kind.WORK_MEETING: 4,
    ConsultationBody.Kind.PLATFORM: 3,
}
# The IMC Werk agreements the answer mentions: December 2023 (activation of leefloon recipients).
IMC_DATES = [datetime.date(2023, 12, 13), datetime.date(2025, 12, 10)]

PACT_PROJECT_SIZES = [3] * 3 + [2] * 17 + [1] * 72  # 92 projects, 115 local governments

OTHER_GOALS = [
    "Werkzoekenden samen begeleiden naar werk via geïntegreerde trajecten",
    "Lokale vacatures en werkplekleren ontsluiten",
    "Tijdelijke werkervaring en sociale economie inzetten",
    "Drempels wegwerken: kinderopvang, mobiliteit en taal",
    "Digitale inclusie van werkzoekenden",
    "Het dashboard lokale besturen gebruiken voor gerichte acties",
]

THEMES = {
    "macro": [
        "Dashboard lokale besturen",
        "Werkingskader 2025–2030",
        "Lokaal ActiveringsPact",
        "Verplichte inschrijving leefloongerechtigden",
    ],
    "meso": [
        "Dashboard lokale besturen",
        "Activeringsresultaten",
        "Lokaal ActiveringsPact",
        "Verplichte inschrijving leefloongerechtigden",
        "Werkingskader 2025–2030",
    ],
    "micro": [
        "Dashboard lokale besturen",
        "Gezamenlijke trajecten",
        "Verplichte inschrijving leefloongerechtigden",
        "Arvastat",
        "Werkplekinstrumenten",
        "Lokaal ActiveringsPact",
    ],
    "operationeel": [
        "Arvastat",
        "Werkplekinstrumenten",
        "Verplichte inschrijving leefloongerechtigden",
        "Taalondersteuning op de werkvloer",
        "Kinderopvang",
        "Digitale vaardigheden",
    ],
    "interfederaal": ["Asymmetrisch beleid", "Activering leefloongerechtigden"],
}

PLACES = {
    "10000": "Antwerpen",
    "20001": "Leuven",
    "30000": "Brugge",
    "40000": "Gent",
    "70000": "Hasselt",
}
REGION_PLACES = {
    "lerend-netwerk-gent-eeklo": ["Gent", "Eeklo"],
    "lerend-netwerk-aalst-oudenaarde": ["Aalst", "Oudenaarde"],
    "lerend-netwerk-waas-en-dender": ["Sint-Niklaas", "Dendermonde"],
    "lerend-netwerk-west-vlaanderen": ["Brugge", "Kortrijk", "Roeselare", "Ieper"],
    "lerend-netwerk-vlaams-brabant": ["Leuven", "Vilvoorde", "Halle"],
}

# (kind, title, owner) per level; {lg} and {province} are filled in.
OUTPUTS = {
    "macro": [
        (
            Kind.SIGNAL,
            "Signaal: drempels bij de verplichte inschrijving van leefloongerechtigden",
            "Gedelegeerd bestuurder VDAB",
        ),
        (
            Kind.SIGNAL,
            "Signaal: nood aan gedeelde gegevens over trajecten van leefloongerechtigden",
            "Gedelegeerd bestuurder VDAB",
        ),
        (
            Kind.AGREEMENT,
            "Afspraak: kwartaalgewijze terugkoppeling via het dashboard lokale besturen",
            "VDAB en VVSG",
        ),
        (
            Kind.GOOD_PRACTICE,
            "Goede praktijk: gezamenlijke intake OCMW–VDAB in centrumsteden",
            "VVSG",
        ),
    ],
    "meso": [
        (
            Kind.SIGNAL,
            "Signaal: wachttijden voor taalopleidingen in {province}",
            "Provinciale directie VDAB {province}",
        ),
        (
            Kind.GOOD_PRACTICE,
            "Goede praktijk: jobbeurs voor leefloongerechtigden in {province}",
            "Provinciale werkgroep {province}",
        ),
        (
            Kind.ACTION,
            "Actie: activeringsresultaten per regio bespreken met de sociale partners",
            "Netwerkmanager VDAB {province}",
        ),
    ],
    "micro": [
        (
            Kind.ACTION,
            "Actie: niet-ingeschreven leefloongerechtigden van {lg} samen screenen",
            "OCMW {lg}",
        ),
        (
            Kind.ACTION,
            "Actie: trajectbespreking per kwartaal op basis van het dashboard",
            "Teamleider VDAB",
        ),
        (
            Kind.AGREEMENT,
            "Afspraak: vaste contactpersoon bij VDAB voor de consulenten van {lg}",
            "Teamleider VDAB",
        ),
        (
            Kind.GOOD_PRACTICE,
            "Goede praktijk: duobegeleiding maatschappelijk werker en bemiddelaar in {lg}",
            "OCMW {lg}",
        ),
        (
            Kind.SIGNAL,
            "Signaal: mobiliteit als drempel naar werk in {lg}",
            "Netwerkmanager VDAB",
        ),
    ],
    "operationeel": [
        (
            Kind.INFO_SESSION,
            "Opleiding Arvastat voor OCMW-medewerkers",
            "Provinciale expert VDAB",
        ),
        (
            Kind.INFO_SESSION,
            "Infosessie werkplekinstrumenten (IBO, stage, werkplekleren)",
            "Teamleider Intensieve Dienstverlening",
        ),
        (
            Kind.GOOD_PRACTICE,
            "Goede praktijk: taalcoaching op de werkvloer voor anderstalige leefloongerechtigden",
            "Projectopvolger VDAB",
        ),
        (
            Kind.ACTION,
            "Actie: verwijsformulier OCMW–VDAB vereenvoudigen",
            "Netwerkmanager VDAB",
        ),
        (
            Kind.SIGNAL,
            "Signaal: kinderopvang als drempel bij de start van een traject",
            "Netwerkmanager VDAB",
        ),
    ],
    "interfederaal": [
        (
            Kind.AGREEMENT,
            "Afspraken met het federale niveau over de activering van leefloongerechtigden",
            "Vlaamse Regering",
        ),
        (
            Kind.SIGNAL,
            "Prioritaire fiche van Vlaanderen over asymmetrisch activeringsbeleid",
            "VDAB",
        ),
    ],
}

REASONS = {
    Status.FORWARDED: "Voorgelegd aan het beheerscomité van VDAB.",
    Status.IN_FRAMEWORK: (
        "Meegenomen in de opmaak van het werkingskader 'VDAB en Lokale Besturen 2025-2030'."
    ),
    Status.DONE: "Uitgevoerd en teruggekoppeld in de volgende vergadering.",
    Status.NOT_RETAINED: "Niet weerhouden: valt buiten de bevoegdheid van de deelnemers.",
}


@dataclass
class DemoSummary:
    agreements: int = 0
    forums: int = 0
    meetings: int = 0
    planned: int = 0
    outputs: int = 0
    follow_ups: int = 0
    pact_projects: int = 0
    pact_local_governments: int = 0

    def summary(self):
        return (
            f"Overleg: {self.meetings} vergaderingen met {self.outputs} output "
            f"en {self.planned} geplande vergaderingen "
            f"({self.follow_ups} opvolgingen); {self.agreements} samenwerkingsovereenkomsten "
            f"met {self.forums} overlegfora; ActiveringsPact ronde 1: "
            f"{self.pact_local_governments} lokale besturen in {self.pact_projects} projecten."
        )


def create_demo_consultations(seed, today=None):
    today = today or datetime.date.today()
    load_consultation_bodies()
    summary = DemoSummary()
    authors = _authors()
    local_governments = list(LocalGovernment.objects.current().select_related("province"))
    _create_agreements(seed, local_governments, today, summary)
    themes = _themes()
    _create_meetings(seed, today, themes, authors, summary)
    _create_planned_meetings(today, authors, summary)
    _create_pact(seed, local_governments, summary)
    return summary


def _authors():
    """The demo's VDAB accounts record the meetings; None when they do not exist."""
    users = {u.username: u for u in User.objects.filter(username__startswith="netwerkmanager.")}
    return {
        "40000": users.get("netwerkmanager.oost-vlaanderen"),
        None: users.get("netwerkmanager.vlaanderen"),
    }


def _create_agreements(seed, local_governments, today, summary):
    agreements = []
    for lg in local_governments:
        rng = seeded_random(seed, "agreement", lg.pk)
        start = max(datetime.date(2020, 1, 1), lg.valid_from or datetime.date(2020, 1, 1))
        goals = [LLG_GOAL, *rng.sample(OTHER_GOALS, rng.randint(2, 4))]
        old_end = datetime.date(2025, 12, 31)
        agreements.append(
            CooperationAgreement(
                local_government=lg,
                framework=CooperationAgreement.Framework.FRAMEWORK_2020,
                status=(
                    CooperationAgreement.Status.ENDED
                    if today > old_end
                    else CooperationAgreement.Status.RUNNING
                ),
                signed_on=start - datetime.timedelta(days=rng.randint(10, 60)),
                valid_from=start,
                valid_until=old_end,
                operational_goals=goals,
            )
        )
        prepared = rng.random() < 0.08
        agreements.append(
            CooperationAgreement(
                local_government=lg,
                framework=CooperationAgreement.Framework.FRAMEWORK_2025,
                status=(
                    CooperationAgreement.Status.IN_PREPARATION
                    if prepared
                    else CooperationAgreement.Status.RUNNING
                ),
                signed_on=None
                if prepared
                else datetime.date(2025, 11, 1) + datetime.timedelta(days=rng.randint(0, 55)),
                valid_from=datetime.date(2026, 1, 1),
                valid_until=datetime.date(2030, 12, 31),
                operational_goals=[LLG_GOAL, *rng.sample(OTHER_GOALS, rng.randint(2, 4))],
            )
        )
    CooperationAgreement.objects.bulk_create(agreements)
    ensure_forums(CooperationAgreement.objects.select_related("local_government"))
    summary.agreements = len(agreements)
    summary.forums = ConsultationBody.objects.filter(level=Level.MICRO).count()


def _themes():
    names = sorted({name for names in THEMES.values() for name in names})
    existing = {t.name.casefold(): t for t in Theme.objects.all()}
    Theme.objects.bulk_create(
        [Theme(name=name) for name in names if name.casefold() not in existing]
    )
    return {t.name: t for t in Theme.objects.all()}


def _meeting_dates(rng, body, year, today):
    """About the target number of dates in `year`, spread over the year, none after today."""
    if body.kind == ConsultationBody.Kind.IMC:
        return [d for d in IMC_DATES if d.year == year and d <= today]
    per_year = body.target_per_year or DEMO_FREQUENCY.get(body.kind, 0)
    draw = rng.random()
    if draw < 0.12:
        per_year -= 1  # some bodies fall behind their target
    elif draw < 0.16:
        per_year += 1
    window = body.active_window()
    if window is None:
        return []
    dates = []
    for i in range(max(per_year, 0)):
        month = min(12, max(1, int((i + 0.5) * 12 / per_year) + 1 + rng.choice((-1, 0, 0, 1))))
        day = datetime.date(year, month, rng.randint(1, 26))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        if day > today or day < FIRST_DAY:
            continue
        if (window[0] and day < window[0]) or (window[1] and day > window[1]):
            continue
        dates.append(day)
    return sorted(set(dates))


def _place(rng, body):
    if body.level == Level.INTERFEDERAL:
        return "Brussel", rng.random() < 0.5
    if body.level == Level.MACRO:
        return "VDAB-hoofdzetel, Brussel", rng.random() < 0.25
    if body.level == Level.MICRO:
        lg = body.agreement.local_government
        if rng.random() < 0.2:
            return "", True
        return rng.choice([f"Sociaal huis {lg.name}", f"VDAB-werkwinkel {lg.name}"]), False
    if body.code in REGION_PLACES:
        return f"VDAB {rng.choice(REGION_PLACES[body.code])}", rng.random() < 0.15
    return f"VDAB {PLACES.get(body.province_id, 'Brussel')}", rng.random() < 0.2


def _attendees(rng, body, covered):
    if body.level == Level.MICRO or not covered:
        return covered
    if body.level == Level.MACRO:
        return rng.sample(covered, min(len(covered), rng.randint(6, 10)))
    share = rng.uniform(0.3, 0.6) if body.level == Level.MESO else rng.uniform(0.4, 0.8)
    return rng.sample(covered, max(1, round(len(covered) * share)))


def _participants(rng, body, attending):
    n = max(1, attending)
    if body.level == Level.MACRO:
        roles = {
            Role.GENERAL_MANAGER: 1,
            Role.VVSG: 2,
            Role.LOCAL_POLITICIAN: n,
            Role.SOCIAL_PARTNER: 4,
        }
    elif body.level == Level.MESO:
        roles = {
            Role.NETWORK_MANAGER: 1,
            Role.LOCAL_POLITICIAN: max(1, n // 2),
            Role.HEAD_OF_DEPARTMENT: n - n // 2,
            Role.SOCIAL_PARTNER: 3,
        }
    elif body.level == Level.MICRO:
        roles = {
            Role.NETWORK_MANAGER: 1,
            Role.TEAM_LEADER: 1,
            Role.HEAD_OF_DEPARTMENT: 1,
            Role.OCMW_CONSULTANT: rng.randint(1, 3),
        }
    elif body.level == Level.INTERFEDERAL:
        roles = {Role.REGIONAL_GOVERNMENT: rng.randint(3, 6), Role.FEDERAL_GOVERNMENT: 2}
    elif body.kind == ConsultationBody.Kind.WORK_MEETING:
        roles = {
            Role.NETWORK_MANAGER: 1,
            Role.TRAJECTORY_COUNSELLOR: n,
            Role.JOB_COACH: rng.randint(3, 8),
            Role.TEAM_LEADER: 2,
        }
    elif body.province_id == "70000":
        roles = {
            Role.IDV_MANAGER: 1,
            Role.TRAJECTORY_COUNSELLOR: n,
            Role.HEAD_OF_DEPARTMENT: max(1, n // 3),
            Role.JOB_COACH: rng.randint(4, 10),
            Role.TEAM_LEADER: 2,
        }
    elif body.province_id == "40000":
        roles = {Role.NETWORK_MANAGER: 1, Role.OCMW_CONSULTANT: n, Role.TEAM_LEADER: 2}
    else:
        roles = {
            Role.TEAM_LEADER: 1,
            Role.PROJECT_OFFICER: 1,
            Role.PROVINCIAL_EXPERT: 1,
            Role.SOCIAL_WORKER: n,
            Role.JOB_COACH: rng.randint(3, 8),
        }
    return roles


def _minutes(body, theme_names):
    topics = ", ".join(name.lower() for name in theme_names)
    return (
        f"Bespreking van {topics}. De activeringsresultaten van leefloongerechtigden werden "
        "overlopen aan de hand van het dashboard lokale besturen. Afspraken en signalen staan "
        "hieronder als output."
        if body.level in (Level.MICRO, Level.MESO, Level.MACRO)
        else f"Uitwisseling rond {topics} tussen OCMW-medewerkers en VDAB."
    )


def _output_count(rng, body):
    if body.kind == ConsultationBody.Kind.IMC:
        return 1
    chances = {
        Level.MACRO: (0.1, 0.6),
        Level.MESO: (0.3, 0.85),
        Level.MICRO: (0.5, 0.9),
        Level.OPERATIONAL: (0.15, 0.7),
        Level.INTERFEDERAL: (0.3, 1.0),
    }[body.level]
    draw = rng.random()
    return 0 if draw < chances[0] else (1 if draw < chances[1] else 2)


def _follow_up_status(rng, kind, meeting_date):
    draw = rng.random()
    if kind == Kind.SIGNAL:
        if draw < 0.45:
            return Status.FORWARDED
        if draw < 0.8 and meeting_date <= datetime.date(2025, 9, 30):
            return Status.IN_FRAMEWORK
        if draw < 0.9:
            return Status.NOT_RETAINED
        return Status.OPEN
    if draw < 0.75:
        return Status.DONE
    if draw < 0.83:
        return Status.NOT_RETAINED
    return Status.OPEN


def _create_meetings(seed, today, themes, authors, summary):
    """Every meeting, its links and its outputs are decided first, then written in bulk."""
    bodies = list(
        ConsultationBody.objects.select_related(
            "province", "agreement", "agreement__local_government"
        ).prefetch_related("local_governments")
    )
    planned = []  # (meeting, theme names, attending, roles, outputs with their plans)
    for body in bodies:
        covered = sorted(lg.pk for lg in body.local_governments.all())
        author = authors.get(body.province_id) or authors[None]
        for year in range(FIRST_DAY.year, today.year + 1):
            for day in _meeting_dates(
                seeded_random(seed, "meetings", body.code, year), body, year, today
            ):
                rng = seeded_random(seed, "meeting", body.code, day)
                planned.append(_plan_meeting(rng, body, day, covered, author, today, authors))
    Meeting.objects.bulk_create([p[0] for p in planned], batch_size=500)

    theme_links, attendee_links, participants, outputs = [], [], [], []
    for meeting, names, attending, roles, meeting_outputs in planned:
        theme_links += [
            Meeting.themes.through(meeting_id=meeting.pk, theme_id=themes[n].pk) for n in names
        ]
        attendee_links += [
            Meeting.attendees.through(meeting_id=meeting.pk, localgovernment_id=code)
            for code in attending
        ]
        participants += [
            ParticipantRole(meeting=meeting, role=role, count=count) for role, count in roles
        ]
        for output, _plan in meeting_outputs:
            output.meeting = meeting
            outputs.append((output, _plan))
    Meeting.themes.through.objects.bulk_create(theme_links, batch_size=1000)
    Meeting.attendees.through.objects.bulk_create(attendee_links, batch_size=1000)
    ParticipantRole.objects.bulk_create(participants, batch_size=1000)
    Output.objects.bulk_create([o for o, _ in outputs], batch_size=500)

    concerned, follow_ups = [], []
    for output, (codes, follow_up) in outputs:
        concerned += [
            Output.local_governments.through(output_id=output.pk, localgovernment_id=code)
            for code in codes
        ]
        if follow_up is not None:
            follow_up.output = output
            follow_ups.append(follow_up)
    Output.local_governments.through.objects.bulk_create(concerned, batch_size=1000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    summary.meetings = len(planned)
    summary.outputs = len(outputs)
    summary.follow_ups = len(follow_ups)


def _plan_meeting(rng, body, day, covered, author, today, authors):
    place, online = _place(rng, body)
    names = rng.sample(THEMES[body.level], min(len(THEMES[body.level]), rng.randint(1, 3)))
    minutes = _minutes(body, names)
    meeting = Meeting(
        body=body,
        date=day,
        place=place,
        online=online,
        minutes=minutes,
        search_text="\n".join([body.name, *names, minutes]),
        created_by=author,
        updated_by=author,
    )
    attending = _attendees(rng, body, covered)
    roles = list(_participants(rng, body, len(attending)).items())
    templates = OUTPUTS[body.level]
    if body.kind == ConsultationBody.Kind.IMC:
        chosen = [templates[0]]
    else:
        chosen = rng.sample(templates, min(_output_count(rng, body), len(templates)))
    lg = body.agreement.local_government if body.agreement_id else None
    fill = {"lg": lg.name if lg else "", "province": body.province.name if body.province else ""}
    outputs = []
    for kind, title, owner in chosen:
        due = day + datetime.timedelta(days=rng.randint(45, 180))
        output = Output(
            kind=kind,
            title=title.format(**fill),
            description=f"Voortgekomen uit {body.name} van {day:%d-%m-%Y}.",
            owner=owner.format(**fill),
            # The network manager who records the meeting takes up VDAB's actions.
            owner_user=author if kind in OWNED_KINDS and "VDAB" in owner else None,
            due_date=None if kind == Kind.GOOD_PRACTICE else due,
            status=Status.OPEN,
        )
        codes = []
        if body.level in (Level.MICRO, Level.OPERATIONAL, Level.MESO):
            codes = attending if len(attending) <= 3 else rng.sample(attending, 3)
        outputs.append((output, (codes, _plan_follow_up(rng, body, output, day, today, authors))))
    return meeting, names, attending, roles, outputs


# The planned meetings of the demo: (how to find the body, days ahead, start, end, agenda).
PLANNED = [
    (
        {"agreement__local_government": "44021", "agreement__status": "lopend"},
        10,
        datetime.time(9, 30),
        datetime.time(11, 30),
        "Opvolging van de acties van het vorige overleg\nDashboard: de cijfers van het laatste "
        "kwartaal\nNiet-ingeschreven leefloongerechtigden",
    ),
    (
        {"agreement__local_government": "41002", "agreement__status": "lopend"},
        17,
        datetime.time(14, 0),
        datetime.time(16, 0),
        "Trajectbesprekingen\nWerkplekinstrumenten",
    ),
    (
        {"kind": "provinciale_werkgroep", "province": "40000"},
        24,
        datetime.time(10, 0),
        None,
        "Activeringsresultaten per regio\nTaalopleidingen: wachttijden",
    ),
]


def _create_planned_meetings(today, authors, summary):
    """A few meetings to come, with their invitations: what an OCMW answers."""
    for lookup, days, start, end, agenda in PLANNED:
        body = ConsultationBody.objects.filter(**lookup).order_by("pk").first()
        if body is None:
            continue
        day = today + datetime.timedelta(days=days)
        if day.weekday() >= 5:  # a weekend day: the Monday after
            day += datetime.timedelta(days=7 - day.weekday())
        author = authors.get(body.province_id) or authors[None]
        meeting = Meeting.objects.create(
            body=body,
            status=Meeting.Status.PLANNED,
            date=day,
            start_time=start,
            end_time=end,
            place="VDAB, Kongostraat 7, Gent" if body.province_id == "40000" else "VDAB",
            online=True,
            online_link="https://teams.microsoft.com/l/meetup-join/demo",
            agenda=agenda,
            created_by=author,
            updated_by=author,
        )
        meeting.invited.set(area_on(body, day))
        meeting.refresh_search_text()
        summary.planned += 1


def _plan_follow_up(rng, body, output, day, today, authors):
    """The status an output reached by `today`, with the follow-up that recorded it."""
    decided = day + datetime.timedelta(days=rng.randint(20, 150))
    if decided > today:
        return None
    status = _follow_up_status(rng, output.kind, day)
    if body.kind == ConsultationBody.Kind.IMC:
        status = Status.DONE
    author = authors.get(body.province_id) or authors[None]
    if status == Status.OPEN or author is None:
        return None
    output.status = status
    return FollowUp(
        from_status=Status.OPEN,
        to_status=status,
        reason=REASONS[status],
        date=decided,
        author=author,
    )


def _create_pact(seed, local_governments, summary):
    rng = seeded_random(seed, "pact")
    round_1, _ = ActivationPactCall.objects.get_or_create(
        round=1,
        defaults={
            "name": "Lokaal ActiveringsPact, projectoproep 1",
            "launched_on": datetime.date(2023, 9, 15),
            "deadline": datetime.date(2023, 11, 30),
            "status": ActivationPactCall.Status.CLOSED,
            "description": (
                "Lokale besturen dienen een plan van aanpak in om de versterkte activering van "
                "leefloongerechtigden vorm te geven: een lokaal actieplan, complementair aan het "
                "VDAB-aanbod, dat de duurzame uitstroom van leefloongerechtigden versterkt."
            ),
        },
    )
    ActivationPactCall.objects.get_or_create(
        round=2,
        defaults={
            "name": "Lokaal ActiveringsPact, projectoproep 2",
            "status": ActivationPactCall.Status.IN_PREPARATION,
            "description": "Een tweede projectoproep wordt voorbereid.",
        },
    )
    regions = list(
        BenchmarkGroup.objects.filter(kind=BenchmarkGroup.Kind.REFERENCE_REGION)
        .prefetch_related("members")
        .order_by("code")
    )
    current = {lg.pk: lg for lg in local_governments}
    free = {
        region: sorted(m.pk for m in region.members.all() if m.pk in current) for region in regions
    }
    sizes = list(PACT_PROJECT_SIZES)
    rng.shuffle(sizes)
    projects, members = [], []
    for size in sizes:
        region = rng.choice([r for r in regions if len(free[r]) >= size])
        codes = rng.sample(free[region], size)
        for code in codes:
            free[region].remove(code)
        names = [current[code].name for code in sorted(codes, key=lambda c: current[c].name)]
        title = (
            f"Activeringsplan {names[0]}"
            if size == 1
            else f"Samen activeren: {', '.join(names[:-1])} en {names[-1]}"
        )
        population = sum(current[code].population or 10000 for code in codes)
        reached = max(10, round(population / 1000 * rng.uniform(0.8, 1.6)))
        draw = rng.random()
        status = (
            ActivationPactProject.Status.COMPLETED
            if draw < 0.55
            else ActivationPactProject.Status.RUNNING
            if draw < 0.93
            else ActivationPactProject.Status.STOPPED
        )
        projects.append(
            ActivationPactProject(
                call=round_1,
                title=title[:200],
                reference_region=region,
                target_reached=reached,
                target_outflow=round(reached * rng.uniform(0.25, 0.4)),
                status=status,
            )
        )
        members.append(codes)
    ActivationPactProject.objects.bulk_create(projects)
    ActivationPactParticipation.objects.bulk_create(
        ActivationPactParticipation(project=project, local_government_id=code, call=round_1)
        for project, codes in zip(projects, members, strict=True)
        for code in codes
    )
    summary.pact_projects = len(projects)
    summary.pact_local_governments = sum(len(codes) for codes in members)
