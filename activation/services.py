"""Writes to the reference tables: local governments, mergers and benchmark groups."""

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.db.models.signals import m2m_changed
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

M = TypeVar("M", bound=models.Model)

REFERENCE_LABELS = {
    "province": "provincies",
    "local_government": "lokale besturen",
    "merger": "fusies",
    "group": "benchmarkgroepen",
    "membership": "groepslidmaatschappen (nieuw / verwijderd)",
}


@dataclass
class LoadReport:
    """What a load of reference data created and changed, counted per kind of row; `labels`
    names the kinds, in the order of the command's output."""

    labels: dict[str, str]
    created: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: defaultdict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self) -> list[str]:
        return [
            f"{label}: {self.created[key]} nieuw, {self.updated[key]} gewijzigd"
            for key, label in self.labels.items()
        ]


def upsert(
    report: LoadReport,
    kind: str,
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
) -> M:
    """The row of `model` found by `lookup`, created or brought up to `values`; the report
    counts it as created or updated under `kind`. Reference data of every app is loaded so."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.created[kind] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated[kind] += 1
    return obj


def set_members(
    report: LoadReport,
    kind: str,
    relation: "ManyToManyDescriptor[Any, Any]",
    wanted: Mapping[Any, Iterable[Any]],
) -> None:
    """Give every owner in `wanted` exactly its members in the many-to-many `relation`
    (BenchmarkGroup.members, ConsultationBody.local_governments): one query reads the members
    there are, one inserts the missing ones and one deletes the rest. The report counts the new
    members as created and the removed ones as updated under `kind`.

    The changes are announced with m2m_changed per owner, as add() and remove() do, so that the
    audit trail records them.
    """
    if not wanted:
        return
    through = relation.through
    owner_field = relation.field.m2m_field_name()
    member_field = relation.field.m2m_reverse_field_name()
    owner_id, member_id = f"{owner_field}_id", f"{member_field}_id"
    owners = {owner.pk: owner for owner in wanted}
    wanted_pairs = {(owner.pk, member) for owner, members in wanted.items() for member in members}
    present = {
        (owner, member): pk
        for pk, owner, member in through._default_manager.filter(
            **{f"{owner_id}__in": list(owners)}
        ).values_list("pk", owner_id, member_id)
    }
    added = sorted(wanted_pairs - present.keys())
    removed = sorted(present.keys() - wanted_pairs)
    db = router.db_for_write(through)
    signals = m2m_changed.has_listeners(through)

    def announce(action: str, pairs: list[tuple[Any, Any]]) -> None:
        per_owner: defaultdict[Any, set[Any]] = defaultdict(set)
        for owner, member in pairs:
            per_owner[owner].add(member)
        for owner, members in per_owner.items():
            m2m_changed.send(
                sender=through,
                action=action,
                instance=owners[owner],
                reverse=False,
                model=relation.field.related_model,
                pk_set=members,
                using=db,
            )

    if removed:
        if signals:
            announce("pre_remove", removed)
        through._default_manager.filter(pk__in=[present[pair] for pair in removed]).delete()
        if signals:
            announce("post_remove", removed)
    if added:
        if signals:
            announce("pre_add", added)
        through._default_manager.bulk_create(
            through(**{owner_id: owner, member_id: member}) for owner, member in added
        )
        if signals:
            announce("post_add", added)
    report.created[kind] += len(added)
    report.updated[kind] += len(removed)


@transaction.atomic
def load_reference_data() -> LoadReport:
    """Create or update provinces, local governments, mergers and the standard benchmark groups.

    Idempotent: a second run finds everything in place and changes nothing. The stored figures
    are rebuilt in the same transaction when anything changed (borders and groups are inputs of
    every figure), or when they have not been built yet; that rebuild also computes the
    vergelijkbaar groups (activation.similar). Otherwise those groups are only brought up to
    date, for a database whose figures were built before they existed.
    """
    report = LoadReport(REFERENCE_LABELS)
    for code, name in ref.PROVINCES.items():
        upsert(report, "province", Province, {"code": code}, {"name": name})

    population = ref.population_2020()
    crosswalk = ref.crosswalk_2025()
    mergers = ref.mergers()
    current = {nis: name for nis, name, _, _ in ref.reference_regions()}
    new_in_2019 = {m.successor for m in mergers if m.date == ref.MERGER_2019}
    new_in_2025 = {m.successor for m in mergers if m.date == ref.MERGER_2025} - set(population)

    current_population: defaultdict[str, int] = defaultdict(int)
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
    else:
        figures.refresh_similar()
    return report


def _group(
    report: LoadReport,
    members_of: dict[BenchmarkGroup, set[str]],
    code: str,
    name: str,
    kind: str,
    members: Iterable[str],
    anchor: str | None = None,
    description: str = "",
) -> BenchmarkGroup:
    group = upsert(
        report,
        "group",
        BenchmarkGroup,
        {"code": code},
        {"name": name, "kind": kind, "anchor_id": anchor, "description": description},
    )
    members_of[group] = set(members)
    return group


def _load_groups(report: LoadReport, current: dict[str, str]) -> None:
    Kind = BenchmarkGroup.Kind
    members_of: dict[BenchmarkGroup, set[str]] = {}
    _group(report, members_of, "vlaanderen", "Vlaanderen", Kind.FLANDERS, current)
    for code, name in ref.PROVINCES.items():
        members = [nis for nis in current if ref.province_code_for(nis) == code]
        _group(
            report,
            members_of,
            f"provincie-{slugify(name)}",
            f"Provincie {name}",
            Kind.PROVINCE,
            members,
        )
    regions: defaultdict[str, list[str]] = defaultdict(list)
    region_names = {}
    for nis, _, region_code, region_name in ref.reference_regions():
        regions[region_code].append(nis)
        region_names[region_code] = region_name
    for region_code, members in sorted(regions.items()):
        _group(
            report,
            members_of,
            region_code.lower(),
            region_names[region_code],
            Kind.REFERENCE_REGION,
            members,
            description="Referentieregio (decreet van 1 februari 2023).",
        )
    _group(
        report,
        members_of,
        "centrumsteden",
        "Centrumsteden",
        Kind.CENTRE_CITIES,
        ref.centre_cities(),
    )
    neighbours: defaultdict[str, set[str]] = defaultdict(set)
    for a, b in ref.neighbour_pairs():
        neighbours[a].add(b)
        neighbours[b].add(a)
    for nis in sorted(current):
        _group(
            report,
            members_of,
            f"buren-{nis}",
            f"Buren van {current[nis]}",
            Kind.NEIGHBOURS,
            neighbours[nis],
            anchor=nis,
        )
    set_members(report, "membership", BenchmarkGroup.members, members_of)


UNREADABLE_MEMBERS = (
    "Het bestand is geen leesbaar CSV-bestand. Bewaar de lijst als CSV UTF-8, met één NIS-code "
    "per regel of in een kolom nis_code."
)


def parse_member_codes(csv_file: IO[Any]) -> list[str]:
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
        found = next((first.index(n) for n in ("nis_code", "nis", "refnis") if n in first), None)
        if found is None:
            raise ValidationError(
                "Geen kolom met NIS-codes gevonden: noem de kolom nis_code, nis of refnis, "
                "of zet één NIS-code per regel zonder kopregel."
            )
        column = found
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
