"""Seed the notice kinds (see cms_pages/notices/kinds.py)."""
from django.db import migrations


def seed(apps, schema_editor):
    from cms_pages.notices.kinds import ensure_default_kinds

    ensure_default_kinds(apps.get_model("notices", "NoticeKind"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_notice_pages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
