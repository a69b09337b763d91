from django.db import migrations


def seed(apps, schema_editor):
    from search.synonyms_default import DEFAULT_SYNONYM_GROUPS

    SynonymGroup = apps.get_model("search", "SynonymGroup")
    if SynonymGroup.objects.exists():
        return
    SynonymGroup.objects.bulk_create(
        [SynonymGroup(forms="、".join(group), note="默认词表") for group in DEFAULT_SYNONYM_GROUPS]
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
