"""python -m tests.acm_provider.mapping: the portal's mapping for the local provider's test users
(Gent's organisation code → Gent, VDAB Oost-Vlaanderen → the province, their two role values),
written into the portal's database. `make run-acm` runs it; the tests make their own."""

import os

ORGANISATIONS = [
    ("0207451227", "Gent (testcode)", "lokaal_bestuur", ["44021"], []),
    ("VDAB-OVL", "VDAB Oost-Vlaanderen (testcode)", "vdab", [], ["40000"]),
]
ROLES = [("OCMWPortaalGebruiker", "ocmw"), ("OCMWPortaalNetwerkmanager", "vdab")]


def write_mapping():
    from ocmw_portal.models import AcmOrganisation, AcmRole

    for code, name, kind, local_governments, provinces in ORGANISATIONS:
        organisation, _ = AcmOrganisation.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
        organisation.local_governments.set(local_governments)
        organisation.provinces.set(provinces)
    for value, role in ROLES:
        AcmRole.objects.update_or_create(value=value, defaults={"role": role})


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocmw_portal.settings")
    import django

    django.setup()
    write_mapping()
    print("ACM-koppeling voor de testgebruikers geschreven.")
