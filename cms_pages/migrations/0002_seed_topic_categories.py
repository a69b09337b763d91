"""Seed the two-level 主题分类 taxonomy (disclosure.md §4.3); administrators may edit it later."""
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "topic_categories.json"


def seed(apps, schema_editor):
    TopicCategory = apps.get_model("cms_pages", "TopicCategory")
    for order, (name, children) in enumerate(json.loads(DATA.read_text(encoding="utf-8")), start=1):
        top, _ = TopicCategory.objects.get_or_create(name=name, parent=None, defaults={"sort_order": order})
        for child_order, child in enumerate(children, start=1):
            TopicCategory.objects.get_or_create(name=child, parent=top, defaults={"sort_order": child_order})


def unseed(apps, schema_editor):
    apps.get_model("cms_pages", "TopicCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cms_pages", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
