"""Writes to the reference tables: local governments, mergers and benchmark groups."""

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from activation import figures
from activation import reference_data as ref
from activation.imports.reading import UnreadableFile, decode_text
from activation.models import (
    BenchmarkGroup,
    CurrentResult,
    LocalGovernment,
    Merger,
    Province,
    QuarterlyResult,
)


@dataclass
class LoadReport:
    created: dict = field(default_factory=lambda: defaultdict(int))
    updated: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def changed(self):
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self):
        labels = {
            "province": "provincies",
            "local_government": "lokale besturen",
            "merger": "fusies",
            "group": "benchmarkgroepen",
            "membership": "groepslidmaatschappen (nieuw / verwijderd)",
        }
        return [
            f"{label}: {self.created[key]} nieuw, {self.updated[key]} gewijzigd"
            for key, label in labels.items()
        ]


def upsert(report, kind, model, lookup, values):
    """The row of `model` found by `lookup`, created or brought up to `values`; the report
    counts it as created or updated under `kind`. Reference data of every app is loaded so."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created[kind] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated[kind] += 1
    return obj


def _set_members(report, group, nis_codes):
    wanted = set(nis_codes)
    current = set(group.members.values_list("pk", flat=True))
    if wanted != current:
        group.members.remove(*(current - wanted))
        group.members.add(*(wanted - current))
        report.created["membership"] += len(wanted - current)
        report.updated["membership"] += len(current - wanted)


@transaction.atomic
def load_reference_data():
    """Create or update provinces, local governments, mergers and the standard benchmark groups.

    Idempotent: a second run finds everything in place and changes nothing. The stored figures
    are rebuilt in the same transaction when anything changed (borders and groups are inputs of
    every figure), or when they have not been built yet.
    """
    report = LoadReport()
    for code, name in ref.PROVINCES.items():
        upsert(report, "province", Province, {"code": code}, {"name": name})

    population = ref.population_2020()
    crosswalk = ref.crosswalk_2025()
    mergers = ref.mergers()
    current = {nis: name for nis, name, _, _ in ref.reference_regions()}
    new_in_2019 = {m.successor for m in mergers if m.date == ref.MERGER_2019}
    new_in_2025 = {m.successor for m in mergers if m.date == ref.MERGER_2025} - set(population)

    current_population = defaultdict(int)
    for old, new in crosswalk.items():
        current_population[new] += population[old][1]

    for m in mergers:
        if m.date == ref.MERGER_2019:
            upsert(
                report,
                "local_government",
                LocalGovernment,
                {"nis_code": m.predecessor},
                {
                    "name": m.predecessor_name,
                    "province_id": ref.province_code_for(m.predecessor),
                    "population": None,
                    "valid_from": None,
                    "valid_until": ref.MERGER_2019 - datetime.timedelta(days=1),
                },
            )
    for nis, (name, people) in population.items():
        disappears = crosswalk[nis] != nis
        upsert(
            report,
            "local_government",
            LocalGovernment,
            {"nis_code": nis},
            {
                "name": current.get(nis, name),
                "province_id": ref.province_code_for(nis),
                "population": current_population[nis] if not disappears else people,
                "valid_from": ref.MERGER_2019 if nis in new_in_2019 else None,
                "valid_until": ref.MERGER_2025 - datetime.timedelta(days=1) if disappears else None,
            },
        )
    for nis in sorted(new_in_2025):
        upsert(
            report,
            "local_government",
            LocalGovernment,
            {"nis_code": nis},
            {
                "name": current[nis],
                "province_id": ref.province_code_for(nis),
                "population": current_population[nis],
                "valid_from": ref.MERGER_2025,
                "valid_until": None,
            },
        )
    for m in mergers:
        upsert(
            report,
            "merger",
            Merger,
            {"predecessor_id": m.predecessor},
            {"successor_id": m.successor, "date": m.date},
        )

    _load_groups(report, current)
    unbuilt = QuarterlyResult.objects.exists() and not CurrentResult.objects.exists()
    if report.changed or unbuilt:
        figures.rebuild()
    return report


def _group(report, code, name, kind, members, anchor=None, description=""):
    group = upsert(
        report,
        "group",
        BenchmarkGroup,
        {"code": code},
        {"name": name, "kind": kind, "anchor_id": anchor, "description": description},
    )
    _set_members(report, group, members)
    return group


def _load_groups(report, current):
    Kind = BenchmarkGroup.Kind
    _group(report, "vlaanderen", "Vlaanderen", Kind.FLANDERS, current)
    for code, name in ref.PROVINCES.items():
        members = [nis for nis in current if ref.province_code_for(nis) == code]
        _group(report, f"provincie-{slugify(name)}", f"Provincie {name}", Kind.PROVINCE, members)
    regions = defaultdict(list)
    region_names = {}
    for nis, _, region_code, region_name in ref.reference_regions():
        regions[region_code].append(nis)
        region_names[region_code] = region_name
    for region_code, members in sorted(regions.items()):
        _group(
            report,
            region_code.lower(),
            region_names[region_code],
            Kind.REFERENCE_REGION,
            members,
            description="Referentieregio (decreet van 1 februari 2023).",
        )
    _group(report, "centrumsteden", "Centrumsteden", Kind.CENTRE_CITIES, ref.centre_cities())
    neighbours = defaultdict(set)
    for a, b in ref.neighbour_pairs():
        neighbours[a].add(b)
        neighbours[b].add(a)
    for nis in sorted(current):
        _group(
            report,
            f"buren-{nis}",
            f"Buren van {current[nis]}",
            Kind.NEIGHBOURS,
            neighbours[nis],
            anchor=nis,
        )


UNREADABLE_MEMBERS = (
    "Het bestand is geen leesbaar CSV-bestand. Bewaar de lijst als CSV UTF-8, met één NIS-code "
    "per regel of in een kolom nis_code."
)


def parse_member_codes(csv_file):
    """The NIS codes in an administrator's CSV file for a benchmark group of their own.

    The file holds one NIS code per line, or a column named nis_code, nis or refnis. Every
    unknown code is reported at once (ValidationError with a Dutch message per line).
    """
    raw = csv_file.read()
    try:
        if isinstance(raw, bytes):
            raw, _ = decode_text(raw)
        sample = raw[:2048]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = [
            (number, row)
            for number, row in enumerate(csv.reader(io.StringIO(raw), delimiter=delimiter), 1)
            if any(cell.strip() for cell in row)
        ]
    except (UnreadableFile, csv.Error):
        raise ValidationError(UNREADABLE_MEMBERS) from None
    if not rows:
        raise ValidationError("Het bestand bevat geen NIS-codes.")
    column = 0
    first = [cell.strip().lower() for cell in rows[0][1]]
    if not first[0].isdigit():
        column = next((first.index(n) for n in ("nis_code", "nis", "refnis") if n in first), None)
        if column is None:
            raise ValidationError(
                "Geen kolom met NIS-codes gevonden: noem de kolom nis_code, nis of refnis, "
                "of zet één NIS-code per regel zonder kopregel."
            )
        rows = rows[1:]
    known = set(LocalGovernment.objects.current().values_list("pk", flat=True))
    codes, problems = [], []
    for number, row in rows:
        value = row[column].strip() if column < len(row) else ""
        if value in known:
            codes.append(value)
        else:
            problems.append(
                f"Regel {number}: '{value}' is geen NIS-code van een huidig Vlaams lokaal bestuur."
            )
    if problems:
        raise ValidationError(problems)
    if not codes:
        raise ValidationError("Het bestand bevat geen NIS-codes.")
    return codes
