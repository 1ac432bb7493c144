"""The borders of each quarter in an import file: a row must name a local government that existed
in its quarter, and a merged municipality's successor and its predecessors cannot both have a row
for the same quarter (DESIGN.md section 8)."""

import datetime
from collections import defaultdict

from activation.imports.columns import NIS
from activation.imports.rules import Problem
from activation.models import LocalGovernment, Merger
from ocmw_portal.dutch import dutch_date, dutch_list


def _named(place):
    return f"{place.name} ({place.nis_code})"


class Places:
    """The local governments of every period and the mergers between them, loaded once."""

    def __init__(self):
        self.by_code = LocalGovernment.objects.only(
            "nis_code", "name", "valid_from", "valid_until"
        ).in_bulk()
        self.successor_of = {}
        self.predecessors_of = defaultdict(list)
        for predecessor, successor in Merger.objects.values_list("predecessor_id", "successor_id"):
            self.successor_of[predecessor] = successor
            self.predecessors_of[successor].append(predecessor)

    def successor_in(self, code, quarter):
        """The local government that covered `code`'s territory in `quarter`, or None."""
        day = quarter.first_day
        seen = set()
        while code in self.successor_of and code not in seen:
            seen.add(code)
            code = self.successor_of[code]
            if self.by_code[code].exists_on(day):
                return self.by_code[code]
        return None

    def predecessors_in(self, code, quarter):
        """The local governments that covered `code`'s territory in `quarter`, by name."""
        day = quarter.first_day
        found, waiting, seen = [], list(self.predecessors_of.get(code, ())), set()
        while waiting:
            candidate = waiting.pop()
            if candidate in seen:
                continue
            seen.add(candidate)
            place = self.by_code[candidate]
            if place.exists_on(day):
                found.append(place)
            elif place.valid_from and day < place.valid_from:
                waiting.extend(self.predecessors_of.get(candidate, ()))
        return sorted(found, key=lambda place: place.name)


def check_rows_together(errors, places, rows):
    """Duplicates and the borders of each quarter; returns the rows that passed."""
    first_line = {}
    present = defaultdict(dict)  # {quarter index: {NIS code: line}}
    unique = []
    for row in rows:
        key = (row.code, row.quarter.index)
        if key in first_line:
            place = places.by_code[row.code]
            errors.append(
                Problem(
                    row.line,
                    NIS,
                    f"Dubbele rij: {_named(place)} staat voor {row.quarter} ook op regel "
                    f"{first_line[key]}. Houd één rij over.",
                )
            )
            continue
        first_line[key] = row.line
        present[row.quarter.index].setdefault(row.code, row.line)
        unique.append(row)

    valid = []
    for row in unique:
        place = places.by_code[row.code]
        day = row.quarter.first_day
        if place.exists_on(day):
            valid.append(row)
            continue
        in_file = present[row.quarter.index]
        if place.valid_until is not None and day > place.valid_until:
            message = _ended_message(places, place, row.quarter, in_file)
        else:
            message = _not_yet_message(places, place, row.quarter, in_file)
        errors.append(Problem(row.line, NIS, message))
    return valid


def _ended_message(places, place, quarter, in_file):
    since = dutch_date(place.valid_until + datetime.timedelta(days=1))
    successor = places.successor_in(place.nis_code, quarter)
    if successor is None:
        return (
            f"NIS-code {place.nis_code} ({place.name}) bestaat niet meer in {quarter}: "
            f"{place.name} bestond tot {dutch_date(place.valid_until)}."
        )
    if successor.nis_code in in_file:
        return (
            f"Voor {quarter} staan zowel {_named(place)} als de opvolger {successor.name} "
            f"({successor.nis_code}, regel {in_file[successor.nis_code]}) in het bestand: "
            f"{place.name} is sinds {since} deel van {successor.name}, dus de cijfers horen "
            f"enkel bij {successor.name}. Schrap de rij van {place.name}."
        )
    return (
        f"NIS-code {place.nis_code} ({place.name}) bestaat niet meer in {quarter}: "
        f"{place.name} is sinds {since} deel van {_named(successor)}. Gebruik voor {quarter} "
        f"de code {successor.nis_code}."
    )


def _not_yet_message(places, place, quarter, in_file):
    since = dutch_date(place.valid_from)
    predecessors = places.predecessors_in(place.nis_code, quarter)
    listed = [p for p in predecessors if p.nis_code in in_file]
    if listed:
        names = dutch_list(
            [f"{p.name} ({p.nis_code}, regel {in_file[p.nis_code]})" for p in listed]
        )
        which = "de voorganger" if len(listed) == 1 else "de voorgangers"
        return (
            f"Voor {quarter} staan zowel {_named(place)} als {which} {names} in het "
            f"bestand: {place.name} bestaat pas sinds {since}, dus vóór de fusie horen de cijfers "
            f"bij de voorgangers. Schrap de rij van {place.name}."
        )
    if predecessors:
        return (
            f"NIS-code {place.nis_code} ({place.name}) bestaat pas sinds {since}: gebruik voor "
            f"{quarter} de codes van {dutch_list([_named(p) for p in predecessors])}."
        )
    return (
        f"NIS-code {place.nis_code} ({place.name}) bestaat pas sinds {since}: er kunnen geen "
        f"cijfers zijn voor {quarter}."
    )
