"""Derive the portal's shipped reference files from the public source files.

Run by a developer when the sources change, not at run time:

    .venv/bin/python scripts/build_reference_data.py PATH/TO/SOURCES

PATH/TO/SOURCES holds `municipalities_flanders_brussels_2025.geojson` and
`belgium_municipalities_2019-2024.topojson` (see activation/data/SOURCES.md). It writes:

- activation/data/population_2020.csv: NIS code, name and population on 1 Jan 2020 of the
  300 Flemish municipalities of 2019-2024;
- activation/data/neighbours_2025.csv: each pair of adjacent Flemish municipalities of 2025;
- static/geo/gemeenten_2025.geojson: the 285 Flemish municipalities, simplified for the web map.

Shapely is a development dependency only; the portal itself reads the CSV files.
"""

import csv
import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.strtree import STRtree

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "activation" / "data"
# Antwerpen 1, Vlaams-Brabant 23/24, West-Vlaanderen 3, Oost-Vlaanderen 4, Limburg 7.
FLEMISH_PREFIXES = ("1", "23", "24", "3", "4", "7")


def is_flemish(nis):
    return nis.startswith(FLEMISH_PREFIXES)


def population_2020(topojson_path):
    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    rows = []
    for geometry in topo["objects"]["municipalities"]["geometries"]:
        props = geometry["properties"]
        if is_flemish(props["nis"]):
            rows.append((props["nis"], props["name_nl"], props["population"]))
    rows.sort()
    if len(rows) != 300:
        raise SystemExit(f"expected 300 Flemish municipalities, found {len(rows)}")
    with (DATA / "population_2020.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nis", "name", "population_2020"])
        writer.writerows(rows)


def neighbours_and_map(geojson_path):
    collection = json.loads(geojson_path.read_text(encoding="utf-8"))
    features = [f for f in collection["features"] if is_flemish(f["properties"]["geoitem"])]
    if len(features) != 285:
        raise SystemExit(f"expected 285 Flemish municipalities, found {len(features)}")
    codes = [f["properties"]["geoitem"] for f in features]
    shapes = [shape(f["geometry"]).buffer(0) for f in features]
    tree = STRtree(shapes)
    pairs = set()
    # The web-simplified boundaries do not share vertices exactly, so each shape grows by
    # about 25 m; two municipalities are neighbours when the overlap of the grown shapes has an
    # outline of more than about 100 m: a shared border, not a single touching corner.
    tolerance = 0.00025
    grown = [s.buffer(tolerance) for s in shapes]
    for i, geom in enumerate(grown):
        for j in tree.query(geom):
            j = int(j)
            if j <= i:
                continue
            overlap = geom.intersection(grown[j])
            if not overlap.is_empty and overlap.length > 16 * tolerance:
                pairs.add((codes[i], codes[j]))
    with (DATA / "neighbours_2025.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nis", "neighbour_nis"])
        writer.writerows(sorted(pairs))

    simplified = []
    for feature, geom in zip(features, shapes, strict=True):
        small = geom.simplify(0.0008, preserve_topology=True)
        simplified.append(
            {
                "type": "Feature",
                "properties": {
                    "geoitem": feature["properties"]["geoitem"],
                    "naam": feature["properties"]["naam"],
                },
                "geometry": _rounded(mapping(small)),
            }
        )
    out = ROOT / "static" / "geo" / "gemeenten_2025.geojson"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"type": "FeatureCollection", "features": simplified}, separators=(",", ":")),
        encoding="utf-8",
    )
    return pairs


def _rounded(geometry):
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, 4) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main():
    sources = Path(sys.argv[1])
    population_2020(sources / "belgium_municipalities_2019-2024.topojson")
    pairs = neighbours_and_map(sources / "municipalities_flanders_brussels_2025.geojson")
    print(f"{len(pairs)} neighbour pairs written")


if __name__ == "__main__":
    main()
