"""Read the reference files shipped in activation/data/ (see SOURCES.md there)."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

MERGER_2019 = datetime.date(2019, 1, 1)
MERGER_2025 = datetime.date(2025, 1, 1)

PROVINCES = {
    "10000": "Antwerpen",
    "20001": "Vlaams-Brabant",
    "30000": "West-Vlaanderen",
    "40000": "Oost-Vlaanderen",
    "70000": "Limburg",
}
CENTRE_CITIES_CODE = "fo1"


def province_code_for(nis_code):
    """The province of a Flemish REFNIS code, from its first digits."""
    if nis_code.startswith("1"):
        return "10000"
    if nis_code.startswith(("23", "24")):
        return "20001"
    if nis_code.startswith("3"):
        return "30000"
    if nis_code.startswith("4"):
        return "40000"
    if nis_code.startswith("7"):
        return "70000"
    raise ValueError(f"{nis_code} is not a Flemish municipality code")


def is_flemish(nis_code):
    return nis_code.startswith(("1", "23", "24", "3", "4", "7"))


def _rows(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class MergerRow:
    predecessor: str
    predecessor_name: str
    successor: str
    successor_name: str
    date: datetime.date


def mergers():
    result = []
    for filename, day in (("mergers_2019.csv", MERGER_2019), ("mergers_2025.csv", MERGER_2025)):
        for row in _rows(filename):
            if row["region"] != "Flanders" or row["old_nis"] == row["new_nis"]:
                continue
            result.append(
                MergerRow(row["old_nis"], row["old_name"], row["new_nis"], row["new_name"], day)
            )
    return result


def population_2020():
    """{nis: (name, population)} for the 300 municipalities of 2019-2024."""
    return {r["nis"]: (r["name"], int(r["population_2020"])) for r in _rows("population_2020.csv")}


def crosswalk_2025():
    """{nis 2019-2024: nis 2025} for the Flemish municipalities."""
    return {
        r["nis_2019_2024"]: r["nis_2025"]
        for r in _rows("municipalities_2019-2024_to_2025_full.csv")
        if is_flemish(r["nis_2019_2024"])
    }


def reference_regions():
    """[(nis, name, region code, region name)] for the 285 municipalities of 2025."""
    return [
        (r["nis"], r["name"], r["refreg_code"], r["refreg_name"])
        for r in _rows("referentieregios_2025.csv")
    ]


def centre_cities():
    return [
        r["nis"]
        for r in _rows("centrumsteden_and_vlaamse_rand_2025.csv")
        if r["group_code"] == CENTRE_CITIES_CODE
    ]


def neighbour_pairs():
    return [(r["nis"], r["neighbour_nis"]) for r in _rows("neighbours_2025.csv")]
