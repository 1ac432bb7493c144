# The context indicator, leefloongerechtigden per 1.000 inwoners, stored with the figures in
# current borders. The stored figures are rebuilt from the quarterly results, so that every
# existing row gets its value in the same migration.

from django.db import migrations, models


def rebuild_figures(apps, schema_editor):
    # The historical models carry no methods: the values are computed here as
    # activation.indicators.per_thousand does, for the rows that exist.
    CurrentResult = apps.get_model("activation", "CurrentResult")
    LocalGovernment = apps.get_model("activation", "LocalGovernment")
    population = dict(LocalGovernment.objects.values_list("nis_code", "population"))
    changed = []
    for row in CurrentResult.objects.only("pk", "local_government_id", "llg_totaal"):
        people = population.get(row.local_government_id)
        if row.llg_totaal is not None and people:
            row.llg_per_1000 = round(row.llg_totaal / people * 1000, 1)
            changed.append(row)
    CurrentResult.objects.bulk_update(changed, ["llg_per_1000"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("activation", "0007_similar_municipalities"),
    ]

    operations = [
        migrations.AddField(
            model_name="currentresult",
            name="llg_per_1000",
            field=models.FloatField(
                null=True, verbose_name="leefloongerechtigden per 1.000 inwoners"
            ),
        ),
        migrations.RunPython(rebuild_figures, migrations.RunPython.noop),
    ]
