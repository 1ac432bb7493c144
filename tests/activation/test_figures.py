"""`manage.py rebuild_figures [--check]`: the stored figures equal a fresh computation."""

import io

import pytest
from django.core.management import CommandError, call_command

from activation import figures
from activation.imports.services import import_file
from activation.models import CurrentResult, GroupFigure, QuarterlyResult
from activation.quarters import Quarter
from tests.activation.files import csv_bytes, row

pytestmark = pytest.mark.django_db


def check():
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_figures", "--check", stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    """The demo's quarterly results (as seed_demo writes them), with their stored figures."""
    from activation.demo import create_demo_results

    create_demo_results(5)


def test_seed_demo_leaves_the_figures_built_and_check_finds_no_difference(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "5", stdout=io.StringIO())
    assert CurrentResult.objects.filter(quarter=Quarter.last_complete()).count() == 285
    assert GroupFigure.objects.exists()
    assert "0 verschillen" in check()


def test_check_fails_on_one_corrupted_group_figure(seeded):
    figure = GroupFigure.objects.filter(group__code="vlaanderen", withheld="").first()
    GroupFigure.objects.filter(pk=figure.pk).update(rate=figure.rate + 0.1)
    with pytest.raises(CommandError, match="^1 verschillen"):
        check()


def test_check_fails_on_a_corrupted_or_missing_result_and_rebuild_repairs_it(seeded):
    last = Quarter.last_complete()
    CurrentResult.objects.filter(local_government="44021", quarter=last).update(llg_totaal=1)
    CurrentResult.objects.filter(local_government="41002", quarter=last).delete()
    err = io.StringIO()
    with pytest.raises(CommandError, match="^2 verschillen"):
        call_command("rebuild_figures", "--check", stdout=io.StringIO(), stderr=err)
    assert "CurrentResult ('41002'" in err.getvalue()
    out = io.StringIO()
    call_command("rebuild_figures", stdout=out)
    assert "Cijfers herberekend" in out.getvalue()
    assert "0 verschillen" in check()


def test_a_change_of_the_results_outside_an_import_is_what_check_finds(seeded):
    QuarterlyResult.objects.filter(local_government="44021").update(llg_totaal=None)
    with pytest.raises(CommandError):
        check()


def test_an_import_rebuilds_the_quarters_it_writes_and_check_stays_clean(seeded):
    last = Quarter.last_complete()
    before = CurrentResult.objects.get(local_government="44021", quarter=last).pk
    untouched = CurrentResult.objects.get(local_government="44021", quarter=last.previous()).pk
    data = csv_bytes([row("44021", "Gent", str(last), 5000, 4000, 2000, 400, None)])
    batch, _ = import_file(data, "correctie.csv", result_status="voorlopig")
    assert batch.status == "verwerkt"
    after = CurrentResult.objects.get(local_government="44021", quarter=last)
    assert (after.pk != before, after.llg_uitstroom_werk, after.uitstroomgraad) == (True, 400, 10.0)
    assert batch.pk in after.sources
    assert CurrentResult.objects.get(local_government="44021", quarter=last.previous()).pk == (
        untouched
    )
    assert "0 verschillen" in check()


def test_reference_data_loaded_again_keeps_the_figures_right(seeded):
    call_command("load_reference_data", stdout=io.StringIO())
    assert "0 verschillen" in check()


def test_rebuild_of_no_quarters_writes_nothing(seeded):
    assert figures.rebuild(quarters=[]) == (0, 0)


def test_a_quarter_whose_counts_are_all_unknown_has_no_status(db):
    from activation.models import ImportBatch

    batch = ImportBatch.objects.create(
        file_name="leeg.csv", sha256="0" * 64, status="verwerkt", result_status="voorlopig"
    )
    # Galmaarden has a row, Gooik and Herne none: Pajottegem's 2024-K4 is unknown.
    QuarterlyResult.objects.create(
        local_government_id="23023", quarter=Quarter(2024, 4), llg_totaal=40, import_batch=batch
    )
    figures.rebuild()
    result = CurrentResult.objects.get(local_government="23106", quarter=Quarter(2024, 4))
    assert result.llg_totaal is None
    assert result.status is None
