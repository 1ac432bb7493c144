"""Synthetic quarterly results for the demo (DESIGN.md section 9): fictitious, deterministic."""

import hashlib
import random

from activation import figures
from activation.models import (
    BenchmarkGroup,
    ImportBatch,
    LocalGovernment,
    QuarterlyResult,
    ResultStatus,
)
from activation.quarters import Quarter

FIRST_QUARTER = Quarter(2021, 1)
PROVISIONAL_QUARTERS = 2


def seeded_random(seed, *parts):
    """A random generator fixed by the seed and the parts: the same demo for the same seed."""
    digest = hashlib.sha256("|".join(map(str, (seed, *parts))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def create_demo_results(seed, last=None):
    """Results for every municipality from 2021-K1 to the last full quarter.

    Each quarter uses the borders of that quarter (the old codes before 2025). Magnitudes follow
    population: centre cities have a higher share of leefloon recipients than small
    municipalities; registration rises after the 2024 decree; duurzaam werk is unknown for the
    most recent quarters (it is measured six months later), and those quarters are voorlopig.
    Written as one demo import, with the stored figures of its quarters.
    """
    last = last or Quarter.last_complete()
    quarters = FIRST_QUARTER.until(last)
    centre_cities = set(
        BenchmarkGroup.objects.get(code="centrumsteden").members.values_list("pk", flat=True)
    )
    centre_cities.add("71022")  # Hasselt before its 2025 merger with Kortessem
    local_governments = list(LocalGovernment.objects.prefetch_related("merged_from"))
    by_code = {lg.pk: lg for lg in local_governments}
    batch = ImportBatch.objects.create(
        file_name=f"demodata (seed {seed})",
        sha256=hashlib.sha256(f"demo-{seed}".encode()).hexdigest(),
        status=ImportBatch.Status.COMMITTED,
        result_status=ResultStatus.FINAL,
    )
    rows = []
    for lg in local_governments:
        profile = _profile(seed, lg, lg.pk in centre_cities)
        for position, quarter in enumerate(quarters):
            if not lg.exists_on(quarter.first_day):
                continue
            population = _population_on(lg, quarter, by_code)
            if not population:
                continue
            rows.append(
                _result(seed, lg, quarter, position, len(quarters), population, profile, batch)
            )
    QuarterlyResult.objects.bulk_create(rows, batch_size=1000)
    batch.rows_total = batch.rows_new = len(rows)
    batch.save(update_fields=["rows_total", "rows_new"])
    figures.rebuild(quarters=quarters)
    return len(rows)


def _population_on(lg, quarter, by_code):
    # A municipality that absorbed another but kept its code (Antwerpen with Borsbeek) counts
    # the absorbed population only from the merger on.
    population = lg.population or 0
    for merger in lg.merged_from.all():
        if quarter.first_day < merger.date:
            population -= by_code[merger.predecessor_id].population or 0
    return population


def _profile(seed, lg, is_centre_city):
    rng = seeded_random(seed, "profile", lg.pk)
    share = rng.uniform(0.012, 0.022) if is_centre_city else rng.uniform(0.002, 0.008)
    return {
        "share": share,
        "registration": rng.uniform(0.55, 0.78),
        "trajectory": rng.uniform(0.30, 0.60),
        "outflow": rng.uniform(0.04, 0.11) * (0.85 if is_centre_city else 1.0),
        "durable": rng.uniform(0.50, 0.80),
        "trend": rng.uniform(-0.01, 0.03),
    }


def _result(seed, lg, quarter, position, count, population, profile, batch):
    rng = seeded_random(seed, lg.pk, quarter)
    seasonal = 1.0 + 0.04 * (1 if quarter.number in (1, 4) else -1)
    total = round(
        population
        * profile["share"]
        * seasonal
        * (1 + profile["trend"] * position / 4)
        * rng.uniform(0.93, 1.07)
    )
    # Registration became mandatory in 2024: the share registered at VDAB climbs from then on.
    uplift = 0.12 if quarter.year >= 2025 else (0.06 if quarter.year == 2024 else 0.0)
    registered = min(
        total, round(total * min(0.97, profile["registration"] + uplift) * rng.uniform(0.95, 1.05))
    )
    in_trajectory = min(
        registered, round(registered * profile["trajectory"] * rng.uniform(0.9, 1.1))
    )
    outflow = min(registered, round(registered * profile["outflow"] * rng.uniform(0.75, 1.25)))
    recent = count - position <= PROVISIONAL_QUARTERS
    durable = (
        None
        if recent
        else min(outflow, round(outflow * profile["durable"] * rng.uniform(0.85, 1.15)))
    )
    return QuarterlyResult(
        local_government=lg,
        quarter=quarter,
        llg_totaal=total,
        llg_ingeschreven=registered,
        llg_in_traject=in_trajectory,
        llg_uitstroom_werk=outflow,
        llg_duurzaam_werk=durable,
        status=ResultStatus.PROVISIONAL if recent else ResultStatus.FINAL,
        import_batch=batch,
    )
